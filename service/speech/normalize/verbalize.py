"""Say a classified token: one function per class, from the token's values alone (context
was already used by classify.py). ``verbalize(token) -> str``."""
from __future__ import annotations

import re
from typing import Callable

from service.speech.normalize import tables as T
from service.speech.normalize.classify import Token
from service.speech.normalize.numbers import (
    DIGITS, cardinal_words, decade_words, digit_words, fraction_words, number_words,
    ordinal_words, paired_words, two_digit_year, year_words)

_URL_SYMBOLS = {".": "dot", "/": "slash", "-": "dash", "_": "underscore", "@": "at",
                "?": "question mark", "=": "equals", "&": "and", "#": "hash",
                ":": "colon", "~": "tilde", "%": "percent", "+": "plus"}
_LARGE = ("million", "billion", "thousand", "trillion")


def url(t: Token) -> str:
    s = re.sub(r"^(?:https?|ftp)://", "", t.text, flags=re.I)
    parts: list[str] = []
    in_host = "@" not in s.split("/", 1)[0]  # an e-mail's host begins after its "@"
    for tok in re.findall(r"[A-Za-z]+|\d+|.", s):
        if tok in "@/":
            in_host = tok == "@"
        if in_host and tok in t.spell:
            parts.append(_spaced_letters(tok))
        elif tok.isalnum():
            parts.append("w w w" if tok.lower() == "www" else tok)
        elif tok in _URL_SYMBOLS:
            parts.append(_URL_SYMBOLS[tok])
    return " ".join(parts)


def _spaced_letters(w: str) -> str:
    """"cbc" -> "C B C"; an A is written "eh" (spaced, eSpeak reads a lone A as the article)."""
    return " ".join("eh" if c == "A" else c for c in w.upper())


def date(t: Token) -> str:
    if t.style == "my":
        return f"{t.month} {year_words(t.year)}"
    if t.style == "dm":
        days = ("" if t.data.get("after_the") else "the ") + ordinal_words(t.day)
        if t.day2:
            days += f" to the {ordinal_words(t.day2)}"
        out = f"{days} of {t.month}"
    else:
        out = f"{t.month} {ordinal_words(t.day)}"
        if t.day2:
            out += " to " + ordinal_words(t.day2)
    if t.year is not None:
        out += (", " if t.comma else " ") + year_words(t.year)
    return out + ("." if t.data.get("period") else "")


def _plural(n: int, word: str) -> str:
    return f"{cardinal_words(n)} {word}" + ("" if n == 1 else "s")


def time(t: Token) -> str:
    if t.s is not None:
        # a race time, as a newsreader gives it: "two hours, one minute and nine seconds"
        parts = [_plural(t.h, "hour"), _plural(t.mi, "minute"), _plural(t.s, "second")]
        if t.h == 0:
            parts = parts[1:]
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    if t.mi == 0:
        if t.ampm:
            return cardinal_words(t.h)
        return cardinal_words(t.h) + (" o'clock" if t.h <= 12 else " hundred")
    return cardinal_words(t.h) + " oh " + DIGITS[t.mi]


def clock(t: Token) -> str:
    return "midnight" if t.digits in ("0000", "2400") else paired_words(t.digits)


def _amount(amount: str, scale) -> tuple[str, bool]:
    words = number_words(amount) + (" " + scale if scale else "")
    return words, not scale and amount.replace(",", "") in {"1", "1.00"}


def _with_cents(amount: str, major: str, majors: str, minor: str, minors: str) -> str:
    """"3.50" -> "three dollars and fifty cents"; "0.99" -> "ninety-nine cents"."""
    w, c = (int(x) for x in amount.replace(",", "").split("."))
    cents = f"{cardinal_words(c)} {minor if c == 1 else minors}"
    if w == 0:
        return cents
    whole = f"{cardinal_words(w)} {major if w == 1 else majors}"
    return whole if c == 0 else f"{whole} and {cents}"


def _has_cents(amount: str) -> bool:
    """"3.50", "1,200.99": an amount written with its cents, said with them."""
    return re.fullmatch(r"\d+\.\d\d", amount.replace(",", "")) is not None


def _compound(words: str, unit: str) -> str:
    """A whole amount and its unit before a noun, hyphened as a compound adjective is written
    ("a twelve-foot surge", "a twenty-five-thousand-dollar car"): eSpeak says the hyphened
    words as one, unlike the same words apart. Decimals, scale words and long amounts stay
    apart, as they are written out ("a two point five billion dollar bond", "a two hundred fifty
    thousand dollar fine")."""
    if "point" in words.split() or len(words.split()) > 3:
        return f"{words} {unit}"
    return f"{words} {unit}".replace(" ", "-")


def money(t: Token) -> str:
    major, majors, minor, minors = T.CURRENCIES.get(t.sign) or (*T.CURRENCY_CODES[t.sign], "", "")
    if t.prefix:
        major, majors = t.prefix + " " + major, t.prefix + " " + majors
    names = (major, majors, minor, minors)
    if t.amount2:
        if minor and not (t.scale or t.scale2) and _has_cents(t.amount) and _has_cents(t.amount2):
            # "$4.10-$4.30 a share": each end with its cents, not "four point one zero"
            return f"{_with_cents(t.amount, *names)} to {_with_cents(t.amount2, *names)}"
        w1, _ = _amount(t.amount, t.scale)
        w2, one = _amount(t.amount2, t.scale2)
        return f"{w1} to {w2} {major if one else majors}"
    if not t.scale and minor and _has_cents(t.amount):
        return _with_cents(t.amount, *names)
    words, one = _amount(t.amount, t.scale)
    if t.data.get("named"):  # "$7.9 million dollars": the name written after is the one said
        return words
    if t.adjective and not t.scale and not t.prefix:
        return _compound(words, major)  # "a ten-dollar bill": singular, hyphened
    # "a ten million dollar grant": an amount before its noun takes the singular
    return f"{words} {major if one or t.adjective else majors}"


def temperature(t: Token) -> str:
    words = ("minus " if t.sign else "") + number_words(t.n) + (" " + t.scale if t.scale else "")
    if t.lo:
        words = number_words(t.lo.replace("−", "-")) + " to " + words
    deg = "degree" if (t.n == "1" and not t.sign and not t.lo) or t.adjective else "degrees"
    if t.adjective and not (t.sign or t.lo or t.scale or t.unit):
        return _compound(words, deg)  # "a forty-degree day"
    out = words + " " + deg
    if t.unit:
        # "35°N": a latitude's or longitude's side
        out += " " + {"F": "Fahrenheit", "C": "Celsius", "K": "Kelvin", "N": "north",
                      "S": "south", "E": "east", "W": "west"}[t.unit.upper()]
    return out


def height(t: Token) -> str:
    return f"{cardinal_words(t.ft)} foot {cardinal_words(t.inch)}"


def split_time(t: Token) -> str:
    secs = f"{cardinal_words(t.s)} point {digit_words(t.f, zero='zero')} seconds"
    if t.m == 0:
        return secs
    return f"{cardinal_words(t.m)} {'minute' if t.m == 1 else 'minutes'} and {secs}"


def _distance_words(n: str, unit: str, event: bool) -> str:
    """'the 1,500 m' is "the fifteen hundred meters", as the race is called; other numbers (a
    snow line at 1,200 m) as counted."""
    if event and unit == "meter" and re.fullmatch(r"1,?[1-9]00", n):
        return cardinal_words(int(n.replace(",", "")) // 100) + " hundred"
    return number_words(n)


def measure(t: Token) -> str:
    one, many = t.names
    words = _distance_words(t.n, one, t.data.get("event", False)) + (" " + t.scale if t.scale else "")
    if t.lo:
        words = number_words(t.lo) + " to " + words
    singular = (t.n == "1" and not t.lo and not t.scale) or t.adjective
    if t.adjective and not (t.lo or t.scale) and " " not in one:
        out = _compound(words, one)  # "a twelve-foot surge"
    else:
        out = words + " " + (one if singular else many)
    return out + "." if t.period else out


def range_(t: Token) -> str:
    if t.data.get("both_pct"):
        return f"{t.a}% to {t.b}%"  # eSpeak says each percentage as written
    return number_words(t.a) + " to " + number_words(t.b) + (" percent" if t.pct else "")


def score(t: Token) -> str:
    a, b = int(t.a), int(t.b)
    if a == b == 0:
        return "nil nil" if t.zero == "nil" else "nothing to nothing"
    if b == 0:
        return f"{cardinal_words(a)} nil" if t.zero == "nil" else f"{cardinal_words(a)} to nothing"
    if a == 0:
        return f"nil {cardinal_words(b)}" if t.zero == "nil" else f"nothing to {cardinal_words(b)}"
    return f"{cardinal_words(a)} to {cardinal_words(b)}"


def record(t: Token) -> str:
    a, b = (("oh" if x == "0" else cardinal_words(int(x))) for x in (t.a, t.b))
    return f"{a} and {b}"  # "oh and sixteen"


def _games(n: str) -> str:
    return "love" if n == "0" else cardinal_words(int(n))  # "6-0" is "six love"


def sets(t: Token) -> str:
    text = re.sub(r"(\d-\d(?: \(\d{1,2}-\d{1,2}\))?) (?=\d-\d)", r"\1, ", t.text)  # "6-4 6-2"
    return re.sub(r"(\d+)-(\d+)", lambda m: f"{_games(m.group(1))} {_games(m.group(2))}", text)


def phone(t: Token) -> str:
    spoken = []
    words = t.data.get("words") or []  # "1-800-FLOWERS"
    for i, g in enumerate(t.groups):
        if g == "800" and len(t.groups) + len(words) >= 3 and not t.plus:
            spoken.append("eight hundred")  # toll-free 1-800 is said as a number
        else:
            spoken.append(digit_words(g))
    out = ", ".join(spoken + words)
    return "plus " + out if t.plus else out


def year(t: Token) -> str:
    return ("fiscal year " if t.data.get("fiscal") else "") + year_words(t.y)


def count(t: Token) -> str:
    return cardinal_words(t.n)


def year_range(t: Token) -> str:
    second = two_digit_year(t.y2) if t.short else year_words(t.y2)
    return year_words(t.y1) + " to " + second


def decade(t: Token) -> str:
    return decade_words(t.century, t.decade) + (" " if t.hyphen else " to " if t.data.get("to") else "")


def short_year(t: Token) -> str:
    return two_digit_year(t.yy)


_A_PART = {(1, 2): "a half", (1, 4): "a quarter"}


# a part joined to its noun by a hyphen ("a half-cent tax", "a three-quarter-inch bolt")
_SIZE_PART = {(1, 2): "half", (1, 4): "quarter", (3, 4): "three-quarter"}


def fraction(t: Token) -> str:
    if t.data.get("compound") and (t.num, t.den) in _SIZE_PART:
        return _SIZE_PART[(t.num, t.den)]
    words = fraction_words(t.num, t.den)
    if t.whole:
        return cardinal_words(int(t.whole)) + " and " + _A_PART.get((t.num, t.den), words)
    if t.before_noun and (t.num, t.den) in _A_PART:  # "1/4 mile": "a quarter mile"
        part = _A_PART[(t.num, t.den)]
        return part if t.article else part.split(" ", 1)[1]
    if t.before_noun and t.article and (t.num, t.den) == (3, 4):  # "3/4 inch": of one inch
        noun = t.data.get("noun") or ""
        return "three-quarters of " + ("an" if noun[:1] in "aeiou" or noun.startswith("hour") else "a")
    return words


def roman(t: Token) -> str:
    poss = t.data.get("poss") or ""  # "Elizabeth II's funeral"
    if t.ordinal:
        return f"{t.name} the {ordinal_words(t.value)}{poss}"
    return f"{t.name} {cardinal_words(t.value)}{poss}"


# Letters are joined by periods: eSpeak then says each letter's name ("A.A.P.L"), where
# spaced capitals would read a lone "A" as the article ("uh A P L").
_PART = {"word": lambda s: s, "letters": lambda s: ".".join(s), "paired": paired_words,
         "cardinal": lambda s: number_words(s), "digits": lambda s: digit_words(s)}


def identifier(t: Token) -> str:
    """Parts joined by spaces; a "letter" part is joined to the next by a hyphen, which
    keeps eSpeak saying the letter ("A-three twenty neo")."""
    out: list[str] = []
    prefix = ""
    for how, s in t.parts:
        if how == "letter":
            prefix += s + "-"
            continue
        out.append(prefix + _PART[how](s))
        prefix = ""
    said = " ".join(out)
    if not t.data.get("plural"):
        return said
    how, last = t.parts[-1]
    if how == "letters":  # "777-300ERs": "E-R's", as the initialisms table writes plurals
        return " ".join(out[:-1] + ["-".join(last) + "'s"])
    return _plural_number(said)


def _plural_number(words: str) -> str:
    """"seven eighty-seven" -> "seven eighty-sevens", "A-three fifty" -> "A-three fifties"."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    return words + ("es" if words.endswith(("x", "s")) else "s")


def abbreviation(t: Token) -> str:
    return t.spoken + ("." if t.period else "")


def party(t: Token) -> str:
    return f"{t.party} of {t.state}" + ("." if t.period else "")


def word(t: Token) -> str:
    return t.spoken


VERBALIZERS: dict[str, Callable[[Token], str]] = {
    "url": url, "date": date, "time": time, "clock": clock, "money": money,
    "temperature": temperature, "height": height, "measure": measure, "range": range_,
    "score": score, "record": record, "sets": sets, "phone": phone, "year": year,
    "count": count, "year_range": year_range, "decade": decade, "short_year": short_year,
    "fraction": fraction, "roman": roman, "identifier": identifier,
    "abbreviation": abbreviation, "party": party, "word": word, "split_time": split_time,
}


def verbalize(token: Token) -> str:
    return VERBALIZERS[token.kind](token)


_SPELLED_A = re.compile(r"A[.-](?=[A-Za-z0-9])")


def letter_a(spoken: str, before: str) -> str:
    """A spelled first letter A after a word eSpeak reads with the article ("of A.P": "of a
    dot P") is written "eh-" ("of eh-P"), which it says as the letter in every position; elsewhere
    "A.P" stays, which it says with the letter's usual stress."""
    if before in T.cue("article_a_words") and _SPELLED_A.match(spoken):
        return "eh-" + spoken[2:]
    return spoken
