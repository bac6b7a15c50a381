"""The app's shared parts, and the article as the API and pages show it."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import current_app, url_for

from service.speech.tracks import WHOLE


def parts() -> dict:
    return current_app.extensions["newsreader"]


def audio_url(key: str) -> str:
    return url_for("audio.serve", key=key, _external=True)


def transcript_url(key: str) -> str:
    return url_for("audio.transcript", key=key, _external=True)


def _state(track) -> str:
    """The stored state, except that a file evicted or damaged since is pending again."""
    if track["state"] == "ready" and not parts()["cache"].exists(track["key"]):
        return "pending"
    return track["state"]


def _section_starts(whole_key: str) -> dict[int, float]:
    """Where each section starts in the whole-article audio (its chapters), once rendered."""
    meta = parts()["cache"].meta(whole_key) or {}
    return {int(i): start for i, start in (meta.get("section_starts") or {}).items()}


def present(article_id: str, record: dict, tracks: dict) -> dict:
    """The stable JSON shape of an article (also what the page template reads)."""
    whole = tracks[WHOLE]
    starts = _section_starts(whole["key"]) if whole["state"] == "ready" else {}  # no store call else
    return {
        "id": article_id,
        "title": record["title"],
        "byline": record["byline"],
        "published": record["published"],
        "language": record["language"],
        "source_url": record.get("url"),
        "voice": record["voice"],
        "rate": record["rate"],
        "tags": record.get("tags", []),
        "created_at": datetime.fromtimestamp(record["created_at"], timezone.utc).isoformat(timespec="seconds"),
        "page_url": url_for("pages.article", article_id=article_id, _external=True),
        "audio_url": audio_url(whole["key"]),
        "audio_state": _state(whole),
        "duration_s": whole["duration_s"],
        "transcript_url": transcript_url(whole["key"]),
        "chapters_url": url_for("audio.chapters", key=whole["key"], _external=True),
        "sections": [
            {
                "index": i,
                "heading": s["heading"],
                "level": s.get("level", 2),  # records stored before levels existed: h2
                "text": "\n\n".join(s["paragraphs"]),
                "paragraphs": s["paragraphs"],
                "audio_url": audio_url(tracks[i]["key"]),
                "state": _state(tracks[i]),
                "duration_s": tracks[i]["duration_s"],
                "transcript_url": transcript_url(tracks[i]["key"]),
                "start_s": starts.get(i),
            }
            for i, s in enumerate(record["sections"])
        ],
    }


def load(article_id: str) -> dict | None:
    db = parts()["db"]
    record = db.get_article(article_id)
    return None if record is None else present(article_id, record, db.tracks(article_id))


def load_of(article_ids: list[str]) -> dict[str, dict]:
    """load() for several articles in two queries; ids with no article are left out."""
    db = parts()["db"]
    records = db.articles_of(article_ids)
    tracks = db.tracks_of(list(records))
    return {article_id: present(article_id, record, tracks[article_id]) for article_id, record in records.items()
            if article_id in tracks}  # not there: deleted between the two reads


_voices: dict[int, set[str]] = {}


def known_voices() -> set[str]:
    """Voice ids eSpeak NG offers (full 'gmw/en-us' and short 'en-us'), asked once per process."""
    import os

    from service.speech.engine import get_pool

    pid = os.getpid()
    if pid not in _voices:
        ids = {v["id"] for v in get_pool().voices()}
        _voices[pid] = ids | {i.rsplit("/", 1)[-1] for i in ids}
    return _voices[pid]


def add_article(sub) -> tuple[str, bool]:
    """Store a submission's article and queue its audio; returns (id, created)."""
    from service.ingest import ingest

    p = parts()
    article_id, created = ingest(sub, p["db"], current_app.config, known_voices())
    if created and current_app.config["PRERENDER"]:
        p["jobs"].submit(article_id)
    return article_id, created
