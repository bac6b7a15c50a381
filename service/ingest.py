"""From a submission (HTML, text or URL, with optional voice and rate) to a stored article.

Shared by the form, the JSON API and the CLI, so every entrance validates the same way and an
article is stored whole (with its planned tracks) or not at all.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from service.articles.extract import extract, is_html_document
from service.articles.fetch import fetch
from service.models import Article, Section
from service.speech.engine import RATE_MAX, RATE_MIN
from service.speech.tracks import plan_tracks
from service.storage.cache import cache_key

VOICE_RE = re.compile(r"^[A-Za-z0-9_\-/+]{1,40}$")
TAG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")  # also a URL path segment
MAX_TAGS = 10


class InputError(ValueError):
    """The submission is unusable; the message says what is wrong (HTTP 422)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class Submission:
    kind: str  # "html", "text" or "url"
    value: str
    voice: str | None
    rate: int | None
    tags: tuple[str, ...] = ()
    page_url: str | None = None  # where pasted HTML came from (the bookmarklet sends it)


def parse_submission(payload: dict) -> Submission:
    if not isinstance(payload, dict):
        raise InputError("send a JSON object with one of: html, text, url")
    given = [k for k in ("html", "text", "url") if isinstance(payload.get(k), str) and payload[k].strip()]
    if not given:
        raise InputError("nothing to read: give one of html, text or url (a non-empty string)", "text")
    if len(given) > 1:
        raise InputError(f"give only one of html, text or url, not {' and '.join(given)}", given[1])
    kind = given[0]
    return Submission(kind, payload[kind], parse_voice(payload.get("voice")), parse_rate(payload.get("rate")),
                      parse_tags(payload.get("tags")))


PASTE_FORMATS = ("auto", "text", "html")


def paste_kind(content: str, declared: str | None = "auto") -> str:
    """"html" or "text" for a paste (the form, a file given to the CLI): what its sender declared,
    else HTML only when it is a whole HTML document."""
    declared = (declared or "auto").strip().lower()
    if declared not in PASTE_FORMATS:
        raise InputError("format must be auto, text or html", "format")
    if declared != "auto":
        return declared
    return "html" if is_html_document(content) else "text"


def parse_voice(value) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not VOICE_RE.match(value):
        raise InputError("voice must be a voice id such as 'en-us' (see GET /api/voices)", "voice")
    return value


def parse_rate(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        rate = int(value)
    except (TypeError, ValueError):
        raise InputError(f"rate must be a whole number of words per minute, {RATE_MIN} to {RATE_MAX}", "rate") from None
    if isinstance(value, float) and value != rate or not RATE_MIN <= rate <= RATE_MAX:
        raise InputError(f"rate must be a whole number of words per minute, {RATE_MIN} to {RATE_MAX}", "rate")
    return rate


def parse_tags(value) -> tuple[str, ...]:
    """A list of tags (JSON) or one comma-separated string (the form): lower-cased, deduplicated."""
    if value in (None, ""):
        return ()
    items = value.split(",") if isinstance(value, str) else value
    message = f"tags must be up to {MAX_TAGS} words of a-z, 0-9 and '-' (e.g. [\"world\", \"climate\"])"
    if not isinstance(items, list) or not all(isinstance(t, str) for t in items):
        raise InputError(message, "tags")
    tags = tuple(dict.fromkeys(t.strip().lower() for t in items if t.strip()))
    if len(tags) > MAX_TAGS or not all(TAG_RE.match(t) for t in tags):
        raise InputError(message, "tags")
    return tags


def voice_for_language(language: str | None) -> str:
    """eSpeak NG voice for an article's language; English defaults to American English."""
    lang = (language or "en").split("-")[0].lower()
    return "en-us" if lang == "en" else lang


def read_article(sub: Submission, config: dict) -> Article:
    """Fetch (for URLs) and extract; raises InputError, FetchError or ExtractionError."""
    if sub.kind == "url":
        page = fetch(sub.value.strip(), timeout_s=config["FETCH_TIMEOUT_S"],
                     max_bytes=config["FETCH_MAX_BYTES"], allow_private=config["FETCH_ALLOW_PRIVATE"])
        return extract(page.text, url=page.url, as_html=True)
    return extract(sub.value, url=sub.page_url, as_html=sub.kind == "html")


def article_record(article: Article, voice: str, rate: int, source: str) -> dict:
    record = asdict(article)
    record.update(voice=voice, rate=rate, source=source)
    return record


def article_from_record(record: dict) -> Article:
    sections = [Section(**s) for s in record["sections"]]
    fields = {k: record.get(k) for k in ("title", "byline", "published", "language", "url")}
    # records stored before the flag existed had a title of their own or a label alike
    return Article(sections=sections, title_found=record.get("title_found", True), **fields)


_WORD = re.compile(r"\w+")


def _words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").casefold())


def article_id(record: dict) -> str:
    """Same title, byline and body words, voice and rate: same id, so a repeated post finds the
    stored article, whether it came as a page, as pasted text or from a URL (their spacing,
    punctuation and section breaks may differ; the words do not)."""
    body = [w for s in record["sections"] for p in s["paragraphs"] for w in _words(p)]
    return cache_key(title=_words(record["title"]), byline=_words(record["byline"]), body=body,
                     voice=record["voice"], rate=record["rate"], words=1)[:16]


def legacy_article_id(record: dict) -> str:
    """The id articles stored before ids were made from words had: a re-post of one finds it."""
    return cache_key(title=record["title"], byline=record["byline"], sections=record["sections"],
                     voice=record["voice"], rate=record["rate"])[:16]


def ingest(sub: Submission, db, config: dict, voices: set[str] | None = None) -> tuple[str, bool]:
    """Store the article; returns (id, created). Nothing is stored unless all steps succeed."""
    article = read_article(sub, config)
    voice = sub.voice or config["DEFAULT_VOICE"] or voice_for_language(article.language)
    if voices is not None and voice not in voices:
        if sub.voice:
            raise InputError(f"unknown voice {voice!r} (see GET /api/voices)", "voice")
        voice = "en-us"  # no eSpeak voice for the article's language: read it in English
    rate = sub.rate or config["DEFAULT_RATE"]
    record = article_record(article, voice, rate, sub.kind)
    record["tags"] = list(sub.tags)  # not part of the id: a repeated post keeps the first tags
    aid = article_id(record)
    legacy = legacy_article_id(record)
    if db.get_article(legacy) is not None:
        return legacy, False
    from service.pronunciations import entries  # it imports this module

    tracks = plan_tracks(article, voice, rate, entries(db))
    created = db.insert_article(aid, record, [(t.index, t.key) for t in tracks])
    return aid, created
