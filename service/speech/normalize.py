"""Turn written English news into what should be said, before eSpeak NG reads it.

    normalize(text, language="en") -> str
    normalize_with_map(text, language="en") -> (spoken, spans)
    original_span(spans, spoken_start, spoken_end) -> (orig_start, orig_end)

Design: one left-to-right pass over the text with a single combined regular expression
(one alternative per rule, in priority order). Each match is handed to its rule's handler,
which returns the spoken replacement (or None to leave the match as written). Text between
matches is copied unchanged, so the output is built in linear time and every change is
recorded as a span ``(orig_start, orig_end, spoken_start, spoken_end)``; outside the spans
the spoken text is the original text, shifted. Word timings from eSpeak (offsets in the
spoken text) map back onto the article with ``original_span``.

Rules never drop content: they only expand (abbreviations, symbols, numbers in context).
Sentence boundaries are kept: a title's period ("Sen.") is dropped, since a name follows;
any other abbreviation keeps its period when it also ends a sentence ("Acme Inc. The...").
Numbers eSpeak already reads well (plain cardinals, "3 p.m.", "21st", "50%") are left as
digits; numbers a rule touches are written out in words (num2words, US style: no "and").

Decisions (documented in tests/test_normalize.py too):
- Years: a 4-digit number 1100-2099 is read as a year ("nineteen fifty-eight",
  "twenty seventeen", "two thousand five", "nineteen hundred") unless it has a comma
  ("1,958"), a decimal, a currency sign, a unit, a cue before it ("No.", "Flight", "Room",
  "page", ...), or a count noun after it ("1958 people", "1500 troops": any lowercase word
  ending in -s that is not a known non-plural, or people/children/...): then it is a count,
  "one thousand nine hundred fifty-eight people".
- "St." before a capitalized word is "Saint", unless it follows a capitalized word or a
  number ("Main St.", "5th St.") which makes it "Street" (but "Mount St. Helens" is Saint).
  "Dr." is "Doctor" before a name, "Drive" after a capitalized word when no name follows.
  "No." is "number" only before a digit. "Ft." is "Fort" before a name, "feet" after a number.
- Numeric dates are US order (month/day/year); day/month when the first part exceeds 12.
  Two-digit years: 00-30 -> 20xx, otherwise 19xx.
- "5.2m" is "five point two million" unless a metric context word follows ("100m sprint").
- Scores and ranges "98-97", "10-15" read "to"; phone numbers digit by digit in groups.
- Other languages are returned unchanged.

eSpeak is never loaded here (service.speech.phonemes is the helper that does).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Callable, Optional

from num2words import num2words

from service.speech import normalize_rules as R

Span = tuple[int, int, int, int]

__all__ = ["normalize", "normalize_with_map", "original_span", "SpanMap", "year_words",
           "cardinal_words", "ordinal_words", "number_words"]

# ---------------------------------------------------------------------------------------
# Number words
# ---------------------------------------------------------------------------------------
DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


@lru_cache(maxsize=4096)
def cardinal_words(n: int) -> str:
    """US-style cardinal: 105 -> 'one hundred five', 1958 -> 'one thousand nine hundred...'."""
    if abs(n) >= 10**21:
        return " ".join(DIGITS[int(d)] for d in str(abs(n)))
    words = num2words(n, lang="en").replace(",", "")
    return re.sub(r" and\b", "", words)


@lru_cache(maxsize=1024)
def ordinal_words(n: int) -> str:
    words = num2words(n, lang="en", to="ordinal").replace(",", "")
    return re.sub(r" and\b", "", words)


def two_digit_year(n: int) -> str:
    return "oh " + DIGITS[n] if n < 10 else cardinal_words(n)


@lru_cache(maxsize=1024)
def year_words(y: int) -> str:
    """1958 -> 'nineteen fifty-eight', 2017 -> 'twenty seventeen', 2005 -> 'two thousand
    five', 1900 -> 'nineteen hundred', 1905 -> 'nineteen oh five'."""
    if 2000 <= y <= 2009 or y < 1000 or y % 1000 == 0:
        return cardinal_words(y)
    hi, lo = divmod(y, 100)
    if lo == 0:
        return cardinal_words(hi) + " hundred"
    return cardinal_words(hi) + " " + two_digit_year(lo)


def number_words(s: str) -> str:
    """'1,234.56' -> 'one thousand two hundred thirty-four point five six'."""
    s = s.replace(",", "")
    neg = s.startswith(("-", "−"))
    if neg:
        s = s[1:]
    whole, _, frac = s.partition(".")
    out = cardinal_words(int(whole)) if whole else ""
    if frac:
        out = (out + " " if out else "") + "point " + " ".join(DIGITS[int(d)] for d in frac)
    return ("minus " + out) if neg else out


def decade_words(century: Optional[str], decade: int) -> str:
    """('19', 9) -> 'nineteen nineties'; (None, 8) -> 'eighties'; ('20', 0) -> 'two
    thousands'; ('19', 0) -> 'nineteen hundreds'."""
    tens = {1: "tens", 2: "twenties", 3: "thirties", 4: "forties", 5: "fifties",
            6: "sixties", 7: "seventies", 8: "eighties", 9: "nineties"}
    if century is None:
        return tens.get(decade, "hundreds")
    if decade == 0:
        return "two thousands" if century == "20" else cardinal_words(int(century)) + " hundreds"
    return cardinal_words(int(century)) + " " + tens[decade]


def fraction_words(num: int, den: int) -> str:
    if den == 2:
        name = "half" if num == 1 else "halves"
    elif den == 4:
        name = "quarter" if num == 1 else "quarters"
    else:
        name = ordinal_words(den) + ("" if num == 1 else "s")
    return cardinal_words(num) + " " + name


# ---------------------------------------------------------------------------------------
# Context helpers
# ---------------------------------------------------------------------------------------
_NEXT_WORD = re.compile(r"[\s\"'“‘(]*([\w.'’&-]+)")


def _next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end)
    return m.group(1) if m else ""


def _prev_word(text: str, start: int) -> str:
    """The whitespace-delimited token before ``start``, with its punctuation ("Jackson,")."""
    i = start
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    j = i
    while j > 0 and not text[j - 1].isspace() and i - j < 40:
        j -= 1
    return text[j:i]


def _word_core(token: str) -> str:
    return token.strip("\"'“”‘’()[],;:!?")


def _ends_sentence(text: str, end: int, continuations: frozenset | set = frozenset()) -> bool:
    """Does a period at ``end - 1`` also end a sentence? True at the end of the text, at a
    line break, or before a capitalized word (unless that word is a known continuation or
    another abbreviation: "Martin Luther King Jr. Blvd.")."""
    i, n = end, len(text)
    while i < n and text[i] in " \t\u00a0":
        i += 1
    if i >= n or text[i] in "\r\n":
        return True
    if i == end:  # no space after: "Inc.," or "U.S.-led"
        return False
    while i < n and text[i] in "\"'“‘(":
        i += 1
    if i < n and text[i].isupper():
        word = _next_word(text, i)
        if word.endswith(".") and word[:-1] in _ABBREVIATION_WORDS:
            return False
        return word.rstrip(".,;:") not in continuations
    return False


def _keep_period(expanded: str, text: str, end: int, continuations=frozenset()) -> str:
    return expanded + "." if _ends_sentence(text, end, continuations) else expanded


_ABBREVIATION_WORDS = set(R.ABBREVIATIONS) | set(R.TITLES) | {"St", "Dr", "Ft"} | {
    k[:-1] for k in R.STATE_AP}


def _is_capitalized(word: str) -> bool:
    return bool(word) and word[0].isupper()


# ---------------------------------------------------------------------------------------
# Rule handlers. Each gets the rule's own match (groups by name) and the whole text and
# returns the spoken text for the match, or None to leave it as written.
# ---------------------------------------------------------------------------------------
Handler = Callable[[re.Match, str], Optional[str]]


def _url(m: re.Match, text: str) -> Optional[str]:
    s = m.group(0)
    s = re.sub(r"^(?:https?|ftp)://", "", s, flags=re.I)
    parts: list[str] = []
    for tok in re.findall(r"[A-Za-z]+|\d+|.", s):
        if tok.isalnum():
            parts.append("w w w" if tok.lower() == "www" else tok)
        else:
            word = _URL_SYMBOLS.get(tok)
            if word:
                parts.append(word)
    return " ".join(parts)


_URL_SYMBOLS = {".": "dot", "/": "slash", "-": "dash", "_": "underscore", "@": "at",
                "?": "question mark", "=": "equals", "&": "and", "#": "hash",
                ":": "colon", "~": "tilde", "%": "percent", "+": "plus"}


def _title(m: re.Match, text: str) -> Optional[str]:
    key = m.group("t") or m.group("t2")
    return R.TITLES.get(key) or ("Doctor" if key == "Dr" else None)


def _generation(m: re.Match, text: str) -> Optional[str]:
    return "Generation "


_SAINT_BEFORE = {"Mount", "Mt.", "Fort", "Ft.", "Lake", "Port", "Cape", "Sault", "Pont"}


def _after_name(text: str, start: int) -> bool:
    """Is ``start`` right after a capitalized word of the same phrase ("Main St.")?"""
    prev = _prev_word(text, start)
    i = start
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    return (bool(prev) and prev[0].isupper() and prev[-1].isalnum()
            and prev not in _SAINT_BEFORE and prev.rstrip(".") not in R.TITLES
            and not _sentence_start(text, i - len(prev)))


def _name_follows(text: str, end: int) -> bool:
    nxt = _next_word(text, end)
    return (text[end:end + 1] == " " and _is_capitalized(nxt)
            and nxt not in R.SENTENCE_STARTERS)


def _saint_street(m: re.Match, text: str) -> Optional[str]:
    prev = _prev_word(text, m.start())
    after_number = bool(re.fullmatch(r"\d+(?:st|nd|rd|th)?", prev))
    if (_after_name(text, m.start()) or after_number) and not (
            _next_word(text, m.end()) in {"Louis", "Paul", "Petersburg"}):
        return _keep_period("Street", text, m.end())
    if _name_follows(text, m.end()):
        return "Saint"
    return _keep_period("Street", text, m.end())


def _doctor_drive(m: re.Match, text: str) -> Optional[str]:
    name_follows = _name_follows(text, m.end())
    if _after_name(text, m.start()) and not name_follows:
        return _keep_period("Drive", text, m.end())
    if name_follows or _is_capitalized(_next_word(text, m.end())):
        return "Doctor"
    return None


def _fort_feet(m: re.Match, text: str) -> Optional[str]:
    return "Fort"


def _sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?\n\r:"


def _abbrev(m: re.Match, text: str) -> Optional[str]:
    key = m.group("a")
    expanded = R.ABBREVIATIONS.get(key)
    if expanded is None:
        return None
    if key in _ABBR_NEVER_FINAL:
        return expanded
    return _keep_period(expanded, text, m.end())


_ABBR_NEVER_FINAL = {"vs", "e.g", "i.e", "a.k.a", "approx"}


def _versus(m: re.Match, text: str) -> Optional[str]:
    if _is_capitalized(_word_core(_prev_word(text, m.start()))):
        return "versus"
    return None


def _initialism_dotted(m: re.Match, text: str) -> Optional[str]:
    """'U.S.' before a word that continues the name ('U.S. Army'): drop the period that
    eSpeak takes for a sentence end."""
    s = m.group(0)
    if _ends_sentence(text, m.end(), R.US_CONTINUATIONS):
        return None
    if text[m.end():m.end() + 1] != " ":
        return None
    nxt = _next_word(text, m.end())
    if not _is_capitalized(nxt):
        return None
    return s.replace(".", "")


def _state_name(key: str) -> Optional[str]:
    key = key.strip()
    if key in R.STATE_AP:
        return R.STATE_AP[key]
    if key in R.STATE_POSTAL:
        return R.STATE_POSTAL[key]
    if key in _STATE_FULL:
        return key
    return None


_STATE_FULL = set(R.STATE_NAMES)


def _party_state(m: re.Match, text: str) -> Optional[str]:
    name = _state_name(m.group("st"))
    if name is None:
        return None
    out = R.PARTIES[m.group("p")] + " of " + name
    if m.group("st").endswith("."):
        out = _keep_period(out, text, m.end())
    return out


def _city_state(m: re.Match, text: str) -> Optional[str]:
    key = m.group("st")
    name = R.STATE_AP.get(key)
    if name is None:
        return None
    if key in R.STATE_AP_AMBIGUOUS:  # only after "City, "
        prev = _prev_word(text, m.start())
        if not (prev.endswith(",") and _is_capitalized(prev)):
            return None
    return _keep_period(name, text, m.end())


def _month_name(s: str) -> str:
    s = s.rstrip(".")
    return R.MONTH_ABBR.get(s, s)


def _valid_day(d: str) -> bool:
    return 1 <= int(d) <= 31


def _month_day(m: re.Match, text: str) -> Optional[str]:
    month = _month_name(m.group("mon"))
    day = m.group("d")
    if not _valid_day(day):
        return None
    out = month + " " + ordinal_words(int(day))
    if m.group("d2"):
        if not _valid_day(m.group("d2")):
            return None
        out += " to " + ordinal_words(int(m.group("d2")))
    if m.group("y"):
        out += (m.group("ysep").startswith(",") and ", " or " ") + year_words(int(m.group("y")))
    return out


def _month_year(m: re.Match, text: str) -> Optional[str]:
    return _month_name(m.group("mon")) + " " + year_words(int(m.group("y")))


def _day_month(m: re.Match, text: str) -> Optional[str]:
    day = m.group("d")
    if not _valid_day(day):
        return None
    out = "the " + ordinal_words(int(day)) + " of " + _month_name(m.group("mon"))
    if m.group("y"):
        out += (m.group("ysep").startswith(",") and ", " or " ") + year_words(int(m.group("y")))
    return out


def _month_alone(m: re.Match, text: str) -> Optional[str]:
    abbr = m.group("mon")
    if abbr == "Jan":  # also a name: only with a date cue before it
        if _word_core(_prev_word(text, m.start())).lower() not in {"in", "since", "by", "until", "of",
                                                       "from", "through", "last", "next",
                                                       "early", "late", "mid", "and", "or"}:
            return None
    return _keep_period(R.MONTH_ABBR[abbr], text, m.end())


def _expand_year(y: int) -> int:
    return y + (2000 if y <= 30 else 1900)


def _numeric_date_dmy(m: re.Match, text: str) -> Optional[str]:
    """British and Commonwealth order: 25/12/1990 (month first only when day > 12)."""
    return _numeric_date(m, text, day_first=True)


def _numeric_date(m: re.Match, text: str, day_first: bool = False) -> Optional[str]:
    a, b, y = int(m.group("a")), int(m.group("b")), m.group("y")
    british_order = day_first
    if day_first and b <= 12:
        a, b = b, a  # read as month/day below, then say it the British way
    if a > 12 and b <= 12:
        month, day, british = b, a, True
    else:
        month, day, british = a, b, False
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    year = int(y) if len(y) == 4 else _expand_year(int(y))
    if british or british_order:
        return f"the {ordinal_words(day)} of {R.MONTHS[month - 1]} {year_words(year)}"
    return f"{R.MONTHS[month - 1]} {ordinal_words(day)}, {year_words(year)}"


def _iso_date(m: re.Match, text: str) -> Optional[str]:
    y, mo, d = int(m.group("y")), int(m.group("mo")), int(m.group("d"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{R.MONTHS[mo - 1]} {ordinal_words(d)}, {year_words(y)}"


def _time(m: re.Match, text: str) -> Optional[str]:
    """Clock times eSpeak misreads: "7:00" ("seven zero zero"), "10:05" ("ten zero five"),
    and race times "2:01:39". Other times ("3:30") it reads right and are left alone."""
    h, mi, s = int(m.group("h")), int(m.group("mi")), m.group("s")
    if s is not None:
        parts = [cardinal_words(h) + (" hour" if h == 1 else " hours"),
                 cardinal_words(mi) + (" minute" if mi == 1 else " minutes"),
                 cardinal_words(int(s)) + (" second" if int(s) == 1 else " seconds")]
        if h == 0:
            parts = parts[1:]
        return " ".join(parts)
    if h > 24 or mi >= 10:
        return None
    if mi == 0:
        if m.group("ampm"):
            return cardinal_words(h)
        if h <= 12:
            return cardinal_words(h) + " o'clock"
        return cardinal_words(h) + " hundred"
    return cardinal_words(h) + " oh " + DIGITS[mi]


def _currency(m: re.Match, text: str) -> Optional[str]:
    sym = m.group("sym")
    major, majors, minor, minors = R.CURRENCIES[sym]
    prefix = m.group("pre")
    if prefix:
        pre = R.CURRENCY_PREFIX.get(prefix)
        if pre is None:
            return None
        major, majors = pre + " " + major, pre + " " + majors
    amount = m.group("n")
    scale = m.group("scale")
    scale_word = R.SCALES.get(scale.strip()) if scale else None
    if scale and scale_word is None:
        return None
    amount2 = m.group("n2")
    scale2 = m.group("scale2")
    scale2_word = R.SCALES.get(scale2.strip()) if scale2 else None
    if scale2 and scale2_word is None:
        return None

    def amount_words(a: str, sc: Optional[str]) -> tuple[str, bool]:
        words = number_words(a)
        if sc:
            words += " " + sc
        singular = not sc and a.replace(",", "") in {"1", "1.00"}
        return words, singular

    if amount2:
        w1, _ = amount_words(amount, scale_word)
        w2, sing = amount_words(amount2, scale2_word)
        if scale_word and not scale2_word:
            pass
        return f"{w1} to {w2} {major if sing else majors}"
    plain = amount.replace(",", "")
    if not scale_word and re.fullmatch(r"\d+\.\d\d", plain) and minor:
        whole, cents = plain.split(".")
        w, c = int(whole), int(cents)
        cent_words = f"{cardinal_words(c)} {minor if c == 1 else minors}"
        if w == 0:
            return cent_words
        major_words = f"{cardinal_words(w)} {major if w == 1 else majors}"
        return major_words if c == 0 else f"{major_words} and {cent_words}"
    words, sing = amount_words(amount, scale_word)
    return f"{words} {major if sing else majors}"


def _temperature(m: re.Match, text: str) -> Optional[str]:
    n = m.group("n")
    sign = m.group("sign")
    words = number_words(n)
    if sign:
        words = "minus " + words
    unit = m.group("u")
    adjective = _word_core(_prev_word(text, m.start())).lower() in {"a", "an"}
    deg = "degree" if (n == "1" and not sign) or adjective else "degrees"
    out = words + " " + deg
    if unit:
        out += " " + {"F": "Fahrenheit", "C": "Celsius", "K": "Kelvin"}[unit.upper()]
    return out


def _unit(m: re.Match, text: str) -> Optional[str]:
    n, unit = m.group("n") or m.group("n2"), m.group("u") or m.group("u2")
    if m.group("sp") and unit not in R.UNITS_SPACED:
        return None
    if unit == "M":
        nxt = _next_word(text, m.end())
        if "." not in n and not (nxt.islower() and m.group("sp") == ""):
            return None
        sing, plur = "million", "million"
    elif unit == "m":
        nxt = _next_word(text, m.end()).lower().rstrip(".,;:!?")
        after = text[m.end():m.end() + 1]
        if after == "-" or nxt in R.METRE_CONTEXT:
            sing, plur = "meter", "meters"
        else:
            sing, plur = "million", "million"
    else:
        sing, plur = R.UNITS[unit]
    words = number_words(n)
    out = words + " " + (sing if n == "1" else plur)
    if m.group("dot"):
        out = _keep_period(out, text, m.end())
    return out


def _number_sign(m: re.Match, text: str) -> Optional[str]:
    w = m.group("w")
    word = R.BEFORE_NUMBER[w] + " "
    return word.capitalize() if w[0].isupper() and _sentence_start(text, m.start()) else word


def _hash_number(m: re.Match, text: str) -> Optional[str]:
    return "number "


def _hashtag(m: re.Match, text: str) -> Optional[str]:
    return "hashtag "


def _phone(m: re.Match, text: str) -> Optional[str]:
    groups = [g for g in re.findall(r"\d+", m.group(0))]
    nxt = _next_word(text, m.end())
    if len(groups) == 2 and (nxt.lower() in R.COUNT_NOUNS or text[m.end():m.end() + 1] == "%"
                             or (nxt.endswith("s") and nxt.islower()
                                 and nxt not in R.NOT_PLURAL)):
        return _range_words(groups[0], groups[1], "")
    spoken = []
    for g in groups:
        if g in {"800", "888", "877", "866", "855", "844", "833"} and len(groups) >= 3:
            spoken.append(cardinal_words(int(g)))
        else:
            spoken.append(" ".join("oh" if d == "0" else DIGITS[int(d)] for d in g))
    return ", ".join(spoken)


def _year_range(m: re.Match, text: str) -> Optional[str]:
    y1 = int(m.group("y1"))
    y2s = m.group("y2")
    nxt = _next_word(text, m.end()).rstrip(".,;:!?")
    if nxt.islower() and (nxt in R.COUNT_NOUNS or (nxt.endswith("s") and nxt not in R.NOT_PLURAL)):
        return _range_words(m.group("y1"), y2s, None)
    if len(y2s) == 4:
        y2 = int(y2s)
        if not (y1 < y2 <= 2099):
            return None
        return year_words(y1) + " to " + year_words(y2)
    y2 = y1 // 100 * 100 + int(y2s)
    if y2 <= y1:
        return None
    return year_words(y1) + " to " + two_digit_year(int(y2s))


def _range_words(a: str, b: str, pct: Optional[str]) -> str:
    out = number_words(a) + " to " + number_words(b)
    if pct:
        out += " percent"
    return out


def _range(m: re.Match, text: str) -> Optional[str]:
    prev = _word_core(_prev_word(text, m.start()))
    if prev in R.MODEL_CUES:  # "Boeing 737-800": a model name, not a range
        return m.group("a") + " " + m.group("b") + (m.group("pct") or "")
    return _range_words(m.group("a"), m.group("b"), m.group("pct"))


def _decade(m: re.Match, text: str) -> Optional[str]:
    cent = m.group("c")
    out = decade_words(cent, int(m.group("dd")))
    if m.group("hy"):
        out += " "
    return out


def _short_year(m: re.Match, text: str) -> Optional[str]:
    """"the '08 election" -> "the oh eight election"."""
    return two_digit_year(int(m.group("yy")))


def _year(m: re.Match, text: str) -> Optional[str]:
    y = int(m.group("y"))
    prev = _word_core(_prev_word(text, m.start()))
    if prev in R.NUMBER_CUES or prev.rstrip(".") in R.NUMBER_CUES:
        return None
    if prev in R.YEAR_CUES or prev.endswith(("'s", "’s")) or re.fullmatch(r"[QH][1-4]|FY", prev):
        return year_words(y)
    nxt = _next_word(text, m.end())
    nb = nxt.rstrip(".,;:!?")
    gap = text[m.end():m.end() + 1]
    if gap == " " and nb and nb.islower() and (
            nb in R.COUNT_NOUNS or nb in R.UNITS
            or (nb.endswith("s") and nb not in R.NOT_PLURAL and not nb.endswith("ss")
                and "'" not in nb and "’" not in nb)):
        return cardinal_words(y)
    return year_words(y)


def _fraction(m: re.Match, text: str) -> Optional[str]:
    s = m.group(0)
    if s in R.SLASH_IDIOMS:
        return R.SLASH_IDIOMS[s]
    num, den = int(m.group("num")), int(m.group("den"))
    # only the fractions news actually writes; "5/6" could as well be a date
    if not (0 < num < den and den in (2, 3, 4, 8, 16)):
        return None
    words = fraction_words(num, den)
    if m.group("whole"):
        half = {(1, 2): "a half", (1, 4): "a quarter"}.get((num, den), words)
        return cardinal_words(int(m.group("whole"))) + " and " + half
    return words


def _unicode_fraction(m: re.Match, text: str) -> Optional[str]:
    num, den = R.UNICODE_FRACTIONS[m.group("f")]
    words = fraction_words(num, den)
    if m.group("whole"):
        half = {(1, 2): "a half", (1, 4): "a quarter"}.get((num, den), words)
        return cardinal_words(int(m.group("whole"))) + " and " + half
    return words


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman_value(s: str) -> int:
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN[ch]
        if i + 1 < len(s) and _ROMAN[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


_ROMAN_OK = re.compile(r"L?X{0,3}(?:IX|IV|V?I{0,3})\Z")


def _roman(m: re.Match, text: str) -> Optional[str]:
    r = m.group("r")
    if not _ROMAN_OK.match(r):
        return None
    value = _roman_value(r)
    if value < 2:
        return None
    prev = m.group("prev")
    if prev in R.ROMAN_CARDINAL_AFTER:
        return prev + " " + cardinal_words(value)
    if prev in R.SENTENCE_STARTERS or prev in R.ROMAN_CARDINAL_AFTER:
        return None
    if "L" in r:
        return None
    return prev + " the " + ordinal_words(value)


def _initialism(m: re.Match, text: str) -> Optional[str]:
    return R.INITIALISMS[m.group("w")] + (m.group("poss") or "")


def _letter_hyphen_number(m: re.Match, text: str) -> Optional[str]:
    return " "


def _tilde(m: re.Match, text: str) -> Optional[str]:
    return "about "


def _en_dash_range(m: re.Match, text: str) -> Optional[str]:
    return " to "


# ---------------------------------------------------------------------------------------
# The rule table, in priority order (earlier wins at the same position).
# ---------------------------------------------------------------------------------------
_TITLE_KEYS = "|".join(sorted(R.TITLES, key=len, reverse=True))
_ABBR_KEYS = "|".join(re.escape(k) for k in sorted(R.ABBREVIATIONS, key=len, reverse=True))
_STATE_AP_KEYS = "|".join(re.escape(k) for k in sorted(R.STATE_AP, key=len, reverse=True))
_STATE_PARTY_KEYS = "|".join(
    [re.escape(k) for k in sorted(R.STATE_AP, key=len, reverse=True)]
    + sorted(R.STATE_NAMES, key=len, reverse=True)
    + [k + r"\b" for k in R.STATE_POSTAL])
_BEFORE_NUMBER_KEYS = "|".join(sorted(R.BEFORE_NUMBER, key=len, reverse=True))
_MONTHS_FULL = "|".join(R.MONTHS)
_MONTH_ABBR = "|".join(sorted(R.MONTH_ABBR, key=len, reverse=True))
_MON = rf"(?P<mon>{_MONTHS_FULL}|(?:{_MONTH_ABBR})\.?)"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT_KEYS = "|".join(re.escape(k) for k in sorted(R.UNITS, key=len, reverse=True))
_SCALE = r"(?:thousand|million|billion|trillion|mn|bn|tn|[mbkKMBT])\b"
_CUR = "".join(re.escape(k) for k in R.CURRENCIES)
_INIT_KEYS = "|".join(re.escape(k) for k in sorted(R.INITIALISMS, key=len, reverse=True))

RULES: list[tuple[str, str, Handler]] = [
    ("url", r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9][^\s<>\"“”]*[^\s<>\"“”.,;:!?)\]'’]"
            r"|(?<![\w@.])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
            r"|(?<![\w@./-])[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*"
            r"\.(?:com|org|net|gov|edu|io|co\.uk|ly|tv|ai|app|dev|news|info)\b"
            r"(?:/[^\s<>\"“”]*[^\s<>\"“”.,;:!?)\]'’])?", _url),
    ("mdate", rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
              rf"(?:\s?[-–]\s?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?(?![\d:])\b"
              rf"(?:(?P<ysep>,?\s)(?P<y>1[1-9]\d\d|20\d\d)(?![\w,.]\d|\w))?", _month_day),
    ("myear", rf"\b{_MON}\s+(?P<y>1[1-9]\d\d|20\d\d)\b(?![.,]\d)", _month_year),
    ("dmonth", rf"(?<![\w.,$])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTHS_FULL})\b"
               rf"(?:(?P<ysep>,?\s)(?P<y>1[1-9]\d\d|20\d\d)(?![\w,.]\d|\w))?", _day_month),
    ("monalone", rf"\b(?P<mon>{_MONTH_ABBR})\.", _month_alone),
    ("party", rf"(?<![\w-])(?P<p>[DRI])-(?P<st>{_STATE_PARTY_KEYS})", _party_state),
    ("gen", r"\bGen\.? (?=[XYZ]\b)", _generation),
    ("title", rf"\b(?P<t>{_TITLE_KEYS})\.(?=[ \u00a0]+(?:[A-Z]|Mc|O'))"
              r"|\b(?P<t2>Mr|Mrs|Ms|Dr|Messrs|Sens|Reps|Drs)\.(?= and )", _title),
    ("saint", r"\bSt\.", _saint_street),
    ("doctor", r"\bDr\.", _doctor_drive),
    ("fort", r"\bFt\.(?= [A-Z])", _fort_feet),
    ("nosign", rf"\b(?P<w>{_BEFORE_NUMBER_KEYS})\.\s?(?=\d)", _number_sign),  # "No. 1", "Sec. 230"
    ("hashnum", r"#(?=\d)", _hash_number),
    ("hashtag", r"(?<![\w&])#(?=[A-Za-z]\w)", _hashtag),
    ("versus", r"(?<=\w )v\.(?= [A-Z])", _versus),
    ("abbr", rf"(?<![\w.])(?P<a>{_ABBR_KEYS})\.", _abbrev),
    ("state", rf"(?<![\w.])(?P<st>{_STATE_AP_KEYS})(?!\w)", _city_state),
    ("dotted", r"(?<![\w.])(?:U\.S\.|U\.N\.|U\.K\.|E\.U\.)", _initialism_dotted),
    ("numdate", r"(?<![\w/.,])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\w/]|[.,]\d)",
     _numeric_date),
    ("isodate", r"(?<![\w/.,-])(?P<y>1[1-9]\d\d|20\d\d)-(?P<mo>\d\d)-(?P<d>\d\d)(?![\w-]|[.,]\d)",
     _iso_date),
    ("time", r"(?<![\w:.,])(?P<h>\d{1,2}):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\w:]|[.,]\d)"
             r"(?:(?=(?P<ampm>\s?(?:[ap]\.?m|[AP]\.?M)\b))|)", _time),
    ("phone", r"(?<![\w.,/-])(?:(?:\+?1[-. ])?(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}"
              r"|\+?1-\d{3}-\d{3}-\d{4}|[2-9]\d{2}-\d{4})(?![\w-]|[.,]\d)", _phone),
    ("currency", rf"(?<![\w])(?P<pre>US|NZ|HK|[CAS])?(?P<sym>[{_CUR}])\s?(?P<n>{_NUM})"
                 rf"(?P<scale>\s?{_SCALE})?"
                 rf"(?:\s?[-–]\s?[{_CUR}]?(?P<n2>{_NUM})(?P<scale2>\s?{_SCALE})?)?"
                 rf"(?![\w]|[.,]\d)", _currency),
    ("temp", r"(?<![\w.,])(?P<sign>[-−])?(?P<n>\d+(?:\.\d+)?)\s?°(?:\s?(?P<u>[FCK])(?![a-z]))?",
     _temperature),
    ("yrange", r"(?<![\w.,/:$-])(?P<y1>1[1-9]\d\d|20\d\d)\s?[-–]\s?(?P<y2>1[1-9]\d\d|20\d\d|\d\d)"
               r"(?![\w%°]|[.,]\d|-\d)", _year_range),
    ("decade", r"(?<![\w$.,])(?:'|’)?(?P<c>1[1-9]|20)?(?P<dd>\d)0s\b(?P<hy>-(?=[a-z]))?",
     _decade),
    ("shortyear", r"(?<![\w'’])['’](?P<yy>\d\d)(?![\w'’]|[.,]\d)", _short_year),
    ("unit", rf"(?<![\w.,$€£¥-])(?P<n>{_NUM})(?P<sp>\s?)(?P<u>{_UNIT_KEYS}|m)(?P<dot>\.)?"
             r"(?![\w/²]|[.,]\d)|(?<![\w.,$€£¥-])(?P<n2>\d+(?:\.\d+)?)(?P<u2>M)\b", _unit),
    ("range", rf"(?<![\w.,/:$€£¥-])(?P<a>{_NUM})\s?[-–]\s?(?P<b>{_NUM})(?P<pct>\s?%)?"
              r"(?![\w/°]|[.,]\d|-\d)", _range),
    ("year", r"(?<![\w$€£¥.,:/#])(?<!\d[-–])(?P<y>1[1-9]\d\d|20\d\d)(?![\w%°]|[.,]\d|\s?%)", _year),
    ("ufrac", r"(?<![\d.,])(?P<whole>\d+)?(?P<f>[" + "".join(R.UNICODE_FRACTIONS) + "])",
     _unicode_fraction),
    ("fraction", r"(?<![\w/.,])(?:(?P<whole>\d+) )?(?P<num>\d{1,2})/(?P<den>\d{1,2})(?![\w/]|[.,]\d)",
     _fraction),
    ("roman", r"\b(?P<prev>[A-Z][a-z]+) (?P<r>[IVXL]{2,7})\b(?![.'’]?\w)", _roman),
    ("initialism", rf"\b(?P<w>{_INIT_KEYS})(?P<poss>['’]s)?\b(?!['’]?\w)", _initialism),
    ("lhyphen", r"(?<=[A-Za-z])-(?=\d)", _letter_hyphen_number),
    ("tilde", r"~\s?(?=\d)", _tilde),
]


def _strip_names(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _compile(rules: list[tuple[str, str, Handler]]):
    compiled = {name: (re.compile(pat), handler) for name, pat, handler in rules}
    master = re.compile("|".join(f"(?P<{name}>{_strip_names(pat)})" for name, pat, _ in rules))
    return master, compiled


_MASTER, _COMPILED = _compile(RULES)
# Day-first English (en-GB, en-AU, ...): only numeric dates differ.
_DMY_MASTER, _DMY_COMPILED = _compile(
    [(n, p, _numeric_date_dmy if n == "numdate" else h) for n, p, h in RULES])
_DAY_FIRST = ("en-gb", "en-au", "en-nz", "en-ie", "en-za", "en-in", "en-uk", "en-sc")


# Speed: rather than let the combined pattern try every alternative at every character,
# list the few positions where a rule can start (a digit, a capital, a symbol, a handful of
# lowercase abbreviations, the start of a domain or e-mail address) and try it only there.
_START = re.compile(
    "[-0-9A-Z$€£¥₹₩₽₪₺#~'’(+\u2212" + "".join(R.UNICODE_FRACTIONS) + "]"
    r"|(?<![\w.])(?:e\.g|i\.e|vs|v|etc|a\.k\.a|approx|nos?|pp?|www|https?|ftp)\b")
_DOMAIN_TAIL = re.compile(r"@|\.(?:com|org|net|gov|edu|io|co\.uk|ly|tv|ai|app|dev|news|info)\b")


def _candidates(text: str) -> list[int]:
    starts = [m.start() for m in _START.finditer(text)]
    extra = []
    for m in _DOMAIN_TAIL.finditer(text):
        i = m.start()
        while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "._+-@"):
            i -= 1
        extra.append(i)
    if extra:
        starts = sorted(set(starts).union(extra))
    return starts


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------
def _is_english(language: Optional[str]) -> bool:
    if not language:
        return True
    lang = str(language).lower().replace("_", "-")
    return lang == "en" or lang.startswith("en-")


def normalize_with_map(text: str, language: str = "en") -> tuple[str, list[Span]]:
    """Spoken text for ``text`` and the spans it replaced, as
    ``(orig_start, orig_end, spoken_start, spoken_end)``, in order and non-overlapping.
    Outside the spans the spoken text equals the original. Never raises on a str."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if not text or not _is_english(language):
        return text, []
    master, compiled = _MASTER, _COMPILED
    if language and str(language).lower().replace("_", "-").startswith(_DAY_FIRST):
        master, compiled = _DMY_MASTER, _DMY_COMPILED
    out: list[str] = []
    spans: list[Span] = []
    pos = 0  # next original char not yet copied
    spoken_len = 0
    search_from = 0
    for start in _candidates(text):
        if start < search_from:
            continue
        m = master.match(text, start)
        if m is None:
            continue
        end = m.end()
        replacement = None
        name = m.lastgroup
        if name is not None and end > start:
            regex, handler = compiled[name]
            rm = regex.match(text, start)
            if rm is not None and rm.end() == end:
                try:
                    replacement = handler(rm, text)
                except Exception:  # a rule must never break reading: leave text as written
                    replacement = None
        if replacement is None or replacement == text[start:end]:
            search_from = end if end > start else start + 1
            continue
        if start > pos:
            chunk = text[pos:start]
            out.append(chunk)
            spoken_len += len(chunk)
        out.append(replacement)
        spans.append((start, end, spoken_len, spoken_len + len(replacement)))
        spoken_len += len(replacement)
        pos = search_from = end
    n = len(text)
    if pos < n:
        out.append(text[pos:])
    return "".join(out), spans


def normalize(text: str, language: str = "en") -> str:
    """What should be said for written news ``text`` (English; other languages unchanged)."""
    return normalize_with_map(text, language)[0]


class SpanMap:
    """Maps ranges of the spoken text back onto the original (O(log n) per lookup)."""

    def __init__(self, spans: list[Span]):
        self.spans = list(spans)
        self._starts = [sp[2] for sp in self.spans]

    def _point(self, p: int, is_end: bool) -> int:
        i = bisect_right(self._starts, p) - 1
        if i < 0:
            return p
        o0, o1, s0, s1 = self.spans[i]
        if p < s1 or (is_end and p == s1):
            return o1 if is_end and p > s0 else o0
        return o1 + (p - s1)

    def to_original(self, spoken_start: int, spoken_end: int) -> tuple[int, int]:
        """A range inside a replaced span maps to the whole original span; elsewhere the
        range is shifted by the length changes before it."""
        a = self._point(spoken_start, False)
        b = self._point(spoken_end, True)
        return a, max(a, b)


def original_span(spans: list[Span], spoken_start: int, spoken_end: int) -> tuple[int, int]:
    """Map a range of the spoken text (e.g. an eSpeak word event) back onto the original
    text. For many lookups build a ``SpanMap`` once instead."""
    return SpanMap(spans).to_original(spoken_start, spoken_end)
