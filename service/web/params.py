"""What a request brings, read the same way by every blueprint: its JSON body and the
`?listened=` filter of a listing, each refused with an InputError (422) that says what is wrong."""
from __future__ import annotations

from flask import request

from service.ingest import InputError


def json_body():
    """The body's JSON value, whatever its shape (the caller checks it)."""
    payload = request.get_json(silent=True)
    if payload is None:
        raise InputError("the body must be JSON (Content-Type: application/json)")
    return payload


def json_object() -> dict:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise InputError("the body must be a JSON object (Content-Type: application/json)")
    return payload


def listened_filter() -> bool | None:
    """`?listened=true|false` on a listing; absent: every article."""
    raw = request.args.get("listened")
    if raw is None:
        return None
    if raw.lower() not in ("true", "false"):
        raise InputError("listened must be true or false", "listened")
    return raw.lower() == "true"
