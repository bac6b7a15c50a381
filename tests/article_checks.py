"""The invariants every extracted Article and every segmentation keeps, as plain assertions.

Shared by the property tests and the long fuzz run (bench/fuzz.py), so "the fuzzer found
nothing" means the same checks as the tests held on many more inputs.

What extract() documents (service/articles/extract.py): an Article with a title, a byline of
names or None, an ISO date or None, a BCP 47 primary tag or None and at least one non-empty
section; ExtractionError otherwise. Beyond that, what sanitize.py promises for every field
leaving extraction: no markup-control characters and text that can be stored (UTF-8 encodable:
no lone surrogates), which the database, the cache key and eSpeak all need.
"""
from __future__ import annotations

import datetime
import re
import unicodedata

from service.articles.blocks import HEADING, Block
from service.articles.segment import label
from service.models import Article, Section

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


def norm(text: str) -> str:
    """Text compared as a reader sees it: NFC, whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _check_string(s, what: str) -> None:
    assert isinstance(s, str), (what, type(s))
    s.encode("utf-8")  # raises on a lone surrogate: such text cannot be stored or hashed
    assert not _CONTROL.search(s), (what, s)


def check_article(a) -> None:
    assert isinstance(a, Article), type(a)
    _check_string(a.title, "title")
    assert a.title.strip(), "empty title"
    if a.byline is not None:
        _check_string(a.byline, "byline")
        assert a.byline.strip(), "blank byline"
    if a.published is not None:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.published), a.published
        datetime.date.fromisoformat(a.published)
    if a.language is not None:
        assert _LANGUAGE.fullmatch(a.language), a.language
    assert a.sections, "no sections"
    for sec in a.sections:
        check_section(sec)


def check_section(sec: Section, sanitized: bool = True) -> None:
    """A heading and non-blank paragraphs; ``sanitized``: as clean as extraction leaves text
    (segment() itself passes its input's characters through as they are)."""
    assert isinstance(sec, Section)
    check = _check_string if sanitized else (lambda s, what: None)
    check(sec.heading, "heading")
    assert isinstance(sec.heading, str) and sec.heading.strip(), "section without a heading"
    assert sec.paragraphs, f"empty section {sec.heading!r}"
    for p in sec.paragraphs:
        check(p, "paragraph")
        assert isinstance(p, str) and p.strip(), "blank paragraph"
    if sec.shown is not None:
        assert len(sec.shown) == len(sec.paragraphs)


def expected_groups(blocks: list[Block | str]) -> list[tuple[str | None, list[str]]]:
    """The (own heading, spoken paragraphs) runs segment() must keep, worked out independently:
    consecutive headings read as one ("A: B"), a heading with nothing under it goes."""
    groups: list[tuple[str | None, list[str]]] = []
    heading: str | None = None
    paras: list[str] = []
    for b in blocks:
        b = Block("p", b) if isinstance(b, str) else b
        if b.kind == HEADING:
            if paras:
                groups.append((heading, paras))
                heading, paras = b.text, []
            else:
                heading = f"{heading}: {b.text}" if heading else b.text
            continue
        paras += [p for p in b.spoken() if p.strip()]
    if paras:
        groups.append((heading, paras))
    return groups


def check_segmentation(blocks: list[Block | str], sections: list[Section],
                       sentences: dict[str, list[str]] | None = None,
                       sanitized: bool = True) -> None:
    """Every spoken paragraph lands, in order, in exactly one section (a paragraph too long to
    listen to in one go may be cut, into consecutive pieces that join back to it); no section
    is empty or unheaded; own subheadings head their sections, in order; a section never mixes
    two subheadings' paragraphs; and, given each paragraph's sentences, no cut falls inside
    one."""
    groups = expected_groups(blocks)
    if not groups:
        assert sections == [], sections
        return
    assert sections, "no sections for a body with text"
    for sec in sections:
        check_section(sec, sanitized)

    # which group each output paragraph came from, rebuilt by joining pieces back
    out = [(i, p) for i, sec in enumerate(sections) for p in sec.paragraphs]
    pos = 0
    group_of_section: dict[int, set[int]] = {}
    for g, (_, paras) in enumerate(groups):
        for p in paras:
            want, got, pieces = norm(p), "", []
            while pos < len(out) and len(got) < len(want):
                i, q = out[pos]
                got = f"{got} {norm(q)}".strip()
                pieces.append(q)
                group_of_section.setdefault(i, set()).add(g)
                pos += 1
            assert got == want, (want[:80], got[:80])
            if sentences and len(pieces) > 1 and p in sentences:
                _check_cuts(pieces, sentences[p])
    assert pos == len(out), f"{len(out) - pos} paragraphs in sections that were not in the body"
    assert all(len(gs) == 1 for gs in group_of_section.values()), "a section spans a subheading"

    own = [g for g, (h, _) in enumerate(groups) if h]
    if not own:
        assert [s.heading for s in sections] == [label(s.paragraphs) for s in sections]
        assert not any(s.own_heading for s in sections)
        return
    for i, sec in enumerate(sections):
        (g,) = group_of_section[i]
        h = groups[g][0]
        if sec.own_heading:
            assert sec.heading == h, (sec.heading, h)
        else:
            assert sec.heading == label(sec.paragraphs), (sec.heading, h)
    assert [s.heading for s in sections if s.own_heading] == [groups[g][0] for g in own]


def _check_cuts(pieces: list[str], sents: list[str]) -> None:
    """Each piece is a run of whole sentences of the paragraph."""
    k = 0
    for piece in pieces:
        got = ""
        while k < len(sents) and len(got) < len(norm(piece)):
            got = f"{got} {norm(sents[k])}".strip()
            k += 1
        assert got == norm(piece), ("a sentence was cut", piece[-60:])
