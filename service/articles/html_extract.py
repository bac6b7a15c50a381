"""The HTML reader: a news page in, metadata and body blocks out.

Phases (after Mozilla Readability's prepare / grab / post-process):

1. **Parse** once with lxml (through trafilatura's loader, which copes with encodings and
   broken markup).
2. **Metadata** from the untouched tree: explicit sources first (Open Graph, schema.org,
   JSON-LD, ``<meta name=author>``, ``<time datetime>``, ``<html lang>``), visible text second.
3. **Prepare**: remove what the noise table (noise.py) names -- element kinds, ARIA roles,
   class and id patterns -- but never an element that holds most of the page's text (a
   ``<body class="has-comments">`` is not a comment).
4. **Grab** the main content with trafilatura, the best open extractor on our benchmark,
   as a structured tree, so subheadings, lists, quotes, tables and code keep their kind.
   If our preparation left too little, trafilatura runs again on the untouched page.
5. **Post-process** into Blocks; the LINE rules and de-duplication happen in blocks.py.

No network access: trafilatura only ever receives a parsed tree.
"""
from __future__ import annotations

import copy
import datetime
import html
import os
import re
from itertools import islice

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura.utils import load_html

from service.articles import declared_metadata as dm
from service.articles import explain, formulas
from service.articles import metadata as md
from service.articles import article_blocks, noise, readability_opinion
from service.articles.blocks import HEADING, LIST, PARAGRAPH, QUOTE, Block, note_block
from service.articles.recover import recover
from service.articles.sanitize import clean_text, normalize_space

# elements that hold the article and are never removed by a class or id rule
_PROTECTED = {"html", "body", "main", "article"}


class HtmlResult:
    def __init__(self, title, byline, published, language, blocks):
        self.title, self.byline, self.published = title, byline, published
        self.language, self.blocks = language, blocks


def parse(html: str):
    tree = load_html(html)
    if tree is None:
        # trafilatura's loader refuses tiny fragments ("<p>One line.</p>"); lxml does not
        try:
            tree = lxml.html.document_fromstring(html.encode("utf-8"),
                                                 parser=lxml.html.HTMLParser(encoding="utf-8"))
        except (etree.ParserError, ValueError):
            return None
    if tree is None or not isinstance(tree.tag, str):
        return None
    return tree


# ------------------------------------------------------------------------------ metadata

def _meta(tree, *names: str) -> str | None:
    for name in names:
        for el in tree.xpath(f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]'):
            content = clean_text(el.get("content"))
            if content:
                return content
    return None


def _title(tree, ld: list[dict]) -> str | None:
    """The declared title (declared_metadata.py: Readability's order), else the <title> cut
    as Readability cuts it, else the first <h1>."""
    title = dm.declared_title(tree, ld) or dm.title_from_head(tree)
    if title:
        return title
    h1s = [clean_text(h.text_content()) for h in tree.iter("h1")]
    h1s = [h for h in h1s if 3 <= len(h) <= 300]
    return h1s[0] if h1s else None


def _byline(tree, ld: list[dict]) -> list[str]:
    # the declared author first (Readability's order), then visible author links and itemprop
    names = md.clean_byline(dm.declared_byline(tree, ld))
    if names:
        return names
    for xp in ('//*[@itemprop="author"]//*[@itemprop="name"]', '//*[@itemprop="author"]',
               '//a[@rel="author"]', '//*[@rel="author"]'):
        found = [el.get("content") or el.text_content() for el in tree.xpath(xp)]
        names = md.clean_byline([f for f in found if f])
        if names:
            return names
    for el in _byline_elements(tree):
        # as Readability: a child marked itemprop=name holds the name alone, without the
        # role, date or "Follow" around it
        named = el.xpath('.//*[contains(@itemprop, "name")]')
        # its pieces apart: "Jane Doe<a>View More Articles</a>" is no name "DoeView"
        names = md.clean_byline(" ".join((named[0] if named else el).itertext()))
        if names:
            return names
    meta = _meta(tree, "author", "article:author", "parsely-author", "sailthru.author",
                 "dc.creator", "DC.creator")
    if meta and not meta.startswith("http"):
        names = md.clean_byline(meta)
        if names:
            return names
    for d in ld:
        a = d.get("author")
        if a:
            items = a if isinstance(a, list) else [a]
            raw = [i.get("name") if isinstance(i, dict) else i for i in items]
            names = md.clean_byline([r for r in raw if isinstance(r, str)])
            if names:
                return names
    for el in tree.xpath('//*[contains(concat(" ", normalize-space(@class), " "), " byline ") '
                         'or contains(@class, "author-name") or contains(@class, "byline__name")]'):
        names = md.clean_byline(el.text_content())
        if names:
            return names
    return []


_BYLINE_NAME = re.compile(r"byline|author|dateline|writtenby|p-author", re.IGNORECASE)
_IN_COMMENTS = ('ancestor-or-self::*[self::form or contains(translate(@class, "C", "c"), "comment")'
                ' or contains(translate(@id, "C", "c"), "comment")]')


def _byline_elements(tree):
    """Short visible elements that say who wrote the page, as Readability finds them: a
    rel=author, an itemprop naming the author, or a class or id saying byline/author/dateline."""
    body = tree.find(".//body")
    for el in (body if body is not None else tree).iter():
        if not isinstance(el.tag, str) or el.tag in _ALWAYS:
            continue
        names = f'{el.get("class") or ""} {el.get("id") or ""}'
        if (el.get("rel") == "author" or "author" in (el.get("itemprop") or "")
                or _BYLINE_NAME.search(names)):
            if el.tag in ("form", "label", "input", "textarea") or el.xpath(_IN_COMMENTS):
                continue  # a commenter or a comment form's "Name *": not who wrote the page
            text = el.text_content().strip()
            if 0 < len(text) < 100:
                yield el


def _published(tree, ld: list[dict]) -> str | None:
    value = _meta(tree, "article:published_time", "datePublished", "og:published_time",
                  "pubdate", "publishdate", "publish-date", "date", "DC.date.issued",
                  "dc.date", "sailthru.date", "parsely-pub-date", "article.published")
    if iso := md.iso_date(value):
        return iso
    for d in ld:
        if iso := md.iso_date(d.get("datePublished") if isinstance(d.get("datePublished"), str)
                              else None):
            return iso
    for el in tree.xpath('//time[@itemprop="datePublished" or @pubdate]|//time[@datetime]'):
        if iso := md.iso_date(el.get("datetime")):
            return iso
    return None


def _language(tree) -> str | None:
    root = tree.getroottree().getroot()
    return (md.language_tag(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"))
            or md.language_tag(_meta(tree, "og:locale", "language", "content-language"))
            or md.language_tag(next((m.get("content") for m in tree.xpath(
                '//meta[translate(@http-equiv, "CONTENTLAGU", "contentlagu")="content-language"]')),
                None)))


# ------------------------------------------------------------------------------ prepare

# element kinds that are never text, whatever their size
_ALWAYS = {"script", "style", "noscript", "template", "svg", "canvas", "iframe", "button",
           "input", "select", "textarea"}


def _looks_like_content(el, total: int, hidden: bool = False, media: bool = False) -> bool:
    """An element matching a noise rule but holding the story: most of the page's text (a
    ``<form>`` wrapping an ASP.NET page, a ``paywall`` wrapper around a metered article), or
    long prose with few links (widgets are short or made of links). What the page hides is
    hidden whatever it says, unless it is most of the page (a body shown by script later); a
    slideshow's long prose is its captions, so only most of the page (a photo essay) saves it."""
    text = el.text_content()
    n = len(text)
    if hidden:
        return n > 0.6 * total
    if n > 0.3 * total and n > 300:
        return True
    if n > 800 and not media:
        links = sum(len(a.text_content()) for a in el.iter("a"))
        paragraphs = sum(1 for _ in el.iter("p"))
        return links < 0.3 * n and paragraphs >= 3
    return False


def find_noise(tree) -> list[tuple[object, str]]:
    """The elements the noise table names, with the rule that named each (outermost first)."""
    body = tree.find(".//body")
    total = len((body if body is not None else tree).text_content()) or 1
    found = []
    walk = tree.iter()
    for el in walk:
        tag = el.tag
        if not isinstance(tag, str):
            continue  # comments, processing instructions
        tag = tag.lower()
        reason = None
        if tag in noise.NOISE_ELEMENTS:
            reason = f"element {tag}"
        elif tag in ("html", "body"):
            continue
        elif tag == "a" and _linked_card(el):
            reason = "structure linked-card"
        elif _inline_in_prose(el):
            continue
        elif hidden := noise.hidden_by(el.attrib):
            reason = f"hidden {hidden}"
        elif tag in _PROTECTED or el.get("itemprop") == "articleBody":
            continue
        elif (role := el.get("role")) and noise.is_noise_role(role):
            reason = f"role {role}"
        else:
            names = f'{el.get("class") or ""} {el.get("id") or ""}'
            if names.strip() and (tok := noise.noise_token(names)):
                reason = f"class/id {tok}"
        if reason is None:
            continue
        if tag not in _ALWAYS and _looks_like_content(
                el, total, hidden=reason[:6] == "hidden",
                media=reason[:8] == "class/id" and noise.is_media_name(reason[9:])):
            continue
        found.append((el, reason))
        # inside an element already doomed there is nothing more to decide: the walk is in
        # document order, so its descendants are the next ones
        for _ in islice(walk, sum(1 for _ in el.iterdescendants())):
            pass
    return found


_INLINE = {"a", "span", "em", "strong", "b", "i", "u", "abbr", "time", "mark", "cite", "q",
           "small", "sup", "sub", "font"}
_CARD_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section",
                "article", "blockquote", "table"}


def _linked_card(a) -> bool:
    """A link wrapped around a block with text: a teaser card (noise.STRUCTURE_RULES)."""
    if not any(isinstance(d.tag, str) and d.tag in _CARD_BLOCKS for d in a.iterdescendants()):
        return False
    words = len(a.text_content().split())
    return 0 < words <= noise.LINKED_CARD_MAX_WORDS


def find_tag_lists(tree) -> list:
    """Elements made mostly of taxonomy links (noise.LINK_REL_RULES), outermost first."""
    found: list = []
    for a in tree.iter("a"):
        if not noise.is_taxonomy_rel(a.get("rel")):
            continue
        best, el = None, a.getparent()
        for _ in range(3):
            if el is None or el.tag in _PROTECTED or el.get("itemprop") == "articleBody":
                break
            text = len(_key(el.text_content()))
            tags = sum(len(_key(x.text_content())) + 1 for x in el.iter("a")
                       if noise.is_taxonomy_rel(x.get("rel")))
            if not text or tags < noise.LINK_REL_SHARE * text:
                break
            best, el = el, el.getparent()
        if best is not None and not any(best is f or _is_descendant(best, f) for f in found):
            found.append(best)
    return found


def link_only_texts(tree) -> set[str]:
    """Keys (see _key) of the blocks whose whole text is links: the paragraphs a run of which is
    a list of links (noise.STRUCTURE_RULES "link-run")."""
    out: set[str] = set()
    seen: set = set()
    for a in tree.iter("a"):
        block = a.getparent()
        while block is not None and block.tag in _INLINE:
            block = block.getparent()
        if block is None or block in seen:
            continue
        seen.add(block)
        text = _key(block.text_content())
        if text and text == _key(" ".join(x.text_content() for x in block.iter("a"))):
            out.add(text)
    return out
_PROSE = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "dd"}


def _inline_in_prose(el) -> bool:
    """An inline element inside a sentence ("former frontman <a id="auto-tag_...">Michael
    McDonald</a>"): its class or id describes a link target, never a widget."""
    if el.tag not in _INLINE:
        return False
    parent = el.getparent()
    for _ in range(3):
        if parent is None:
            return False
        if parent.tag in _PROSE:
            return True
        if parent.tag not in _INLINE:
            return False
        parent = parent.getparent()
    return False


def _is_descendant(el, ancestor) -> bool:
    p = el.getparent()
    while p is not None:
        if p is ancestor:
            return True
        p = p.getparent()
    return False


_CAPTION_HOLDERS = ("p", "span", "div", "em", "i", "small", "figcaption", "font", "strong")


def find_alt_captions(tree) -> list:
    """Short elements whose whole text repeats an image's alt text: a caption shown under the
    photo (news sites, WordPress) -- read once as nothing, since a listener cannot see it."""
    alts = set()
    for img in tree.iter("img"):
        alt = _key(img.get("alt") or img.get("title") or "")
        if len(alt.split()) >= 3:
            alts.add(alt)
    if not alts:
        return []
    found = []
    for el in tree.iter(*_CAPTION_HOLDERS):
        if len(el) > 8:
            continue  # a container of many elements is no caption (and costly to read whole)
        text = el.text_content()
        if len(text) > 400:
            continue
        if _key(text) in alts:
            found.append(el)
    return found


def _key(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.lower()))


def remove_noise(tree) -> None:
    """Remove, in place, every element the noise table names (keeping text that follows it)."""
    tracing = explain.active()
    for el, reason in find_noise(tree):
        if el.getparent() is not None:
            if tracing:
                _note_removed(el, reason)
            el.drop_tree()
    for el, reason in ([(e, "an image's alt text repeated as a caption")
                        for e in find_alt_captions(tree)]
                       + [(e, "links with rel=tag/category") for e in find_tag_lists(tree)]):
        if el.getparent() is not None:
            if tracing:
                _note_removed(el, reason)
            el.drop_tree()


def _note_removed(el, reason: str) -> None:
    text = normalize_space(el.text_content())
    if text and el.tag not in ("script", "style", "template"):
        name = " ".join(f"{k}={v!r}" for k, v in el.attrib.items() if k in ("class", "id"))
        explain.note(explain.DROPPED, "noise", reason, f"<{el.tag} {name}> {text}")


# ------------------------------------------------------------------------------ grab

_OPTS = dict(include_comments=False, include_tables=True, include_images=False,
             include_formatting=False, include_links=False, with_metadata=False,
             deduplicate=False)


def _grab(tree, url):
    doc = trafilatura.bare_extraction(tree, url=url, output_format="python", **_OPTS)
    return None if doc is None else doc.body


_BLANK_LINE = "\ue000"  # a private-use mark for <lb/>: never in page text


def _paragraphs_of(el) -> list[str]:
    """The element's text, cut into paragraphs where the page leaves a blank line
    (``<br><br>``, two <lb/> in a row): bodies written as one block of text with breaks."""
    el = copy.copy(el)
    for lb in el.iter("lb"):
        lb.tail = _BLANK_LINE + (lb.tail or "")
    text = "".join(el.itertext())
    parts = re.split(f"{_BLANK_LINE}\\s*{_BLANK_LINE}[\\s{_BLANK_LINE}]*", text)
    return [p for p in (normalize_space(x.replace(_BLANK_LINE, " ")) for x in parts) if p]


def _text_of(el) -> str:
    for lb in el.iter("lb"):
        lb.tail = " " + (lb.tail or "")
    return normalize_space("".join(el.itertext()))


def body_to_blocks(body) -> list[Block]:
    blocks: list[Block] = []
    _children(body, blocks)
    return blocks


def _children(el, blocks: list[Block]) -> None:
    """Blocks for el's children in order, including loose text between them (trafilatura
    leaves the text after a subheading as the heading's tail)."""
    if el.text and el.text.strip():
        blocks.append(Block(PARAGRAPH, el.text))
    for child in el:
        _convert(child, blocks)
        if child.tail and child.tail.strip():
            blocks.append(Block(PARAGRAPH, child.tail))


_BLOCK_TAGS = {"p", "list", "head", "quote", "table", "code", "div"}


def is_layout_table(table) -> bool:
    """A table used to lay out a page (one column, or cells holding prose), not data."""
    rows = table.findall(".//row")
    if len(rows) < 2:
        return True
    widths = [len(r.findall("cell")) for r in rows]
    if max(widths) < 2:
        return True
    for cell in table.iter("cell"):
        if len(" ".join(cell.itertext()).split()) > 60:
            return True
        if any(child.tag in _BLOCK_TAGS for child in cell):
            if len(" ".join(cell.itertext()).split()) > 25:
                return True
    return False


def table_rows(table) -> int:
    """The rows a table's note announces: its body rows (all of them if every row is a header)."""
    rows = [r for r in table.findall(".//row")
            if not all(c.get("role") == "head" for c in r.findall("cell"))]
    return len(rows) or len(table.findall(".//row"))


def table_html(table) -> str:
    """The table as plain HTML (header cells as <th>), to be shown where its note is read."""
    rows = []
    for row in table.iter("row"):
        cells = []
        for cell in row.findall("cell"):
            tag = "th" if cell.get("role") == "head" else "td"
            cells.append(f"<{tag}>{html.escape(_text_of(copy.copy(cell)))}</{tag}>")
        if cells:
            rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


def code_html(el) -> str:
    """The listing as <pre><code>, its line breaks kept."""
    return "<pre><code>" + html.escape("".join(el.itertext()).strip("\n")) + "</code></pre>"


def _convert(el, blocks: list[Block]) -> None:
    tag = el.tag
    tex = formulas.formula_tex("".join(el.itertext())) if tag in ("code", "quote", "p") else None
    if tex is not None:
        blocks.append(note_block("formula", "<pre><code>" + html.escape(tex) + "</code></pre>"))
    elif tag == "head":
        rend = el.get("rend") or "h2"
        level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
        blocks.append(Block(HEADING, _text_of(el), level=level))
    elif tag == "list":
        items = []
        for item in el.iter("item"):
            # a nested list's items are read in their own right; take this item's own text
            own = copy.copy(item)
            for sub in own.findall("list"):
                own.remove(sub)
            text = _text_of(own)
            if text:
                items.append(text)
        if items:
            blocks.append(Block(LIST, items=items, ordered=(el.get("rend") == "ol")))
    elif tag == "quote":
        text = _text_of(el)
        if text:
            blocks.append(Block(QUOTE, text))
    elif tag == "table":
        if is_layout_table(el):
            for cell in el.iter("cell"):
                start = len(blocks)
                _children(cell, blocks)
                for b in blocks[start:]:
                    b.in_cell = True
        else:
            blocks.append(note_block("table", table_html(el), table_rows(el)))
    elif tag == "code":
        blocks.append(note_block("code", code_html(el)))
    elif tag in ("graphic", "ref") and not len(el):
        return
    elif tag == "div" or (tag == "p" and any(c.tag in _BLOCK_TAGS for c in el)):
        _children(el, blocks)
    else:
        for text in _paragraphs_of(el):
            blocks.append(Block(PARAGRAPH, text))


def _mark_linked(blocks: list[Block], linked: set[str]) -> None:
    """Flag the paragraphs whose whole text is a link on the page (blocks.py drops runs), and
    the lists whose every item is one (a table of contents, a list of other pages)."""
    for b in blocks:
        if b.kind == PARAGRAPH and _key(b.text) in linked:
            b.linked = True
        elif b.kind == LIST and len(b.items) >= noise.LINK_RUN and all(
                _key(i) in linked for i in b.items):
            b.linked = True


def _words(blocks: list[Block]) -> int:
    return sum(b.words for b in blocks)


def _fallback_blocks(tree) -> list[Block]:
    """For fragments too small for trafilatura: every paragraph-like element, in order."""
    blocks: list[Block] = []
    for el in tree.iter("p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre", "td"):
        text = normalize_space(el.text_content())
        if not text:
            continue
        if el.tag in ("h2", "h3", "h4"):
            blocks.append(Block(HEADING, text, level=int(el.tag[1])))
        elif el.tag == "h1":
            continue
        elif el.tag == "blockquote":
            blocks.append(Block(QUOTE, text))
        elif el.getparent() is not None and el.getparent().tag == "blockquote":
            continue
        else:
            blocks.append(Block(PARAGRAPH, text))
    if not blocks:
        body = tree.find(".//body")
        text = normalize_space((body if body is not None else tree).text_content())
        if text:
            blocks = [Block(PARAGRAPH, text)]
    return blocks


MIN_BODY_WORDS = 25  # less than this, and the extractor is taken to have missed the story
_LIBRARY_ERRORS = (AssertionError, ValueError, TypeError, AttributeError, IndexError)


def _library_metadata(pristine, url: str | None):
    """trafilatura's metadata (via htmldate) as a fallback, or None when it trips over odd markup
    (htmldate asserts on a tree whose root is an <svg>: seen with pasted XSS vectors): a missing
    date must not turn a readable article into a server error."""
    try:
        return trafilatura.metadata.extract_metadata(pristine, default_url=url, extensive=False)
    except _LIBRARY_ERRORS:
        return None


def _library_date(pristine, url: str | None) -> str | None:
    """htmldate's date alone, as trafilatura asks for it (the original date, quick search): the
    rest of trafilatura's metadata costs more than the whole of our own and adds nothing."""
    try:
        return find_date(pristine, original_date=True, extensive_search=False, url=url,
                         max_date=datetime.date.today().isoformat())
    except _LIBRARY_ERRORS:
        return None


TRAFILATURA, READABILITY = "trafilatura", "readability"


def body_source() -> str:
    """Who decides what the body is: trafilatura with recover.py's second opinion (the default),
    or Readability.js (NEWSREADER_ARTICLE_BODY=readability; see the README for both figures)."""
    return READABILITY if os.environ.get("NEWSREADER_ARTICLE_BODY") == READABILITY \
        else TRAFILATURA


def readability_body(tree) -> list[Block]:
    """The body as Readability.js's article of the cleaned tree, or [] when it has too little
    (then trafilatura decides): our noise rules have already removed what they recognise."""
    root = readability_opinion.article_root(tree)
    blocks = article_blocks.blocks_of(root) if root is not None else []
    if _words(blocks) < MIN_BODY_WORDS:
        return []
    for b in blocks if explain.active() else ():
        explain.note(explain.KEPT, "readability", "its article", b.text or " | ".join(b.items))
    return blocks


def extract_html(html: str, url: str | None = None) -> HtmlResult | None:
    tree = parse(html)
    if tree is None:
        return None
    ld = md.json_ld_objects(tree)
    title = _title(tree, ld)
    names = _byline(tree, ld)
    published = _published(tree, ld)
    language = _language(tree)

    formulas.mark_formulas(tree)
    pristine = copy.deepcopy(tree)
    remove_noise(tree)
    blocks = readability_body(tree) if body_source() == READABILITY else []
    if not blocks:
        body = _grab(tree, url)
        blocks = body_to_blocks(body) if body is not None else []
        for b in blocks if explain.active() else ():
            explain.note(explain.KEPT, "trafilatura", "its main content",
                         b.text or " | ".join(b.items))
        if blocks:
            # a second opinion from the cleaned DOM: paragraphs of the article trafilatura dropped
            blocks = recover(tree, blocks)
    if explain.active():
        # the debug view says, block by block, whether Readability.js's article holds it too
        readability_opinion.note_agreement(blocks, readability_opinion.article_root(tree))
    _mark_linked(blocks, link_only_texts(tree))
    if _words(blocks) < MIN_BODY_WORDS:
        # our preparation may have removed the story itself: try the untouched page
        body = _grab(pristine, url)
        second = body_to_blocks(body) if body is not None else []
        # the untouched page always has a few more words (the headline and byline the noise
        # rules took out, glued into its text): it must have clearly more to mean our
        # preparation removed the story, else a short brief gains its own headline
        if _words(second) > max(_words(blocks) * 3 // 2, 10):
            explain.note(explain.KEPT, "fallback", f"too little left ({_words(blocks)} words): "
                         "trafilatura on the untouched page", f"{_words(second)} words")
            blocks = second
    if not blocks:
        blocks = _fallback_blocks(tree)
        explain.note(explain.KEPT, "fallback", "trafilatura found nothing: every paragraph",
                     f"{len(blocks)} blocks")
    if published is None and title is not None:
        published = md.iso_date(_library_date(pristine, url))
    elif title is None:
        meta = _library_metadata(pristine, url)
        if meta is not None:
            title = title or clean_text(meta.title) or None
            published = published or md.iso_date(meta.date)
            if not names and meta.author:
                names = md.clean_byline(meta.author)
    return HtmlResult(title, md.join_names(names), published, language, blocks)
