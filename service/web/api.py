"""The JSON API: a contract programs rely on (see README)."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request, url_for

from service import deletion
from service.ingest import InputError, parse_submission
from service.render_queue import queue_health
from service.web.context import add_article, load, parts, present
from service.web.params import json_body, listened_filter

bp = Blueprint("api", __name__)


@bp.post("/api/articles")
def create_article():
    article_id, created = add_article(parse_submission(json_body()))
    resp = jsonify(load(article_id))
    resp.status_code = 201 if created else 200
    resp.headers["Location"] = url_for("api.get_article", article_id=article_id, _external=True)
    return resp


@bp.get("/api/articles/<article_id>")
def get_article(article_id):
    article = load(article_id)
    if article is None:
        abort(404, description=f"no article with id {article_id!r}")
    return jsonify(article)


@bp.delete("/api/articles/<article_id>")
def delete_article(article_id):
    """The article, its tracks, and the audio files no other article uses (service/deletion.py)."""
    p = parts()
    if not deletion.delete_article(p["db"], p["cache"], article_id):
        abort(404, description=f"no article with id {article_id!r}")
    return "", 204


@bp.get("/api/articles")
def list_articles():
    page = _positive_int("page", 1)
    per_page = min(_positive_int("per_page", 20), 100)
    listened = listened_filter()
    db = parts()["db"]
    records, total = db.list_articles(per_page, (page - 1) * per_page, listened)
    tracks = db.tracks_of([r["id"] for r in records])
    done = parts()["listening"].listened_of([r["id"] for r in records])
    items = [dict(present(r["id"], r, tracks[r["id"]]), listened=r["id"] in done) for r in records]
    body = {"articles": items, "page": page, "per_page": per_page, "total": total}
    if page * per_page < total:
        more = {} if listened is None else {"listened": str(listened).lower()}
        body["next"] = url_for("api.list_articles", page=page + 1, per_page=per_page, _external=True, **more)
    return jsonify(body)


@bp.get("/api/voices")
def list_voices():
    """eSpeak NG's voices; `id` is what `voice` takes (the full `espeak_id` is accepted too)."""
    from service.speech.engine import get_pool

    voices = [{"id": v["id"].rsplit("/", 1)[-1], "espeak_id": v["id"], "name": v["name"],
               "languages": v["languages"]} for v in get_pool().voices()]
    return jsonify({"voices": sorted(voices, key=lambda v: v["id"])})


def audio_store_health() -> dict:
    """The audio store's kind (files, s3), whether it answers, and a status like the others'."""
    health = parts()["cache"].health()
    return dict(health, status="ok" if health["reachable"] else "error")


@bp.get("/healthz")
def healthz():
    """Each dependency's check; 503 when one fails, so a load balancer stops sending here. The
    queue is checked only when rendering goes through one."""
    checks = {"database": parts()["db"].health(), "audio_store": audio_store_health()}
    queue = queue_health(parts()["jobs"])
    if queue is not None:
        checks["queue"] = dict(queue, status="ok" if queue["redis"] == "ok" else "error")
    ok = all(check["status"] == "ok" for check in checks.values())
    body = jsonify({"status": "ok" if ok else "error", **checks})
    return (body, 200) if ok else (body, 503, {"Retry-After": "30"})


def _positive_int(name: str, default: int) -> int:
    raw = request.args.get(name, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = 0
    if value < 1:
        raise InputError(f"{name} must be a whole number of at least 1", name)
    return value
