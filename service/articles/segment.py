"""Cut an article body into sections a listener can move between.

A section is what one "next" press skips. Two sources of boundaries, in order of preference:

1. The article's own subheadings. They are the author's structure, so each starts a section
   whose heading is the subheading text (``own_heading=True``: it is read aloud).
2. Otherwise, runs of whole paragraphs of listenable length -- about 150 to 250 words, roughly
   one to two minutes of speech. A paragraph is never split, except one so long that it alone
   exceeds the range, which is split between sentences. Such a section gets a short label a
   screen-reader user can skim: its first words, "The ministry said Moscow received…"
   (``own_heading=False``: shown, not read). No "Part 2" or "continued": a listener skimming
   chapters or headings wants what the section says, and generated English words would be
   wrong on an article in another language.

A short article is one section. There is always at least one section and none is empty.

Each section carries its heading's level (``Section.level``) so the page nests headings as the
article did: h2 and h3 stay h2 and h3 (an article whose top subheadings are h3 is shifted so
they are h2: the page's h1 is the title).
"""
from __future__ import annotations

import re

from service.articles.blocks import HEADING, Block
from service.models import Section

MIN_WORDS, TARGET_WORDS, MAX_WORDS = 150, 200, 250
TOP_LEVEL, DEEPEST_LEVEL = 2, 6  # h1 is the article's title
LABEL_WORDS = 5

# A sentence ends at . ! ? … (optionally followed by a closing quote or bracket) and a space
# before an upper-case letter, digit or opening quote. Common abbreviations are not ends.
_SENTENCE_END = re.compile(r"(?<=[.!?…])['\"”’)\]]?\s+(?=[\"“‘'(\[]?[A-ZÀ-ÖØ-Þ0-9А-Я])")
_ABBREV = re.compile(r"\b(Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|St|Jr|Sr|Inc|Co|Corp|"
                     r"Ltd|vs|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|"
                     r"[A-Z])\.$")


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph, conservatively (a wrong split is worse than none)."""
    parts: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        piece = text[start:m.start() + len(m.group(0).rstrip())].strip()
        if _ABBREV.search(piece):
            continue
        parts.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return parts or [text]


def _words(p: str) -> int:
    return len(p.split())


def _split_long(paragraph: str) -> list[str]:
    """A paragraph longer than MAX_WORDS, cut between sentences into pieces near TARGET_WORDS."""
    if _words(paragraph) <= MAX_WORDS:
        return [paragraph]
    pieces, cur = [], []
    for s in split_sentences(paragraph):
        if cur and _words(" ".join(cur)) + _words(s) > TARGET_WORDS:
            pieces.append(" ".join(cur))
            cur = []
        cur.append(s)
    if cur:
        if pieces and _words(" ".join(cur)) < MIN_WORDS // 3:
            pieces[-1] += " " + " ".join(cur)
        else:
            pieces.append(" ".join(cur))
    return pieces


def chunk_paragraphs(paragraphs: list[str]) -> list[list[str]]:
    """Runs of whole paragraphs of about MIN..MAX words each (a short text is one run)."""
    return _chunk([q for p in paragraphs for q in _split_long(p)])


def _chunk(paras: list[str]) -> list[list[str]]:
    """chunk_paragraphs for paragraphs already split to length."""
    if sum(map(_words, paras)) <= MAX_WORDS:
        return [paras] if paras else []
    runs: list[list[str]] = []
    cur: list[str] = []
    n = 0
    for p in paras:
        w = _words(p)
        # close the run before p if p would push it past the range and the run is long enough
        # to stand alone, or if it has reached the target already
        if cur and (n >= TARGET_WORDS or (n + w > MAX_WORDS and n >= MIN_WORDS // 2)):
            runs.append(cur)
            cur, n = [], 0
        cur.append(p)
        n += w
    if cur:
        # a short tail joins the run before it rather than making a stub section
        if runs and n < MIN_WORDS // 2 and sum(map(_words, runs[-1])) + n <= MAX_WORDS + 100:
            runs[-1].extend(cur)
        else:
            runs.append(cur)
    return runs


# "Jan. 23 (UPI) --", "WASHINGTON (AP) —", "LONDON, May 2 (Reuters) -": the dateline says
# nothing about what a section is about, so labels skip it.
_DATELINE = re.compile(r"^(?:[^()]{1,40}\([A-Z][\w.&' ]{0,20}\)\s*(?:--|—|–|-)"
                       r"|[A-Z][A-Z.' ]{2,30}(?:,[^—–]{0,30})?\s*(?:--|—|–))\s+")


def label(paragraphs: list[str]) -> str:
    """'The ministry said Moscow received…': the first words, skimmable, never read aloud."""
    first = paragraphs[0] if paragraphs else ""
    first = _DATELINE.sub("", first, count=1) or first
    words = first.split()
    opening = " ".join(words[:LABEL_WORDS]).rstrip(",;:—-")
    if len(words) > LABEL_WORDS:
        opening += "…"
    return opening or first.strip()


def segment(blocks: list[Block | str], language: str | None = None) -> list[Section]:
    """Sections from body blocks (or plain paragraph strings), in reading order, the
    announcements for listeners in the article's `language`.

    A section whose paragraphs include a note for a table or code listing carries the markup
    shown on the page in ``Section.shown`` (one entry per paragraph, None where nothing is)."""
    blocks = [Block("p", b) if isinstance(b, str) else b for b in blocks]
    # (own heading or None, its level, spoken paragraphs, markup shown in each one's place)
    groups: list[tuple[str | None, int, list[str], list[str | None]]] = []
    heading: str | None = None
    level = TOP_LEVEL
    paras: list[str] = []
    shown: list[str | None] = []
    for b in blocks:
        if b.kind == HEADING:
            if paras:
                groups.append((heading, level, paras, shown))
                heading, level, paras, shown = b.text, b.level, [], []
            else:
                # two headings in a row (or a heading over nothing yet): read as one, at the
                # higher one's level
                level = min(level, b.level) if heading else b.level
                heading = f"{heading}: {b.text}" if heading else b.text
            continue
        for p, m in zip(b.spoken(language), b.shown()):
            if p.strip():
                paras.append(p)
                shown.append(m)
    if paras:
        groups.append((heading, level, paras, shown))

    sections: list[Section] = []

    def add(h: str, run: list[str], own: bool, marks: list[str | None], lvl: int = TOP_LEVEL) -> None:
        sections.append(Section(h, run, own_heading=own, level=max(TOP_LEVEL, min(DEEPEST_LEVEL, lvl)),
                                shown=marks if any(marks) else None))

    def runs_of(ps: list[str], ms: list[str | None]):
        # a paragraph too long for one stretch of listening is cut between sentences first
        # (a note is short, so its markup stays with it)
        pieces = [(q, m if q == p else None) for p, m in zip(ps, ms) for q in _split_long(p)]
        ps, ms = [q for q, _ in pieces], [m for _, m in pieces]
        runs = _chunk(ps)
        i = 0
        for run in runs:
            yield run, ms[i:i + len(run)]
            i += len(run)

    has_own = any(h for h, _, _, _ in groups)
    if not has_own:
        body = [p for _, _, ps, _ in groups for p in ps]
        marks = [m for _, _, _, ms in groups for m in ms]
        for run, ms in runs_of(body, marks):
            add(label(run), run, False, ms)
        return sections

    # the article's top subheading level becomes h2
    shift = min(lvl for h, lvl, _, _ in groups if h) - TOP_LEVEL
    for h, lvl, ps, ms in groups:
        runs = list(runs_of(ps, ms)) if sum(map(_words, ps)) > 2 * MAX_WORDS else [(ps, ms)]
        for i, (run, rm) in enumerate(runs):
            if h and i == 0:
                add(h, run, True, rm, lvl - shift)
            elif h:
                # a long subheaded part's later runs: one level below that subheading
                add(label(run), run, False, rm, lvl - shift + 1)
            else:
                # the lead before the first subheading
                add(label(run), run, False, rm)
    return sections


def shown_text(article) -> str:
    """The article's text as the page shows it: subheadings read aloud, paragraphs without the
    announcements added for listeners, and a table's or code listing's own text in place of
    its spoken note. (What the extraction benchmark scores; see bench/extraction.py.)"""
    from service.articles.announce import written
    from service.articles.sanitize import clean_text
    parts = []
    for s in article.sections:
        if s.own_heading:
            parts.append(s.heading)
        marks = s.shown or [None] * len(s.paragraphs)
        for p, m in zip(s.paragraphs, marks):
            text = _markup_text(m) if m else written(p)
            if text:
                parts.append(text)
    return "\n\n".join(parts)


def _markup_text(markup: str) -> str:
    """The words of shown markup, one line per table row or block."""
    import html as _html
    text = re.sub(r"(?i)<(br|/p|/tr|/li|/h\d|/caption)\b[^>]*>", "\n", markup)
    text = re.sub(r"(?i)<(/td|/th)\b[^>]*>", " ", text)
    text = _html.unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
