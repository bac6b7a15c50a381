"""Posting the form as a browser does: fetch the page first, send back its CSRF token (the
Flask test client keeps the session cookie it came with)."""
from __future__ import annotations

import re

TOKEN_RE = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]+)">')


def csrf_token(client, path: str = "/") -> str:
    """The CSRF token in the form on `path`."""
    match = TOKEN_RE.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token in the form at {path}"
    return match.group(1)


def post_form(client, data: dict, **kwargs):
    """POST / with the fields in `data` and a valid CSRF token."""
    return client.post("/", data={"csrf_token": csrf_token(client), **data}, **kwargs)
