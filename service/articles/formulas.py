"""Mathematics on a page, as a listener gets it: a spoken note instead of symbols.

A formula read out symbol by symbol ("backslash frac open brace one...") is noise, and the
rendered copies MathJax and KaTeX add beside the source would be read a second time. So,
before extraction, each formula is found once, by its source (MathML ``<math>``, a MathJax
``<script type="math/tex">``, a MathJax 3 ``<mjx-container>``), and its rendered copies go:

* a formula on a line of its own becomes ``<pre class="newsreader-formula">`` holding MARK and
  its TeX (or its text), which reaches html_extract.py as a NOTE ("A formula follows, shown on
  the page.", in the article's language: announce.py), with the TeX shown in its place;
* a formula inside a sentence becomes the word "(formula)", so the sentence still reads.
"""
from __future__ import annotations

import re

from lxml import etree

FORMULA_CLASS = "newsreader-formula"
# trafilatura may turn the <pre> into <code> or <quote> and drops its class: the text carries
# this mark, so html_extract.py knows a formula whatever element it comes back as
MARK = "NEWSREADER-FORMULA::"
INLINE = "(formula)"

# rendered copies and previews: the source beside them says the same
_RENDERED = re.compile(r"^(MathJax(_Preview|_Display|_SVG\w*|_CHTML\w*)?|katex-html|"
                       r"MJX_Assistive_MathML)$")
_RENDERED_TAGS = {"mjx-math", "mjx-assistive-mml"}


def _tex(el) -> str:
    """The formula as its author wrote it: TeX annotation or alttext, else its text."""
    for ann in el.iter("annotation", "{*}annotation"):
        if "tex" in (ann.get("encoding") or "").lower() and (ann.text or "").strip():
            return ann.text.strip()
    return (el.get("alttext") or "").strip() or " ".join(el.text_content().split())


def _is_display(el) -> bool:
    if el.tag == "script":
        return "mode=display" in (el.get("type") or "").replace(" ", "")
    if el.get("display") in ("block", "true"):
        return True
    # alone in its block: nothing but the formula (and other formulas) there
    parent = el.getparent()
    while parent is not None and parent.tag in ("span", "mjx-container"):
        parent = parent.getparent()
    if parent is None:
        return False
    mine = set(el.itertext())  # once: built per text of the block, it was quadratic
    own = "".join(t for t in parent.itertext() if t not in mine)
    return not own.strip()


def _sources(tree) -> list:
    out = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower().rsplit("}", 1)[-1]
        if tag == "script" and (el.get("type") or "").lower().startswith("math/tex"):
            out.append(el)
        elif tag == "math" and not any(a in out for a in el.iterancestors()):
            out.append(el)
    return out


def formula_tex(text: str) -> str | None:
    """The TeX of a formula marked by mark_formulas, or None for any other text."""
    text = text.strip()
    return text[len(MARK):].strip() if text.startswith(MARK) else None


def mark_formulas(tree) -> int:
    """Replace, in place, every formula with a note or the word "(formula)"; return how many."""
    if not tree.xpath('//*[local-name()="math"]|//script[starts-with(@type, "math/tex")]'):
        return 0  # most pages: one pass in C, nothing more
    sources = _sources(tree)
    rendered = [el for el in tree.iter() if isinstance(el.tag, str) and (
        el.tag in _RENDERED_TAGS or any(_RENDERED.match(c) for c in (el.get("class") or "").split()))]
    for el in rendered:
        if el.getparent() is not None and not any(s is el or s in el.iterdescendants()
                                                  for s in sources if s.tag == "script"):
            # a MathJax 3 container keeps its assistive MathML: that is the source
            if el.tag == "mjx-assistive-mml":
                continue
            el.drop_tree()
    n = 0
    for el in _sources(tree):
        parent = el.getparent()
        if parent is None:
            continue
        if _is_display(el):
            new = etree.Element("pre", {"class": FORMULA_CLASS})
            new.text = MARK + _tex(el)
        else:
            new = etree.Element("span")
            new.text = INLINE
        new.tail = el.tail
        if new.tail and new.tail[0].isalnum():
            new.tail = " " + new.tail  # "x+1</math>is" must not glue to the next word
        parent.replace(el, new)
        n += 1
    return n
