"""A feed's identity, decided once and stored: its podcast:guid.

podcast:guid hashes the feed's URL, and without a configured public URL that URL follows each
request's Host header: a client using another host name, or a proxy, would see a different
guid, and so a different podcast. So a feed's guid is NEWSREADER_FEED_GUID (the whole feed) or
the Podcasting 2.0 UUIDv5 of the feed's URL the first time it was served, stored per feed path,
tag feeds included: it never changes afterwards, whatever the host, proxy or a later public URL.

The feed's other absolute URLs (atom:link self, enclosures, artwork) are not pinned from a
request: a Host header is the client's to choose, and storing the first one seen would let a
single forged request point every podcast app at another server for good. They are the
configured NEWSREADER_PUBLIC_URL (proxy.PublicURL makes every request look as if it came
there), else the address the client itself used, which it can reach.
"""
from __future__ import annotations

from service.feed.build import podcast_guid


def feed_guid(db, path: str, feed_url: str, configured: str | None = None) -> str:
    """The feed at `path` (e.g. /feed.xml): the configured guid, else the one stored for it."""
    if configured:
        return configured
    name = f"feed_guid:{path}"
    # read first: a feed is polled often, and only its first serve needs a write
    return db.setting(name) or db.setting_once(name, podcast_guid(feed_url))
