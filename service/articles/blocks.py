"""The one shape both readers (HTML and plain text) hand to cleaning and segmentation: a Block.

An article body is a flat list of blocks in reading order. Keeping the *kind* of each block
(paragraph, subheading, list, quote, a table or code note) until the last moment lets the
segmenter cut sections at subheadings and lets the spoken text mark lists and quotes, while the
noise rules and de-duplication work the same way for every input.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.articles import noise
from service.articles.sanitize import clean_text

PARAGRAPH, HEADING, LIST, QUOTE, NOTE = "p", "h", "list", "quote", "note"
DEDUPE_MIN_WORDS = 8


@dataclass
class Block:
    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)  # LIST only
    ordered: bool = False  # LIST only
    level: int = 2  # HEADING only

    @property
    def words(self) -> int:
        return len(self.text.split()) + sum(len(i.split()) for i in self.items)

    def spoken(self) -> list[str]:
        """The paragraphs a listener hears for this block (markers included)."""
        if self.kind == LIST:
            n = len(self.items)
            head = f"A list of {n} items." if n != 1 else "A list of 1 item."
            if self.ordered:
                head = f"A numbered list of {n} items."
            return [head] + [_end_sentence(t) for t in self.items]
        if self.kind == QUOTE:
            return [f"Quote: {self.text} End of quote."]
        return [self.text]


def _end_sentence(t: str) -> str:
    """List items are read as separate sentences, so give each a full stop if it lacks one."""
    return t if re.search(r"[.!?…:;]['\"”’)]?$", t) else t + "."


def _norm_key(s: str) -> str:
    return re.sub(r"\W+", " ", s.lower()).strip()


def clean_blocks(blocks: list[Block], title: str = "", byline: str | None = None) -> list[Block]:
    """Sanitise every field, apply the LINE noise rules and drop repeats.

    * every string goes through ``clean_text`` (bleach, no markup, normalised whitespace);
    * a block matching a ``drop`` rule goes; a ``rail`` rule takes the link-like lines after it
      with it; an ``end`` rule (a comments header) ends the body;
    * a paragraph that repeats one already kept (a caption both as alt text and figcaption, a
      pull quote) is read once; the title and byline are not repeated as body text.
    """
    out: list[Block] = []
    seen: set[str] = set()
    title_key = _norm_key(title) if title else ""
    in_rail = False
    for b in blocks:
        b.text = noise.strip_line(clean_text(b.text))
        b.items = [t for t in (noise.strip_line(clean_text(i)) for i in b.items) if t]
        if b.kind == LIST:
            b.items = [t for t in b.items if not noise.match_line(t)]
            if not b.items:
                continue
            if len(b.items) == 1:
                # a one-item "list" is a paragraph in a list element, not a list to announce
                b.kind, b.text, b.items = PARAGRAPH, b.items[0], []
        elif not b.text:
            continue
        if b.kind == HEADING and not any(o.kind != HEADING for o in out):
            # headings above the first paragraph are the headline, kicker or standfirst
            # (already given as the title), not section boundaries
            continue
        if b.kind != LIST:
            if in_rail and noise.is_link_like(b.text):
                continue
            in_rail = False
            rule = noise.match_line(b.text)
            if rule is not None:
                if rule.action == "end":
                    break
                in_rail = rule.action == "rail"
                continue
            if _is_byline_line(b.text, byline):
                continue
            if title_key and _norm_key(b.text) == title_key:
                continue  # the headline repeated as the first heading or paragraph
        elif in_rail and all(noise.is_link_like(i) for i in b.items):
            continue
        # only a real paragraph repeated is a duplicate; short lines ("Pre-workout meal",
        # "Portion: 1 cup") legitimately repeat in recipes, menus and schedules
        if b.kind in (PARAGRAPH, QUOTE) and len(b.text.split()) >= DEDUPE_MIN_WORDS:
            key = _norm_key(b.text)
            if key in seen:
                continue
            seen.add(key)
        out.append(b)
    # A heading with nothing after it before the next heading of the same or higher rank is an
    # empty section; a heading at the very end is a leftover ("Related", "Comments").
    while out and out[-1].kind == HEADING:
        out.pop()
    return out


_BY_RE = re.compile(r"^(By|BY|Von|Por|Par|Di|Av|Door|От)\s+\S", re.UNICODE)


def _is_byline_line(text: str, byline: str | None) -> bool:
    """'By Doug G. Ware' as a paragraph: metadata already given once, not body text."""
    if len(text.split()) > 14:
        return False
    if _BY_RE.match(text):
        return True
    return bool(byline) and _norm_key(text) == _norm_key(byline)
