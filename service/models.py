"""The small dataclasses every stage passes along: an Article made of Sections.

Stages (extract, segment, normalize, synthesize, encode) are plain functions over these,
so each can be tested without Flask.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Section:
    """A stretch of the article a listener can jump to."""

    heading: str
    paragraphs: list[str]
    # True when the heading is the article's own subheading (it is read aloud);
    # False when it is a label we made so a screen-reader user can skim (not read).
    own_heading: bool = False
    # The heading's level on the page (2 = h2): the article's own subheadings keep theirs, shifted
    # so its top one is 2; a label we made for a long subheading's later part sits one below it.
    # Records stored before levels existed have none and load as 2.
    level: int = 2
    # Markup shown on the page but not read: None, or one entry per paragraph -- sanitised HTML
    # (sanitize.clean_html's safelist) for a paragraph that is a spoken note standing for a
    # table or code listing ("A table with 4 rows follows, shown on the page."), else None.
    shown: list[str | None] | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class Article:
    title: str
    byline: str | None
    published: str | None  # ISO date, YYYY-MM-DD
    language: str | None  # BCP 47 primary tag, e.g. "en"
    sections: list[Section] = field(default_factory=list)
    url: str | None = None
    # False when the page gives no title and ``title`` is only a label made from the lead
    # (the library needs a name; Readability and the benchmark say the page has none)
    title_found: bool = True

    @property
    def paragraphs(self) -> list[str]:
        return [p for s in self.sections for p in s.paragraphs]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


class ExtractionError(ValueError):
    """The input holds no article we can read (empty, unreadable, or no body found)."""
