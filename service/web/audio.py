"""Audio files: served from the cache with byte ranges, ETag and a long cache lifetime.

A URL names a content-addressed file, so its bytes never change and clients may cache it for
a year. A file not yet rendered is rendered on the spot (once, whatever the concurrency).
"""
from __future__ import annotations

from flask import Blueprint, abort, send_file

from service.storage.cache import KEY_RE
from service.web.context import parts

bp = Blueprint("audio", __name__)
ONE_YEAR = 365 * 24 * 3600


@bp.route("/audio/<key>.mp3", methods=["GET", "HEAD"])
def serve(key):
    if not KEY_RE.match(key):
        abort(404, description="no such audio file")
    cache = parts()["cache"]
    if not cache.has(key) and not parts()["jobs"].render_key(key):
        abort(404, description="no such audio file")
    resp = send_file(cache.path(key), mimetype="audio/mpeg", conditional=True, etag=key,
                     max_age=ONE_YEAR)
    resp.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    resp.headers["Accept-Ranges"] = "bytes"
    return resp
