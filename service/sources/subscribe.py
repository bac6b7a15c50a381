"""Subscribing: a feed URL or an OPML file's list, checked whole before any is stored (one bad
entry refuses the lot, with its reason), so a refused request changes nothing."""
from __future__ import annotations

from service.articles.fetch import RefusedURL, check_form
from service.ingest import InputError
from service.sources.parse import SourceError, parse_opml
from service.storage.sources import SourceStore

MAX_URL = 2000
MAX_OPML_FEEDS = 500


def feed_url(value, field: str = "url") -> str:
    """A feed URL worth storing; raises InputError (422) saying what is wrong."""
    if not isinstance(value, str) or not value.strip():
        raise InputError("give the feed's address (an http or https URL)", field)
    url = value.strip()
    if len(url) > MAX_URL:
        raise InputError(f"the feed's address is longer than {MAX_URL} characters", field)
    try:
        check_form(url)
    except RefusedURL as exc:
        raise InputError(f"{url!r} cannot be followed: {exc}", field) from None
    return url


def opml_feeds(data: bytes, field: str = "opml") -> list[tuple[str, str]]:
    """The (URL, title) pairs of an OPML file, each URL checked; raises InputError."""
    try:
        feeds = parse_opml(data)
    except SourceError as exc:
        raise InputError(str(exc), field) from None
    if len(feeds) > MAX_OPML_FEEDS:
        raise InputError(f"the OPML file lists {len(feeds)} feeds; at most {MAX_OPML_FEEDS} at a time", field)
    return [(feed_url(url, field), title) for url, title in feeds]


def subscribe(db, feeds: list[tuple[str, str | None]]) -> list[tuple[dict, bool]]:
    """Store each feed (a known one is left as it is); returns (source, created) pairs."""
    store = SourceStore(db)
    return [store.add(url, title) for url, title in feeds]
