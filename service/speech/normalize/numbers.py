"""Number words, US style (no "and"): cardinals, ordinals, years, decades, fractions, digits."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from num2words import num2words

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


def digit_words(s: str, zero: str = "oh") -> str:
    """'0958' -> 'oh nine five eight': digits one by one, as dialled."""
    return " ".join(zero if d == "0" else DIGITS[int(d)] for d in s if d.isdigit())


def paired_words(s: str) -> str:
    """A model or clock number said in pairs: '737' -> 'seven thirty-seven', '320' ->
    'three twenty', '1430' -> 'fourteen thirty', '0800' -> 'oh eight hundred'."""
    head, tail = s[:-2], int(s[-2:])
    if head.startswith("0") or head == "":
        head_words = digit_words(head)
    else:
        head_words = cardinal_words(int(head))
    if tail == 0:
        return (head_words + " hundred").strip()
    tail_words = ("oh " + DIGITS[tail]) if tail < 10 else cardinal_words(tail)
    return (head_words + " " + tail_words).strip()


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
    return cardinal_words(num) + "-" + name  # hyphened as written ("two-thirds")


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
_ROMAN_OK = re.compile(r"L?X{0,3}(?:IX|IV|V?I{0,3})\Z")


def roman_value(s: str) -> Optional[int]:
    """'VIII' -> 8; None when ``s`` is not a well-formed numeral up to 89."""
    if not s or not _ROMAN_OK.match(s):
        return None
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total
