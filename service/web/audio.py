"""Audio files and their timing: MP3 with byte ranges, WebVTT transcripts, chapters JSON.

A URL names a content-addressed file, so its bytes never change and clients may cache it for
a year. A file not yet rendered, evicted, truncated or corrupt is rendered on the spot (once,
whatever the concurrency) before anything is sent. The transcript and chapters are read from the
sidecar the same render wrote, so they always match the MP3 at the same key.

While an MP3 is being sent the key's lock is held shared, so the size cap's eviction never
removes a file mid-response; every read marks the file used. The lock is released when the
opened file is closed, not by `Response.call_on_close`: Werkzeug hands a server the file wrapper
itself for a file response (so gunicorn can use sendfile), and the server closes only that.
"""
from __future__ import annotations

import io
import json
import os

from flask import Blueprint, abort, current_app, make_response, request
from werkzeug.wsgi import wrap_file

from service.speech.chapters import CHAPTERS_MIME
from service.speech.engine import EngineUnavailable
from service.storage.cache import KEY_RE
from service.web.context import parts

bp = Blueprint("audio", __name__)
ONE_YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"


def _hold(key: str) -> int:
    """A whole file for `key`, rendered first if needed, held shared; returns the lock's fd."""
    if not KEY_RE.match(key):
        abort(404, description="no such audio file")
    cache, jobs = parts()["cache"], parts()["jobs"]
    for _ in range(3):  # a render, then eviction, could race us; three tries is plenty
        fd = cache.acquire(key, shared=True)  # waits while a render holds the key
        if cache.has(key):
            cache.touch(key)
            return fd
        cache.release(fd)
        if not jobs.render_key(key):
            abort(404, description="no such audio file")
    raise EngineUnavailable("the audio file could not be kept long enough to send it")


def _meta(key: str) -> dict:
    cache = parts()["cache"]
    fd = _hold(key)
    try:
        return cache.meta(key)
    finally:
        cache.release(fd)


class _HeldFile(io.FileIO):
    """An MP3 opened under its key's shared lock; closing it (the server does after the last
    byte, garbage collection otherwise) releases the lock, once."""

    def __init__(self, path: str, release):
        self._release = release  # first: close() runs even if opening fails
        super().__init__(path, "rb")

    def close(self) -> None:
        try:
            super().close()
        finally:
            release, self._release = self._release, None
            if release is not None:
                release()


@bp.route("/audio/<key>.mp3", methods=["GET", "HEAD"])
def serve(key):
    cache = parts()["cache"]
    fd = _hold(key)
    f = _HeldFile(cache.path(key), lambda: cache.release(fd))
    st = os.fstat(f.fileno())
    resp = current_app.response_class(wrap_file(request.environ, f), mimetype="audio/mpeg",
                                      direct_passthrough=True)
    resp.content_length, resp.last_modified = st.st_size, st.st_mtime
    resp.set_etag(key)
    resp.headers["Cache-Control"] = IMMUTABLE
    try:
        return resp.make_conditional(request.environ, accept_ranges=True, complete_length=st.st_size)
    except BaseException:  # 416: nothing will be sent
        resp.close()
        raise


def _document(body: str, mimetype: str, etag: str):
    resp = make_response(body)
    resp.mimetype = mimetype
    resp.set_etag(etag)
    resp.headers["Cache-Control"] = IMMUTABLE
    return resp.make_conditional(request)


@bp.route("/audio/<key>.vtt", methods=["GET", "HEAD"])
def transcript(key):
    """WebVTT, a cue per sentence, on the MP3's timeline."""
    resp = _document(_meta(key)["vtt"], "text/vtt", f"{key}-vtt")
    resp.headers["Content-Type"] = "text/vtt; charset=utf-8"
    return resp


@bp.route("/audio/<key>.chapters.json", methods=["GET", "HEAD"])
def chapters(key):
    """Podcasting 2.0 chapters of a whole-article file (sections have none: 404)."""
    meta = _meta(key)
    if "chapters" not in meta:
        abort(404, description="this audio file has no chapters (only whole articles do)")
    body = json.dumps(meta["chapters"], ensure_ascii=False, indent=1)
    return _document(body, CHAPTERS_MIME, f"{key}-chapters")
