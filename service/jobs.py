"""Rendering an article's audio: in the background after it is added, or on demand.

Each web worker process has one background thread (made lazily, so after gunicorn forks) that
renders newly added articles, sections first so the first listener rarely waits. A request for
a file that is not ready renders it on the spot; the cache's per-key lock makes both paths, in
any process, synthesize a file once.

Tracks still `pending` when the service starts (it stopped mid-render, or before rendering) are
resumed at start-up. Every gunicorn worker starts the same resume, so the background thread
never waits for a key's lock: a key another process is rendering is skipped (that process sets
its state), and one found rendered when the lock is got is not rendered again.
"""
from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from service.ingest import article_from_record
from service.speech.engine import EngineUnavailable, get_pool
from service.speech.tracks import Renderer, Track, plan_tracks

log = logging.getLogger(__name__)
ARTIST = "newsreader"


class AudioJobs:
    def __init__(self, db, cache):
        self.db, self.cache = db, cache
        self._executor: ThreadPoolExecutor | None = None
        self._pid = None
        self._lock = threading.Lock()

    def _tracks(self, article_id: str) -> tuple[dict, list[Track]]:
        """The article's tracks, under the keys stored when it was added."""
        record = self.db.get_article(article_id)
        stored = self.db.tracks(article_id)
        tracks = plan_tracks(article_from_record(record), record["voice"], record["rate"])
        for t in tracks:
            t.key = stored[t.index]["key"]
        return record, tracks

    def _renderer(self, record: dict) -> Renderer:
        return Renderer(get_pool(), self.cache, record["voice"], record["rate"],
                        record.get("byline") or ARTIST, ARTIST)

    def _render(self, renderer: Renderer, track: Track, wait: bool = True) -> float | None:
        """Render one track and record its state; None if busy elsewhere and not waiting."""
        try:
            duration = renderer.render(track, wait=wait)
        except EngineUnavailable as exc:
            self.db.set_track_state(track.key, "failed", error=str(exc))
            raise
        if duration is not None:
            self.db.set_track_state(track.key, "ready", duration_s=round(duration, 3))
        return duration

    def render_article(self, article_id: str, wait: bool = True) -> None:
        record, tracks = self._tracks(article_id)
        renderer = self._renderer(record)
        for track in tracks:  # sections in order, then the whole article
            self._render(renderer, track, wait)

    def render_key(self, key: str) -> bool:
        """Render the file for a cache key if an article owns it; False if none does."""
        owner = self.db.track_owner(key)
        if owner is None:
            return False
        record, tracks = self._tracks(owner["article_id"])
        track = next(t for t in tracks if t.index == owner["idx"])
        self._render(self._renderer(record), track)
        return True

    def submit(self, article_id: str) -> None:
        """Queue an article's audio in this process's background thread."""
        with self._lock:
            if self._executor is None or self._pid != os.getpid():
                self._executor, self._pid = ThreadPoolExecutor(1, "render"), os.getpid()
        self._executor.submit(self._background, article_id)

    def resume(self) -> list[str]:
        """Queue every article with a track still pending (at start-up); returns their ids."""
        ids = self.db.pending_article_ids()
        for article_id in ids:
            self.submit(article_id)
        return ids

    def _background(self, article_id: str) -> None:
        try:
            self.render_article(article_id, wait=False)
        except Exception:  # logged, and the track states say failed; a listener can retry
            log.exception("background render of %s failed", article_id)
