"""Make every string that leaves extraction safe to show: bleach, with nothing or a small safelist.

Extraction works on untrusted pages. Whatever we keep ends up in a Jinja template, a JSON answer
and an ID3 tag, so every field goes through one of two doors:

* ``clean_text(s)``: no markup at all. Tags are stripped (their text kept), entities decoded,
  control characters dropped and whitespace collapsed to single spaces. Used for titles, bylines
  and every spoken paragraph.
* ``clean_html(fragment)``: for anything that is shown as markup. Only a small safelist of
  structural tags survives, links keep ``href`` (http, https, mailto only) and get
  ``rel="nofollow noopener"``.

Both are bleach underneath, so there is one well-tested parser deciding what is markup.
"""
from __future__ import annotations

import html
import re
import unicodedata

import bleach
from bleach.linkifier import Linker  # noqa: F401  (kept importable for callers that linkify)

SAFE_TAGS = frozenset({
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "em", "strong", "b", "i",
    "a", "code", "pre", "abbr", "cite", "q", "sub", "sup",
    # tables shown on the page in place of their spoken note
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
})
SAFE_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"], "th": ["colspan", "rowspan", "scope"],
                   "td": ["colspan", "rowspan"]}
SAFE_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Zero-width characters and soft hyphens that pages use for layout; they confuse speech engines.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")


def controls_as_spaces(s: str) -> str:
    """Control characters (tabs and line breaks aside) as spaces: they are never text."""
    return _CONTROL.sub(" ", s)


def normalize_space(s: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to one space and trim."""
    s = controls_as_spaces(_INVISIBLE.sub("", s))
    return _SPACE.sub(" ", s.replace("\u00a0", " ")).strip()


def clean_text(s: str | None) -> str:
    """Plain text with no markup, entities decoded, whitespace normalised. ``None`` gives ``""``."""
    if not s:
        return ""
    s = unicodedata.normalize("NFC", str(s))
    if "<" in s or "&" in s:
        # strip=True removes the tags and keeps their text; bleach escapes what is left,
        # so unescape once to get the characters back.
        s = html.unescape(bleach.clean(s, tags=set(), attributes={}, strip=True,
                                       strip_comments=True))
    return normalize_space(s)


def clean_html(fragment: str | None) -> str:
    """Markup reduced to the safelist; scripts, styles, handlers and unsafe links removed."""
    if not fragment:
        return ""
    # bleach keeps the *text* of stripped tags; script and style bodies must go entirely.
    fragment = re.sub(r"(?is)<(script|style|template|noscript)\b.*?</\1\s*>", "", fragment)
    cleaned = bleach.clean(fragment, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES,
                           protocols=SAFE_PROTOCOLS, strip=True, strip_comments=True)
    return bleach.linkify(cleaned, callbacks=[_nofollow], skip_tags={"pre", "code"},
                          parse_email=False) if "<a " in cleaned else cleaned


def _nofollow(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs
