"""Who may write: an access token for adding and deleting articles, a CSRF token on the form,
and a per-client limit on writes. Reading stays public and unlimited.

The writes are the views in API_WRITES (adding and deleting articles and followed sources;
queueing, reordering and removing; marking listened; changing the pronunciation dictionary) and
the forms (FORM_WRITES, the queue's forms, and the bookmarklet's post). Each is
wrapped here, once, rather than decorated where it is defined, so the rules live in one place:
the rate limit is counted first (so refused attempts count too: guessing a token costs the same
as writing), then the request's credentials are checked, then the view runs.

- NEWSREADER_API_TOKEN set: the API wants `Authorization: Bearer <token>`. Following RFC 6750
  §3.1, no credentials is 401 with a bare `WWW-Authenticate: Bearer` challenge and a wrong
  token is 401 with `error="invalid_token"` (403 is for a valid token lacking scope; there is
  one token and no scopes). The form asks for the same token in a password field (pages.py
  checks it, to tie its error to the field); a missing or wrong one there is 403, since a
  page's field is no HTTP authentication scheme a 401 could challenge for. The queue's small
  forms have no token field: they need a session unlocked with the token once (403 without).
  Tokens are compared as SHA-256 digests with hmac.compare_digest: constant time, whatever
  their lengths.
- The form carries a CSRF token whether or not an access token is set (csrf.py). The JSON API
  needs none: it reads only `application/json` bodies, which no cross-site form can send, and a
  cross-site script's JSON post or DELETE needs a CORS preflight this service never allows.
- flask-limiter counts writes per client address (the real client's behind a trusted proxy:
  NEWSREADER_PROXY_FIX) in one budget shared by the write views; over it, 429 with
  Retry-After. Counts live in NEWSREADER_RATELIMIT_STORAGE: memory:// is per worker process,
  redis://host:port/ is shared by all of them (while Redis is unreachable, each worker counts
  in memory).
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import math
import time

from flask import abort, current_app, request, session
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits import parse_many

from service.ingest import InputError
from service.web import csrf, errors

REALM = 'Bearer realm="newsreader"'
API_WRITES = ("api.create_article", "api.delete_article", "listening_api.add_to_queue",
              "listening_api.move_in_queue", "listening_api.remove_from_queue", "listening_api.mark_listened",
              "sources.create_source", "sources.delete_source", "pronunciations_api.create_entry",
              "pronunciations_api.update_entry", "pronunciations_api.delete_entry", "pronunciations_api.import_entries")
FORM_WRITES = ("pages.submit", "sources.submit", "sources.remove", "send.bookmarklet_for_token",
               "pronunciations_pages.add", "pronunciations_pages.edit", "pronunciations_pages.delete",
               "pronunciations_pages.import_file_form")
# the queue's forms; with an access token set they also need a session unlocked (QUEUE_UNLOCK) with it
QUEUE_FORMS = ("listening.add", "listening.move", "listening.remove", "listening.listened")
QUEUE_UNLOCK = "listening.unlock"
WRITER = "writer"  # session key: this visitor gave the access token (session_may_write)
SEND_WRITE = "send.receive"  # the bookmarklet's post from another site's page


class FormTokenError(InputError):
    """The form's access token is missing or wrong (403, tied to the token field)."""

    status = 403


def secret_matches(given: str, expected: str) -> bool:
    """Constant time, whatever the two lengths: their SHA-256 digests compared."""
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(), hashlib.sha256(expected.encode()).digest())


def _token_matches(given: str) -> bool:
    return secret_matches(given, current_app.config["API_TOKEN"])


def _bearer_refusal():
    """None if the request may write through the API, else the 401 to send."""
    if not current_app.config.get("API_TOKEN"):
        return None
    auth = request.authorization
    if auth is None or auth.type != "bearer" or not auth.token:
        return errors.respond(401, "token_required",
                              "this server needs an access token: send Authorization: Bearer <token>",
                              headers={"WWW-Authenticate": REALM})
    if not _token_matches(auth.token):
        return errors.respond(401, "invalid_token", "the access token is not valid",
                              headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'})
    return None


def check_form_token(form) -> None:
    """Raise FormTokenError unless the form brings the access token (when one is configured)."""
    if not current_app.config.get("API_TOKEN"):
        return
    given = form.get("token", "")
    if not given:
        raise FormTokenError("Enter the access token: this server adds articles only for people who have it.",
                             "token")
    if not _token_matches(given):
        raise FormTokenError("That access token is not right. Check it and try again.", "token")


def _writer_mark() -> str:
    """What a session holds once its visitor gave the access token: a digest of the token, so
    a changed token locks every earlier session out again."""
    return hashlib.sha256(b"newsreader-writer:" + current_app.config["API_TOKEN"].encode()).hexdigest()[:32]


def unlock_session(form) -> None:
    """Let this visitor's session use the queue's forms (FormTokenError if the token is wrong)."""
    check_form_token(form)
    if current_app.config.get("API_TOKEN"):
        session[WRITER] = _writer_mark()


def session_may_write() -> bool:
    """Whether this visitor's forms may change the queue: always without an access token, else
    once the session was unlocked with it (so the queue's many small forms need no token field)."""
    if not current_app.config.get("API_TOKEN"):
        return True
    return hmac.compare_digest(session.get(WRITER, ""), _writer_mark())


def _queue_form_refusal():
    """The CSRF check, then (an access token set) the session's unlock: 403 without it."""
    csrf.verify()
    if not session_may_write():
        abort(403, description="Unlock the queue with the access token first (on the queue page).")


def send_key() -> str:
    """The key a bookmarklet carries: it stands for the access token (or, with none set, for
    this server) without revealing it. Another site's page posts the bookmarklet's form, so
    neither the session cookie (SameSite=Lax) nor a CSRF token comes with it; this key does,
    and a site that only makes a visitor's browser post cannot know it. Changing the access
    token or NEWSREADER_SECRET_KEY retires every bookmarklet made before."""
    secret = current_app.secret_key.encode() if isinstance(current_app.secret_key, str) else current_app.secret_key
    message = b"newsreader-send\0" + (current_app.config.get("API_TOKEN") or "").encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def _send_key_refusal():
    given = request.form.get("key", "")
    if not secret_matches(given, send_key()):
        return errors.respond(403, "invalid_key", "This bookmarklet is not (or no longer) valid for this server:"
                              " make a new one on its Sources page.")
    return None


def _guarded(view, check):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        refusal = check()
        return refusal if refusal is not None else view(*args, **kwargs)
    return wrapper


def _retry_after(limiter: Limiter) -> int:
    current = limiter.current_limit  # the breached limit; window: (reset time, remaining)
    return max(1, math.ceil(current.window[0] - time.time())) if current else 60


def _write_limit(app):
    """The shared limit decorator for writes, or None when NEWSREADER_WRITE_LIMIT is "off"."""
    limit = (app.config.get("WRITE_LIMIT") or "off").strip()
    if limit.lower() == "off":
        return None
    try:  # a typo fails at start-up, not on the first write
        parse_many(limit)
    except ValueError as exc:
        raise ValueError(f"NEWSREADER_WRITE_LIMIT {limit!r} is not a limit like '30 per minute': {exc}") from None
    # Storage from RATELIMIT_STORAGE_URI. Redis unreachable: count in this worker's memory
    # meanwhile (flask-limiter retries Redis with backoff) rather than fail every write.
    limiter = Limiter(get_remote_address, app=app, in_memory_fallback_enabled=True)

    @limiter.request_filter
    def _not_a_write() -> bool:  # reads skip the limiter's per-request work (14% of a cached MP3's)
        return request.method not in ("POST", "PUT", "DELETE")

    @app.errorhandler(RateLimitExceeded)
    def too_many(exc):
        wait = _retry_after(limiter)
        return errors.respond(429, "too_many_requests",
                              f"Too many changes from your address (the limit is "
                              f"{exc.description}). Try again in {wait} seconds.",
                              headers={"Retry-After": str(wait)})
    return limiter.shared_limit(limit, scope="writes")


def _session_cookie(app) -> None:
    """A signing key every worker shares; a cookie no other site's requests carry (Lax)."""
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = csrf.load_secret_key(app.config["DATA_DIR"])
    if app.config["SESSION_COOKIE_SAMESITE"] is None:
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if (app.config.get("PUBLIC_URL") or "").startswith("https:"):
        app.config["SESSION_COOKIE_SECURE"] = True


def install(app) -> None:
    """Guard the write views (call after their blueprints are registered)."""
    _session_cookie(app)
    limited = _write_limit(app)
    checks = ({name: _bearer_refusal for name in API_WRITES} | {name: csrf.verify for name in (*FORM_WRITES, QUEUE_UNLOCK)}
              | {name: _queue_form_refusal for name in QUEUE_FORMS} | {SEND_WRITE: _send_key_refusal})
    for endpoint, check in checks.items():
        view = _guarded(app.view_functions[endpoint], check)
        app.view_functions[endpoint] = limited(view) if limited else view

    @app.context_processor
    def form_access():
        return {"csrf_token": csrf.token, "token_required": bool(app.config.get("API_TOKEN")),
                "may_write": session_may_write}
