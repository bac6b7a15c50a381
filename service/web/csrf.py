"""The form's CSRF token, and the one signing key every gunicorn worker shares.

Another site can make a visitor's browser post our form, but it cannot read our pages, so it
cannot know the token the form carries. The token is a random value kept in the visitor's
session cookie, signed with a timestamp (itsdangerous, as Flask's session is) into a hidden
field; POST / must bring the field back, signed by us, recent and matching the cookie.

Workers must sign and check with the same key, or a form served by one worker would be refused
by another: NEWSREADER_SECRET_KEY when set, else a random key written once to
`<data folder>/secret_key`. It is written whole to a private temporary file (mode 0600) and
hard-linked into place: the link fails if another worker got there first, and nobody ever reads
half a key, so every worker reads the same one.
"""
from __future__ import annotations

import hmac
import os
import secrets
import tempfile

from flask import abort, current_app, request, session
from itsdangerous import BadData, URLSafeTimedSerializer

FIELD = "csrf_token"
MAX_AGE_S = 24 * 3600  # a form left open for a day must be reloaded
KEY_FILE = "secret_key"
REFUSED = ("This form has expired or did not come from this site, so nothing was added. "
           "Reload the page and send the form again.")


def load_secret_key(folder: str) -> str:
    """The key kept in `folder`, created (atomically, mode 0600) if there is none yet."""
    path = os.path.join(folder, KEY_FILE)
    if not os.path.exists(path):
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".secret-")  # mkstemp: mode 0600
        try:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
                f.flush()
                os.fsync(f.fileno())
            try:
                os.link(tmp, path)
            except FileExistsError:  # another worker's key won: use that one
                pass
        finally:
            os.unlink(tmp)
    with open(path, encoding="ascii") as f:
        key = f.read().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it and a new key is made, or set NEWSREADER_SECRET_KEY")
    return key


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="newsreader-form")


def token() -> str:
    """The hidden field's value (templates call it); starts the visitor's session if needed."""
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(32)
    return _serializer().dumps(session[FIELD])


def verify() -> None:
    """Refuse (400, an error page) a form post whose token is missing, forged, stale or not this
    visitor's."""
    given, expected = request.form.get(FIELD, ""), session.get(FIELD)
    try:
        value = _serializer().loads(given, max_age=MAX_AGE_S) if given and expected else None
    except BadData:
        value = None
    if not isinstance(value, str) or not hmac.compare_digest(value.encode(), expected.encode()):
        abort(400, description=REFUSED)
