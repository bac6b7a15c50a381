"""What the podcast feed says: the channel and one episode per article, as plain data.

The XML itself comes from a Jinja template (templates/feed.xml), not feedgen: feedgen 1.0.0 can
only write `itunes:explicit` as yes/no/clean (the W3C validator and Apple want true/false) and
has no Podcasting 2.0 tags (`podcast:guid`, `podcast:transcript`, `podcast:chapters`), which would
mean writing extensions for most of the feed anyway. A template shows the whole document at a
glance and Flask autoescapes it (.xml). Everything here is deterministic: the same articles and
settings give the same bytes, so the ETag and Last-Modified only move when something changed.
"""
from __future__ import annotations

import hashlib
import html
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime

# The Podcasting 2.0 namespace's own UUID: podcast:guid is uuidv5(this, feed URL without
# scheme and trailing slashes), https://podcastindex.org/namespace/1.0#guid
PODCAST_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
CHAPTERS_TYPE = "application/json+chapters"


def podcast_guid(feed_url: str) -> str:
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_NAMESPACE, bare))


def rfc2822(timestamp: float) -> str:
    """'Mon, 23 Jan 2017 10:00:00 GMT': the date format RSS 2.0 requires."""
    return format_datetime(datetime.fromtimestamp(timestamp, timezone.utc), usegmt=True)


@dataclass
class Episode:
    guid: str
    title: str
    description: str
    link: str
    published: float  # the story's publication date, else when it was added (epoch seconds)
    author: str | None
    audio_url: str
    length: int  # bytes of the file served
    duration_s: int
    modified: float  # when its audio file was written
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    transcript_url: str | None = None
    chapters_url: str | None = None
    show_notes: str = ""  # HTML for content:encoded
    number: int | None = None  # itunes:episode: its place in a serial feed (the queue), from 1

    @property
    def pub_date(self) -> str:
        return rfc2822(self.published)


@dataclass
class Channel:
    title: str
    description: str
    link: str
    feed_url: str
    image_url: str
    language: str
    author: str
    owner_name: str
    owner_email: str
    category: str
    subcategory: str | None
    explicit: bool
    guid: str
    new_feed_url: str | None = None  # itunes:new-feed-url: where this feed has moved
    locked: bool = False  # podcast:locked: other platforms may not import the feed
    serial: bool = False  # itunes:type serial: played in episode-number order (the queue)


def first_paragraph(article: dict) -> str:
    for section in article["sections"]:
        for paragraph in section["paragraphs"]:
            if paragraph.strip():
                return paragraph
    return article["title"]


def publication_time(published: str | None, added: float) -> float:
    """pubDate: the story's own date when known (at midnight UTC, or the time it was added if
    that was the same day), else when it was added. A date after the adding (bad metadata) is
    not believed. The stored article keeps its first adding time, so a re-post moves nothing."""
    if not published:
        return added
    try:
        day = datetime.fromisoformat(published[:10]).replace(tzinfo=timezone.utc)
    except ValueError:
        return added
    start = day.timestamp()
    if start > added:  # dated after it was added: not believed
        return added
    if datetime.fromtimestamp(added, timezone.utc).date() == day.date():
        return added  # the same day: the time it was added is the more precise
    return start


def show_notes(article: dict) -> str:
    """content:encoded: the opening paragraph, the sections as a list, and where to read it."""
    esc = html.escape
    notes = [f"<p>{esc(first_paragraph(article))}</p>"]
    if article.get("byline"):
        notes.append(f"<p>By {esc(article['byline'])}</p>")
    notes.append("<p>Sections:</p><ol>" + "".join(f"<li>{esc(s['heading'])}</li>" for s in article["sections"])
                 + "</ol>")
    if article.get("source_url"):
        notes.append(f'<p><a href="{esc(article["source_url"])}">Read the original article</a></p>')
    notes.append(f'<p><a href="{esc(article["page_url"])}">Read along and listen by section</a></p>')
    return "".join(notes)


def episode(article: dict, added: float, length: int, modified: float, timing: dict) -> Episode:
    """An episode from an article as the API presents it (context.present), when it was first
    added, its audio file's size and time, and that file's sidecar (`timing`): a transcript or
    chapters only where it has them. The description is plain text as HTML (escaped here, and
    again by the XML template): "AT&T" or a "<" reach an HTML-rendering client as text."""
    return Episode(
        guid=f"newsreader:article:{article['id']}",  # the id hashes the content: never changes
        title=article["title"],
        description=html.escape(first_paragraph(article)),
        link=article["page_url"],
        published=publication_time(article.get("published"), added),
        author=article.get("byline"),
        audio_url=article["audio_url"],
        length=length,
        duration_s=round(article["duration_s"] or 0),
        modified=modified,
        language=article.get("language"),
        tags=list(article.get("tags") or []),
        transcript_url=article.get("transcript_url") if timing.get("vtt") else None,
        chapters_url=article.get("chapters_url") if timing.get("chapters") else None,
        show_notes=show_notes(article),
    )


def last_modified(episodes: list[Episode]) -> float | None:
    """The newest change among the episodes: an article added or its audio written."""
    return max((max(e.published, e.modified) for e in episodes), default=None)


def etag(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]
