"""One poll of the followed sources that are due: fetch each feed politely, add its new stories
through the ordinary ingest path, and remember what happened.

Polite: the fetch is the SSRF-safe one (service/articles/fetch.py: its size and time limits),
conditional on the feed's last ETag and Last-Modified, and requests to one host are spaced by
SOURCES_HOST_INTERVAL_S (feed and article pages alike). A feed that cannot be fetched or read
records why and is retried after SOURCES_RETRY_S, doubling with each failure in a row up to
SOURCES_RETRY_MAX_S. An item's guid (or link) is recorded once its article is stored, so a
story seen again is not added again; an item whose page could not be read is tried next poll.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from service.articles.fetch import FEED_TYPES, FetchError, fetch
from service.ingest import InputError, Submission, ingest
from service.models import ExtractionError
from service.sources.parse import SourceError, parse_feed
from service.storage.sources import SourceStore, source_tag


@dataclass
class PollResult:
    source_id: str
    status: str  # "new", "unchanged" (304) or "failed"
    added: list[str] = field(default_factory=list)  # ids of the articles created
    error: str | None = None


def backoff_s(failures: int, base_s: float, max_s: float) -> float:
    """The wait after the `failures`-th failure in a row: base, 2 x base, 4 x base ... up to max."""
    return min(max_s, base_s * 2 ** max(0, failures - 1))


class Poller:
    def __init__(self, db, config: dict, voices: set[str] | None = None, on_added=None):
        self.db, self.config, self.voices = db, config, voices
        self.store = SourceStore(db)
        self.on_added = on_added or (lambda article_id: None)  # e.g. queue its audio
        self._last_request: dict[str, float] = {}  # host -> monotonic time of its last request

    def _fetch(self, url: str, **kwargs):
        self._space(urlsplit(url).hostname or "")
        c = self.config
        return fetch(url, timeout_s=c["FETCH_TIMEOUT_S"], max_bytes=c["FETCH_MAX_BYTES"],
                     allow_private=c["FETCH_ALLOW_PRIVATE"], **kwargs)

    def _space(self, host: str) -> None:
        """Wait until this host's minimum interval has passed since our last request to it."""
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self.config["SOURCES_HOST_INTERVAL_S"] - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        self._last_request[host] = time.monotonic()

    def poll_due(self) -> list[PollResult]:
        return [self.poll(source) for source in self.store.due(time.time())]

    def poll(self, source: dict) -> PollResult:
        conditional = {name: value for name, value in (("If-None-Match", source["etag"]),
                                                       ("If-Modified-Since", source["last_modified"])) if value}
        try:
            page = self._fetch(source["url"], accept=FEED_TYPES, conditional=conditional)
            feed = None if page.status == 304 else parse_feed(page.body, page.url)
        except (FetchError, SourceError) as exc:
            failures = source["failures"] + 1
            wait = backoff_s(failures, self.config["SOURCES_RETRY_S"], self.config["SOURCES_RETRY_MAX_S"])
            self.store.failed(source["id"], str(exc), time.time() + wait)
            return PollResult(source["id"], "failed", error=str(exc))
        added, errors = ([], []) if feed is None else self._take_new(source, feed.items)
        # an item left for later must make the next poll read the feed again, not get a 304
        etag = None if errors else page.etag or (source["etag"] if feed is None else None)
        modified = None if errors else page.last_modified or (source["last_modified"] if feed is None else None)
        self.store.polled(source["id"], title=feed.title if feed else None, etag=etag, last_modified=modified,
                          next_try=time.time() + self.config["SOURCES_POLL_INTERVAL_S"],
                          error="; ".join(errors) or None)
        return PollResult(source["id"], "unchanged" if feed is None else "new", added,
                          "; ".join(errors) or None)

    def _take_new(self, source: dict, items) -> tuple[list[str], list[str]]:
        """Ingest the items not taken before, oldest first (so the newest is added last)."""
        seen = self.store.seen(source["id"], [i.key for i in items])
        added, errors = [], []
        for item in reversed(items):
            if item.key in seen:
                continue
            seen.add(item.key)  # a feed listing one guid twice
            sub = Submission("url", item.link, None, None, (source_tag(source["id"]),))
            try:
                self._space(urlsplit(item.link).hostname or "")
                article_id, created = ingest(sub, self.db, self.config, self.voices)
            except (InputError, ExtractionError, FetchError) as exc:
                errors.append(f"{item.link}: {exc}")
                continue
            self.store.record_item(source["id"], item.key, article_id)
            if created:
                added.append(article_id)
                self.on_added(article_id)
        return added, errors
