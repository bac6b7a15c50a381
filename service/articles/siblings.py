"""Which elements just after the article container are the article too: Readability's sibling join.

recover.py finds the container (the element holding most of the text trafilatura kept) and
brings back only what is inside it. But a page often continues its article beside that element:
a standfirst in its own ``<div>`` before the body, a paragraph after a figure, an author's note
after the body's ``<div>``. Mozilla Readability.js decides those with one general test, tuned on
thousands of pages, and this module ports it:

* **content score**, as Readability computes it: every ``<p>``, ``<td>``, ``<pre>``,
  ``<section>``, ``<h2>``-``<h6>`` (and ``<div>`` with no block inside) of 25+ characters scores
  1 + its commas + one per 100 characters (at most 3), added to its parent in full, its
  grandparent by half and higher ancestors (up to 5 levels) divided by 3 x level. An element that
  received a score starts from its tag's base (``<div>`` +5, lists and forms -3, headings -5...)
  plus its class and id weight (+25 for article/body/content/..., -25 for
  comment/footer/sidebar/share/...), and is scaled by 1 - its link density;
* **sibling join**: a sibling of the container joins when its score (plus 0.2 x the container's
  when it has the container's class name) reaches max(10, 0.2 x the container's score), or it is
  a ``<p>`` of more than 80 characters with link density under 0.25, or a shorter ``<p>`` with
  no link that ends like a sentence. Only siblings *after* it: before the body stand its title,
  kicker, standfirst and dateline, which news pages' articles leave out (recover.py's lead rule
  decides those). Nor, where Readability would walk up to a parent that scores more, that
  parent's siblings: on news pages those were author bios and teasers.
* an element Readability strips before scoring never joins: an "unlikely candidate" by class or
  id (header, footer, menu, social, sponsor...), an unlikely role (navigation, dialog...), a
  header, footer, nav, aside or form; nor an element named for a picture (image, photo,
  figure, gallery, video), whose text is a caption.

The tree given is the one our noise rules already cleaned, and every text a join brings back
still passes the LINE rules and de-duplication (blocks.py): captions, credits, share, related
and newsletter boxes stay out however they score.
"""
from __future__ import annotations

import re

# Readability.js's REGEXPS (positive, negative, commas) and weights
_POSITIVE = re.compile(r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|"
                       r"text|blog|story", re.IGNORECASE)
_NEGATIVE = re.compile(r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|"
                       r"footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|"
                       r"shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget",
                       re.IGNORECASE)
# what Readability strips before scoring ("unlikely candidates"): never part of the article
_UNLIKELY = re.compile(r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|"
                       r"disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|"
                       r"rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|"
                       r"agegate|pagination|pager|popup|yom-remote", re.IGNORECASE)
_MAYBE = re.compile(r"and|article|body|column|content|main|shadow", re.IGNORECASE)
_UNLIKELY_ROLES = {"menu", "menubar", "complementary", "navigation", "alert", "alertdialog",
                   "dialog"}
_UNLIKELY_TAGS = {"header", "footer", "nav", "aside", "form"}
# an element named for the picture it holds: its text is that picture's caption and credit
_PICTURE = re.compile(r"image|img|photo|picture|figure|gallery|video", re.IGNORECASE)
_COMMAS = re.compile("[\u002C\u060C\uFE50\uFE10\uFE11\u2E41\u2E34\u2E32\uFF0C]")
_TAG_BASE = {"div": 5, "pre": 3, "td": 3, "blockquote": 3, "address": -3, "ol": -3, "ul": -3,
             "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3, "h1": -5, "h2": -5, "h3": -5,
             "h4": -5, "h5": -5, "h6": -5, "th": -5}
_SCORED = {"section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"}
_BLOCK_INSIDE = {"a", "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul",
                 "section", "article", "figure", "h1", "h2", "h3", "h4", "h5", "h6"}
MIN_SCORED_CHARS = 25
MAX_DEPTH = 5  # ancestors a paragraph's score reaches
SHARE_OF_TOP = 0.2  # a sibling joins at this share of the container's score...
MIN_JOIN_SCORE = 10  # ...and never below this
LONG_P, LONG_P_LINKS = 80, 0.25
_SENTENCE = re.compile(r"\.( |$)")


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _text(el) -> str:
    return " ".join(el.text_content().split())


def link_density(el, text: str | None = None) -> float:
    """Characters inside links over all characters (a link to '#...' counts 0.3, as in
    Readability: a footnote or a section link is part of the text)."""
    text = _text(el) if text is None else text
    if not text:
        return 0.0
    links = 0.0
    for a in el.iter("a"):
        href = a.get("href") or ""
        links += len(_text(a)) * (0.3 if href.startswith("#") else 1.0)
    return links / len(text)


def class_weight(el) -> int:
    w = 0
    for name in (el.get("class"), el.get("id")):
        if name:
            w += -25 if _NEGATIVE.search(name) else 0
            w += 25 if _POSITIVE.search(name) else 0
    return w


def _scored(el) -> bool:
    tag = _tag(el)
    if tag == "div":
        return not any(_tag(d) in _BLOCK_INSIDE for d in el.iterdescendants())
    return tag in _SCORED


def paragraph_score(text: str) -> float:
    """A scored element's own contribution: 1 + commas + length/100 (at most 3)."""
    return 1 + len(_COMMAS.findall(text)) + min(len(text) // 100, 3)


def content_scores(root) -> dict:
    """{element: Readability content score} for every element Readability gives one: the
    ancestors (up to MAX_DEPTH) of a scored element of MIN_SCORED_CHARS or more, within root."""
    raw: dict = {}
    stop = root.getparent()
    for el in root.iter():
        if not isinstance(el.tag, str) or not _scored(el):
            continue
        text = _text(el)
        if len(text) < MIN_SCORED_CHARS:
            continue
        score = paragraph_score(text)
        for level, anc in enumerate(el.iterancestors()):
            if level >= MAX_DEPTH or anc is stop:
                break
            raw[anc] = raw.get(anc, 0.0) + score / (1 if level == 0 else 2 if level == 1
                                                    else level * 3)
    return {el: (s + _TAG_BASE.get(_tag(el), 0) + class_weight(el)) * (1 - link_density(el))
            for el, s in raw.items()}


def unlikely(el) -> str | None:
    """Why Readability would strip el before scoring it (None: it would not)."""
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    if _UNLIKELY.search(names) and not _MAYBE.search(names):
        return f"an unlikely candidate ({names.strip()})"
    if (el.get("role") or "") in _UNLIKELY_ROLES:
        return f"role {el.get('role')}"
    if _tag(el) in _UNLIKELY_TAGS:
        return f"a <{_tag(el)}>"
    if _tag(el) == "figure" or _PICTURE.search(names):
        return "a picture's caption"
    return None


def _verdict(sib, scores: dict, top: float, top_class: str) -> tuple[bool, str]:
    """Whether a sibling of the container joins it, and why (or why not)."""
    stripped = unlikely(sib)
    if stripped is not None:
        return False, stripped
    score = scores.get(sib)
    bonus = SHARE_OF_TOP * top if top_class and (sib.get("class") or "") == top_class else 0
    threshold = max(MIN_JOIN_SCORE, SHARE_OF_TOP * top)
    if score is not None and score + bonus >= threshold:
        return True, (f"content score {score:.1f}" + (f" + {bonus:.1f} for the container's "
                                                     "class" if bonus else "")
                      + f" >= {threshold:.1f}")
    low = "no content score" if score is None else f"content score {score:.1f} < {threshold:.1f}"
    if _tag(sib) != "p":
        return False, low
    text = _text(sib)
    density = link_density(sib, text)
    if len(text) > LONG_P and density < LONG_P_LINKS:
        return True, f"a <p> of {len(text)} characters, links {density:.0%}"
    if 0 < len(text) < LONG_P and density == 0 and _SENTENCE.search(text):
        return True, "a short <p> with no links that ends like a sentence"
    return False, f"{low}; a <p> of {len(text)} characters, links {density:.0%}"


def sibling_verdicts(container) -> dict:
    """{element: (joins, why)} for the siblings after the container: Readability's sibling
    test. (Only the container's own: the siblings of a parent that scores more, where
    Readability's walk up would go, brought in bios and teasers on news pages.)"""
    parent = container.getparent()
    if parent is None or _tag(container) in ("body", "html"):
        return {}
    after = [s for s in container.itersiblings() if isinstance(s.tag, str)]
    if not after:
        return {}
    scores = content_scores(parent)
    # the container's score is that of Readability's top candidate: its best element
    top = max((scores.get(e, 0.0) for e in container.iter()), default=0.0)
    top_class = container.get("class") or ""
    # only the siblings after it: before the body stand its title, kicker, standfirst and
    # dateline, which the metadata reads and recover.py's lead rule decides
    return {sib: _verdict(sib, scores, top, top_class) for sib in after}


def joined_siblings(container) -> dict:
    """{element: why it joins} for the siblings after the container that join it."""
    return {el: why for el, (joins, why) in sibling_verdicts(container).items() if joins}


LIST_MAX_LINKS = 0.2  # Readability's conditional clean drops a block above this link density


def list_cleaned(el) -> str | None:
    """Why Readability's conditional clean would drop the list el (None: it keeps it): a
    negative class weight, more links than LIST_MAX_LINKS, a form field, more pictures than
    items. (Readability spares link-heavy lists; we do not: a list of links is not read.)"""
    weight = class_weight(el)
    if weight < 0:
        return f"class weight {weight}"
    density = link_density(el)
    if density > LIST_MAX_LINKS:
        return f"links are {density:.0%} of the list"
    if next(el.iter("input", "select", "textarea"), None) is not None:
        return "a form field in it"
    items = sum(1 for c in el if _tag(c) == "li")
    if sum(1 for _ in el.iter("img")) > items:
        return "more pictures than items"
    return None
