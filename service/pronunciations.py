"""The pronunciation dictionary as people and programs change it: checked entries, and audio
re-keyed so that a change re-renders only the sections whose text it touches.

Entries are validated here (422 on anything unusable, before anything is written); the database
holds them (service/storage/db.py); service/speech/pronounce.py applies them. After a change every
article is planned again with the new dictionary: a track whose key moved (an entry now matches,
or no longer does, or says something else) gets its new key, pending, and its old file is removed
once no article uses it. Tracks whose text no entry touches keep their key, so their files stay
exactly as they were.
"""
from __future__ import annotations

import json
import re
import uuid

from service.deletion import forget_unused
from service.ingest import InputError, article_from_record
from service.i18n import catalogue
from service.speech.pronounce import Entry, primary, touches
from service.speech.tracks import plan_tracks

MAX_WRITTEN = 200
MAX_SAY = 500
MAX_ENTRIES = 5000  # in one import file
_SAY = re.compile(r"^(?:[^\[\]]|\[\[[^\[\]]+\]\])+$")  # text, and phonemes only in whole [[...]]
EXPORT_FORMAT = "newsreader-pronunciations"


def entries(db) -> list[Entry]:
    return [as_entry(row) for row in db.pronunciations()]


def as_entry(row: dict) -> Entry:
    return Entry(row["written"], row["say"], row["whole_word"], row["case_sensitive"], row["language"])


def _text(payload: dict, name: str, limit: int) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{name} must be a non-empty string", name)
    value = " ".join(value.split())
    if len(value) > limit:
        raise InputError(f"{name} must be at most {limit} characters", name)
    return value


def _flag(payload: dict, name: str, default: bool) -> bool:
    value = payload.get(name, default)
    if not isinstance(value, bool):
        raise InputError(f"{name} must be true or false", name)
    return value


def checked(payload, languages: set[str], entry_id: str | None = None) -> dict:
    """A stored row from an entry as the API or a file gives it; InputError if unusable.
    `languages`: the primary subtags eSpeak has voices for."""
    if not isinstance(payload, dict):
        raise InputError("an entry must be a JSON object")
    say = _text(payload, "say", MAX_SAY)
    if not _SAY.match(say):
        raise InputError("say: phonemes go in balanced [[ ]] with nothing nested, e.g. [[w'In]]", "say")
    language = payload.get("language") or ""
    if not isinstance(language, str) or (language and primary(language) not in languages):
        raise InputError(f"unknown language {language!r}: use a language eSpeak has a voice for, or none", "language")
    return {"id": entry_id or uuid.uuid4().hex, "written": _text(payload, "written", MAX_WRITTEN),
            "say": say, "language": primary(language) if language else "",
            "whole_word": _flag(payload, "whole_word", True),
            "case_sensitive": _flag(payload, "case_sensitive", False)}


def parse_import(raw: bytes, languages: set[str]) -> list[dict]:
    """Every entry of an exported file, checked; InputError naming the first bad one (so nothing
    is written unless all are good)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InputError("the file is not JSON (export one from this page to see the format)", "file") from None
    items = data.get("entries") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError('the file must hold {"entries": [...]} or a list of entries', "file")
    if len(items) > MAX_ENTRIES:
        raise InputError(f"at most {MAX_ENTRIES} entries in one file", "file")
    rows, seen = [], set()
    for n, item in enumerate(items, 1):
        try:
            row = dict(checked(item, languages), merge=True)
        except InputError as exc:
            raise InputError(f"entry {n}: {exc}", "file") from None
        if (row["written"], row["language"]) in seen:
            raise InputError(f"entry {n}: {row['written']!r} appears twice for the same language", "file")
        seen.add((row["written"], row["language"]))
        rows.append(row)
    return rows


def merged(db, rows: list[dict]) -> list[dict]:
    """Imported rows keep the id of the entry they replace (same written form and language)."""
    held = {(e["written"], e["language"]): e["id"] for e in db.pronunciations()}
    return [dict(row, id=held.get((row["written"], row["language"]), row["id"])) for row in rows]


def export(db) -> dict:
    keep = ("written", "say", "language", "whole_word", "case_sensitive")
    return {"format": EXPORT_FORMAT, "version": 1,
            "entries": [{k: e[k] for k in keep} for e in db.pronunciations()]}


def rekey(db, cache, before: list[Entry]) -> list[str]:
    """After a change from the dictionary `before`: give each track whose spoken text the change
    moved its new key (tracks it did not move keep theirs, even one stored under an older
    engine's key); returns the ids of the articles with tracks to render again."""
    after = entries(db)
    changes = list(set(before) ^ set(after))  # added, removed, or either side of a change
    changed, old_keys = [], []
    offset, page = 0, 200
    while True:
        records, total = db.list_articles(page, offset)
        stored = db.tracks_of([r["id"] for r in records])
        for record in records:
            article = article_from_record(record)
            if not touches(_written(article), article.language, changes):
                continue
            was = {t.index: t.key for t in plan_tracks(article, record["voice"], record["rate"], before)}
            have = stored.get(record["id"], {})
            moved = {t.index: t.key for t in plan_tracks(article, record["voice"], record["rate"], after)
                     if t.index in have and was.get(t.index) != t.key != have[t.index]["key"]}
            if moved:
                db.set_track_keys(record["id"], moved)
                old_keys += [have[i]["key"] for i in moved]
                changed.append(record["id"])
        offset += page
        if offset >= total:
            break
    forget_unused(db, cache, old_keys)
    return changed


def _written(article) -> list[str]:
    """Every text an article's tracks speak, as written (the byline as it is spoken)."""
    texts = [article.title, catalogue(article.language).format("by", byline=article.byline or "")]
    for section in article.sections:
        texts += [section.heading, *section.paragraphs]
    return texts
