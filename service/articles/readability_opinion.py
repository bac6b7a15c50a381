"""Readability.js's article as a second opinion: its paragraphs that our blocks lack come back.

Our noise rules remove only what they positively recognise (captions, credits, ads, related
links, share and newsletter boxes, comments); what is left, trafilatura and recover.py decide.
Both can miss part of a body that no rule named: text outside the element that holds most of
what trafilatura kept, a part after a figure, a lead in its own ``<div>``. Mozilla
Readability.js (readability_js.py) scores the page as a whole, so on the tree our noise rules
already cleaned its article is a general answer to "what else is the article?".

1. Readability.js runs on the cleaned tree (serialised), so nothing a noise rule removed can
   come back through it.
2. Its article is cut into text units as recover.py cuts a page (paragraphs, headings, quotes,
   list items, a ``<div>``'s own running text), in its order.
3. A unit is kept when most of its 4-word shingles are in our blocks already, missing when
   almost none are. A missing unit comes back after the block that holds the kept unit before
   it; a heading only before returned prose; list items as a list.
4. Every returned block still passes the LINE noise rules and de-duplication (blocks.py), and
   each one's reason is "in Readability.js's article" in ``newsreader extract --explain``.
"""
from __future__ import annotations

import os
from collections import Counter

import lxml.html
from lxml import etree

from service.articles import explain, formulas, readability_js
from service.articles import recover as rc
from service.articles.blocks import HEADING, LIST, Block
from service.articles.sanitize import normalize_space

REASON = "in Readability.js's article"
NOT_IN = "not in Readability.js's article"


def article_root(tree):
    """Readability.js's article for the (cleaned) tree, as an lxml element, or None."""
    try:
        page = etree.tostring(tree, encoding="unicode", method="html")
    except (etree.SerialisationError, ValueError):
        return None
    html = readability_js.content(page, (formulas.FORMULA_CLASS,))
    if html is None:
        return None
    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def add_missing(blocks: list[Block], root) -> list[Block]:
    """``blocks`` with the units of Readability.js's article (``root``) they lack, in order."""
    if root is None:
        return blocks
    units = [u for u in rc.text_units(root) if u.kind != rc.FORMULA]
    block_sh = [rc._shingles(" ".join([b.text, *b.items, rc._markup_text(b.html or "")]))
                for b in blocks]
    holders: dict = {}
    for i, sh in enumerate(block_sh):
        for x in sh:
            holders.setdefault(x, []).append(i)
    kept_sh = set().union(*block_sh) if block_sh else set()
    shares = rc._shares(units, kept_sh, Counter(rc._key(b.text) for b in blocks if b.text))
    rc._short_units_found(units, shares, blocks)
    mark_kept(blocks, units, shares, holders)
    lists = rc._missing_lists(units, shares)
    extra: dict[int, list[Block]] = {}
    prev, heading, open_list = -1, None, None
    for u, s in zip(units, shares):
        if s >= rc.KEPT:
            prev, heading = max(prev, rc._holder(u.shingles, holders)), None
            continue
        if s > rc.MISSING:
            continue  # partly in our text already: a repeat or a rewrap, not a new paragraph
        if u.kind == HEADING:
            heading = u
            continue
        why = _declined(u, lists)
        if why is not None:
            explain.note(explain.DROPPED, "readability", f"{REASON}, but {why}", u.text)
            continue
        new = extra.setdefault(prev, [])
        if heading is not None and len(heading.text.split()) <= 20:
            new.append(Block(HEADING, heading.text, level=heading.level))
            explain.note(explain.KEPT, "readability", REASON + ", a heading before its prose",
                         heading.text)
        heading = None
        if u.kind == rc.ITEM:
            parent = u.el.getparent()
            if open_list is None or open_list[0] is not parent or not new \
                    or new[-1] is not open_list[1]:
                open_list = (parent, Block(LIST, ordered=parent.tag == "ol"))
                new.append(open_list[1])
            open_list[1].items.append(u.text)
            explain.note(explain.KEPT, "readability", REASON + ", a list item", u.text)
            continue
        new.append(Block(u.kind, u.text))
        explain.note(explain.KEPT, "readability", REASON, u.text)
    if not extra:
        return blocks
    out = list(extra.get(-1, []))
    for i, b in enumerate(blocks):
        out.append(b)
        out.extend(extra.get(i, []))
    return out


def _declined(u, lists: dict) -> str | None:
    """Why a missing unit of Readability.js's article does not come back (None: it does): as
    for recover.py's own, it must read like article prose, or be a whole list that reads like
    part of the article."""
    if os.environ.get("RJS_ALL"):
        return None
    if u.kind == rc.ITEM:
        return lists.get(u.el.getparent(), "a list item")
    return None if rc._prose(u) else rc._not_prose(u)


def mark_kept(blocks: list[Block], units, shares, holders) -> None:
    """For the explain view: which of our blocks Readability.js's article holds too."""
    if not explain.active():
        return
    agreed = {rc._holder(u.shingles, holders) for u, s in zip(units, shares) if s >= rc.KEPT}
    for i, b in enumerate(blocks):
        text = b.text or " | ".join(b.items) or normalize_space(rc._markup_text(b.html or ""))
        explain.note(explain.KEPT, "readability",
                     "Readability.js keeps it too" if i in agreed else NOT_IN, text)


def _block_text(b: Block) -> str:
    return " ".join([b.text, *b.items, rc._markup_text(b.html or "")])


def add_blocks(primary: list[Block], secondary: list[Block], stage: str) -> list[Block]:
    """``primary`` with the blocks of ``secondary`` it lacks, each after the primary block that
    holds the secondary one before it (the same kept/missing shares as for units)."""
    block_sh = [rc._shingles(_block_text(b)) for b in primary]
    holders: dict = {}
    for i, sh in enumerate(block_sh):
        for x in sh:
            holders.setdefault(x, []).append(i)
    kept_sh = set().union(*block_sh) if block_sh else set()
    extra: dict[int, list[Block]] = {}
    prev, heading = -1, None
    for b in secondary:
        sh = rc._shingles(_block_text(b))
        share = rc._share(sh, kept_sh)
        if share >= rc.KEPT:
            prev, heading = max(prev, rc._holder(sh, holders)), None
            continue
        if share > rc.MISSING:
            continue
        if b.kind == HEADING:
            heading = b
            continue
        new = extra.setdefault(prev, [])
        if heading is not None:
            new.append(heading)
        heading = None
        new.append(b)
        explain.note(explain.KEPT, stage, "not in Readability.js's article, but in ours",
                     b.text or " | ".join(b.items))
    out = list(extra.get(-1, []))
    for i, b in enumerate(primary):
        out.append(b)
        out.extend(extra.get(i, []))
    return out
