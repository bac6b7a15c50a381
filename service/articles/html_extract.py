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
import re

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from service.articles import metadata as md
from service.articles import noise
from service.articles.blocks import HEADING, LIST, NOTE, PARAGRAPH, QUOTE, Block
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
    og = _meta(tree, "og:title", "twitter:title")
    head_title = tree.findtext(".//title")
    site = _meta(tree, "og:site_name")
    h1s = [clean_text(h.text_content()) for h in tree.iter("h1")]
    h1s = [h for h in h1s if 3 <= len(h) <= 300]
    candidates = [og, *(d.get("headline") for d in ld if isinstance(d.get("headline"), str))]
    candidates = [clean_text(c) for c in candidates if c]
    # an <h1> agreeing with the explicit title wins (it is what the reader sees);
    # the explicit title second; the <title> without its site name last
    refs = [c.lower() for c in candidates] + ([clean_text(head_title).lower()] if head_title else [])
    for h in h1s:
        if any(h.lower() in r or r in h.lower() for r in refs if r):
            return h
    if candidates:
        return md.strip_site_name(candidates[0], site)
    if head_title and clean_text(head_title):
        return md.strip_site_name(head_title, site)
    return h1s[0] if h1s else None


def _byline(tree, ld: list[dict]) -> list[str]:
    # visible author links and itemprop first: they keep punctuation ("Doug G. Ware")
    for xp in ('//*[@itemprop="author"]//*[@itemprop="name"]', '//*[@itemprop="author"]',
               '//a[@rel="author"]', '//*[@rel="author"]'):
        found = [el.get("content") or el.text_content() for el in tree.xpath(xp)]
        names = md.clean_byline([f for f in found if f])
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

def remove_noise(tree) -> None:
    """Remove, in place, every element the noise table names (keeping text that follows it)."""
    body = tree.find(".//body")
    total = len((body if body is not None else tree).text_content()) or 1
    doomed = []
    for el in tree.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue  # comments, processing instructions
        tag = tag.lower()
        if tag in noise.NOISE_ELEMENTS:
            # a page that wraps the whole story in <aside>/<footer>/<nav> is still read
            if tag in ("aside", "footer", "nav") and len(el.text_content()) > 0.5 * total:
                continue
            doomed.append(el)
            continue
        if tag in _PROTECTED:
            continue
        role = el.get("role")
        if role and noise.is_noise_role(role):
            if len(el.text_content()) <= 0.5 * total:
                doomed.append(el)
            continue
        names = f'{el.get("class") or ""} {el.get("id") or ""}'
        if names.strip() and noise.is_noise_name(names) and el.get("itemprop") != "articleBody":
            if len(el.text_content()) <= 0.3 * total:
                doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


# ------------------------------------------------------------------------------ grab

_OPTS = dict(include_comments=False, include_tables=True, include_images=False,
             include_formatting=True, include_links=False, with_metadata=False,
             deduplicate=False)


def _grab(tree, url):
    doc = trafilatura.bare_extraction(tree, url=url, output_format="python", **_OPTS)
    return None if doc is None else doc.body


def _text_of(el) -> str:
    for lb in el.iter("lb"):
        lb.tail = " " + (lb.tail or "")
    return normalize_space("".join(el.itertext()))


def body_to_blocks(body) -> list[Block]:
    blocks: list[Block] = []
    for el in body:
        _convert(el, blocks)
    return blocks


def _convert(el, blocks: list[Block]) -> None:
    tag = el.tag
    if tag == "head":
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
        rows = len(el.findall(".//row")) or 1
        blocks.append(Block(NOTE, f"A table with {rows} row{'s' if rows != 1 else ''} "
                                  f"follows, shown on the page."))
    elif tag == "code":
        blocks.append(Block(NOTE, "A code listing follows, shown on the page."))
    elif tag in ("graphic", "ref") and not len(el):
        return
    elif tag == "div" or (tag == "p" and el.find("list") is not None):
        if el.text and el.text.strip():
            blocks.append(Block(PARAGRAPH, el.text))
        for child in el:
            _convert(child, blocks)
            if child.tail and child.tail.strip():
                blocks.append(Block(PARAGRAPH, child.tail))
    else:
        text = _text_of(el)
        if text:
            blocks.append(Block(PARAGRAPH, text))


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


def extract_html(html: str, url: str | None = None) -> HtmlResult | None:
    tree = parse(html)
    if tree is None:
        return None
    ld = md.json_ld_objects(tree)
    title = _title(tree, ld)
    names = _byline(tree, ld)
    published = _published(tree, ld)
    language = _language(tree)

    pristine = copy.deepcopy(tree)
    remove_noise(tree)
    body = _grab(tree, url)
    blocks = body_to_blocks(body) if body is not None else []
    if _words(blocks) < 25:
        # our preparation may have removed the story itself: try the untouched page
        body = _grab(pristine, url)
        second = body_to_blocks(body) if body is not None else []
        if _words(second) > _words(blocks):
            blocks = second
    if not blocks:
        blocks = _fallback_blocks(tree)
    if published is None or title is None:
        meta = trafilatura.metadata.extract_metadata(pristine, default_url=url, extensive=False)
        title = title or clean_text(meta.title) or None
        published = published or md.iso_date(meta.date)
        if not names and meta.author:
            names = md.clean_byline(meta.author)
    return HtmlResult(title, md.join_names(names), published, language, blocks)
