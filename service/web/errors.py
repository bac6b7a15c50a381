"""Every failure becomes a clear message with the right status: JSON for programs, a page for people."""
from __future__ import annotations

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from service.articles.fetch import FetchError, RefusedURL
from service.i18n import catalogue
from service.ingest import InputError
from service.models import ExtractionError
from service.render_queue import AudioPending
from service.speech.engine import EngineUnavailable
from service.storage.engines import DatabaseUnavailable
from service.storage.audio_store import StoreUnavailable
from service.storage.space import StorageFull

# (exception, HTTP status, error code for programs)
MAPPING = [
    (InputError, 422, "invalid_input"),
    (ExtractionError, 422, "no_article"),
    (RefusedURL, 422, "url_refused"),
    (FetchError, 502, "fetch_failed"),
    (EngineUnavailable, 503, "speech_unavailable"),
    (StorageFull, 507, "storage_full"),  # the disk under the audio store or the database
    (DatabaseUnavailable, 503, "database_unavailable"),  # PostgreSQL down or unreachable
    (StoreUnavailable, 503, "audio_store_unavailable"),  # S3 unreachable or refusing
]


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/audio/", "/healthz")) or request.is_json


def respond(status: int, code: str, message: str, field: str | None = None, headers: dict | None = None):
    if wants_json():
        body = {"error": {"code": code, "message": message}}
        if field:
            body["error"]["field"] = field
        resp = jsonify(body)
    else:
        resp = render_template("error.html", status=status, message=message, t=catalogue(None))
    headers = dict(headers or {})
    if status == 503:
        headers.setdefault("Retry-After", "30")
    return resp, status, headers


def register(app) -> None:
    for exc_type, status, code in MAPPING:
        def handler(exc, status=status, code=code):
            return respond(status, code, str(exc), getattr(exc, "field", None))
        app.register_error_handler(exc_type, handler)

    @app.errorhandler(AudioPending)
    def audio_pending(exc):  # a worker is on it: come back soon, not in the general 30 s
        return respond(503, "audio_pending", str(exc), headers={"Retry-After": str(exc.retry_after)})

    @app.errorhandler(HTTPException)
    def http_error(exc):
        code = (exc.name or "error").lower().replace(" ", "_")
        message = exc.description or exc.name
        if exc.code == 413:
            message = f"the request body is larger than {app.config['MAX_CONTENT_LENGTH']} bytes"
        # Keep the exception's own headers (Content-Range on 416, Allow on 405), not its body type.
        keep = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        return respond(exc.code or 500, code, message, headers=keep)
