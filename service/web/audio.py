"""Audio files and their timing: MP3 with byte ranges, WebVTT transcripts, chapters JSON.

A URL names a content-addressed file, so its bytes never change and clients may cache it for
a year. A file not yet rendered, evicted, truncated or corrupt is rendered on the spot (once,
whatever the concurrency) before anything is sent. The transcript and chapters are read from the
sidecar the same render wrote, so they always match the MP3 at the same key.

While an MP3 is being sent the key's lock is held shared (released when the response closes),
so the size cap's eviction never removes a file mid-response; every read marks the file used.
"""
from __future__ import annotations

import json

from flask import Blueprint, abort, make_response, request, send_file

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


@bp.route("/audio/<key>.mp3", methods=["GET", "HEAD"])
def serve(key):
    cache = parts()["cache"]
    fd = _hold(key)
    try:
        resp = send_file(cache.path(key), mimetype="audio/mpeg", conditional=True, etag=key,
                         max_age=ONE_YEAR)
    except BaseException:
        cache.release(fd)
        raise
    resp.call_on_close(lambda: cache.release(fd))
    resp.headers["Cache-Control"] = IMMUTABLE
    resp.headers["Accept-Ranges"] = "bytes"
    return resp


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
