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
    published: float  # when the article was added (seconds since the epoch)
    author: str | None
    audio_url: str
    length: int  # bytes of the file served
    duration_s: int
    modified: float  # when its audio file was written
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    transcript_url: str | None = None
    chapters_url: str | None = None

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


def first_paragraph(article: dict) -> str:
    for section in article["sections"]:
        for paragraph in section["paragraphs"]:
            if paragraph.strip():
                return paragraph
    return article["title"]


def episode(article: dict, published: float, length: int, modified: float, timing: dict) -> Episode:
    """An episode from an article as the API presents it (context.present), its audio file's size
    and time, and that file's sidecar (`timing`): a transcript or chapters only where it has them."""
    return Episode(
        guid=f"newsreader:article:{article['id']}",  # the id hashes the content: never changes
        title=article["title"],
        description=first_paragraph(article),
        link=article["page_url"],
        published=published,
        author=article.get("byline"),
        audio_url=article["audio_url"],
        length=length,
        duration_s=round(article["duration_s"] or 0),
        modified=modified,
        language=article.get("language"),
        tags=list(article.get("tags") or []),
        transcript_url=article.get("transcript_url") if timing.get("vtt") else None,
        chapters_url=article.get("chapters_url") if timing.get("chapters") else None,
    )


def last_modified(episodes: list[Episode]) -> float | None:
    """The newest change among the episodes: an article added or its audio written."""
    return max((max(e.published, e.modified) for e in episodes), default=None)


def etag(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]
