"""The plain-text reader: an article copied from a web page, as text, in; metadata and blocks out.

Copied text keeps the page's noise as lines: "Advertisement" slots, a photo caption ending in
its credit, "RECOMMENDED ..." links, a "Latest Headlines" rail. The same LINE rules from the
noise table apply (in blocks.py), line by line. Before that, this module finds

* the headline: the first line that is not noise and reads like a title (short, no final
  full stop) -- it becomes the title, not body text;
* the byline: a "By ..." line near the top -- it becomes the byline;
* paragraphs: blank-line separated blocks; inside a block, lines wrapped at a fixed width are
  joined, otherwise every line is its own paragraph (copied pages often put the byline and a
  caption on consecutive lines);
* subheadings: short title-like lines between paragraphs, or Markdown ``## headings``.
"""
from __future__ import annotations

import re

from service.articles import metadata as md
from service.articles import noise
from service.articles.blocks import HEADING, LIST, PARAGRAPH, QUOTE, Block
from service.articles.sanitize import normalize_space

_SENTENCE_END = re.compile(r"[.!?…:;]['\"”’)\]]?$")
_BYLINE = re.compile(r"^\s*(By|BY|Von|Por|Par|Di|Door|От)\s+\S.{0,120}$")
_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*([-*•·]|\d{1,2}[.)])\s+(.+)$")
_QUOTE_LINE = re.compile(r"^\s*>\s?(.*)$")


class TextResult:
    def __init__(self, title, byline, published, language, blocks):
        self.title, self.byline, self.published = title, byline, published
        self.language, self.blocks = language, blocks


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 25 and not _SENTENCE_END.search(line.strip()) \
        and not noise.match_line(line)


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines of a block wrapped at a fixed width (e-mail, terminal copy) rather than one per
    paragraph: every line but the last is long-ish and similar in length."""
    if len(lines) < 2:
        return False
    body = [len(l) for l in lines[:-1]]
    return min(body) >= 40 and max(body) <= 100 and max(body) - min(body) <= 25 \
        and not any(_BULLET.match(l) or _BYLINE.match(l) for l in lines)


def _paragraph_lines(text: str) -> list[str | None]:
    """Logical lines in order; None marks a blank-line break."""
    out: list[str | None] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [normalize_space(l) for l in chunk.split("\n")]
        lines = [l for l in lines if l]
        if not lines:
            continue
        if _hard_wrapped(lines):
            out.append(" ".join(lines))
        else:
            out.extend(lines)
        out.append(None)
    return out


def extract_text(text: str) -> TextResult:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = _paragraph_lines(text)
    title = None
    names: list[str] = []
    blocks: list[Block] = []
    seen_body = False
    list_items: list[str] = []
    ordered = False

    def flush_list():
        nonlocal list_items
        if list_items:
            blocks.append(Block(LIST, items=list_items, ordered=ordered))
            list_items = []

    for i, line in enumerate(lines):
        if line is None:
            flush_list()
            continue
        if noise.match_line(line) and not seen_body and title is None:
            continue  # ad slot above the headline
        m = _MD_HEADING.match(line)
        if title is None and not seen_body:
            if m:
                title = m.group(2)
                continue
            if _looks_like_title(line):
                title = line
                continue
        if not names and not seen_body and len(blocks) < 4 and _BYLINE.match(line):
            names = md.clean_byline(line)
            if names:
                continue
        if m:
            flush_list()
            blocks.append(Block(HEADING, m.group(2), level=len(m.group(1))))
            continue
        b = _BULLET.match(line)
        if b:
            ordered = bool(re.match(r"\d", b.group(1)))
            list_items.append(b.group(2))
            continue
        flush_list()
        q = _QUOTE_LINE.match(line)
        if q:
            if blocks and blocks[-1].kind == QUOTE:
                blocks[-1].text += " " + q.group(1)
            else:
                blocks.append(Block(QUOTE, q.group(1)))
            continue
        # a short title-like line standing alone between paragraphs is a subheading
        prev_blank = i == 0 or lines[i - 1] is None
        next_blank = i + 1 >= len(lines) or lines[i + 1] is None
        if seen_body and prev_blank and next_blank and _looks_like_title(line) \
                and len(line.split()) <= 12 and i + 1 < len(lines) - 1:
            blocks.append(Block(HEADING, line))
            continue
        blocks.append(Block(PARAGRAPH, line))
        if len(line.split()) >= 12 and not noise.match_line(line):
            seen_body = True
    flush_list()
    body_text = " ".join(b.text for b in blocks)
    return TextResult(title, md.join_names(names), None, md.detect_language(body_text), blocks)
