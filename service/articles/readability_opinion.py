"""Readability.js's article of the page our noise rules cleaned, and how it agrees with ours.

Mozilla Readability.js (readability_js.py) scores the page as a whole, so its article is a
general answer to "what is the article?". It always runs on the tree our noise rules already
cleaned: nothing a rule recognised (captions, credits, ads, related links, share and newsletter
boxes, comments) can come back through it, and everything it gives still passes the LINE rules
and de-duplication (blocks.py).

Two uses: the body itself when NEWSREADER_ARTICLE_BODY=readability (html_extract.py), and, in
``newsreader extract --explain``, a line per block saying whether Readability.js's article holds
it too -- a second opinion shown beside the decision that kept it.
"""
from __future__ import annotations

import lxml.html
from lxml import etree

from service.articles import explain, formulas, readability_js
from service.articles import recover as rc
from service.articles.blocks import NOTE, Block
from service.articles.sanitize import normalize_space

AGREES = "Readability.js keeps it too"
DISAGREES = "not in Readability.js's article (ours keeps it)"


def article_root(tree):
    """Readability.js's article for the (cleaned) tree, as an lxml element, or None."""
    try:
        page = etree.tostring(tree, encoding="unicode", method="html")
    except (etree.SerialisationError, ValueError):
        return None
    # formulas.py's display formulas keep their class, so they are read as their note
    html = readability_js.content(page, (formulas.FORMULA_CLASS,))
    if html is None:
        return None
    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def _text(b: Block) -> str:
    """What a block shows: a table's or listing's own text rather than its spoken note."""
    if b.kind == NOTE and b.html:
        return rc._markup_text(b.html)
    return " ".join([b.text, *b.items])


def note_agreement(blocks: list[Block], root) -> None:
    """For the explain view: per block, whether most of its 4-word shingles are in
    Readability.js's article (``root``; None: it found none)."""
    if not explain.active():
        return
    # its text piece by piece: cells and items run together in text_content() ("Year1900")
    theirs = rc._shingles(" ".join(root.itertext())) if root is not None else set()
    for b in blocks:
        sh = rc._shingles(_text(b))
        agrees = bool(sh) and rc._share(sh, theirs) >= rc.KEPT
        text = b.text or " | ".join(b.items) or normalize_space(rc._markup_text(b.html or ""))
        explain.note(explain.KEPT if agrees else explain.DROPPED, "readability",
                     AGREES if agrees else DISAGREES, text)
