"""The pronunciation dictionary's JSON API: list, add, change, delete, export, import, and a
spoken preview of one entry. Writes take the API token (access.py) and re-key the audio they
touch (service/pronunciations.py)."""
from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, jsonify, request, url_for

from service import pronunciations
from service.ingest import InputError, voice_for_language
from service.speech import encode
from service.storage.db import DuplicateEntry
from service.web.context import known_voices, parts
from service.web.params import json_body

bp = Blueprint("pronunciations_api", __name__)
PREVIEW_RATE = 175  # eSpeak's default: an entry heard as a listener hears words at a normal pace


def languages() -> set[str]:
    """The primary language subtags eSpeak has a voice for ('en' from 'gmw/en-us')."""
    from service.speech.pronounce import primary

    return {primary(v.rsplit("/", 1)[-1]) for v in known_voices()}


def present(row: dict) -> dict:
    return dict(row, url=url_for("pronunciations_api.get_entry", entry_id=row["id"], _external=True),
                preview_url=url_for("pronunciations_api.preview", entry_id=row["id"], _external=True))


def change(rows: list[dict]) -> None:
    """Store rows (all or none) and move the audio keys they change; DuplicateEntry is a 422."""
    p = parts()
    before = pronunciations.entries(p["db"])
    try:
        p["db"].save_pronunciations(rows)
    except DuplicateEntry as exc:
        raise InputError(str(exc), exc.field) from None
    after_change(before)


def after_change(before) -> None:
    p = parts()
    for article_id in pronunciations.rekey(p["db"], p["cache"], before):
        if current_app.config["PRERENDER"]:
            p["jobs"].submit(article_id)


def stored(entry_id: str) -> dict:
    row = parts()["db"].pronunciation(entry_id)
    if row is None:
        abort(404, description=f"no pronunciation with id {entry_id!r}")
    return row


@bp.get("/api/pronunciations")
def list_entries():
    return jsonify({"pronunciations": [present(r) for r in parts()["db"].pronunciations()]})


@bp.post("/api/pronunciations")
def create_entry():
    row = pronunciations.checked(json_body(), languages())
    change([row])
    resp = jsonify(present(stored(row["id"])))
    resp.status_code = 201
    resp.headers["Location"] = url_for("pronunciations_api.get_entry", entry_id=row["id"], _external=True)
    return resp


@bp.get("/api/pronunciations/<entry_id>")
def get_entry(entry_id):
    return jsonify(present(stored(entry_id)))


@bp.put("/api/pronunciations/<entry_id>")
def update_entry(entry_id):
    stored(entry_id)
    change([pronunciations.checked(json_body(), languages(), entry_id)])
    return jsonify(present(stored(entry_id)))


@bp.delete("/api/pronunciations/<entry_id>")
def delete_entry(entry_id):
    remove(entry_id)
    return "", 204


def remove(entry_id: str) -> None:
    db = parts()["db"]
    before = pronunciations.entries(db)
    if not db.delete_pronunciation(entry_id):
        abort(404, description=f"no pronunciation with id {entry_id!r}")
    after_change(before)


@bp.get("/api/pronunciations/export")
def export():
    body = json.dumps(pronunciations.export(parts()["db"]), ensure_ascii=False, indent=1)
    return current_app.response_class(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="pronunciations.json"'})


def import_file(raw: bytes) -> dict:
    """Check every entry of the file, then store them all, merged by written form and language."""
    rows = pronunciations.merged(parts()["db"], pronunciations.parse_import(raw, languages()))
    change(rows)
    return {"imported": len(rows)}


@bp.post("/api/pronunciations/import")
def import_entries():
    """The file as the body (application/json) or as the `file` field of a multipart upload."""
    upload = request.files.get("file")
    return jsonify(import_file(upload.read() if upload else request.get_data()))


@bp.get("/api/pronunciations/<entry_id>/preview.mp3")
def preview(entry_id):
    """The entry's pronunciation spoken, as a short MP3."""
    from service.speech.engine import get_pool

    row = stored(entry_id)
    speech = get_pool().synthesize(row["say"], voice=voice_for_language(row["language"] or "en"), rate=PREVIEW_RATE)
    streams = encode.encode_pieces([(speech.pcm, 0)], speech.sample_rate)
    data = encode.tagged(b"".join(s.data for s in streams), row["written"])
    return current_app.response_class(data, mimetype="audio/mpeg", headers={"Cache-Control": "no-store"})
