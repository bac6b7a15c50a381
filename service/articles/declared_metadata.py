"""The title and byline a page declares for itself, read in the order Mozilla Readability reads them.

A page states its title and author several times over (JSON-LD, Dublin Core, Open Graph,
``<meta name=author>``, parse.ly tags, ``<title>``), and they disagree. Readability's order is
the de facto standard readers are checked against (its test suite is our articles-dev corpus),
so we follow it: JSON-LD of an article type, then ``dc:``/``dcterm:``, ``og:``, ``<meta
name=title>``, ``twitter:``, ``parsely-``; a ``property`` attribute may list several names
("x:title dc:title"). Without any, the ``<title>`` element is cut at its last separator the
way Readability cuts it (``title_from_head``). The caller cleans what is found (bylines into
names, see metadata.py).
"""
from __future__ import annotations

import re

from service.articles.sanitize import clean_text

_PROPERTY = re.compile(r"\s*(article|dc|dcterm|og|twitter)\s*:\s*"
                       r"(author|creator|description|published_time|title|site_name)\s*", re.I)
_NAME = re.compile(r"^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\s*[-.:]\s*)?"
                   r"(author|creator|pub-date|description|title|site_name)\s*$", re.I)
# Readability's pattern: only its first name is anchored, so "NewsArticle" in a longer type counts
_ARTICLE_TYPES = re.compile(
    r"^Article|(AdvancedArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|"
    r"BlogPosting|DiscussionForumPosting|LiveBlogPosting|OpinionNewsArticle|ReportageNewsArticle|"
    r"ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|"
    r"SocialMediaPosting|TechArticle|NewsArticle)")
_SEPARATOR = re.compile(r" [|\-–—\\/>»] ")
_HIERARCHY = re.compile(r" [\\/>»] ")


def meta_values(tree) -> dict[str, str]:
    """Readability's table of <meta> values by lower-cased name (the last of a name wins)."""
    values: dict[str, str] = {}
    for el in tree.iter("meta"):
        content = (el.get("content") or "").strip()
        if not content:
            continue
        matched = False
        prop = el.get("property")
        if prop:
            m = _PROPERTY.search(prop)
            if m:
                values[re.sub(r"\s", "", m.group(0).lower())] = content
                matched = True
        name = el.get("name")
        if not matched and name and _NAME.match(name):
            values[re.sub(r"\s", "", name.lower()).replace(".", ":")] = content
    return values


def _similarity(a: str, b: str) -> float:
    ta = [t for t in re.split(r"\W+", a.lower()) if t]
    tb = [t for t in re.split(r"\W+", b.lower()) if t]
    if not ta or not tb:
        return 0.0
    unique_b = [t for t in tb if t not in ta]
    return 1 - len(" ".join(unique_b)) / len(" ".join(tb))


def json_ld_article(objects: list[dict]) -> dict | None:
    """The first JSON-LD object of an article type (schema.org), or None."""
    for d in objects:
        kind = d.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
            return d
    return None


def json_ld_title(article: dict | None, head_title: str) -> str | None:
    if not article:
        return None
    name, headline = article.get("name"), article.get("headline")
    if isinstance(name, str) and isinstance(headline, str) and name != headline:
        # both given: the one agreeing with the page's <title> (cut at its separator)
        if _similarity(headline, head_title) > 0.75 >= _similarity(name, head_title):
            return headline.strip()
        return name.strip()
    for value in (name, headline):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def json_ld_byline(article: dict | None) -> str | None:
    if not article:
        return None
    author = article.get("author")
    if isinstance(author, dict) and isinstance(author.get("name"), str):
        return author["name"].strip()
    if isinstance(author, list):
        names = [a["name"].strip() for a in author if isinstance(a, dict)
                 and isinstance(a.get("name"), str)]
        return ", ".join(names) or None
    return None


def declared_title(tree, ld: list[dict]) -> str | None:
    """The title the page's metadata declares, in Readability's order, or None."""
    values = meta_values(tree)
    # Readability weighs JSON-LD's name and headline against the <title> as it cuts it
    head = title_from_head(tree) or ""
    for value in (json_ld_title(json_ld_article(ld), head), values.get("dc:title"),
                  values.get("dcterm:title"), values.get("og:title"),
                  values.get("weibo:article:title"), values.get("weibo:webpage:title"),
                  values.get("title"), values.get("twitter:title"), values.get("parsely-title")):
        if value and clean_text(value):
            return clean_text(value)
    return None


def declared_byline(tree, ld: list[dict]) -> str | None:
    """The author the page's metadata declares, in Readability's order, or None."""
    values = meta_values(tree)
    article_author = values.get("article:author")
    if article_author and re.match(r"^\w+://", article_author):
        article_author = None  # a profile's address, not a name
    for value in (json_ld_byline(json_ld_article(ld)), values.get("dc:creator"),
                  values.get("dcterm:creator"), values.get("author"), values.get("parsely-author"),
                  article_author):
        if value and clean_text(value):
            return clean_text(value)
    return None


def head_title(tree) -> str:
    el = tree.find(".//title")
    return " ".join((el.text_content() if el is not None else "").split())


def _words(s: str) -> int:
    return len(s.split())


def title_from_head(tree) -> str | None:
    """The <title> cut as Readability cuts it: at the last separator (" | ", " - ", " » "...),
    keeping the whole title when the cut would leave four words or fewer -- unless an <h1>
    of the page says exactly the cut (then the cut is surely the headline)."""
    original = head_title(tree)
    if not original:
        return None
    title = original
    hierarchical = False
    separators = list(_SEPARATOR.finditer(original))
    if separators:
        hierarchical = bool(_HIERARCHY.search(original))
        title = original[:separators[-1].start()]
        if _words(title) < 3:
            title = re.sub(r"^[^|\-–—\\/>»]*[|\-–—\\/>»]", "", original)
    elif ": " in title:
        headings = {" ".join(h.text_content().split()) for h in tree.iter("h1", "h2")}
        if title not in headings:
            title = original[original.rfind(":") + 1:]
            if _words(title) < 3:
                title = original[original.find(":") + 1:]
            elif _words(original[:original.find(":")]) > 5:
                title = original
    elif len(title) > 150 or len(title) < 15:
        h1s = list(tree.iter("h1"))
        if len(h1s) == 1:
            title = h1s[0].text_content()
    title = " ".join(title.split())
    if _words(title) <= 4 and (not hierarchical or _words(title) != _words(
            re.sub(r"[|\-–—\\/>»]+", "", original)) - 1):
        h1s = {" ".join(h.text_content().split()) for h in tree.iter("h1")}
        if not (separators and _words(title) >= 3 and title in h1s):
            title = original
    return clean_text(title) or None
