"""Chapters of the whole-article MP3: ID3 CHAP + CTOC frames, and Podcasting 2.0 chapters JSON.

Both are made from the same list of `Chapter`s (one per section, starting where the section's
first piece starts in the track, on the decoded-audio timeline), which is also what the article
JSON's per-section `start_s` and the whole-article WebVTT use, so all of them agree.

mutagen 1.48 writes frames sorted by "importance" and then by frame SIZE, so CHAP frames would
come out in size order. Readers that list chapters in frame order (and players that trust it)
would then jump around. `_OrderedID3` writes frames in the order they were added: the text
frames, then the CTOC, then one CHAP per chapter in time order.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from mutagen.id3 import CHAP, CTOC, ID3, TIT2, CTOCFlags
from mutagen.id3._tags import save_frame  # mutagen's own frame serialiser (no public name)

CHAPTERS_MIME = "application/json+chapters"
CHAPTERS_VERSION = "1.2.0"
TOC_ID = "toc"


@dataclass
class Chapter:
    index: int  # the section's index
    title: str
    start_s: float
    end_s: float

    @property
    def element_id(self) -> str:
        return f"chp{self.index}"


class _OrderedID3(ID3):
    """An ID3 tag that keeps its frames in insertion order when saved."""

    def _write(self, config):
        return bytearray().join(save_frame(frame, config=config) for frame in self.values())


def with_chapters(mp3: bytes, chapters: list[Chapter], toc_title: str) -> bytes:
    """The same MP3 with its ID3v2.3 tag holding a CTOC and a CHAP per chapter, in time order."""
    chapters = sorted(chapters, key=lambda c: c.start_s)
    buffer = io.BytesIO(mp3)
    tags = _OrderedID3(buffer)
    tags.add(CTOC(element_id=TOC_ID, flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                  child_element_ids=[c.element_id for c in chapters],
                  sub_frames=[TIT2(encoding=3, text=[toc_title])]))
    for c in chapters:
        tags.add(CHAP(element_id=c.element_id, start_time=_ms(c.start_s), end_time=_ms(c.end_s),
                      start_offset=0xFFFFFFFF, end_offset=0xFFFFFFFF,  # "use the times"
                      sub_frames=[TIT2(encoding=3, text=[c.title])]))
    buffer.seek(0)
    tags.save(buffer, v2_version=3, padding=lambda info: 0)
    return buffer.getvalue()


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def podcast_chapters(chapters: list[Chapter], title: str) -> dict:
    """Podcasting 2.0 chapters document (https://github.com/Podcastindex-org/podcast-namespace,
    chapters spec 1.2.0): {"version", "chapters": [{"startTime", "endTime", "title"}]}."""
    return {
        "version": CHAPTERS_VERSION,
        "title": title,
        "chapters": [{"startTime": round(c.start_s, 3), "endTime": round(c.end_s, 3), "title": c.title}
                     for c in sorted(chapters, key=lambda c: c.start_s)],
    }
