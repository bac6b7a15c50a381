"""Title, byline, publication date and language of an article, read from its markup first.

Pages state their metadata several times over (Open Graph, schema.org, JSON-LD, visible
byline), with differing quality. We read the explicit, machine-written sources first and fall
back to visible text, then clean what we found: a byline becomes a list of names (no "By", no
dates, no "Follow", no counters; initials keep their period: "Doug G. Ware"), a date becomes
ISO ``YYYY-MM-DD``, a language its BCP 47 primary tag. When the markup does not say which
language a text is in, a small stop-word and script detector decides (no extra dependency,
no network).
"""
from __future__ import annotations

import datetime
import json
import re

from service.articles.sanitize import clean_text

# ------------------------------------------------------------------------------ bylines

_BY_PREFIX = re.compile(r"^\s*(written\s+)?(by|von|por|par|di|door|av|от|posted by|"
                        r"reported by|words by|story by)\s*[:\-]?\s+", re.IGNORECASE)
_NOT_NAME = re.compile(
    r"\b(follow|updated?|published|posted|min(ute)?s? read|read more|reporter|correspondent|"
    r"editor|(staff|contributing|senior|health|science|freelance) writer|special to|contributor|columnist|"
    r"associated press writer|email|twitter|"
    r"facebook|instagram|linkedin|share|comments?|ago|am|pm|gmt|utc|et|edt|est|bst|cet)\b",
    re.IGNORECASE)
_MONTH = (r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
          r"sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?")
_DATE_BITS = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(,?\s+\d{{4}})?|\b\d{{1,2}}\s+{_MONTH}(\s+\d{{4}})?"
                        rf"|\d{{4}}-\d{{2}}-\d{{2}}\S*|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}"
                        rf"|\d{{1,2}}:\d{{2}}(\s*[ap]\.?m\.?)?"
                        rf"|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
# one-letter "e" / "y" join names only in lower case: "Sarah E. Needleman" is one name
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|\||/|&|\s[-–—]\s|\band\b|\bund\b|(?-i:\be\b|\by\b)|\bet\b|"
                          r"\bи\b|\bavec\b|\bwith\b|\bmit\b)\s*", re.IGNORECASE)
# a second role's "by" inside one byline: "Written by A Edited by B", "Photos by A; words by B"
_ROLE_BY = re.compile(r"\b(?:written|edited|reported|reporting|additional reporting|photos?|"
                      r"photography|illustrations?|graphics|video|words|story|text|analysis|"
                      r"opinion|commentary|interview|review)\s+by\b\s*",
                      re.IGNORECASE)
# what follows a name but is no name: "Jane Doe for CNN", the "on" of "Jane Doe on <date>"
_FOR_OUTLET = re.compile(r"\s+for\s+\S.*$", re.IGNORECASE)
_BEFORE_DATE = re.compile(r"\b(?:on|at)\s*(?=\|)", re.IGNORECASE)
# a role printed after the name without a comma: "Jane Doe Contributing Writer" (cut there)
_ROLES = (r"senior|chief|staff|contributing|special|freelance|deputy|associate|managing|"
          r"executive|reporter|correspondent|editor|writer|journalist|producer|photographer|"
          r"analyst|columnist|contributor|editorial")
_ONLY_ROLES = re.compile(rf"^(?:(?:{_ROLES})\b[\s,.]*)+$", re.IGNORECASE)
_ROLE_AFTER = re.compile(rf"\s+(?:{_ROLES})\b.*$", re.IGNORECASE)
# a link printed after the name: "Jane Doe View More Articles", "Jane Doe See all posts"
_LINK_AFTER = re.compile(r"\s+(?:view|see)\b.*$|\s+(?:all|more)\s+(?:articles|posts|stories)\b.*$",
                         re.IGNORECASE)
# ... or before it: "Senior Reporter Jane Doe"
_ROLE_BEFORE = re.compile(rf"^(?:(?:{_ROLES})\s+)+(?=\S+\s+\S)", re.IGNORECASE)
# degrees and generational suffixes printed after a comma: no person of their own
_DEGREE = re.compile(r"^(?:ph\.?\s?d|m\.?d|r\.?n|r\.?dn?|m\.?s|m\.?a|mph|mba|dds|esq)\.?$",
                     re.IGNORECASE)
_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)


def clean_name(s: str) -> str | None:
    """One author name, or None if what is left is not a name."""
    s = clean_text(s)
    if _ONLY_ROLES.match(s):  # "Writer" alone is a role; "Ann Writer" is a name
        return None
    s = _BY_PREFIX.sub("", s)
    s = re.sub(r"@\w+", "", s)
    s = re.sub(r"\S+@\S+", "", s)
    s = re.sub(r"https?://\S+", "", s)
    s = s.strip(" -–—:|,.·•")
    if s.count("(") != s.count(")"):  # what is left of "A (with B and C)"
        s = s.replace("(", "").replace(")", "").strip()
    if re.search(r"\.(com|org|net|co\.uk|de|fr|es)$", s, re.IGNORECASE):
        return None  # a site ("Cleveland.com"), not a person
    if not s or _NOT_NAME.search(s) or re.search(r"\d", s):
        return None
    words = s.split()
    if not 1 <= len(words) <= 5:
        return None
    if s.isupper() and len(words) > 1 and any(len(w) > 2 for w in words):
        # (one all-capital word is an acronym, "CNN", not a shouted name)
        # "JANE Q. PUBLIC" -> "Jane Q. Public" (initials and "McX" stay as written)
        s = " ".join(w if len(w.rstrip(".")) <= 1 else w[0] + w[1:].lower() for w in words)
    if not any(w[:1].isupper() for w in words) and not re.search(r"[^\x00-\x7f]", s):
        return None
    return s


def _without_role(part: str, first: bool) -> str:
    """The name in "Jane Doe Contributing Writer" / "Senior Reporter Jane Doe" / "Jane Doe for
    CNN". A role after a comma ("Jane Doe, AP Sports Writer") describes the name before it:
    nothing of it is a name. A cut leaving more than three words had an outlet in it too
    ("Jane Doe BuzzFeed News Reporter"): no name we can trust."""
    cut = _ROLE_AFTER.sub("", _FOR_OUTLET.sub("", _ROLE_BEFORE.sub("", part)))
    cut = _LINK_AFTER.sub("", cut)
    if cut == part:
        return part
    return cut if first and len(cut.split()) <= 3 else ""


def clean_byline(raw: str | list[str] | None) -> list[str]:
    """A clean list of author names from a byline string (or several), order kept, no repeats."""
    if not raw:
        return []
    pieces = raw if isinstance(raw, list) else [raw]
    names: list[str] = []
    for piece in pieces:
        piece = clean_text(piece)
        piece = _BY_PREFIX.sub("", piece)
        piece = _ROLE_BY.sub(" | ", piece)
        piece = _BEFORE_DATE.sub("", _DATE_BITS.sub(" | ", piece))
        piece = re.sub(r"\b(Updated|Published|Posted|Follow|Last updated)\b.*?(\||$)", " | ",
                       piece, flags=re.IGNORECASE)
        for part in _SPLIT_NAMES.split(piece):
            part = part.strip()
            if len(part.split()) > 2 or names:  # after a name, "AP Writer" is its role
                part = _without_role(part, first=not names)
            if _DEGREE.match(part):
                continue
            if _SUFFIX.match(part) and names:
                names[-1] = f"{names[-1]} {part.rstrip('.').capitalize()}."
                continue
            # keep an initial's or suffix's period that the strip in clean_name would remove
            keep_dot = bool(re.search(r"\b([A-Z]|Jr|Sr)\.$", part))
            name = clean_name(part)
            if name and keep_dot and not name.endswith("."):
                name += "."
            if name and name.lower() not in {n.lower() for n in names}:
                names.append(name)
    return names


def join_names(names: list[str]) -> str | None:
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


# ------------------------------------------------------------------------------ dates

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})")


def iso_date(value: str | None) -> str | None:
    """'2017-01-23T14:31:00-05:00' -> '2017-01-23'; anything else unparseable -> None."""
    if not value:
        return None
    value = value.strip()
    m = _ISO.search(value) or _COMPACT.match(value)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    if not 1990 <= y <= 2100:
        return None
    try:
        return datetime.date(y, mo, d).isoformat()
    except ValueError:  # "2017-02-30": no such day
        return None


# ------------------------------------------------------------------------------ language

_STOPWORDS = {
    "en": "the and of to in is that for it was on with as by he said at from his are be this "
          "have an has but not they were which their who been had will would".split(),
    "de": "der die und das ist nicht ein eine zu den von mit sich des auf für im dem auch es "
          "an werden aus er hat dass sie nach wird bei einer um am sind noch wie".split(),
    "fr": "le la les de des et est un une du en que qui dans pour pas sur au par plus il ne "
          "ce sont avec se son été aux ont elle".split(),
    "es": "el la los las de del y en que un una es por con para no se su al lo como más "
          "pero sus le ha fue este está".split(),
    "pt": "o a os as de do da dos das e em que um uma é para com não se por no na mais foi "
          "ao pelo pela são seu sua também".split(),
    "it": "il lo la i gli le di del della e in che un una è per con non si da al alla "
          "sono più ha anche nel nella come".split(),
    "id": "yang dan di ke dari ini itu dengan untuk tidak dalam akan pada juga ada adalah "
          "oleh atau telah bisa karena mereka kata".split(),
    "nl": "de het een en van in is dat op te zijn met voor niet aan er ook als bij door "
          "maar om werd worden".split(),
}
_STOPSETS = {lang: set(words) for lang, words in _STOPWORDS.items()}


_LETTER = re.compile(r"[^\W\d_]")
# letters of each script we tell apart by sight (counted in C: this runs on every article)
_SCRIPTS = {name: re.compile(f"[{chars}]") for name, chars in {
    "cyr": "\u0400-\u04FF", "ko": "\uAC00-\uD7AF\u1100-\u11FF", "kana": "\u3040-\u30FF",
    "han": "\u4E00-\u9FFF", "ar": "\u0600-\u06FF", "he": "\u0590-\u05FF",
    "th": "\u0E00-\u0E7F", "el": "\u0370-\u03FF"}.items()}


def detect_language(text: str) -> str | None:
    """A best guess at the language of ``text``, or None when there is too little to tell."""
    sample = text[:4000]
    n = len(_LETTER.findall(sample))
    if n < 40:
        return None
    scripts = {name: len(rx.findall(sample)) for name, rx in _SCRIPTS.items()}
    if scripts["kana"] > 0.05 * n:
        return "ja"
    if scripts["ko"] > 0.3 * n:
        return "ko"
    if scripts["han"] > 0.3 * n:
        return "zh"
    if scripts["cyr"] > 0.3 * n:
        # Ukrainian letters that Russian lacks
        return "uk" if re.search(r"[їєґі]", sample) else "ru"
    for key in ("ar", "he", "th", "el"):
        if scripts[key] > 0.3 * n:
            return key
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if len(words) < 8:
        return None
    scores = _stopword_scores(words)
    best = max(scores, key=scores.get)
    if scores[best] < max(2, 0.05 * len(words)):
        return None
    return best


def _stopword_scores(words: list[str]) -> dict[str, int]:
    return {lang: sum(1 for w in words if w in stops) for lang, stops in _STOPSETS.items()}


LANGUAGE_MARGIN = 2  # the text's own language must score this many times the declared one's


def checked_language(declared: str | None, text: str) -> str | None:
    """The page's declared language, unless the article's own words plainly say another.

    Site templates declare one language for everything: an English story syndicated by a
    German edition keeps ``lang="de"``, a German blog keeps its theme's ``lang="en"``, and the
    listener would hear the story in the wrong voice. Overruled only between languages we have
    stopwords for, when the text's language scores LANGUAGE_MARGIN times the declared one's.
    """
    detected = detect_language(text)
    if declared is None or detected is None or detected == declared:
        return declared or detected
    if declared not in _STOPSETS or detected not in _STOPSETS:
        return declared
    scores = _stopword_scores(re.findall(r"[^\W\d_]+", text[:4000].lower()))
    if scores[detected] >= LANGUAGE_MARGIN * max(1, scores[declared]):
        return detected
    return declared


def language_tag(value: str | None) -> str | None:
    """'en-US' / 'en_GB' / 'EN' -> 'en'; junk -> None."""
    if not value:
        return None
    m = re.match(r"\s*([A-Za-z]{2,3})(?:[-_]|$|\s|,)", value)
    return m.group(1).lower() if m else None


# ------------------------------------------------------------------------------ titles

_TITLE_SPLIT = re.compile(r"\s+[|–—•·»:-]\s+|\s+-\s+")


def strip_site_name(title: str, site: str | None = None) -> str:
    """'U.S. denies ... - UPI.com' -> 'U.S. denies ...' (keep the longest part)."""
    title = clean_text(title)
    parts = _TITLE_SPLIT.split(title)
    if len(parts) < 2:
        return title
    if site:
        kept = [p for p in parts if p.strip().lower() != site.strip().lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    return max(parts, key=len)


def json_ld_objects(tree) -> list[dict]:
    """Every dict in the page's JSON-LD blocks (flattening @graph and lists), in the order
    the page writes them: the first article object is the one Readability takes."""
    out: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        text = re.sub(r"^\s*<!\[CDATA\[|\]\]>\s*$", "", script.text or "")
        try:
            data = json.loads(text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            d = stack.pop()
            if isinstance(d, list):
                stack.extend(reversed(d))  # popped first to last
            elif isinstance(d, dict):
                out.append(d)
                if "@graph" in d:
                    stack.append(d["@graph"])
    return out
