"""The one shape both readers (HTML and plain text) hand to cleaning and segmentation: a Block.

An article body is a flat list of blocks in reading order. Keeping the *kind* of each block
(paragraph, subheading, list, quote, a table or code note) until the last moment lets the
segmenter cut sections at subheadings and lets the spoken text mark lists and quotes, while the
noise rules and de-duplication work the same way for every input.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.articles import announce, explain, noise
from service.articles.sanitize import clean_html, clean_text

PARAGRAPH, HEADING, LIST, QUOTE, NOTE = "p", "h", "list", "quote", "note"
DEDUPE_MIN_WORDS = 8  # shorter lines ("Pre-workout meal") legitimately repeat
REPEAT_WINDOW = 3  # a repeat this close to the original is page furniture
REPEAT_RUN = 4  # this many repeats in a row is a widget rendered twice


@dataclass
class Block:
    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)  # LIST only
    ordered: bool = False  # LIST only
    level: int = 2  # HEADING only
    html: str | None = None  # NOTE only: the table or code listing shown on the page
    linked: bool = False  # from HTML: its whole text (a LIST: every item) is a link on the page
    copy: bool = False  # printed again beside its first copy on the page: read again too
    in_cell: bool = False  # from a table cell: a column's header, never a section's
    note: str | None = None  # NOTE only: what it stands for ("table", "code" or "formula")
    rows: int | None = None  # NOTE only: a table's rows, which its note says

    def shown(self) -> list[str | None]:
        """Per spoken paragraph, the markup shown on the page in its place (or None)."""
        return [self.html if self.kind == NOTE and self.html else None] * len(self.spoken())

    @property
    def words(self) -> int:
        return len(self.text.split()) + sum(len(i.split()) for i in self.items)

    def spoken(self, language: str | None = None) -> list[str]:
        """The paragraphs a listener hears for this block (announcements included, in the
        article's `language`)."""
        if self.kind == LIST:
            head = announce.list_head(language, len(self.items), self.ordered)
            return [head] + [_end_sentence(t) for t in self.items]
        if self.kind == QUOTE:
            return [announce.quote(language, self.text)]
        if self.kind == NOTE and self.note:
            return [announce.note(language, self.note, self.rows)]
        return [self.text]


def note_block(note: str, html: str, rows: int | None = None) -> Block:
    """A table, code listing or formula: read as a note, shown as `html`. Its text is the English
    note (what the noise rules, de-duplication and --explain see); spoken() says it in the
    article's language."""
    return Block(NOTE, announce.note(None, note, rows), html=html, note=note, rows=rows)


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
    title_key = _norm_key(title) if title else ""
    in_rail = False
    for b in blocks:
        b.text = noise.strip_line(clean_text(b.text))
        b.html = clean_html(b.html) or None if b.html else None
        b.items = [t for t in (noise.strip_line(clean_text(i)) for i in b.items) if t]
        if b.kind == LIST:
            if b.linked:
                explain.note(explain.DROPPED, "link-list", "every item is a link (contents, "
                             "other pages)", " | ".join(b.items))
                continue
            b.items = [t for t in b.items if not _line_drops(t)]
            if not b.items:
                continue
            if len(b.items) == 1:
                # a one-item "list" is a paragraph in a list element, not a list to announce
                b.kind, b.text, b.items = PARAGRAPH, b.items[0], []
        elif not re.search(r"[^\W_]", b.text):
            continue  # nothing to read: a rule drawn with "____" or "* * *"
        if b.kind == HEADING and not any(o.kind != HEADING for o in out):
            # headings above the first paragraph are the headline, kicker or standfirst
            # (already given as the title), not section boundaries
            explain.note(explain.DROPPED, "heading", "above the first paragraph", b.text)
            continue
        if b.kind != LIST:
            if in_rail and noise.is_link_like(b.text):
                explain.note(explain.DROPPED, "line", "a headline in the rail above", b.text)
                continue
            in_rail = False
            rule = _line_drops(b.text)
            if rule is not None:
                if rule.action == "end" and not b.in_cell:
                    explain.note(explain.DROPPED, "line", "end: " + rule.why[:60],
                                 "it and everything after it: " + b.text)
                    break
                in_rail = rule.action == "rail" and not b.in_cell
                continue
            if _is_byline_line(b.text, byline):
                explain.note(explain.DROPPED, "line", "the byline, given once", b.text)
                continue
            if title_key and _norm_key(b.text) == title_key:
                explain.note(explain.DROPPED, "line", "the title, given once", b.text)
                continue  # the headline repeated as the first heading or paragraph
        elif in_rail and all(noise.is_link_like(i) for i in b.items):
            explain.note(explain.DROPPED, "line", "a list of headlines in the rail above",
                         " | ".join(b.items))
            continue
        out.append(b)
    out = drop_link_runs(drop_repeats(out))
    # A heading with nothing after it before the next heading of the same or higher rank is an
    # empty section; a heading at the very end is a leftover ("Related", "Comments").
    while out and out[-1].kind == HEADING:
        out.pop()
    return out


def _line_drops(text: str):
    """The LINE rule that drops this line (noted for --explain), or None."""
    rule = noise.match_line(text)
    if rule is not None and rule.action != "end":
        explain.note(explain.DROPPED, "line", rule.why[:60], text)
    return rule


def drop_link_runs(blocks: list[Block]) -> list[Block]:
    """Drop runs of noise.LINK_RUN or more paragraphs that are each just a link: a list of other
    stories (noise.STRUCTURE_RULES "link-run"). A lone linked line may be the story's source."""
    out: list[Block] = []
    run: list[Block] = []
    for b in blocks + [Block(PARAGRAPH, "end")]:
        if b.linked:
            run.append(b)
            continue
        if len(run) < noise.LINK_RUN:
            out.extend(run)
        else:
            for r in run:
                explain.note(explain.DROPPED, "link-run",
                             f"{len(run)} link-only paragraphs in a row", r.text)
        run = []
        out.append(b)
    return out[:-1]


def drop_repeats(blocks: list[Block]) -> list[Block]:
    """Read a repeated paragraph once, without losing legitimate repetition.

    Dropped: a paragraph of DEDUPE_MIN_WORDS+ words repeating one of the last few blocks with
    no subheading between (a caption as alt text and again as figcaption, a paragraph shown
    twice for mobile and desktop); a quote whose words all appear inside a paragraph (a pull quote); a run of
    REPEAT_RUN or more blocks that all repeat earlier ones (a widget rendered twice).
    Kept: short lines and far-apart repeats -- an interview asking each guest the same
    question, a menu listing the same meal on two days.
    """
    # a note's key includes what it stands for: two tables of 8 rows are different tables
    keys = [_norm_key(b.text + " ".join(b.items) + " " + (b.html or "")) for b in blocks]
    long_paragraphs = [k for b, k in zip(blocks, keys) if b.kind == PARAGRAPH
                       and len(k.split()) >= 2 * DEDUPE_MIN_WORDS]
    first_seen: dict[str, int] = {}
    repeat = [False] * len(blocks)
    drop = [False] * len(blocks)
    last_heading = -1
    for i, (b, k) in enumerate(zip(blocks, keys)):
        if b.kind == HEADING or not k:
            last_heading = i if b.kind == HEADING else last_heading
            continue
        if k in first_seen:
            repeat[i] = True
            # under a new subheading a repeat is said again on purpose (a summary, a refrain)
            near = last_heading < first_seen[k] and i - first_seen[k] <= REPEAT_WINDOW
            if near and len(k.split()) >= DEDUPE_MIN_WORDS and not b.copy:
                drop[i] = True
        else:
            first_seen[k] = i
        if b.kind == QUOTE and len(k.split()) >= 5 and any(
                k in p and k != p for p in long_paragraphs):
            drop[i] = True
    # a run of REPEAT_RUN+ blocks repeating an earlier run in the same order, with no
    # subheading between them (a menu repeats items under new subheadings; a widget does not)
    i = 0
    while i < len(blocks):
        if not repeat[i] or blocks[i].kind == HEADING:
            i += 1
            continue
        start = first_seen[keys[i]]
        n = 0
        while (i + n < len(blocks) and start + n < i and repeat[i + n]
               and keys[i + n] == keys[start + n] and blocks[i + n].kind != HEADING):
            n += 1
        if n >= REPEAT_RUN:
            for t in range(i, i + n):
                drop[t] = True
        i += max(n, 1)
    for b, d in zip(blocks, drop):
        if d:
            explain.note(explain.DROPPED, "repeat", "repeats a block just before it"
                         if b.kind != QUOTE else "a pull quote of a paragraph", b.text)
    return [b for b, d in zip(blocks, drop) if not d]


_BY_RE = re.compile(r"^(By|BY|Von|Por|Par|Di|Av|Door|От)\s+\S", re.UNICODE)


def _is_byline_line(text: str, byline: str | None) -> bool:
    """'By Doug G. Ware' as a paragraph: metadata already given once, not body text."""
    if len(text.split()) > 14:
        return False
    if _BY_RE.match(text):
        return True
    return bool(byline) and _norm_key(text) == _norm_key(byline)
