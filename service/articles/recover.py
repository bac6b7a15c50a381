"""A second opinion on the body: paragraphs of the article that the main extractor dropped.

trafilatura is precise but sometimes loses whole stretches of an article: the second half of a
body the page splits into parts around an ad ("article__body" twice, an ad rail between them),
a lead paragraph written straight into a ``<div>`` instead of a ``<p>``, a standfirst in its own
``<div>``. The DOM still has them, next to the paragraphs trafilatura did keep.

So, after extraction, on the tree our noise rules have already cleaned:

1. **Text units** -- every ``<p>``, heading, block quote and list item, and every ``<div>``'s own
   running text (its text and inline children, cut at ``<br><br>``; a ``<ul>``'s too, outside
   its items, where an old page indents a paragraph with a list), in document order.
2. **Kept or not** -- a unit is kept when most of its 4-word shingles are in the extracted text,
   missing when almost none are. A paragraph the page prints twice, side by side, is kept once
   by trafilatura (which drops repeats): its second copy is missing, not kept.
3. **The container** -- the deepest element holding at least 80% of the kept text (a stray
   sidebar paragraph trafilatura picked up does not widen it to the whole page). When one of its
   ancestors (up to four levels) has *following* siblings of the same tag and class (a body split
   into parts), the same path inside those siblings is container too.
4. **Recovered** -- a missing unit inside the container that reads like article prose: enough
   words (or a short sentence in a <p>, no link, not beside a picture: a caption there), few
   of them links, ending like a sentence (a block quote need not: an embedded post ends with
   its author and date); and a ``<ul>``/``<ol>`` left out whole, with 2+ items,
   LIST_MIN_WORDS or more and few links, as a list; the missing items of a list trafilatura
   kept only partly, in their place, when Readability's conditional clean would keep that list whole
   (siblings.list_cleaned: no negative class, few links, no form field). Headings come back
   only before recovered prose; a heading drawn with a class
   (``<span class="headline2">Step 1</span>``, which trafilatura cannot see as one) also
   between two paragraphs it kept.
   A display formula (formulas.py's ``<pre>``) in a ``<div>``, ``<p>`` or ``<figure>`` of its
   own comes back as its note wherever the nearest text before and after it was kept, inside
   the container or not: it stands between the article's sentences.
   Just outside the container, after it, Readability's sibling test decides (siblings.py): a
   sibling that joins is read as the container is, a unit of it coming back when it is not
   inside a link, few of its characters are links and it is a sentence or long enough.
   Before the first kept paragraph only the body's own lead comes back: more running text of
   the very element a kept paragraph is in, or a sibling of the same tag and class (a kicker
   or standfirst has its own). Everything recovered still passes the LINE noise rules and de-duplication in
   blocks.py, like every other block.

Recovered units are put back in document order, after the block holding the kept unit before
them. A recovered copy of a paragraph printed again beside the first (same parent element) is
marked ``Block.copy``: the page shows it twice, so de-duplication leaves it. Every unit's fate
and its reason go to explain.py (``newsreader extract --explain``).
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import replace

from service.articles import explain, formulas, siblings
from service.articles.blocks import HEADING, LIST, PARAGRAPH, QUOTE, Block, note_block
from service.articles.sanitize import normalize_space
from service.articles.segment import _markup_text

TOKEN = re.compile(r"\w+")
MIN_WORDS = 12  # a recovered paragraph is at least this long...
SHORT_SENTENCE_WORDS = 5  # ...or a sentence of this many words with no link (_short_sentence)
_PICTURES = ("img", "picture", "video", "figure", "svg")
# ...and a list left out whole has this many words in all: its items may be one sentence cut
# in two ("I've heard it before; and" / "I didn't care the first time.")
LIST_MIN_WORDS = 8
KEPT, MISSING = 0.5, 0.1  # shares of a unit's shingles found in the extracted text
CONTAINER_SHARE = 0.8
MAX_LINK_SHARE = 0.3
PARTS_LEVELS = 4
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)\]]?\s*$")
_BLOCKISH = {"p", "div", "section", "article", "main", "ul", "ol", "li", "table", "tr", "td",
             "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "header",
             "pre", "dl", "dd", "dt", "form", "center", "hr"}
_NESTING = ("p", "blockquote", "li", "h2", "h3", "h4")  # a unit inside one is part of it
FORMULA = "formula"  # a display formula (formulas.py made it a <pre>): its TeX is its text
NEIGHBOUR_WORDS = 4  # the text around a formula that says whether it is read
OUTSIDE = "outside the article container"
ITEM = "li"  # a list item: a landmark for reading order, never recovered (lists stay lists)
# a heading drawn with a class, not a tag ('<span class="headline2 head">Step 1</span>',
# '<div class="pf_subheadline">'): the main extractor cannot see it as one, so it comes back
# even between paragraphs it kept
_STYLED_HEADING = re.compile(r"^([a-z0-9]+[-_])?(sub-?)?(head|headline|heading)\d*$")
_STYLED_TAGS = {"span", "div", "p", "strong", "b"}
STYLED_MAX_WORDS = 12
_UNIT_TAGS = {"p": PARAGRAPH, "h2": HEADING, "h3": HEADING, "h4": HEADING, "blockquote": QUOTE,
              "li": ITEM}


class Unit:
    __slots__ = ("el", "kind", "text", "links", "order", "level", "_tokens", "_sh")

    def __init__(self, el, kind, text, links, order, level=2):
        self.el, self.kind, self.text, self.links = el, kind, text, links
        self.order, self.level = order, level
        self._tokens = self._sh = None

    @property
    def key(self) -> str:
        """The unit's words, lower-cased (what a repeat is recognised by)."""
        if self._tokens is None:
            self._tokens = TOKEN.findall(self.text.lower())
        return " ".join(self._tokens)

    @property
    def shingles(self) -> set:
        if self._sh is None:
            self.key  # noqa: B018 - fills _tokens
            self._sh = _shingles_of(self._tokens)
        return self._sh


def _shingles(text: str) -> set:
    return _shingles_of(TOKEN.findall(text.lower()))


def _shingles_of(t: list[str]) -> set:
    if len(t) < 4:
        return {tuple(t)} if t else set()
    return set(zip(t, t[1:], t[2:], t[3:]))


def _share(unit_sh: set, kept: set) -> float:
    return len(unit_sh & kept) / len(unit_sh) if unit_sh else 0.0


def _shares(units: list["Unit"], kept: set, printed: Counter) -> list[float]:
    """Each unit's share of shingles found in the extracted text, in document order. A second
    copy of a kept paragraph beside the first (same parent) counts as missing: trafilatura
    drops repeats, so the copies beyond the number it ``printed`` are missing. A copy elsewhere
    (a hidden or mobile rendering of the body) stays "kept": the page shows the text once."""
    out = []
    seen: Counter = Counter()  # (parent, text key) of kept units
    for u in units:
        share = _share(u.shingles, kept)
        if share >= KEPT:
            key = u.key
            here = (u.el.getparent(), key)
            if seen[here] >= max(1, printed[key]):
                share = 0.0
            seen[here] += 1
        out.append(share)
    return out


def text_units(root) -> list[Unit]:
    """The page's text units in document order (see the module docstring)."""
    units: list[Unit] = []
    orders = {el: i for i, el in enumerate(root.iter())}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        order = orders[el]
        tag = el.tag.lower()
        if _styled_heading(el):
            if next(el.iterancestors(*_NESTING), None) is None:
                units.append(Unit(el, HEADING, normalize_space(el.text_content()), 0, order, 3))
            continue
        if tag == "pre" and formulas.FORMULA_CLASS in (el.get("class") or ""):
            tex = formulas.formula_tex(el.text or "")
            if tex:
                units.append(Unit(el, FORMULA, tex, 0, order))
            continue
        if tag in _UNIT_TAGS:
            if tag != "blockquote" and next(el.iterancestors(*_NESTING), None) is not None:
                continue
            text = normalize_space(el.text_content())
            if text:
                links = sum(len(a.text_content()) for a in el.iter("a"))
                units.append(Unit(el, _UNIT_TAGS[tag], text, links, order,
                                  int(tag[1]) if tag[0] == "h" else 2))
        elif tag in ("div", "section", "td", "article", "main", "ul", "ol"):
            # (a list's own text, outside any <li>: old pages indent a paragraph with <ul>)
            for text, links, after in _own_runs(el):
                # a run after a block child reads after everything inside that child
                at = order if after is None else orders[_last(after)] + 0.5
                units.append(Unit(el, PARAGRAPH, text, links, at))
    units.sort(key=lambda u: u.order)
    return units


def _styled_heading(el) -> bool:
    """A short element whose class says it is a heading, with no block inside it and not
    inside a link (there it is a teaser's headline: <a><span class="card-headline">)."""
    if not isinstance(el.tag, str) or el.tag.lower() not in _STYLED_TAGS:
        return False
    if not any(_STYLED_HEADING.match(c) for c in (el.get("class") or "").lower().split()):
        return False
    if any(isinstance(c.tag, str) and c.tag.lower() in _BLOCKISH for c in el.iterdescendants()):
        return False
    if next(el.iterancestors("a"), None) is not None:
        return False
    return 0 < len(el.text_content().split()) <= STYLED_MAX_WORDS


def _last(el):
    while len(el):
        el = el[-1]
    return el


def _own_runs(el) -> list[tuple[str, int, object]]:
    """The running text written straight into a <div> (not inside a block child), cut at
    blank lines made of <br><br>: [(text, characters inside links, the block child it follows
    or None)]."""
    runs: list[tuple[list[str], int, object]] = [([], 0, None)]
    brs = 0

    def add(s: str | None, link: int = 0):
        nonlocal brs
        if s and s.strip():
            parts, n, after = runs[-1]
            parts.append(s)
            runs[-1] = (parts, n + link, after)
            brs = 0

    add(el.text)
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "br":
            brs += 1
            if brs == 2 and runs[-1][0]:
                runs.append(([], 0, runs[-1][2]))
        elif tag in _BLOCKISH or _styled_heading(child):
            if runs[-1][0]:
                runs.append(([], 0, child))
            else:
                runs[-1] = ([], 0, child)
            brs = 0
        elif tag:
            txt = child.text_content()
            add(txt, len(txt) if tag == "a" else sum(len(a.text_content())
                                                    for a in child.iter("a")))
        add(child.tail)
    out = []
    for parts, links, after in runs:
        text = normalize_space(" ".join(parts))
        if text:
            out.append((text, links, after))
    return out


def _ancestors(el):
    p = el.getparent()
    while p is not None:
        yield p
        p = p.getparent()


def _container(kept: list[Unit]):
    """The deepest element holding CONTAINER_SHARE of the kept text."""
    total = sum(len(u.text) for u in kept)
    weight: dict = {}
    for u in kept:
        for a in [u.el, *_ancestors(u.el)]:
            weight[a] = weight.get(a, 0) + len(u.text)
    best, depth = None, -1
    for el, w in weight.items():
        if w >= CONTAINER_SHARE * total:
            d = sum(1 for _ in _ancestors(el))
            if d > depth:
                best, depth = el, d
    if best is not None and best.getparent() is not None and all(u.el is best for u in kept):
        return best.getparent()  # one kept paragraph: the body is what holds it
    return best


def _sig(el) -> tuple:
    return el.tag, " ".join((el.get("class") or "").split())


def _parts(container) -> list:
    """The container and, for a body split into parts, the same place in each later part."""
    out = [container]
    path = []
    node = container
    for _ in range(PARTS_LEVELS):
        parent = node.getparent()
        if parent is None or node.tag in ("body", "html"):
            break
        path.insert(0, _sig(node))
        if _sig(node)[1]:
            for sib in node.itersiblings():
                if isinstance(sib.tag, str) and _sig(sib) == _sig(node):
                    found = _follow(sib, path[1:])
                    if found is not None:
                        out.append(found)
        if len(out) > 1:
            break
        node = parent
    return out


def _follow(el, path):
    for sig in path:
        el = next((c for c in el if isinstance(c.tag, str) and _sig(c) == sig), None)
        if el is None:
            return None
    return el


def _prose(u: Unit) -> bool:
    """Reads like a paragraph of the article: long enough, few links, ends like a sentence, and
    not inside a link (a teaser card whose whole box is a link to another story)."""
    words = len(u.text.split())
    return (u.kind not in (HEADING, ITEM)
            and (words >= MIN_WORDS or _short_sentence(u, words))
            and u.links <= MAX_LINK_SHARE * len(u.text)
            and (u.kind == QUOTE or bool(_SENTENCE_END.search(u.text)))
            and not any(a.tag == "a" for a in _ancestors(u.el)))


def _short_sentence(u: Unit, words: int) -> bool:
    """A short paragraph that is still a sentence of the article ("But there are two problems
    with this potential disruption."): a <p> of its own (a line in a <div> or <span> the main
    extractor left out is furniture as often: "Scroll down for the video."),
    SHORT_SENTENCE_WORDS or more, no link, ending like a sentence, and not beside a picture
    (there it is a caption)."""
    return (u.el.tag == "p" and words >= SHORT_SENTENCE_WORDS and not u.links
            and bool(_SENTENCE_END.search(u.text)) and next(u.el.iter(*_PICTURES), None) is None)


def _lead_of(u: Unit, kept_inside: list[Unit]) -> bool:
    """A unit before the first kept paragraph that is the body's own lead (see the docstring)."""
    if any(u.el is k.el for k in kept_inside):
        return True
    first = kept_inside[0].el
    return u.el.getparent() is first.getparent() and _sig(u.el) == _sig(first)


def _continues(u: Unit, kept_pairs: set) -> bool:
    """A unit after the last kept paragraph that is still the body: a copy of a kept paragraph
    printed again beside it (trafilatura drops repeats; kept_pairs: (parent, key) of the kept
    units). Anything else there is furniture (an author bio, a teaser, a membership pitch),
    however much it reads like prose."""
    return u.kind == PARAGRAPH and (u.el.getparent(), u.key) in kept_pairs


def recover(tree, blocks: list[Block]) -> list[Block]:
    """``blocks`` with the article's missing paragraphs put back (see the module docstring)."""
    if not blocks:
        return blocks
    block_sh = [_shingles(" ".join([b.text, *b.items, _markup_text(b.html or "")]))
                for b in blocks]
    kept_sh = set().union(*block_sh)
    holders: dict = {}
    for i, sh in enumerate(block_sh):
        for x in sh:
            holders.setdefault(x, []).append(i)
    units = text_units(tree)
    shares = _shares(units, kept_sh, Counter(_key(b.text) for b in blocks if b.text))
    _short_units_found(units, shares, blocks)
    kept = [u for u, s in zip(units, shares) if s >= KEPT]
    if not kept:
        return blocks
    container = _container(kept)
    if container is None:
        return blocks
    parts = _parts(container)
    inside = set(id(e) for e in container.iter())
    later = set(id(e) for part in parts[1:] for e in part.iter())
    # after the last kept paragraph of the body come its furniture (author bio, teasers,
    # membership pitch): only a later part of a split body is recovered there
    # before the first come the kicker and standfirst, which a page's reference may or may not
    # count as the article: there only the body's own lead comes back (_lead_of)
    kept_inside = sorted((u for u in kept if id(u.el) in inside), key=lambda u: u.order)
    first, last = kept_inside[0].order, kept_inside[-1].order
    kept_pairs = {(k.el.getparent(), k.key) for k in kept_inside}
    lists = _missing_lists(units, shares)
    between = _formulas_between_kept(units, shares)
    # just outside the container, Readability's sibling test decides (siblings.py)
    verdicts = {id(e): v for sib, v in siblings.sibling_verdicts(container).items()
                for e in sib.iter()}
    joined = {k: why for k, (joins, why) in verdicts.items() if joins}
    declined = {k: why for k, (joins, why) in verdicts.items() if not joins}
    # units in the container, in document order, each kept (with its block) or to recover
    plan: list[tuple[Unit, int | None]] = []  # (unit, index of the block holding it)
    tracing = explain.active()
    for u, s in zip(units, shares):
        if u.kind == FORMULA:
            why = None if s >= KEPT or id(u) in between else "a formula, not between kept text"
        else:
            why = _left_out(u, s, inside, later, first, last, kept_inside, kept_pairs, lists,
                            joined)
            if why == OUTSIDE and tracing:
                why += _where(u, container, first, declined)
        if why is not None:
            if s < KEPT and tracing:
                # (partly kept: the part trafilatura left out is lost, and said so)
                explain.note(explain.DROPPED, "trafilatura", f"left out; not recovered: {why}"
                             + (f" ({s:.0%} of it is)" if s > MISSING else ""), u.text)
            continue
        if s >= KEPT:
            plan.append((u, _holder(u.shingles, holders)))
        else:
            plan.append((u, None))
    # headings only between prose that is read
    extra: dict[int, list[Block]] = {}
    prev_block = -1
    pending_heading = None
    kept_texts = {u.key: u.el.getparent() for u, h in plan if h is not None}
    open_list = None  # (list element, its recovered LIST block) being filled
    for u, holder in plan:
        if holder is not None:
            if pending_heading is not None and 0 <= prev_block < holder \
                    and pending_heading.el.tag.lower() in _STYLED_TAGS:
                extra.setdefault(prev_block, []).append(
                    Block(HEADING, pending_heading.text, level=pending_heading.level))
                explain.note(explain.KEPT, "recover", "a heading drawn with a class, between "
                             "kept prose", pending_heading.text)
            elif pending_heading is not None:
                _heading_dropped(pending_heading, "before text trafilatura kept")
            prev_block = max(prev_block, holder)
            pending_heading = None
            continue
        if u.kind == HEADING:
            if pending_heading is not None:
                _heading_dropped(pending_heading, "before another heading")
            pending_heading = u
            continue
        new = extra.setdefault(prev_block, [])
        if u.kind == FORMULA:
            # a display formula between kept text: its spoken note in its place
            new.append(note_block("formula", "<pre><code>" + html.escape(u.text) + "</code></pre>"))
            explain.note(explain.KEPT, "recover", "a display formula between kept text: its "
                         "note in its place", u.text)
            continue
        if u.kind == ITEM:
            # the items of a list trafilatura left out whole come back as that list
            parent = u.el.getparent()
            if open_list is None or open_list[0] is not parent or not new \
                    or open_list[1] is not new[-1]:
                open_list = (parent, Block(LIST, ordered=parent.tag == "ol"))
                new.append(open_list[1])
                explain.note(explain.KEPT, "recover", f"a list in the article container "
                             f"<{container.tag}>, few links", " | ".join(
                                 normalize_space(li.text_content()) for li in parent
                                 if li.tag == "li"))
            new[-1].items.append(u.text)
            if pending_heading is not None:
                _heading_dropped(pending_heading, "before a recovered list")
            pending_heading = None
            continue
        if pending_heading is not None and len(pending_heading.text.split()) <= 20:
            new.append(Block(HEADING, pending_heading.text, level=pending_heading.level))
            explain.note(explain.KEPT, "recover", "heading before recovered prose",
                         pending_heading.text)
        elif pending_heading is not None:
            _heading_dropped(pending_heading, "over 20 words")
        pending_heading = None
        # a second copy printed beside the first: the page shows it twice
        copy = kept_texts.get(u.key, False) is u.el.getparent()
        kept_texts.setdefault(u.key, u.el.getparent())
        new.append(Block(u.kind, u.text, copy=copy))
        explain.note(explain.KEPT, "recover",
                     f"joined as the container's sibling: {joined[id(u.el)]}"
                     if id(u.el) in joined and id(u.el) not in inside else
                     f"in the article container <{container.tag}>, reads as prose"
                     + ("; a copy beside the first" if copy else ""), u.text)
    if pending_heading is not None:
        _heading_dropped(pending_heading, "after the last text")
    blocks = _complete_lists(blocks, units, shares, inside, holders)
    if not extra:
        return blocks
    out = list(extra.get(-1, []))
    for i, b in enumerate(blocks):
        out.append(b)
        out.extend(extra.get(i, []))
    return out


def _heading_dropped(u: Unit, where: str) -> None:
    """For the explain view: a heading trafilatura left out that does not come back (headings
    come back only before recovered prose, or drawn with a class between kept prose)."""
    explain.note(explain.DROPPED, "trafilatura", f"left out; not recovered: a heading {where}",
                 u.text)


def _left_out(u: Unit, share: float, inside: set, later: set, first: float, last: float,
              kept_inside: list[Unit], kept_pairs: set, lists: dict,
              joined: dict) -> str | None:
    """Why a unit is neither kept nor recovered (None: it is one of them)."""
    if id(u.el) in joined and id(u.el) not in inside:
        return _left_out_of_sibling(u, share, lists)
    if id(u.el) in inside and u.order < first:
        if share > MISSING:
            return "partly in the text already"
        if not _lead_of(u, kept_inside):
            return "before the body, not its lead"
        if not _prose(u):
            return "before the body, " + _not_prose(u)
    elif id(u.el) in inside and u.order > last and id(u.el) not in later:
        if not _continues(u, kept_pairs):
            return "after the body, not a copy of its paragraphs"
        if not _prose(u):
            return "after the body, " + _not_prose(u)
    elif not (id(u.el) in inside and u.order <= last) and id(u.el) not in later:
        return OUTSIDE
    if share >= KEPT:
        return None
    if share > MISSING:
        return "partly in the text already"
    if u.kind == HEADING or _prose(u):
        return None
    if u.kind == ITEM:
        return None if lists.get(u.el.getparent()) is None else lists[u.el.getparent()]
    return _not_prose(u)


def _left_out_of_sibling(u: Unit, share: float, lists: dict) -> str | None:
    """Why a unit of a sibling that joined the container is not recovered (None: it is)."""
    if share >= KEPT:
        return None
    if share > MISSING:
        return "partly in the text already"
    if u.kind == HEADING:
        return None
    if u.kind == ITEM:
        return None if lists.get(u.el.getparent()) is None else lists[u.el.getparent()]
    if any(a.tag == "a" for a in _ancestors(u.el)):
        return "in a joined sibling, inside a link"
    if u.links > siblings.LONG_P_LINKS * len(u.text):
        return f"in a joined sibling, links are {u.links / len(u.text):.0%} of it"
    if len(u.text.split()) < MIN_WORDS and not _SENTENCE_END.search(u.text):
        return "in a joined sibling, short and not a sentence"
    return None


def _where(u: Unit, container, first: float, declined: dict) -> str:
    """Where a unit outside the container is, for the explain view: in a sibling that does not
    join (and why), or before or after the body and how many levels up the element holding
    both is (1: the container's parent)."""
    if id(u.el) in declined:
        return f"; a sibling that does not join: {declined[id(u.el)]}"
    mine = set(_ancestors(u.el))
    up = next((i for i, a in enumerate(_ancestors(container), 1) if a in mine), 0)
    return f"; {'before' if u.order < first else 'after'} the body, {up} levels up"


def _formulas_between_kept(units: list[Unit], shares: list[float]) -> set:
    """ids of the missing display formulas whose nearest text before and after (of
    NEIGHBOUR_WORDS or more, other formulas passed over) is kept: a formula set between the
    article's sentences, wherever the container was drawn."""
    text = [i for i, u in enumerate(units)
            if u.kind != FORMULA and len(u.text.split()) >= NEIGHBOUR_WORDS]
    out = set()
    j = 0
    for i, u in enumerate(units):
        if u.kind != FORMULA or shares[i] > MISSING or not _own_block(u.el):
            continue
        while j < len(text) and text[j] < i:
            j += 1
        before = text[j - 1] if j > 0 else None
        after = text[j] if j < len(text) else None
        if before is not None and after is not None and shares[before] >= KEPT \
                and shares[after] >= KEPT:
            out.add(id(u))
    return out


def _own_block(el) -> bool:
    """A formula set in a <div>, <p> or <figure> of its own (past the <span>s a renderer wraps
    it in). Not one alone in a <dd> or a list item: there it stands for a term."""
    parent = el.getparent()
    while parent is not None and parent.tag == "span":
        parent = parent.getparent()
    return parent is not None and parent.tag in ("div", "p", "center", "figure") \
        and not normalize_space("".join(t for t in parent.itertext() if t not in el.itertext()))


def _short_units_found(units: list[Unit], shares: list[float], blocks: list[Block]) -> None:
    """A list item or formula of under 4 words has no shingle of 4: it is kept when its words
    are in the extracted text (else every short item would look missing and come back twice)."""
    said = None
    for i, u in enumerate(units):
        if u.kind in (ITEM, FORMULA) and shares[i] < KEPT and len(u.key.split()) < 4:
            if said is None:
                said = " " + " ".join(_key(" ".join([b.text, *b.items, _markup_text(b.html or "")]))
                                      for b in blocks) + " "
            if f" {u.key} " in said:
                shares[i] = 1.0


def _complete_lists(blocks: list[Block], units: list[Unit], shares: list[float], inside: set,
                    holders: dict) -> list[Block]:
    """``blocks`` with the missing items of each list trafilatura kept only partly put back in
    their place, when Readability's conditional clean would keep that list whole
    (siblings.list_cleaned): trafilatura cuts a list at an item it takes for furniture."""
    lists: dict = {}
    for u, s in zip(units, shares):
        if u.kind == ITEM and id(u.el) in inside:
            lists.setdefault(u.el.getparent(), []).append((u, s))
    out = list(blocks)
    for el, items in lists.items():
        kept = [u for u, s in items if s >= KEPT]
        missing = [u for u, s in items if s <= MISSING]
        if not kept or not missing or el is None or el.tag not in ("ul", "ol"):
            continue
        why = siblings.list_cleaned(el)
        if why is None and any(a.tag == "a" for a in el.iterancestors()):
            why = "the list is inside a link"
        if why is not None:
            for u in missing:
                explain.note(explain.DROPPED, "trafilatura", "left out; not recovered: a list "
                             f"item (the list is partly kept; {why})", u.text)
            continue
        i = _holder(kept[0].shingles, holders)
        if out[i].kind != LIST:
            continue
        out[i] = replace(out[i], items=_merged_items(out[i].items, items))
        for u in missing:
            explain.note(explain.KEPT, "recover", "the rest of a partly kept list: "
                         "Readability's conditional clean keeps the list", u.text)
    return out


def _merged_items(block_items: list[str], items: list[tuple[Unit, float]]) -> list[str]:
    """A list block's items with the missing ones of its list inserted after the kept item
    before them (kept items are matched to the block's by shared shingles)."""
    sh = [_shingles(t) for t in block_items]
    merged = list(block_items)
    after = -1  # position in merged of the last item placed
    for u, s in items:
        if s >= KEPT:
            best = max(range(len(merged)), key=lambda j: len(u.shingles & sh[j])
                       if j < len(sh) else -1, default=-1) if sh else -1
            after = max(after, best)
        elif s <= MISSING:
            merged.insert(after + 1, u.text)
            sh.insert(after + 1, set())
            after += 1
    return merged


def _missing_lists(units: list[Unit], shares: list[float]) -> dict:
    """{list element: None if it may come back whole, else why not} for the <ul>/<ol> whose
    items are all missing: one that reads like part of the article has 2+ items,
    LIST_MIN_WORDS or more and few links, and is not inside a link."""
    items: dict = {}
    for u, s in zip(units, shares):
        if u.kind == ITEM:
            items.setdefault(u.el.getparent(), []).append((u, s))
    out: dict = {}
    for el, found in items.items():
        if el is None or el.tag not in ("ul", "ol"):
            continue
        text = sum(len(u.text) for u, _ in found)
        links = sum(u.links for u, _ in found)
        words = sum(len(u.text.split()) for u, _ in found)
        if any(s > MISSING for _, s in found):
            out[el] = "a list item (the list is partly kept)"
        elif len(found) < 2 or words < LIST_MIN_WORDS:
            out[el] = f"a list item (a list of {len(found)} items, {words} words)"
        elif links > MAX_LINK_SHARE * text:
            out[el] = f"a list item (links are {links / text:.0%} of the list)"
        elif any(a.tag == "a" for a in el.iterancestors()):
            out[el] = "a list item (the list is inside a link)"
        else:
            out[el] = None
    return out


def _not_prose(u: Unit) -> str:
    words = len(u.text.split())
    if u.kind == ITEM:
        return "a list item"
    if words < MIN_WORDS:
        return f"{words} words (< {MIN_WORDS}), not a short sentence of its own"
    if u.links > MAX_LINK_SHARE * len(u.text):
        return f"links are {u.links / len(u.text):.0%} of it"
    if any(a.tag == "a" for a in _ancestors(u.el)):
        return "inside a link"
    return "does not end like a sentence"


def _key(s: str) -> str:
    return " ".join(TOKEN.findall(s.lower()))


def _holder(sh: set, holders: dict) -> int:
    """The block sharing most shingles with a kept unit (holders: shingle -> block indexes)."""
    counts = Counter(i for x in sh for i in holders.get(x, ()))
    return min(counts, key=lambda i: (-counts[i], i)) if counts else 0
