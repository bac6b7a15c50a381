"""Audio files and their timing: MP3 with byte ranges, WebVTT transcripts, chapters JSON.

A URL names a content-addressed file, so its bytes never change and clients may cache it for
a year. A file not yet rendered, evicted, truncated or corrupt is rendered on the spot (once,
whatever the concurrency) before anything is sent. The transcript and chapters are read from the
sidecar the same render wrote, so they always match the MP3 at the same key.

While an MP3 is being sent the key's lock is held shared, so the size cap's eviction never
removes a file mid-response; every read marks the file used. The lock is released when the
opened file is closed, not by `Response.call_on_close`: Werkzeug hands a server the file wrapper
itself for a file response (so gunicorn can use sendfile), and the server closes only that.

With the S3 store (service/storage/s3.py) the app streams the object itself, with the same
headers, ranges, HEAD and 304, rather than redirecting to the bucket: the enclosure URL then
stays the app's own (its bytes never change, whatever the bucket), HEAD works at it (a presigned
URL is signed for GET only, and podcast apps send HEAD), the ETag stays the key, and the bucket
may stay private. A range is fetched from S3 as that range, not the whole object.

With NEWSREADER_ACCEL_REDIRECT (behind nginx) an MP3 is answered with its headers and
`X-Accel-Redirect: <prefix><key>.mp3`, no body, and nginx sends the file (and its ranges) from
an internal location aliasing the cache folder. The lock cannot span nginx's send, so it is
released when the app answers: nginx reads the file after that, and eviction could remove it in
between. Once nginx has it open, removal is harmless (the inode lives until closed; files are
only ever replaced by rename, never rewritten). The gap is short and the file was just marked
the most recently used, the last eviction takes; nginx sends a 404 there back to the app once
(README.md's config), which renders the file again.
"""
from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, make_response, request
from werkzeug.exceptions import RequestedRangeNotSatisfiable
from werkzeug.wsgi import wrap_file

from service import metrics
from service.speech.chapters import CHAPTERS_MIME
from service.speech.engine import EngineUnavailable
from service.storage.cache import KEY_RE
from service.web import ranges
from service.web.context import parts

bp = Blueprint("audio", __name__)
ONE_YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
CHUNK = 1 << 16


def _hold(key: str) -> int:
    """A whole file for `key`, rendered first if needed, held shared; returns the lock's fd."""
    if not KEY_RE.match(key):
        abort(404, description="no such audio file")
    cache, jobs = parts()["cache"], parts()["jobs"]
    rendered = False
    for _ in range(3):  # a render, then eviction, could race us; three tries is plenty
        fd = cache.acquire(key, shared=True)  # waits while a render holds the key
        if cache.has(key):
            cache.touch(key)
            metrics.audio_served(rendered_first=rendered)
            return fd
        cache.release(fd)
        if not jobs.render_key(key):
            abort(404, description="no such audio file")
        rendered = True
    raise EngineUnavailable("the audio file could not be kept long enough to send it")


def _meta(key: str) -> dict:
    cache = parts()["cache"]
    fd = _hold(key)
    try:
        return cache.meta(key)
    finally:
        cache.release(fd)


def _mp3_response(body, key: str, mtime: float, **options):
    """An MP3's response with the headers both ways of sending it share: the key is its ETag,
    and its bytes never change, so it may be cached for a year."""
    resp = current_app.response_class(body, mimetype="audio/mpeg", **options)
    resp.last_modified = mtime
    resp.set_etag(key)
    resp.headers["Cache-Control"] = IMMUTABLE
    return resp


def _redirect(key: str, prefix: str):
    """The answer behind nginx: headers and `X-Accel-Redirect`, no body; nginx sends the file.
    No Accept-Ranges: nginx serves the ranges and says so itself (twice would be wrong)."""
    cache = parts()["cache"]
    fd = _hold(key)
    try:
        _, mtime = cache.stat(key)
    finally:
        cache.release(fd)
    resp = _mp3_response(None, key, mtime)
    resp = resp.make_conditional(request.environ)  # 304 here; ranges are nginx's
    if resp.status_code == 200:
        resp.headers["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{key}.mp3"
    return resp


@bp.route("/audio/<key>.mp3", methods=["GET", "HEAD"])
def serve(key):
    if current_app.config.get("ACCEL_REDIRECT"):
        return _redirect(key, current_app.config["ACCEL_REDIRECT"])
    cache = parts()["cache"]
    fd = _hold(key)
    f = cache.open(key, on_close=lambda: cache.release(fd))  # released on close, or if it fails
    try:
        several = _several_ranges(f.size, key)
    except BaseException:
        f.close()
        raise
    if several is not None:
        with f:
            return _multipart(f, several, key)
    # 64 KiB a read: a file's whole answer goes by sendfile anyway; S3's and ranges go in chunks
    resp = _mp3_response(wrap_file(request.environ, f, CHUNK), key, f.mtime, direct_passthrough=True)
    resp.content_length = f.size
    try:
        resp = resp.make_conditional(request.environ, accept_ranges=True, complete_length=f.size)
    except BaseException:  # 416: nothing will be sent
        resp.close()
        raise
    if resp.status_code == 206 and hasattr(f, "limit"):  # fetch only the range from the store
        f.limit(resp.content_range.stop)
    return resp


def _several_ranges(size: int, key: str) -> list[tuple[int, int]] | None:
    """The merged spans of a `Range` asking for several, when they are to be answered as such.
    Not for HEAD, nor when a validator may make it a 304 or If-Range names another version:
    the Range is dropped and Werkzeug answers 304 or the whole file. One span left after
    merging goes on as a plain single range; none satisfiable is a 416."""
    found = ranges.spans(request.headers.get("Range"), size)
    if found is None:
        return None
    if_range = request.if_range
    if (request.method != "GET" or "If-None-Match" in request.headers
            or "If-Modified-Since" in request.headers
            or (if_range.etag is not None or if_range.date is not None) and if_range.etag != key):
        del request.environ["HTTP_RANGE"]
        return None
    if not found:
        raise RequestedRangeNotSatisfiable(length=size)
    if len(found) == 1:
        request.environ["HTTP_RANGE"] = ranges.single_range_header(found[0])
        return None
    return found


def _multipart(f, spans: list[tuple[int, int]], key: str):
    body, boundary = ranges.multipart_body(f, spans, f.size, "audio/mpeg")
    resp = _mp3_response(body, key, f.mtime, status=206)
    resp.headers["Content-Type"] = f"multipart/byteranges; boundary={boundary}"
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
