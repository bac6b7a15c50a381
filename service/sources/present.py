"""A followed source as the API and the /sources page show it."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import url_for

from service.storage.sources import source_tag


def _iso(timestamp: float | None) -> str | None:
    if not timestamp:
        return None
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")


def present_source(source: dict, items: int) -> dict:
    return {
        "id": source["id"],
        "url": source["url"],
        "title": source["title"],
        "tag": source_tag(source["id"]),
        "feed_url": url_for("sources.feed", source_id=source["id"], _external=True),
        "items": items,  # stories taken from it so far
        "last_ok": _iso(source["last_ok"]),
        "last_error": source["last_error"],
        "failures": source["failures"],
        "next_try": _iso(source["next_try"]),
        "created_at": _iso(source["created_at"]),
    }
