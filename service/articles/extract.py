"""``extract(html_or_text, url=None) -> Article``: the text stage's one entry point.

It decides whether it was given a page or pasted text, hands it to the matching reader
(html_extract.py or plaintext.py), then runs the steps every input shares: the noise LINE rules
and de-duplication (blocks.py), bleach on every field (sanitize.py) and sections (segment.py).
Bad input raises ``ExtractionError`` with a message a person can act on; nothing touches the
network.
"""
from __future__ import annotations

import re

from service.articles import metadata as md
from service.articles.blocks import LIST, PARAGRAPH, QUOTE, clean_blocks
from service.articles.html_extract import extract_html
from service.articles.plaintext import extract_text
from service.articles.sanitize import clean_text, controls_as_spaces
from service.articles.segment import segment
from service.models import Article, ExtractionError

# A tag from the HTML vocabulary (or a doctype / comment). "a < b" or "<3" is not HTML.
_HTML_HINT = re.compile(
    r"<\s*(!doctype\s+html|html|head|body|article|main|section|div|p|span|br|h[1-6]|ul|ol|li|"
    r"table|meta|title|script|style|blockquote|a\s+href|img|figure|header|footer|nav)\b[^>]*>",
    re.IGNORECASE)


# not characters at all (a lone surrogate, U+FFFE, U+FFFF): no HTML parser, database or hash
# takes them
_NOT_CHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")


# "&#1;", "&#xFFFE;": a page's reference to a control character or a non-character, which lxml
# builds into the tree and then refuses to handle; read as a space, like the characters
_CHAR_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]+)|0*([0-9]+));?")


def _unusable(m: re.Match) -> bool:
    digits = m.group(1) or m.group(2) or "0"
    if len(digits) > 8:
        return False  # far past U+10FFFF: the parser reads it as U+FFFD
    n = int(digits, 16 if m.group(1) else 10)
    return (n < 32 and n not in (0, 9, 10, 13)) or n in (0xFFFE, 0xFFFF)


def without_unusable_references(html: str) -> str:
    if "&#" not in html:
        return html
    return _CHAR_REFERENCE.sub(lambda m: " " if _unusable(m) else m.group(0), html)


def looks_like_html(s: str) -> bool:
    """Any HTML tag at all: how a caller that cannot say what it holds is read."""
    return bool(_HTML_HINT.search(s[:20000]))


# A page's own opening: a doctype, or an <html>, <head> or <body> tag (after a BOM, an XML
# declaration or comments). A paste that starts with prose is prose, angle brackets or not.
_DOCUMENT_START = re.compile(r"^\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                             r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


def is_html_document(s: str) -> bool:
    """A whole HTML document, as "view source" or a saved page gives it (how a paste that says
    nothing of its kind is read): a plain-text paste quoting `<script>` stays text."""
    return bool(_DOCUMENT_START.match(s[:20000]))


def _check_readable(s) -> str:
    if s is None:
        raise ExtractionError("No input: give an article as HTML or plain text.")
    if isinstance(s, (bytes, bytearray)):
        try:
            s = bytes(s).decode("utf-8")
        except UnicodeDecodeError:
            try:
                from charset_normalizer import from_bytes
                best = from_bytes(bytes(s)).best()
            except Exception:  # pragma: no cover - optional helper
                best = None
            if best is None:
                raise ExtractionError("Unreadable input: the bytes are not text in any "
                                      "encoding we recognise.") from None
            s = str(best)
    if not isinstance(s, str):
        raise ExtractionError(f"Unreadable input: expected text, got {type(s).__name__}.")
    # JSON lets a client send a lone surrogate ("\ud800"): it reads as the replacement character
    if _has_not_characters(s):
        s = _NOT_CHARACTERS.sub("\ufffd", s)
    if not s.strip():
        raise ExtractionError("Empty input: there is no text to read.")
    sample = s[:5000]
    bad = sum(1 for c in sample if c == "\ufffd" or (ord(c) < 32 and c not in "\t\n\r\f"))
    if bad > 0.05 * len(sample):
        raise ExtractionError("Unreadable input: this looks like binary data, not text or HTML.")
    # a stray control character reads as a space, as it would in any field (lxml refuses one
    # in the text of a tree it is editing)
    return controls_as_spaces(s) if _has_controls(s) else s


# the C-speed checks before the regular expressions: a whole page scanned by a character class
# cost more than trafilatura's parse of it
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])


def _has_not_characters(s: str) -> bool:
    if "\ufffe" in s or "\uffff" in s:
        return True
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True  # a lone surrogate
    return False


def _has_controls(s: str) -> bool:
    b = s.encode("utf-8", "surrogatepass")
    return len(b.translate(None, _CONTROL_BYTES)) != len(b)


def extract(html_or_text: str, url: str | None = None, as_html: bool | None = None) -> Article:
    """Read an article from a page's HTML or from pasted plain text.

    ``as_html`` says which it is (an API's html or text field); None: HTML if any tag is in it.

    Returns an Article with title, byline (names joined: "A, B and C"), published (ISO date or
    None), language (BCP 47 primary tag or None) and at least one non-empty Section.
    Raises ExtractionError for empty or unreadable input, or when no article body is found.
    """
    s = _check_readable(html_or_text)
    if looks_like_html(s) if as_html is None else as_html:
        result = extract_html(without_unusable_references(s), url)
        if result is None:
            raise ExtractionError("Unreadable input: this HTML could not be parsed.")
    else:
        result = extract_text(s)

    title = clean_text(result.title) or ""
    byline = clean_text(result.byline) or None
    blocks = clean_blocks(result.blocks, title=title, byline=byline)
    if not blocks:
        raise ExtractionError("No article body found: after removing navigation, ads and "
                              "other page furniture, no readable text was left.")
    # the language first: the announcements for listeners are made in it
    language = md.checked_language(result.language, " ".join(
        b.text or " ".join(b.items) for b in blocks if b.kind in (PARAGRAPH, LIST, QUOTE)))
    sections = segment(blocks, language)
    if not sections:
        raise ExtractionError("No article body found.")
    title_found = bool(title)
    if not title:
        # the body's opening words (past stray punctuation: ". Their market..." would leave
        # nothing before its first ". ")
        lead = sections[0].paragraphs[0].lstrip(" .,;:!?…-–—")
        title = lead.split(". ")[0][:120].strip() or "Untitled article"
    return Article(title=title, byline=byline, published=result.published,
                   language=language, sections=sections, url=url, title_found=title_found)
