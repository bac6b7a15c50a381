"""Blocks from an article already cut out as plain HTML (Readability.js's content).

trafilatura hands us its own XML (``head``, ``list``/``item``, ``table``/``row``/``cell``),
which html_extract.body_to_blocks reads. Readability.js hands back ordinary HTML: this module
reads that into the same Blocks, with the same kinds -- subheadings, lists (a nested list read
as its own list after its item), quotes, data tables and code as notes, display formulas
(formulas.py's ``<pre>``) as their note, a table used for layout read as its cells' text --
so the LINE rules, de-duplication and segmentation treat both the same way.
"""
from __future__ import annotations

import copy
import html

from lxml import etree

from service.articles import formulas
from service.articles import html_extract as hx
from service.articles.blocks import HEADING, LIST, PARAGRAPH, QUOTE, Block, note_block
from service.articles.recover import _BLOCKISH
from service.articles.sanitize import normalize_space

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style", "noscript", "template", "svg", "img", "picture", "video",
         "audio", "iframe", "figcaption", "button", "form", "input", "select", "textarea"}


def blocks_of(root) -> list[Block]:
    """The article under ``root`` as Blocks, in reading order."""
    blocks: list[Block] = []
    _walk(root, blocks)
    _mark_copies(root, blocks)
    return blocks


def _mark_copies(root, blocks: list[Block]) -> None:
    """A paragraph printed again beside its first copy (same parent element) is marked
    ``Block.copy``: the page shows it twice, so de-duplication leaves it (as recover.py does)."""
    parent_of: dict[str, list] = {}
    for p in root.iter("p"):
        key = hx._key(p.text_content())
        if key:
            parent_of.setdefault(key, []).append(p.getparent())
    seen: set[str] = set()
    for b in blocks:
        if b.kind != PARAGRAPH:
            continue
        key = hx._key(b.text)
        parents = parent_of.get(key, [])
        if key in seen and len(parents) > 1 and len(set(map(id, parents))) < len(parents):
            b.copy = True
        seen.add(key)


def _walk(el, blocks: list[Block]) -> None:
    """A container: its block children in turn, the running text between them as paragraphs
    (cut where the page leaves a blank line, ``<br><br>``)."""
    run: list[str] = [el.text or ""]
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in _SKIP or not tag:
            pass
        elif tag in _BLOCKISH or tag in _HEADINGS:
            _flush(run, blocks)
            run = []
            _block(child, tag, blocks)
        elif tag == "br":
            run.append("\n")
        else:
            run.append(_inline_text(child))
        run.append(child.tail or "")
    _flush(run, blocks)


def _flush(run: list[str], blocks: list[Block]) -> None:
    for part in "".join(run).split("\n\n"):
        text = normalize_space(part)
        if text:
            blocks.append(Block(PARAGRAPH, text))


def _inline_text(el) -> str:
    """An inline element's text, with a ``<br>`` inside it as a line break."""
    el = copy.copy(el)
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return "".join(t for t in el.itertext())


def _block(el, tag: str, blocks: list[Block]) -> None:
    if tag in _HEADINGS:
        text = normalize_space(el.text_content())
        if text:
            blocks.append(Block(HEADING, text, level=max(2, int(tag[1]))))
    elif tag == "p":
        if any(isinstance(c.tag, str) and c.tag.lower() in _BLOCKISH for c in el):
            _walk(el, blocks)  # a <p> holding blocks (invalid, but parsed so): read as a div
        else:
            _flush([_inline_text(el)], blocks)
    elif tag in ("ul", "ol"):
        _list(el, tag, blocks)
    elif tag == "blockquote":
        text = normalize_space(el.text_content())
        if text:
            blocks.append(Block(QUOTE, text))
    elif tag == "pre":
        if formulas.FORMULA_CLASS in (el.get("class") or ""):
            tex = formulas.formula_tex(el.text or "")
            if tex:
                blocks.append(note_block("formula", "<pre><code>" + html.escape(tex)
                                         + "</code></pre>"))
        elif normalize_space(el.text_content()):
            blocks.append(note_block("code", hx.code_html(el)))
    elif tag == "table":
        _table(el, blocks)
    elif tag not in ("hr",):
        _walk(el, blocks)


def _list(el, tag: str, blocks: list[Block]) -> None:
    """A list as one LIST block of its items' own text; a list nested in an item follows it."""
    items, nested = [], []
    for li in el:
        if not isinstance(li.tag, str) or li.tag.lower() != "li":
            continue
        own = copy.copy(li)
        for sub in own.xpath(".//ul|.//ol"):
            sub.getparent().remove(sub)
        text = normalize_space(_inline_text(own))
        if text:
            items.append(text)
        nested.extend(li.xpath("./ul|./ol|./*//ul[not(ancestor::li[ancestor::li])]"
                               "|./*//ol[not(ancestor::li[ancestor::li])]"))
    if items:
        blocks.append(Block(LIST, items=items, ordered=tag == "ol"))
    for sub in nested:
        _list(sub, sub.tag.lower(), blocks)


def _table(el, blocks: list[Block]) -> None:
    """A data table as its note; a table used for layout as its cells' text (html_extract's
    test, on the table rewritten in trafilatura's XML)."""
    xml = etree.Element("table")
    for tr in el.iter("tr"):
        row = etree.SubElement(xml, "row")
        for cell in tr:
            if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th"):
                c = etree.SubElement(row, "cell", {"role": "head"} if cell.tag == "th" else {})
                c.text = cell.text_content()
                for child in cell:
                    if isinstance(child.tag, str) and child.tag.lower() in _BLOCKISH:
                        etree.SubElement(c, "p")  # marks a cell holding blocks
    if hx.is_layout_table(xml):
        for cell in el.xpath(".//td|.//th"):
            if cell.xpath(".//td|.//th"):
                continue  # a nested table's cells are read in their own right
            start = len(blocks)
            _walk(cell, blocks)
            for b in blocks[start:]:
                b.in_cell = True
    else:
        blocks.append(note_block("table", hx.table_html(xml), hx.table_rows(xml)))
