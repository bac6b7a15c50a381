"""The listening queue, the listened mark and positions across devices in the JSON API.

Writes need the access token as the other API writes do (access.py wraps them); reading is
public, except positions, which need the private listening token (service/storage/listening.py).
"""
from __future__ import annotations

import math

from flask import Blueprint, abort, jsonify, request

from service.ingest import InputError
from service.storage.listening import NotQueued, UnknownArticle
from service.web import access
from service.web.context import load_of, parts
from service.web.params import json_object

bp = Blueprint("listening_api", __name__)


def listening():
    return parts()["listening"]


def queue_body() -> dict:
    """The queue in order, each entry the article as the API shows it, with its place."""
    store = listening()
    order = store.queue()
    listened = store.listened_of(order)
    articles = load_of(order)  # an id missing: deleted between the two reads
    return {"queue": [{"position": position, "listened": article_id in listened, "article": articles[article_id]}
                      for position, article_id in enumerate(order) if article_id in articles]}


def article_id_of(payload: dict) -> str:
    article_id = payload.get("article_id")
    if not isinstance(article_id, str) or not article_id:
        raise InputError("article_id must be the id of an article (a string)", "article_id")
    return article_id


def position_of(payload: dict, required: bool) -> int | None:
    """A place in the queue: a whole number from 0 (first)."""
    if "position" not in payload and not required:
        return None
    value = payload.get("position")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError("position must be a whole number of at least 0 (0 is first)", "position")
    return value


def no_article(article_id: str):
    abort(404, description=f"no article with id {article_id!r}")


@bp.get("/api/queue")
def get_queue():
    return jsonify(queue_body())


@bp.post("/api/queue")
def add_to_queue():
    """Queue an article at the end, or at `position`; 201 when added, 200 when it was queued."""
    payload = json_object()
    article_id = article_id_of(payload)
    position = position_of(payload, required=False)
    try:
        added = listening().add(article_id)
    except UnknownArticle:
        no_article(article_id)
    if position is not None:
        listening().move(article_id, position)
    return jsonify(queue_body()), 201 if added else 200


@bp.put("/api/queue/<article_id>")
def move_in_queue(article_id):
    position = position_of(json_object(), required=True)
    try:
        listening().move(article_id, position)
    except NotQueued:
        abort(404, description=f"article {article_id!r} is not in the queue")
    return jsonify(queue_body())


@bp.delete("/api/queue/<article_id>")
def remove_from_queue(article_id):
    if not listening().remove(article_id):
        abort(404, description=f"article {article_id!r} is not in the queue")
    return "", 204


@bp.post("/api/articles/<article_id>/listened")
def mark_listened(article_id):
    """Mark an article played to the end (`{"listened": false}` takes the mark back)."""
    payload = request.get_json(silent=True) if request.content_length else {}
    if not isinstance(payload, dict):
        raise InputError("the body must be a JSON object, or empty")
    value = payload.get("listened", True)
    if not isinstance(value, bool):
        raise InputError("listened must be true or false", "listened")
    try:
        listening().mark_listened(article_id, value)
    except UnknownArticle:
        no_article(article_id)
    return jsonify({"id": article_id, "listened": value})


def is_listening_token(given: str) -> bool:
    return bool(given) and access.secret_matches(given, listening().token())


def listening_token() -> str:
    """The request's `token`, which must be this server's listening token (404 otherwise: a
    wrong token finds nothing, as a wrong feed URL does)."""
    given = request.args.get("token", "")
    if not is_listening_token(given):
        abort(404, description="no positions under this listening token")
    return given


@bp.get("/api/positions/<article_id>")
def get_position(article_id):
    token = listening_token()
    if parts()["db"].get_article(article_id) is None:
        no_article(article_id)
    found = listening().position(token, article_id) or {"seconds": None, "updated_at": None}
    # none stored is an answer (null), not an error: the player asks on every page it opens
    return jsonify({"id": article_id, "seconds": found["seconds"], "updated_at": found["updated_at"]})


@bp.put("/api/positions/<article_id>")
def put_position(article_id):
    token = listening_token()
    seconds = json_object().get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds < 0:
        raise InputError("seconds must be a number of at least 0", "seconds")
    try:
        listening().save_position(token, article_id, float(seconds))
    except UnknownArticle:
        no_article(article_id)
    return jsonify({"id": article_id, "seconds": float(seconds)})
