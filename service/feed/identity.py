"""A feed's identity, decided once and stored: its podcast:guid and the base of its absolute URLs.

Without a configured public URL, a feed's URLs would follow each request's Host header: a client
using another host name, or a proxy, would see a different `atom:link rel="self"`, different
enclosure URLs, and (as podcast:guid hashes the feed URL) a different feed. So:

- The base URL is NEWSREADER_PUBLIC_URL when set (proxy.PublicURL already makes every request
  look as if it came there); otherwise the first base a feed was asked for under a host name
  that is not loopback ("the first public URL seen"), stored for every worker and later run.
  Loopback requests (the machine itself, tests) use their own base until one is seen.
- A feed's guid is NEWSREADER_FEED_GUID (the whole feed) or the Podcasting 2.0 UUIDv5 of the
  feed's URL the first time it was served, stored per feed path, tag feeds included: it never
  changes afterwards, whatever the host, the proxy or a later public URL.
"""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from service.feed.build import podcast_guid

BASE = "feed_base_url"


def _is_loopback(host_url: str) -> bool:
    host = urlsplit(host_url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def feed_base(db, request_base: str, configured: bool) -> str:
    """The base (scheme, host, prefix; no trailing slash) for a feed's absolute URLs."""
    request_base = request_base.rstrip("/")
    if configured:
        return request_base
    stored = db.setting(BASE)
    if stored is None and not _is_loopback(request_base):
        stored = db.setting_once(BASE, request_base)
    return stored or request_base


def feed_guid(db, path: str, feed_url: str, configured: str | None = None) -> str:
    """The feed at `path` (e.g. /feed.xml): the configured guid, else the one stored for it."""
    if configured:
        return configured
    return db.setting_once(f"feed_guid:{path}", podcast_guid(feed_url))
