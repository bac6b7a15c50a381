"""Rendering an article's audio: in the background after it is added, or on demand.

Each web worker process has one background thread (made lazily, so after gunicorn forks) that
renders newly added articles, sections first so the first listener rarely waits. A request for
a file that is not ready renders it on the spot; the cache's per-key lock makes both paths, in
any process, synthesize a file once.

Tracks still `pending` when the service starts (it stopped mid-render, or before rendering) are
resumed at start-up. Every gunicorn worker starts the same resume, so the background thread
never waits for a key's lock: a key another process is rendering is skipped (that process sets
its state), and one found rendered when the lock is got is not rendered again.

An article deleted while its audio is rendered: no further track is started, and a file that
was being written is removed once done unless another article uses it (service/deletion.py).

A track that cannot be rendered (the engine died or timed out, the audio disk is full) is marked
`failed` with the reason; a listener's request for it tries again. A worker that stops (gunicorn's
worker_exit calls `stop_background`) finishes the track in hand and starts no other: the queue
would otherwise be worked through before the process may exit, holding up a restart for as long
as the queue takes. Whatever is left stays `pending` and is resumed at the next start.
"""
from __future__ import annotations

import contextlib
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from service import metrics
from service.deletion import forget_unused
from service.ingest import article_from_record
from service.pronunciations import entries
from service.speech.engine import EngineUnavailable, get_pool
from service.speech.tracks import Renderer, Track, plan_tracks
from service.storage.audio_store import StoreUnavailable
from service.storage.space import StorageFull

log = logging.getLogger(__name__)
ARTIST = "newsreader"
_stopping = threading.Event()  # this process is exiting: background renders start no new track


def stop_background() -> None:
    """Let this process's background renders end after the track in hand."""
    _stopping.set()


class AudioJobs:
    def __init__(self, db, cache):
        self.db, self.cache = db, cache
        self._executor: ThreadPoolExecutor | None = None
        self._pid = None
        self._lock = threading.Lock()

    def _tracks(self, article_id: str) -> tuple[dict | None, list[Track]]:
        """The article's tracks, under the keys stored when it was added; (None, []) once deleted."""
        record = self.db.get_article(article_id)
        stored = self.db.tracks(article_id)
        if record is None or not stored:
            return None, []
        tracks = plan_tracks(article_from_record(record), record["voice"], record["rate"], entries(self.db))
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
        except (EngineUnavailable, StorageFull, StoreUnavailable) as exc:  # the last: S3 out of reach
            with contextlib.suppress(StorageFull):  # a full database cannot record it either
                self.db.set_track_state(track.key, "failed", error=str(exc))
            raise
        if duration is not None:
            try:
                self.db.set_track_state(track.key, "ready", duration_s=round(duration, 3))
            except StorageFull:  # the file is whole and may be served; the next start records it
                log.warning("audio %s rendered, but the database is full: still pending", track.key)
            if self.db.track_owner(track.key) is None:  # its article was deleted meanwhile
                forget_unused(self.db, self.cache, [track.key])
        return duration

    def render_article(self, article_id: str, wait: bool = True) -> None:
        record, tracks = self._tracks(article_id)
        if record is None:
            return
        renderer = self._renderer(record)
        renderer.follow(tracks)  # the next track's speech is synthesized while one is encoded
        for track in tracks:  # sections in order, then the whole article
            if _stopping.is_set():  # left pending for the next start
                return
            if not self.db.tracks(article_id):  # deleted meanwhile: render nothing more
                return
            self._render(renderer, track, wait)

    def render_key(self, key: str) -> bool:
        """Render the file for a cache key if an article owns it; False if none does."""
        owner = self.db.track_owner(key)
        if owner is None:
            return False
        record, tracks = self._tracks(owner["article_id"])
        track = next((t for t in tracks if t.index == owner["idx"]), None)
        if track is None:  # deleted since
            return False
        self._render(self._renderer(record), track)
        return True

    def submit(self, article_id: str) -> None:
        """Queue an article's audio in this process's background thread."""
        with self._lock:
            if self._executor is None or self._pid != os.getpid():
                self._executor, self._pid = ThreadPoolExecutor(1, "render"), os.getpid()
        metrics.render_queued()
        self._executor.submit(self._background, article_id)

    def prestart_engine(self) -> None:
        """Start this process's first synthesis worker in the background (it takes ~0.25 s of
        Python and eSpeak NG start-up), so the first article's first section does not wait for it.
        Called when the app is created, i.e. in each gunicorn worker after the fork."""
        get_pool().prestart()

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
        finally:
            metrics.render_finished()
