"""Decide what a token is in its context: a date, money (as a noun or an adjective), a score,
a record, a range, a measure, a phone number, an identifier, an abbreviation and what it
stands for here, ...

``classify(kind, match, text)`` gets a token found by tokenize.py and returns a ``Token``
(its class and the values verbalize.py needs), or None when the context cannot decide:
the token is then left as written, which eSpeak reads letter by letter or as the written
word, rather than guessed into a wrong meaning.
"""
from __future__ import annotations

import re
from typing import Callable, Optional

from service.speech.normalize import context as C
from service.speech.normalize import tables as T
from service.speech.normalize.numbers import cardinal_words, paired_words, roman_value, year_words
from service.speech.normalize.numbers import ordinal_words
from service.speech.normalize.numbers import decade_words, number_words
from service.speech.normalize.numbers import digit_words


class Token:
    """A classified token: its class (``kind``) and the values saying it needs."""
    __slots__ = ("kind", "data")

    def __init__(self, kind: str, **data):
        self.kind = kind
        self.data = data

    def __getattr__(self, name):
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.data!r})"


Classifier = Callable[[re.Match, str], Optional[Token]]


def _word(spoken: str) -> Token:
    return Token("word", spoken=spoken)


def _is_count_noun(word: str) -> bool:
    """"1958 people", "1500 troops": a lowercase plural (or count word) after a number."""
    w = C.bare(word)
    return bool(w) and w.islower() and (
        w in T.cue("count_nouns") or (w in T.UNITS and w not in T.cue("not_nouns"))
        or (w.endswith("s") and w not in T.cue("not_plural") and not w.endswith("ss")
            and "'" not in w and "’" not in w))


def _name_then_money_noun(text: str, end: int) -> bool:
    """After an amount, a name of one to three capitalized words and then a noun that money
    is spent on ("Stargate project"), not a verb ("Congress approved")."""
    m = re.match(r" (?:[A-Z][\w'’.-]*\s){1,3}([a-z]+)", text[end:end + 80])
    return m is not None and m.group(1) in T.cue("money_nouns")


def _adjective_slot(text: str, start: int, end: int) -> bool:
    """"a $10 bill", "the $5 million grant", "a 10-ft wall": a determiner before and a noun
    after make the amount an adjective ("a ten-dollar bill")."""
    before = C.prev_words(text, start, 2)
    nxt_word = C.bare(C.next_word(text, end))
    if text[end:end + 1] == " " and nxt_word in T.cue("money_objects"):
        return True  # "dispense $20 bills", "$25 tickets go on sale": the thing the amount is
    if text[end:end + 2] == ", " and before and before[-1].lower() in ("a", "an") and re.fullmatch(
            r"\d+-[a-z]+", C.next_word(text, end + 1)):
        return True  # "a $1.2 million, 3-year contract"
    if not before:
        return False
    # "the city's $2 billion plan": a possessive is a determiner too;
    # "a 10-year, $700 million deal": a determiner before a hyphened adjective and a comma
    possessive = before[-1].endswith(("'s", "’s")) and before[-1][:1].isalpha()
    # "the first $100 million gift", "a new $50 fee": a determiner and an adjective before
    modified = (len(before) == 2 and before[0].lower() in T.cue("determiners")
                and before[1] in T.cue("amount_adjectives"))
    if before[-1].lower() not in T.cue("determiners") and not possessive and not modified and not (
            len(before) == 2 and before[0].lower() in T.cue("determiners")
            and re.fullmatch(r"\d+-[a-z]+", before[1]) and C.prev_word(text, start).endswith(",")):
        return False
    if text[end:end + 1] not in (" ", "-"):
        return False
    nxt = C.next_word(text, end).strip("-")
    if re.fullmatch(r"[a-z]+-[a-z]+[.,]?", nxt):  # "a $750,000 cash-only bond"
        return True
    if text[end:end + 1] == "-" and re.match(r"(?:off|plus|odd) [a-z]", text[end + 1:end + 8]):
        return True  # "a $5-off coupon", "a $100-plus bottle"
    word = re.match(r"[A-Za-z]*", nxt).group(0)
    if word in T.cue("modifier_nouns") and before[-1].lower() in ("a", "an"):
        # "a $10,000 cash bond": the word after "cash" is the noun ("paid $5 cash" is not)
        after = C.bare(C.next_word(text, end + 1 + len(word)))
        return after.isalpha() and after.islower() and after not in T.cue("not_nouns")
    if word[:1].isupper() and before[-1].lower() == "the" and _name_then_money_noun(text, end):
        return True  # "the $500 billion Stargate project"
    if word[:1].isupper() and before[-1].lower() in T.cue("name_determiners"):
        # "a $10 Visa gift card", "its $28 billion Ohio factory": a name after these is the
        # noun's (not after "the": "the $2 million Congress approved")
        return word not in T.cue("sentence_starters")
    # "the $20 reportedly demanded", "the $0 people pay": an adverb or the people paying
    # is no noun the amount describes ("the $20 monthly fee" is)
    if word.endswith("ly") and word not in T.cue("ly_before_nouns") or word in T.cue("not_amount_nouns"):
        return False
    return bool(word) and word.islower() and word not in T.cue("not_nouns")


# --- web addresses, dates and times -----------------------------------------------------
def url(m, text):
    return Token("url", text=m.group(0), spell=_spelled_labels(m.group(0)))


_SPELLED_LABEL_MAX = 4


def _spelled_labels(address: str) -> frozenset[str]:
    """The host's labels said letter by letter: a short one English cannot say as a word (the
    capitals test: "cbc", "bbc", "nhs") and a last label of two letters, a country's code ("ca",
    "uk"); "co", "gov", "nytimes" stay words, and so does every label of five letters or more,
    which is a name run together ("sfgate", "techcrunch"), never an initialism."""
    host = re.sub(r"^(?:https?|ftp)://", "", address, flags=re.I).split("/", 1)[0].split("@")[-1]
    labels = host.split(".")
    spell = {w for w in labels[:-1] if w.isalpha() and len(w) <= _SPELLED_LABEL_MAX
             and w.lower() != "www" and not _sayable(w.upper())}
    if len(labels) > 1 and len(labels[-1]) == 2 and labels[-1].isalpha():
        spell.add(labels[-1])
    return frozenset(spell)


def _valid_day(d: Optional[str]) -> bool:
    return d is None or 1 <= int(d) <= 31


def _month_name(s: str) -> str:
    s = s.rstrip(".")
    return T.MONTH_ABBR.get(s, s)


def _day_date(m, style: str):
    """A date with a day ("Jan. 23, 2017", "23 January"), its month written either side."""
    if not (_valid_day(m.group("d")) and _valid_day(m.group("d2"))):
        return None
    return Token("date", style=style, month=_month_name(m.group("mon")), day=int(m.group("d")),
                 day2=int(m.group("d2")) if m.group("d2") else None,
                 year=int(m.group("y")) if m.group("y") else None,
                 comma=bool(m.group("ysep")) and m.group("ysep").startswith(","))


def month_day(m, text):
    return _day_date(m, "md")


def month_year(m, text):
    return Token("date", style="my", month=_month_name(m.group("mon")), day=None, day2=None,
                 year=int(m.group("y")), comma=False)


def day_month(m, text):
    """"23 January", "6 Nov.": day first; after "the" ("the 10 Dec. deadline") the
    article is not said twice; an abbreviation's period that ends the sentence stays."""
    token = _day_date(m, "dm")
    if token is not None:
        token.data["after_the"] = C.core(C.prev_word(text, m.start())).lower() == "the"
        token.data["period"] = (m.group(0).endswith(".")
                                and C.ends_sentence(text, m.end()))
    return token


def _expand_year(y: int) -> int:
    return y + (2000 if y <= 30 else 1900)


def numeric_date(m, text, day_first: bool = False):
    """US order (month/day/year) unless the variant is day-first or the first part is > 12."""
    a, b, y = int(m.group("a")), int(m.group("b")), m.group("y")
    if day_first and b <= 12:
        a, b = b, a
    british = day_first or (a > 12 and b <= 12)
    month, day = (b, a) if a > 12 and b <= 12 else (a, b)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    year = int(y) if len(y) == 4 else _expand_year(int(y))
    return Token("date", style="dm" if british else "md", month=T.MONTHS[month - 1], day=day,
                 day2=None, year=year, comma=not british)


def short_date(m, text):
    """"expired on 10/21": a month and day without a year, a date only after the words that
    introduce one (data/cues.tsv short_date_before) and not before "of" ("on 3/4 of the
    seats"); one part must be over 12, so the order is plain ("10/21" US, "21/10" day-first):
    "on 5/6" may be May 6 or 5 June and is left as written."""
    prev = C.core(C.prev_word(text, m.start())).lower()
    if prev not in T.cue("short_date_before") or C.next_word(text, m.end()) == "of":
        return None
    a, b = int(m.group("a")), int(m.group("b"))
    if a <= 12 and b <= 12:
        return None
    british = a > 12 and b <= 12
    month, day = (b, a) if british else (a, b)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return Token("date", style="dm" if british else "md", month=T.MONTHS[month - 1], day=day,
                 day2=None, year=None, comma=False)


def numeric_date_day_first(m, text):
    return numeric_date(m, text, day_first=True)


def iso_date(m, text):
    mo, d = int(m.group("mo")), int(m.group("d"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return Token("date", style="md", month=T.MONTHS[mo - 1], day=d, day2=None,
                 year=int(m.group("y")), comma=True)


# "2020-08-01 18:00:00+00": a time to the second after a date or before a UTC offset is a
# time of day (a timestamp), never a race time
_ISO_DATE_BEFORE = re.compile(r"\d{4}-\d\d-\d\d[ T]\Z")
_UTC_OFFSET = re.compile(r"(?:Z|[+-]\d\d(?::?\d\d)?)(?![\w:])")


def time(m, text):
    """Clock times eSpeak misreads: "7:00" ("seven zero zero"), "10:05" ("ten zero five"),
    and race times "2:01:39". Other times ("3:30") it reads right and are left alone."""
    h, mi, s = int(m.group("h")), int(m.group("mi")), m.group("s")
    if s is None and (h > 24 or mi >= 10):
        return None
    stamp = s is not None and (_ISO_DATE_BEFORE.search(text, 0, m.start()) is not None
                               or _UTC_OFFSET.match(text, m.end()) is not None)
    if stamp and s != "00":
        return None  # "2020-08-01 11:23:45+00": a timestamp, not a race time; left as written
    if s == "00" and h <= 24 and (stamp or m.group("ampm") or C.bare(C.next_word(text, m.end())) in (
            T.TIME_ZONES.keys() | T.cue("clock_after"))):
        # "at 14:30:00 GMT": a time of day to the second, not a race time
        if mi >= 10:
            return Token("clock", digits=f"{h}{mi:02d}")
        s = None
    return Token("time", h=h, mi=mi, s=int(s) if s is not None else None,
                 ampm=bool(m.group("ampm")))


def utc_offset(m, text):
    """"+00" after a timestamp's time: Coordinated Universal Time, by its letters."""
    return _word(" UTC")


def clock(m, text):
    """"0800 GMT", "1430 local time": a 24-hour clock time said in pairs."""
    if m.group("hm")[2:].isdigit() and C.next_word(text, m.end()) == "local" and \
            not text.startswith(" local time", m.end()):
        return None
    return Token("clock", digits=m.group("hm"))


_TIME_BEFORE = re.compile(r"(?:\d|(?<![A-Za-z])(?:[ap]\.m\.|[ap]m|[AP]M)|\bnoon|\bmidnight)\s?\Z")


def _zone_elsewhere(m, text) -> bool:
    """"Sirens sounded in Tel Aviv at 6 a.m. IST": a country whose zone is written the same
    (its row's cue list) named in the 200 characters before ("a.m." would end a sentence)."""
    unless = T.TIME_ZONE_UNLESS.get(m.group("z"))
    near = text[max(0, m.start() - 200):m.end() + 80]
    return bool(unless) and not T.cue(unless).isdisjoint(re.findall(r"[A-Za-z]+", near))


def time_zone(m, text):
    """"8 p.m. ET": a zone is spelled out only right after a clock time."""
    if not _TIME_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
        return None
    if _zone_elsewhere(m, text):
        return _word(".".join(m.group("z")))  # spelled: eSpeak says "IST." as a word
    # "2 p.m. ET/11 a.m. PT": the slash between two zones' times is a pause
    return _word(T.TIME_ZONES[m.group("z")] + (", " if m.group("slash") else ""))


def compass(m, text):
    """"30 km NE of Tokyo", "moving NW at 15 mph", "out of the SSW": a direction only where
    the words around say so; a lone "N" or "SE" elsewhere may be a name or a letter."""
    prev = C.core(C.prev_word(text, m.start())).lower().rstrip(".")  # "240 mi. SE of"
    nxt = C.next_word(text, m.end())
    if prev in T.cue("compass_verbs") or (prev in T.cue("distance_words") and nxt == "of"):
        return _word(T.COMPASS[m.group("c")])
    if prev.endswith(".") and prev[:-1] in T.cue("distance_words") and nxt == "of":  # "95 mi. NE of"
        return _word(T.COMPASS[m.group("c")])
    # "winds out of the SSW at 20 mph", "from the NW." (not "from the SE Asia desk")
    before = C.prev_words(text, m.start(), 2)
    ends = not nxt[:1].isalpha() or nxt in ("at", "to", "and", "or")
    if len(m.group("c")) > 1 and before[-2:] in (["of", "the"], ["from", "the"]) and ends:
        return _word(T.COMPASS[m.group("c")])
    return None


# --- money, measures, ranges, scores ----------------------------------------------------
_RATE_AFTER = re.compile(r"-(?:a|an|per)-[a-z]+")  # matched where the amount ends: no copy of the rest


def currency(m, text):
    prefix = m.group("pre")
    if prefix and prefix not in T.CURRENCY_PREFIX:
        return None
    scales = []
    for g in ("scale", "scale2"):
        sc = m.group(g)
        if sc and T.SCALES.get(sc.strip()) is None:
            return None
        scales.append(T.SCALES[sc.strip()] if sc else None)
    rate = _RATE_AFTER.match(text, m.end())  # "a $15-an-hour wage"
    adjective = not m.group("n2") and _adjective_slot(
        text, m.start(), rate.end() if rate else m.end())
    # "$7.9 million dollars", "a $75 billion dollar hit": the currency's name is written
    # after the amount too, and is said once
    names = T.CURRENCIES.get(m.group("sym")) or ()
    named = text[m.end():m.end() + 1] == " " and \
        C.bare(C.next_word(text, m.end())).lower() in {n.lower() for n in names[:2] if n}
    return Token("money", sign=m.group("sym"), prefix=T.CURRENCY_PREFIX.get(prefix or ""),
                 amount=m.group("n"), scale=scales[0], amount2=m.group("n2"),
                 scale2=scales[1], adjective=adjective, named=named)


def scaled(m, text):
    """"13.1 mln subscribers", "6.4 bn km": a wire-copy scale after a count, and its unit."""
    u, scale = m.group("u"), T.SCALES[m.group("scale")]
    if u is None:
        return Token("measure", lo=None, n=m.group("n"), scale=None, names=(scale, scale),
                     adjective=False, period=False)
    return Token("measure", lo=None, n=m.group("n"), scale=scale, names=T.UNITS[u],
                 adjective=False, period=False)


def currency_code(m, text):
    """"CHF 5.4 billion": the code before the amount, said after it as the currency's name."""
    sc = m.group("scale")
    adjective = _adjective_slot(text, m.start(), m.end())
    return Token("money", sign=m.group("code"), prefix=None, amount=m.group("n"),
                 scale=T.SCALES[sc.strip()] if sc else None, amount2=None, scale2=None,
                 adjective=adjective)


def temperature(m, text):
    n, unit = m.group("n"), m.group("u") or m.group("u2") or m.group("u3")
    if m.group("u3") and (m.group("lo") or (text[m.start() - 1:m.start()] != "("
                                            and text[m.end():m.end() + 1] != " ")):
        return None  # a spaced "46 C" is a temperature only beside its other scale: "46 C (115 F)"
    if m.group("u2"):
        # "41C": a temperature, unless it names something ("Gate 41C", "Apt. 12C")
        prev = C.core(C.prev_word(text, m.start()))
        # a decimal names no gate or seat ("sweltered at 45.8C")
        if "." not in n and (prev in T.cue("number_cues") or prev.rstrip(".") in T.cue("number_cues")):
            return None
        if float(n) > (60 if unit == "C" else 135):  # hotter than news weather: a code
            return None
    adjective = C.core(C.prev_word(text, m.start())).lower() in {"a", "an"}
    scale = m.group("scale")  # "100 million °C"
    return Token("temperature", lo=m.group("lo"), n=n, sign=m.group("sign"),
                 scale=scale.strip() if scale else None, unit=unit, adjective=adjective)


def height(m, text):
    """6'2" -> "six foot two"."""
    if int(m.group("inch")) > 11:
        return None
    if _height_before_noun(text, m.start(), m.end()):  # "the 6'11\" center": hyphened, as the table has it
        return _word(f"{cardinal_words(int(m.group('ft')))}-foot-{cardinal_words(int(m.group('inch')))}")
    return Token("height", ft=int(m.group("ft")), inch=int(m.group("inch")))


def _height_before_noun(text: str, start: int, end: int) -> bool:
    """"the 6'11\" center", "Duke's 6'9\" forward": a determiner or a possessive before the height
    and a lowercase noun after it make it an adjective."""
    before = C.prev_words(text, start, 1)
    if not before:
        return False
    determiner = before[-1].lower() in T.cue("determiners") or before[-1].endswith(("'s", "’s"))
    nxt = C.next_word(text, end)
    return determiner and text[end:end + 1] == " " and re.fullmatch(r"[a-z]+[.,]?", nxt) is not None \
        and C.bare(nxt) not in T.cue("not_nouns")


def ratio(m, text):
    """"a 3:1 ratio", "a 16:9 ratio": "three to one" (never "3:05", a time's zero-led minutes)."""
    return _word(f"{cardinal_words(int(m.group('a')))} to {cardinal_words(int(m.group('b')))}")


def relay(m, text):
    """"the 4x100 relay", "4x400 m": legs by distance, "four by one hundred (meter)"."""
    if m.group("b") not in T.cue("race_distances"):
        return None
    out = f"{cardinal_words(int(m.group('a')))} by {cardinal_words(int(m.group('b')))}"
    return _word(out + (" meter" if m.group("u") else ""))


def cricket(m, text):
    """"India were 245/6 at stumps": runs for wickets, only in a sentence about cricket."""
    if not C.sentence_has(text, m.start(), m.end(), "cricket_words"):
        return None
    return _word(f"{cardinal_words(int(m.group('r')))} for {cardinal_words(int(m.group('w')))}")


def pence(m, text):
    """"a 50p coin", "up 2p a litre": pence ("1p" is one penny); three digits only in a sentence
    about shares or prices ("rose 12p to 368p"; a "720p" screen is not), and so a decimal
    ("prices rose to 28.6p per unit": "twenty-eight point six pence")."""
    if "." in m.group("n"):
        if not C.sentence_has(text, m.start(), m.end(), "pence_sentence"):
            return None
        return _word(number_words(m.group("n")) + " pence")
    n = int(m.group("n"))
    if n >= 100 and not C.sentence_has(text, m.start(), m.end(), "pence_sentence"):
        return None
    if C.bare(C.next_word(text, m.end())) in T.TIME_ZONES.keys() | T.cue("clock_after"):
        return None  # "kickoff at 7p ET": an hour, not pence
    sep = "-" if _adjective_slot(text, m.start(), m.end()) else " "  # "a fifty-pence coin"
    return _word(f"{cardinal_words(n)}{sep}{'penny' if n == 1 else 'pence'}")


def flight_code(m, text):
    """"Flight MH370", "flight BA 2490": the airline's letters, then the number in pairs."""
    return Token("identifier", parts=[("letters", m.group("l")), ("paired", m.group("n"))])


def letter_model(m, text):
    """"F-150", "C-130", "I-405": letters and a three-digit number, said in pairs."""
    return Token("identifier", parts=[("word", m.group("l")), ("paired", m.group("n"))])


def height_pair(text: str, start: int, end: int, a: str, b: str) -> bool:
    """"the 6-9 forward", "Duke's 6-10 center": feet and inches before a player's position,
    after a determiner or a possessive ("grades 6-8 junior high" is a range)."""
    prev = C.core(C.prev_word(text, start))
    return (a in "4567" and len(a) == 1 and len(b) <= 2 and int(b) <= 11
            and (prev.lower() in T.cue("determiners") or prev.endswith(("'s", "’s")))
            and C.bare(C.next_word(text, end)).lower() in T.cue("player_positions"))


def feet_inches(m, text):
    """"5 ft 10 in": "five feet ten inches" (the "in" after feet cannot be the preposition)."""
    ft, inch = int(m.group("ft")), int(m.group("inch"))
    if inch > 11:
        return None
    period = m.group(0).endswith(".") and C.ends_sentence(text, m.end())
    return _word(f"{cardinal_words(ft)} {'foot' if ft == 1 else 'feet'} {cardinal_words(inch)} "
                 f"{'inch' if inch == 1 else 'inches'}" + ("." if period else ""))


def foot_height(m, text):
    """"the 6-foot-7 forward": a height written in words, "six-foot-seven"."""
    inch = int(m.group("inch"))
    if inch > 11:
        return None
    return _word(f"{cardinal_words(int(m.group('ft')))}-foot-{cardinal_words(inch)}")


def inch_mark(m, text):
    """'Buffalo 14"', '2-4" of rain': inches, only in a sentence about snow, rain or hail;
    elsewhere the mark may close a quotation ('he said "I got 5"')."""
    if not C.sentence_has(text, m.start(), m.end(), "inch_mark_words", fold=True):
        return None
    return Token("measure", lo=m.group("lo"), n=m.group("n"), scale=None,
                 names=("inch", "inches"), adjective=False, period=False)


def _change_by_thousands(text: str, start: int, end: int) -> bool:
    """"payrolls rose by just 22K.", "employers added 150K last month": a count's change closing
    the clause (or before when), thousands of the count named before it ("a 10K." is a race)."""
    if not re.match(r"\s*(?:[.,;:)]|$|(?:last|this|in|from|to|since)\b)", text[end:]):
        return False
    before = [w.lower() for w in C.prev_words(text, start, 2)]
    if before and before[-1] in T.cue("count_change_verbs"):
        return True
    return bool(before) and (before[-1] == "by" or before[-2:-1] == ["by"] and before[-1] in T.cue("approximators"))


def unit(m, text):
    n, u = m.group("n") or m.group("n2"), m.group("u") or m.group("u2")
    sp = m.group("sp") or ""
    if sp == " " and u not in T.UNITS_SPACED and u != "m":
        return None
    nxt = C.next_word(text, m.end())
    scale = m.group("scale")
    if scale and (u in ("m", "M") or sp != " "):
        return None
    if u in ("K", "k"):  # "10K people": a thousand only before a count; "a 5K run" is a
        if not (sp == "" and (_is_count_noun(nxt) or _change_by_thousands(text, m.start(), m.end()))):
            return None  # race, "4k streaming" a resolution
        names = ("thousand", "thousand")
    elif u == "x":  # "4x faster", "10x more": times only before a comparison ("777x jets")
        if not (sp == "" and C.bare(nxt).lower() in T.cue("times_after")):
            return None
        names = T.UNITS[u]
    elif u == "M":
        if "." not in n and not (sp == "" and _is_count_noun(nxt)):  # "3M reported": a name
            return None
        names = ("million", "million")
    elif u == "W":  # watts, in a sentence about power, before a lowercase word or the end
        words = set(re.findall(r"[a-z]+", C.sentence_of(text, m.start(), m.end()).lower()))
        if not words & T.cue("watt_words") or C.is_capitalized(nxt) or nxt[:1].isdigit():
            return None
        names = T.UNITS[u]
    elif u == "IU":  # "4,000 IU a day": a dose's units; "No. 9 IU" is Indiana University
        if not C.sentence_has(text, m.start(), m.end(), "dose_words", fold=True):
            return None
        names = T.UNITS[u]
    elif u == "T":  # "a 7 T scanner": tesla, only about a magnet (never "3 T-shirts")
        if not C.sentence_has(text, m.start(), m.end(), "tesla_words") or text[m.end():m.end() + 1] == "-":
            return None
        names = T.UNITS[u]
    elif u in T.cue("baseball_units"):  # "2 HR and 4 RBI": agate, only about baseball
        if not C.sentence_has(text, m.start(), m.end(), "baseball_words"):
            return None
        names = T.UNITS[u]
    elif u == "nm":  # "a 2 nm chip" (nanometers); "3 nm off the coast" may be nautical miles
        if C.bare(nxt).lower() not in T.cue("chip_nouns"):
            if not C.sentence_has(text, m.start(), m.end(), "chip_sentence", fold=True):
                return None
            names = T.UNITS[u]  # "transistors as small as 2 nm": a chip's sentence
        else:
            names = (T.UNITS[u][0], T.UNITS[u][0])  # before its noun: "two nanometer wafers"
    elif u == "in":  # "1.75 in. across": inches only with the period ("5 in the morning")
        if not m.group("dot"):
            return None
        names = T.UNITS[u]
    elif u == "m":
        names = _metre_or_million(m, text, n, sp)
        if names is None:
            return None
    else:
        names = T.UNITS[u]
    # "a 10-ft wall", "the 200m freestyle": a measure before its noun is said in the singular
    adjective = (names[0] not in ("million", "billion", "thousand", "trillion") and (
        sp == "-" or (C.core(C.prev_word(text, m.start())).lower() in {"a", "an", "the"}
                      and _noun_after(text, m.end()))))
    if m.group("lo") and u in ("m", "M") and names[0] == "million":
        return None
    # "the 1,500 m": a race, called by its hundreds ("the fifteen hundred meters")
    event = C.core(C.prev_word(text, m.start())).lower() == "the"
    return Token("measure", lo=m.group("lo"), n=n, scale=scale, names=names, adjective=adjective,
                 event=event, period=bool(m.group("dot")) and _unit_period_ends(text, m.end(), sp))


def _unit_period_ends(text: str, end: int, sp: str) -> bool:
    """Does a unit's period also end the sentence? Not in a compound before its noun ("a 10-yr.
    Treasury") nor before a direction from a place ("240 mi. SE of Bermuda")."""
    if sp == "-" and text[end:end + 1] == " " and C.next_word(text, end)[:1].isalpha():
        return False
    if C.before_direction(text, end):
        return False
    return C.ends_sentence(text, end, T.cue("period_continuations"))  # "for 6 hrs. Tuesday"


def unit_per(m, text):
    """"11 km/s", "a 50 mg/dL drop": a measure per another unit; "m" before a slash is meters."""
    u = m.group("u")
    one, many = ("meter", "meters") if u == "m" else T.UNITS[u]
    if one in ("million", "billion", "thousand", "trillion", "times") or " per " in one:
        return None
    per = " per " + T.UNIT_DENOMINATORS[m.group("per")]
    return Token("measure", lo=None, n=m.group("n"), scale=None, names=(one + per, many + per),
                 adjective=False, period=False)


def _metre_or_million(m, text: str, n: str, sp: str) -> Optional[tuple[str, str]]:
    """"100m sprint", "the 400m", "185 m high" are meters; "5.2m people", "a 5m deal" are
    million; "5 m" with nothing around to say which is neither (left as written)."""
    word = C.bare(C.next_word(text, m.end())).lower()
    prev = C.core(C.prev_word(text, m.start())).lower()
    if (sp == "-" or text[m.end():m.end() + 1] == "-" or word in T.cue("metre_context")
            or n in T.cue("race_distances")):
        return ("meter", "meters")
    if sp == "" and _noun_after(text, m.end()):
        return ("million", "million")
    if prev in {"the", "a", "above", "below", "over"} or (sp == " " and not word):
        return ("meter", "meters")
    if prev in T.cue("metre_verbs"):  # "cleared 6.26 m", "threw 70.5 m"
        return ("meter", "meters")
    # "waves of 3-5 m", "swells 4 m": a length after the thing it measures
    # ("waves up to 8 m": within three words)
    before = [w.lower() for w in C.prev_words(text, m.start(), 3)]
    if set(before) & T.cue("metre_nouns"):
        return ("meter", "meters")
    return None if sp == " " else ("million", "million")


def _noun_after(text: str, end: int) -> bool:
    word = C.bare(C.next_word(text, end))
    return (text[end:end + 1] == " " and word.isalpha() and word.islower()
            and word not in T.cue("not_nouns"))


_IN_LEAGUE = re.compile(r"[^\S\n]in[^\S\n](?:the[^\S\n])?([\w.-]+)")


def _pair_kind(text: str, start: int, end: int, a: str, b: str) -> str:
    """Is "A-B" a win-loss record, a game's score or a range? The words around decide."""
    before = C.prev_words(text, start, 3)
    prev = before[-1] if before else ""
    nxt = C.bare(C.next_word(text, end)).lower()
    if nxt in T.cue("score_after"):  # "were 1-0 winners", "a 2-0 lead": whatever comes before
        return "score"
    if _is_count_noun(C.next_word(text, end)) and nxt not in T.cue("record_after"):
        return "range"  # "the team is 5-10 minutes away": a count follows, not a record
    if nxt in T.cue("record_after") or prev in T.cue("record_before") or (
            prev in T.cue("record_after_team") and len(before) >= 2
            and (before[-2].istitle() or re.fullmatch(r"\d+ers", before[-2])  # "the 49ers are 5-1"
                 or before[-2].lower() in T.cue("record_subjects"))  # "the ace is 14-3"
            and before[-2] not in T.cue("sentence_starters")) or (
            prev == "to" and len(before) >= 2 and before[-2] in T.cue("record_verbs")) or (
            prev == "at" and len(before) >= 2 and before[-2].lower() in T.cue("record_at_after")):
        return "record"
    # "(6-5, 3-4)": the second record in parentheses (the conference's) is one too
    if re.search(r"\(\d{1,3}-\d{1,3}, \Z", text[max(0, start - 10):start]) and text[end:end + 1] == ")":
        return "record"
    # "(45-12)" or "(6-5, 3-4)" right after a team name
    if text[start - 1:start] == "(" and (text[end:end + 1] == ")" or re.match(
            r", \d{1,3}-\d{1,3}\)", text[end:end + 12])):
        team = C.prev_words(text, start - 1, 1)
        if team and team[-1].istitle() and team[-1] not in T.cue("sentence_starters"):
            return "record"
    # "won 2-0", "beat Michigan 42-27", "beat the Orioles 7-0", "0-0 at halftime"
    if prev in T.cue("score_cues") or nxt in T.cue("score_after") or (prev.istitle() and any(
            w in T.cue("score_cues") for w in before[:-1])) or a == b == "0":
        return "score"
    # "2-6 in the AFC", "5-1 in conference play": a record within a league or a kind of game
    league = _IN_LEAGUE.match(text, end)
    if league and C.bare(league.group(1)) in T.cue("record_in"):
        return "record"
    # "clinched 3-0 against Liechtenstein": a range runs up, so a count down to zero is a score
    # (a vote is not: "voted 13-0", "the panel ruled 3-0" are "thirteen to zero")
    if b == "0" and a != "0" and a.isdigit() and not C.sentence_has(text, start, end, "vote_words", fold=True):
        return "score"
    return "range"


def _zero_word(text: str, start: int, end: int) -> str:
    return "nil" if C.sentence_has(text, start, end, "soccer_cues") else "nothing"


def _pitch_count(text: str, end: int, a: str, b: str) -> Optional[str]:
    """"a 3-2 pitch", "an 0-2 fastball": balls and strikes before a pitch's word, said
    "three-two", "oh-two" (a count has at most three balls and two strikes)."""
    if not (len(a) == len(b) == 1 and a in "0123" and b in "012"):
        return None
    if C.bare(C.next_word(text, end)).lower() not in T.cue("pitch_count_after"):
        return None
    return f"{'oh' if a == '0' else cardinal_words(int(a))}-{'oh' if b == '0' else cardinal_words(int(b))}"


def range_(m, text):
    a, b = m.group("a"), m.group("b")
    prev = C.core(C.prev_word(text, m.start()))
    count = None if m.group("pct") or m.group("pcta") else _pitch_count(text, m.end(), a, b)
    if count:
        return _word(count)
    if prev in T.cue("model_cues"):  # "Boeing 737-800": a model name, not a range
        return Token("identifier", parts=[("cardinal", a), ("cardinal", b)])
    if prev in T.cue("docket_cues") or text[m.start() - 1:m.start()] == "^":
        # "No. 22-451", "Case 21-476", "Table 6-1": a label, read as written; "2^15 - 1": sums
        return None
    pct = bool(m.group("pct") or m.group("pcta"))
    if not pct and _cricket_total(text, m.start(), m.end(), a, b):
        return _word(f"{cardinal_words(int(a))} for {cardinal_words(int(b))}")  # "England 245-6"
    if not pct and _bowling_figures(text, m.start(), m.end(), a, b):
        return _word(f"{cardinal_words(int(a))} for {cardinal_words(int(b))}")  # "took 5-42"
    if not pct and _podium_finish(text, m.end(), [a, b]):
        return _word(_podium_finish(text, m.end(), [a, b]))  # "a 1-2 finish": one-two
    if not pct and height_pair(text, m.start(), m.end(), a, b):
        return _word(f"{cardinal_words(int(a))}-{cardinal_words(int(b))}")
    if not pct and "," not in a + b and "." not in a + b and len(a) <= 3 and len(b) <= 3:
        kind = _pair_kind(text, m.start(), m.end(), a, b)
        if kind == "record":
            return Token("record", a=a, b=b)
        if kind == "score":
            return Token("score", a=a, b=b, zero=_zero_word(text, m.start(), m.end()))
    # "52%-48%", "4.25%-4.5%": a percent on both ends is said on both ("52% to 48%")
    both = bool(m.group("pcta") and m.group("pct"))
    return Token("range", a=a, b=b, pct=pct, both_pct=both)


_LINE_START = re.compile(r"(?:^|\n|[:;]|\bFinal|\bfinal)[ \t]*\Z")


def line_score(m, text):
    """"Final: Brazil 2, Argentina 1": two teams, each with its score, at the start of a line, a
    heading's colon or a semicolon (a box line); the scores are spelled, as a reader says them.
    In prose ("read Chapter 2, Verse 1") the line start is missing and it is left alone."""
    start = m.start()
    team1 = []
    pos = start
    while len(team1) < 4:
        w = C.prev_word(text, pos)
        if not w or not w[:1].isupper() or not re.fullmatch(r"[A-Z][\w.'’&]*", w):
            break
        team1.insert(0, w)
        pos = text.rfind(w, 0, pos)
    if not team1 or not _LINE_START.search(text[max(0, pos - 8):pos]):
        return None
    names = team1 + m.group("team").split()
    if any(w in T.cue("number_cues") or w.rstrip(".") in T.cue("number_cues") or w in T.MONTHS
           or w.rstrip(".") in T.MONTH_ABBR for w in names):
        return None
    a, b = int(m.group("a")), int(m.group("b"))
    return _word(f"{cardinal_words(a)}, {_team_words(m.group('team'))} {cardinal_words(b)}")


def _team_words(team: str) -> str:
    """"N.Y. Rangers" in a box line: a city's initials before its team, said as the city."""
    return C.ABBR_CITY_TEAM.sub(lambda w: next(r.spoken for r in T.ABBREVIATIONS[w.group(1)]
                                                if r.context == ("before_city_team",)), team)


def _cricket_total(text: str, start: int, end: int, a: str, b: str) -> bool:
    """"England 245-6 (50 overs)", "were 312-8 at stumps": runs for wickets, only in a sentence
    about cricket (a series won 3-1 there stays a score: too few runs)."""
    if not (a.isdigit() and b.isdigit() and int(a) >= 20 and int(b) <= 10 and len(b) <= 2):
        return False
    return C.sentence_has(text, start, end, "cricket_words")


def _bowling_figures(text: str, start: int, end: int, a: str, b: str) -> bool:
    """"Bumrah took 5-42", "figures of 3-27": a bowler's wickets for the runs given away, after
    "figures of", or after "took" or "claimed" in a sentence about cricket. A series won 3-1
    gives too few runs, and a count after it ("figures of 3-4 million") is a range."""
    if not (a.isdigit() and b.isdigit() and int(a) <= 10 and int(b) >= max(6, int(a))):
        return False
    if _is_count_noun(C.next_word(text, end)):
        return False
    before = [w.lower() for w in C.prev_words(text, start, 2)]
    if before[-2:] == ["figures", "of"]:
        return True
    return bool(before) and before[-1] in T.cue("bowling_before") and \
        _cricket_sentence(text, start, end)  # the slash form's cue: "all out" counts too


def _podium_finish(text: str, end: int, places: list) -> str:
    """"a 1-2 finish", "a 1-2-3 sweep": a team's cars or riders in the first places, said
    "one-two(-three)"; '' unless the places run from 1 and a finish's noun follows."""
    if places != [str(i) for i in range(1, len(places) + 1)] or \
            C.bare(C.next_word(text, end)).lower() not in T.cue("podium_after"):
        return ""
    return "-".join(cardinal_words(int(p)) for p in places)


def triple_record(m, text):
    """"has gone 12-3-2", "a 10-4-3 record": wins, losses and ties (or overtime losses)
    where a record's cue word is next to it; elsewhere (a code, a date) left as written."""
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    if _podium_finish(text, m.end(), [a, b, c]):
        return _word(_podium_finish(text, m.end(), [a, b, c]))  # "a 1-2-3 finish"
    if _pair_kind(text, m.start(), m.end(), a, b) != "record":
        return None
    words = ["oh" if x == "0" else cardinal_words(int(x)) for x in (a, b, c)]
    return _word(f"{words[0]}, {words[1]} and {words[2]}")


def sets(m, text):
    """Tennis sets "6-4, 3-6, 7-6 (7-4)": each set won with 6 or 7 games."""
    pairs = re.findall(r"(?<!\()\b(\d)-(\d)\b(?!\))", m.group(0))
    for a, b in pairs:
        hi, lo = max(int(a), int(b)), min(int(a), int(b))
        if not (hi == 6 and lo <= 4 or hi == 7 and lo in (5, 6)):
            return None
    return Token("sets", text=m.group(0))


def batting(m, text):
    """".312" after "hitting", "batting", "a", or anywhere in a sentence about baseball ("ended
    the season at .297"): a batting average, "three twelve"."""
    before = [w.lower() for w in C.prev_words(text, m.start(), 2)]
    # "raised her average to .305": "to" after a batting word
    if not before or (before[-1] not in T.cue("batting_cues") and not (
            before[-1] == "to" and len(before) == 2 and before[0] in T.cue("batting_cues"))
            and not C.sentence_has(text, m.start(), m.end(), "batting_sentence")):
        return None
    return Token("identifier", parts=[("paired", m.group("avg"))])


def per_unit_word(m, text):
    """"5 mg per kg": a unit's abbreviation after "per" is said as its name ("per kilogram")."""
    return _word(T.UNITS[m.group("u")][0])


def pressure(m, text):
    """"130/80 mm Hg": a blood pressure, the two readings "over" each other."""
    a, b = (cardinal_words(int(m.group(k))) for k in ("a", "b"))
    return _word(f"{a} over {b} millimeters of mercury")


def split_time(m, text):
    """"1:52.28": a race's time, "one minute and fifty-two point two eight seconds"."""
    return Token("split_time", m=int(m.group("m")), s=int(m.group("s")), f=m.group("f"))


def house_number(m, text):
    """"4500 Research Dr.": a house number is said in pairs, "forty-five hundred" ("300 Main
    St.", the same words either way, is left to eSpeak)."""
    n = m.group("n")
    if paired_words(n) == cardinal_words(int(n)):
        return None
    return Token("identifier", parts=[("paired", n)])


def phone(m, text):
    # "+44 (0)20 ...": the trunk zero in parentheses is not dialled from abroad
    groups = re.findall(r"\d+", m.group(0).replace("(0)", ""))
    letters = re.findall(r"[A-Z]{2,}", m.group(0))
    if letters:  # "1-800-FLOWERS": the word is said as written
        return Token("phone", groups=groups, plus=False, words=letters)
    if len(groups) == 2 and (_is_count_noun(C.next_word(text, m.end()))
                             or text[m.end():m.end() + 1] == "%"):
        return Token("range", a=groups[0], b=groups[1], pct=False)
    return Token("phone", groups=groups, plus=m.group(0).startswith("+"))


def dial(m, text):
    """"call 988", "a 911 call": a short number dialled, said digit by digit."""
    before = C.prev_words(text, m.start(), 2)
    prev = before[-1] if before else ""
    nxt = C.bare(C.next_word(text, m.end())).lower()
    # "calls to 311", "texts to 988": what is sent to the number names it a number dialled
    sent_to = prev == "to" and len(before) == 2 and before[0].lower() in T.cue("dial_verbs_to")
    # "can be reached at 311", "reached on 000": the number a service is reached on
    reached = prev in ("at", "on") and len(before) == 2 and before[0] in T.cue("dial_reach_verbs")
    if m.group("n") == "000":  # Australia's emergency number, only where it is dialled
        return _word("triple zero") if prev in T.cue("dial_verbs") or reached else None
    if prev in T.cue("dial_verbs") or sent_to or reached or nxt in T.cue("dial_nouns"):
        return Token("identifier", parts=[("digits", m.group("n"))])
    # "or to 911 if sparking": 911 is the emergency number unless it counts ("911 people") or
    # names a model ("a Porsche 911")
    if m.group("n") == "911" and not _is_count_noun(C.next_word(text, m.end())) and not (
            prev[:1].isupper() and prev not in T.cue("dial_verbs")):
        return Token("identifier", parts=[("digits", m.group("n"))])
    # "call 311 to report downed trees, not 911": beside a number dialled, another one is
    if prev.lower() in ("not", "or", "and") and re.search(
            r"\b(?:[Cc]all|[Dd]ial|[Tt]ext)(?:ing|ed|s)? (?:[2-9]11|988|999|112)\b",
            C.sentence_of(text, m.start(), m.end())):
        return Token("identifier", parts=[("digits", m.group("n"))])
    return None


# --- years -------------------------------------------------------------------------------
def year_range(m, text):
    y1, y2s = int(m.group("y1")), m.group("y2")
    prev = C.core(C.prev_word(text, m.start()))
    if prev in T.cue("number_cues") or prev.rstrip(".") in T.cue("number_cues"):
        # "§§ 1341-1343", "Sections 1501-1503": numbered parts, kept as numbers
        return _word(f"{m.group('y1')} to {y2s}") if len(y2s) == 4 else None
    if _is_count_noun(C.next_word(text, m.end())):
        return Token("range", a=m.group("y1"), b=y2s, pct=False)
    if len(y2s) == 4:
        if not (y1 < int(y2s) <= 2099):
            return None
        return Token("year_range", y1=y1, y2=int(y2s), short=False)
    if y1 // 100 * 100 + int(y2s) <= y1:
        return None
    return Token("year_range", y1=y1, y2=int(y2s), short=True)


def decade(m, text):
    return Token("decade", century=m.group("c"), decade=int(m.group("dd")),
                 hyphen=bool(m.group("hy")), to=bool(m.group("to")))  # "the 70s-80s": "to"


def short_year(m, text):
    return Token("short_year", yy=int(m.group("yy")))


def year(m, text):
    """A 4-digit number 1100-2099 is a year unless a cue before it makes it a number
    ("Flight 1549") or a count noun follows ("1958 people")."""
    y = int(m.group("y"))
    prev = C.core(C.prev_word(text, m.start()))
    if prev in T.cue("number_cues") or prev.rstrip(".") in T.cue("number_cues"):
        return None
    before = C.prev_words(text, m.start(), 3)
    if len(before) == 3 and before[2] in ("and", "or", "through", "to") and before[1].isdigit() \
            and before[0].rstrip(".") in T.cue("number_cues") | {"§", "§§", "sections", "Sections"}:
        return None  # "§§ 2 and 1343", "Sections 101 and 1202": the list's numbered parts
    if _paired_with_count(text, m.start(), m.end(), prev):
        return None  # "from 1061 to 1128", "a score of 2072": a count, left to eSpeak
    if _TABLE_BEFORE.search(text, max(0, m.start() - 12), m.start()) and _TABLE_AFTER.match(text, m.end()):
        return None  # "│ 1512 │": a cell of a table of figures, a year or a count: as written
    if prev.rstrip("-–") in T.cue("year_cues") or prev.endswith(("'s", "’s")) \
            or re.fullmatch(r"[QH][1-4]|FY", prev):  # "the mid-2019 model"
        return Token("year", y=y)
    before = C.prev_words(text, m.start(), 2)
    if before[-2:-1] and before[-1] == "of" and before[-2] in T.cue("year_of_nouns"):
        return Token("year", y=y)  # "the Decency Act of 1996 shields": a year, not a count
    if text[m.end():m.end() + 1] == " " and _is_count_noun(C.next_word(text, m.end())):
        if not _event_name_before(text, m.start(), prev):
            return Token("count", n=y)
    return Token("year", y=y)


_PAIR_AFTER = re.compile(r"[^\S\n](?:and|to|or)[^\S\n](?:\d{1,3}(?:,\d{3})+|\d+)[^\S\n](\w+)")


_TABLE_BEFORE = re.compile(r"[│|][^\S\n]*\Z")
_TABLE_AFTER = re.compile(r"[^\S\n]*[│|]")


def _paired_with_count(text: str, start: int, end: int, prev: str) -> bool:
    """"rose from 1061 to 1128": the other end of the pair is a plain number, not a year;
    "between 1500 and 2000 people": the pair counts a noun; "a total score of 2072": "of"
    after a word that takes a count."""
    after = _PAIR_AFTER.match(text, end)
    if after and _is_count_noun(after.group(1)):
        return True  # "between 1500 and 2000 people"
    before = C.prev_words(text, start, 2)
    if len(before) < 2:
        return False
    if prev in ("to", "and", "through"):
        other = before[0].replace(",", "")
        return other.isdigit() and not (len(other) == 4 and 1100 <= int(other) <= 2099)
    return prev == "of" and before[0].lower() in T.cue("count_of_nouns")


def _event_name_before(text: str, start: int, prev: str) -> bool:
    """"the Euro 2020 playoffs", "the Tour 2020 dates": a name before the year makes it the
    event's year, even with a plural after (not a weekday or a month: "on Monday 1200 workers")."""
    return (C.is_capitalized(prev) and prev.isalpha() and not C.sentence_start(text, start - len(prev) - 1)
            and prev not in T.cue("sentence_starters") and prev not in T.cue("weekdays")
            and prev not in T.MONTHS)


# --- fractions, numerals, identifiers ---------------------------------------------------
def fiscal_year(m, text):
    """"FY2024", "FY24": fiscal year twenty twenty-four."""
    y = m.group("y")
    return Token("year", y=int(y) if len(y) == 4 else 2000 + int(y), fiscal=True)


def fraction(m, text):
    num, den = int(m.group("num")), int(m.group("den"))
    if den in (2, 4, 8, 16) and not m.group("whole") and \
            C.bare(C.next_word(text, m.end())).lower() in T.cue("meter_nouns"):
        # "a 6/8 feel", "in 3/4 time": a time signature, "six-eight", not a fraction
        return _word(f"{cardinal_words(num)}-{cardinal_words(den)}")
    # only the fractions news actually writes; "5/6" could as well be a date, but not
    # before "of" ("3/5 of the Senate")
    dens = (2, 3, 4, 5, 6, 8, 10, 16) if text.startswith(" of ", m.end()) else (2, 3, 4, 8, 16)
    if not (0 < num < den and den in dens):
        return None
    # "1/4 mile": a part of one thing, said "a quarter mile" ("a 1/2 mile walk": "a half mile
    # walk", its article already written; "the 1/4 mile" keeps "one quarter")
    noun = _fraction_noun(text, m.end())
    before_noun = noun in T.cue("fraction_nouns") and \
        text[m.end():m.end() + 1] == " " and not m.group("whole")
    prev = C.core(C.prev_word(text, m.start())).lower()
    if before_noun and prev in T.cue("determiners") and prev not in {"a", "an"}:
        before_noun = False
    # "a 1/2-cent tax", "a 3/4-inch bolt": joined to its noun, the part names a size
    compound = not m.group("whole") and re.match(r"-[a-z]", text[m.end():m.end() + 2]) is not None
    return Token("fraction", whole=m.group("whole"), num=num, den=den, before_noun=before_noun,
                 article=prev not in {"a", "an"}, compound=compound, noun=noun)


def _fraction_noun(text: str, end: int) -> str:
    """The noun after a fraction, as said: "mile" for "mile" and for "mi." (its reading after a
    fraction, "below 1/4 mi.")."""
    word = C.next_word(text, end)
    for r in T.ABBREVIATIONS.get(C.core(word), ()) if word.endswith(".") else ():
        if r.context == ("after_fraction",):
            return r.spoken
    return C.bare(word).lower()


def unicode_fraction(m, text):
    num, den = T.UNICODE_FRACTIONS[m.group("f")]
    return Token("fraction", whole=m.group("whole"), num=num, den=den, before_noun=False,
                 article=True)


def roman(m, text):
    """"Henry VIII" is the Eighth, "World War II" Two. A lone "I" is a numeral only with a
    title before ("Queen Elizabeth I") or "of" after ("Peter I of Russia"); otherwise it
    may be the pronoun ("told George I was ...") and is left as written."""
    prev, r = m.group("prev"), m.group("r")
    value = roman_value(r)
    if value is None:
        return None
    if prev in T.cue("roman_cardinal_after"):  # "World War I", "Title IX"
        return Token("roman", name=prev, value=value, ordinal=False, poss=m.group("poss"))
    if prev in T.cue("sentence_starters"):
        return None
    if len(r) == 1:
        if prev not in T.cue("regnal_names"):
            return None
        if r == "I":
            before = C.prev_words(text, m.start(), 1)
            # "Elizabeth I's reign", "the reign of Elizabeth I.": a pronoun takes no "'s" and
            # does not close a clause right after a name
            closes = m.group("poss") or re.match(r"[,;)]|\.(?:\s|$)", text[m.end():m.end() + 2])
            if not (before and before[-1] in T.cue("regnal_titles")) and not closes and \
                    C.next_word(text, m.end()) != "of":
                return None
        return Token("roman", name=prev, value=value, ordinal=True, poss=m.group("poss"))
    if value < 2 or "L" in r or not _names_a_person(text, m.start(), prev):
        # "Tallon IV", "Metroid II": a planet or a game takes a cardinal, a person an
        # ordinal; with no sign of a person it is left as written ("roman four")
        return None
    return Token("roman", name=prev, value=value, ordinal=True, poss=m.group("poss"))


def overtime(m, text):
    """"won 3-2 (OT)", "(2OT)": a score's period of overtime, said "in (double) overtime"."""
    return _word("in " + {"": "", "2": "double ", "3": "triple "}[m.group("n")] + "overtime")


def negative_range(m, text):
    """"lows of -10--15": both ends below zero, "minus ten to minus fifteen" (eSpeak drops the
    second sign and the "to")."""
    return _word(f"minus {number_words(m.group('a'))} to minus {number_words(m.group('b'))}")


def negative_decade(m, text):
    """"wind chills in the -20s": "minus twenties" (the decade rule alone drops the sign)."""
    return _word("minus " + decade_words(None, int(m.group("dd"))))


def weekday_range(m, text):
    """"open Mon.-Fri.": two weekday abbreviations joined by a dash are a span of days; the
    last period stays where it also ends the sentence."""
    d1, d2 = (T.ABBREVIATIONS[m.group(g) + "."][0].spoken for g in ("d1", "d2"))
    return _word(f"{d1} to {d2}" + ("." if C.ends_sentence(text, m.end()) else ""))


def _names_a_person(text: str, start: int, prev: str) -> bool:
    """"Louis XIV", "King Mohammed VI", "Henry Ford II", "Robert F. Kennedy III": a regnal
    name, a title before the name, or a given name or an initial before a surname."""
    if prev in T.cue("regnal_names"):
        return True
    before = C.prev_words(text, start, 2)  # the match starts at the name itself
    if len(before) == 2 and before[0] in T.cue("person_titles") and before[1][:1].isupper():
        return True  # "Lt. Gov. Garlin Gilchrist II": a title before a given name and surname
    return bool(before) and (before[-1] in T.cue("regnal_titles") or before[-1] in T.cue("regnal_names")
                             or before[-1] in T.cue("given_names")
                             or re.fullmatch(r"[A-Z]\.", before[-1]) is not None)


def jet(m, text):
    """"Boeing 737", "737 MAX", "787 jets": a model said in pairs ("seven thirty-seven")."""
    prev = C.core(C.prev_word(text, m.start()))
    nxt = C.bare(C.next_word(text, m.end())).lower()
    # "delivered 30 737s": a plural model in a sentence about aircraft
    fleet = m.group("pl") and C.sentence_has(text, m.start(), m.end(), "aviation_words")
    if not (prev == "Boeing" or m.group("max") or m.group("x") or nxt in T.cue("jet_nouns") or fleet):
        return None
    parts = [("paired", m.group("n"))]
    if m.group("v"):
        parts.append(("cardinal", m.group("v")))
    if m.group("suf"):
        parts.append(("letters", m.group("suf")))  # "777-300ER": "E.R"
    if m.group("x"):
        parts.append(("word", "X"))  # "777X", "777x"
    if m.group("max"):
        parts.append(("word", "Max"))  # a name, "max": eSpeak would spell the capitals
    return Token("identifier", parts=parts, plural=bool(m.group("pl")))


def magnitude(m, text):
    """"an M6.4 quake": M before a one-decimal number is an earthquake's magnitude."""
    return _word("magnitude " + m.group("n"))


def short_code(m, text):
    """"Text HOME to 741741": the number a keyword is texted to, said digit by digit."""
    before = C.prev_words(text, m.start(), 3)
    if len(before) == 3 and before[0] in T.cue("dial_verbs") and before[1].isupper() \
            and before[2] == "to":
        return Token("identifier", parts=[("digits", m.group("n"))])
    return None


def embraer(m, text):
    """"Embraer E175", "an E190 jet": a regional jet's model, "E one seventy-five"."""
    nxt = C.bare(C.next_word(text, m.end())).lower()
    if C.core(C.prev_word(text, m.start())) != "Embraer" and nxt not in T.cue("jet_nouns"):
        return None
    return Token("identifier", parts=[("word", "E"), ("paired", m.group("n"))])


def airbus(m, text):
    parts = [("letter", "A"), ("paired", m.group("n"))]
    if m.group("suf"):
        parts.append(("word", m.group("suf")))
    if m.group("v"):
        parts.append(("cardinal", m.group("v")))  # "A350-1000": "one thousand"
    return Token("identifier", parts=parts, plural=bool(m.group("pl")))  # "A350s"


def k_grades(m, text):
    """"grades K-8", "K-5 schools": kindergarten through a grade."""
    return _word(f"K through {cardinal_words(int(m.group('n')))}")


def article_roman(m, text):
    """"Art. I, Sec. 8": the Constitution's articles by number ("Article one")."""
    value = roman_value(m.group("r"))
    if value is None:
        return None
    return _word(f"{'Article' if m.group('a') == 'Art' else 'Section'} {cardinal_words(value)}")


def formula(m, text):
    return _word(T.FORMULAS[m.group(0)])


def idiom(m, text):
    """A fixed reading ("24/7", "S.D.N.Y."); a final period that also ends the sentence stays."""
    period = m.group(0).endswith(".") and C.ends_sentence(text, m.end())
    return _word(T.IDIOMS[m.group(0)] + ("." if period else ""))


def ticker(m, text):
    """"(Nasdaq: AAPL)": the symbol is spelled; "(TSE: 7203)": a numeric code, digit by digit."""
    sep = m.group(0)[len(m.group("ex")):m.start("sym") - m.start()]
    sym = m.group("sym")
    return Token("identifier", parts=[("word", m.group("ex") + sep.rstrip()),
                                      ("digits" if sym.isdigit() else "letters", sym)])


_OPERATOR_BEFORE = re.compile(r"(?:^|\s)[x×*/=+<>][^\S\n]?\Z")
_OPERATOR_AFTER = re.compile(r"[^\S\n]?[x×*/=+<>](?:\s|$)")


def hashtag(m, text):
    """"#BlackLivesMatter" -> "hashtag Black Lives Matter" (split where the case changes).
    Beside an operator ("#lambdas x #priorities") "#" is "the number of" in a formula: left
    as written."""
    if _OPERATOR_BEFORE.search(text, max(0, m.start() - 3), m.start()) or _OPERATOR_AFTER.match(text, m.end()):
        return None
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", m.group("tag"))
    # "#Election2024": a year inside the tag is said as one
    words = [year_words(int(w)) if re.fullmatch(r"1[1-9]\d\d|20\d\d", w) else w for w in words]
    said = "" if C.core(C.prev_word(text, m.start())).lower() == "hashtag" else "hashtag "
    return _word(said + " ".join(words))


def subdivision(m, text):
    """"Rule 23(b)(3)": each part in parentheses said as a word ("twenty-three b three")."""
    return _word(" " + m.group("part"))


def initialism(m, text):
    return _word(T.INITIALISMS[m.group("w")] + (m.group("poss") or ""))


_RUNS = re.compile(r"[AEIOU]+|[^AEIOU]+")


def _sayable(w: str) -> bool:
    """Could English say these capitals as one word? 'NASA', 'OPEC', 'CERN' yes; 'USGS'
    (no word ends in -SGS), 'IAEA' (four vowels in a row), 'NCAA' (no word begins NC) no."""
    w = re.sub(r"(?<=[^AEIOU])Y", "I", w)
    runs = _RUNS.findall(w)
    vowels = [r for r in runs if r[0] in "AEIOU"]
    # names run up to three vowels together ("SEOUL", "TOKYO"); four never ("IAEA")
    if not vowels or any(len(v) > 3 for v in vowels):
        return False
    onsets, codas = T.cue("word_onsets"), T.cue("word_codas")
    if runs[0][0] not in "AEIOU" and runs[0] not in onsets:
        return False
    if runs[-1][0] not in "AEIOU" and runs[-1] not in codas:
        return False
    # a cluster inside splits into an ending and a beginning ("ACCRA": C + CR)
    inner = [r for r in runs[1:-1] if r[0] not in "AEIOU"]
    return all(len(r) <= 2 or r[1:] in onsets or r[2:] in onsets for r in inner)


def _dateline(text: str, start: int, end: int) -> bool:
    """'TOKYO —', 'BEIRUT, Lebanon (AP)': the place a wire story opens with, a word."""
    line_start = start == 0 or text[start - 1] == "\n" or text[max(0, start - 2):start] == "\n "
    return line_start and re.match(r"\s*(?:[—–,(]|-\s)", text[end:end + 3]) is not None


def _caps_word(word: str) -> bool:
    w = C.core(word).strip("()")
    return len(w) > 1 and w.isalpha() and w.isupper()


def capitals(m, text):
    """Capitals eSpeak would say as a word: 'the USGS said' (it says "usgs"), and a wire
    service after a dateline in capitals, 'MOSCOW (AP)' (after a word in capitals eSpeak
    reads capitals as words: "ap"), are said as letters. Capitals English can say as a word
    (NASA) and a run of capitals (a headline) are left to eSpeak."""
    w, start = m.group("w"), m.start()
    if text[start - 1:start] == "(" and text[m.end():m.end() + 1] == ")":
        if _caps_word(C.prev_word(text, start - 1)) or _dateline_credit(m, text):
            return _word(".".join(w))
    # a doubled letter eSpeak says itself ("NAACP": "N double A C P")
    if len(w) < 4 or _sayable(w) or re.search(r"(.)\1", w) or _dateline(text, start, m.end()):
        return None
    if _caps_word(C.prev_word(text, start)) or _caps_word(C.next_word(text, m.end())):
        return None
    return _word(".".join(w) + (m.group("poss") or ""))


def dotted(m, text):
    """'U.S.' before a word that continues the name ('U.S. Army'): drop the periods that
    eSpeak takes for a sentence end."""
    if C.ends_sentence(text, m.end(), T.cue("us_continuations")):
        return None
    nxt = C.next_word(text, m.end())
    # "442 U.S. 735": a reporter's volume and page, a citation, not a sentence end
    if text[m.end():m.end() + 1] != " " or not (C.is_capitalized(nxt) or nxt[:1].isdigit()):
        return None
    return _word(m.group(0).replace(".", ""))


def state_compound(m, text):
    """"Mass.-based", "Ariz.-born": a state abbreviation joined to "-based" is the state."""
    state = T.STATES.get(m.group("st"))
    return None if state is None else _word(state)


# --- abbreviations ------------------------------------------------------------------------
def abbreviation(m, text):
    """The first reading in the table whose context holds; none: leave it as written."""
    written = m.group("a")
    start, end = m.start(), m.end()
    for reading in T.ABBREVIATIONS[written]:
        if C.holds(reading.context, text, start, end):
            spoken = reading.spoken
            if spoken[:1].islower() and written[:1].isupper() and C.sentence_start(text, start):
                spoken = spoken[0].upper() + spoken[1:]
            if text[end:end + 1].isdigit():  # "No.1"
                spoken += " "
            period = reading.keep_period and C.ends_sentence(text, end, T.cue("period_continuations"))
            return Token("abbreviation", spoken=spoken, period=period)
    return None


def party(m, text):
    state = T.STATES.get(m.group("st") or "")
    if m.group("city"):
        # "Del. Sally Hudson, D-Charlottesville,": a state legislator's home town, only
        # between commas after a name (never "on D-Day,")
        before = C.prev_word(text, m.start())
        if not (before.endswith(",") and before[:1].isupper() and before[:-1].isalpha()):
            return None
        state = m.group("city")
    if state is None:
        return None
    period = (m.group("st") or "").endswith(".") and C.ends_sentence(text, m.end())
    return Token("party", party=T.PARTIES[m.group("p")], state=state, period=period)


def paren_ticker(m, text):
    """"Apple Inc. (AAPL)": capitals in parentheses right after a company's suffix are its
    stock symbol, spelled; elsewhere ("(NATO)", "(WHO)") they may be a word: left alone."""
    if m.group("sym") in T.PARTIES and _officeholder_before(text, m.start() - 1):
        return _word(T.PARTIES[m.group("sym")])  # "Gov. Kathy Hochul (D) signed"
    sym = m.group("sym")
    if (C.prev_word(text, m.start() - 1) not in T.cue("corporate_suffixes")
            and not (C.ticker_after_name(text, m.start(), m.end())
                     and _company_before(text, m.start() - 1, sym))):
        return None
    return Token("identifier", parts=[("letters", sym)])


def _company_before(text: str, paren: int, sym: str) -> bool:
    """"Shares of Meta (META) rose": a capitalized name before the parenthesis whose initials
    are not the capitals (an acronym after its words, "Islamic State (IS)", is not a symbol)."""
    names = []
    for w in reversed(C.prev_words(text, paren, 4)):
        if not w[:1].isupper() or w in T.cue("sentence_starters"):
            break
        names.insert(0, w)
    if not names:
        return False
    if any(re.sub(r"['’]s\Z", "", w).upper() == sym for w in names):
        return False  # "Kospi Index (KOSPI)": the name itself, said as eSpeak reads it
    initials = "".join(w[0] for w in names)
    if any(initials[k:] == sym for k in range(len(initials) - 1)):
        return False  # "Hong Kong's Hang Seng Index (HSI)": the last words' initials
    return len(names) == 1 or not sym.startswith(initials)


def _officeholder_before(text: str, start: int) -> bool:
    """An officeholder's title and name right before: "Sen. Jon Tester (D)", "Mayor Eric Adams (D)"
    ("Appendix (D)" stays)."""
    words = C.prev_words(text, start, 5)
    if not words or not words[-1][:1].isupper():
        return False
    return any(w in T.cue("office_titles") for w in words[:-1])


_DATELINE = re.compile(r"(?:^|\n)[ \t]*[A-Z][A-Z.'’ -]{2,}(?:, [A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)? \($")


def _dateline_credit(m, text) -> bool:
    """"SAN JUAN, Puerto Rico (EFE) —", "ST. JOSEPH, Mich. (AP) —": capitals in parentheses
    after a dateline (a city in capitals at the start of a line, and its state or country) and
    before a dash are the news agency's letters."""
    if not re.match(r"\)[ \u00a0]*(?:—|–|--|-)", text[m.end():m.end() + 4]):
        return False
    return _DATELINE.search(text[max(0, m.start() - 60):m.start()]) is not None


def degree_letter(m, text):
    """"35 degrees F": the scale's letter after "degrees"."""
    return _word({"F": "Fahrenheit", "C": "Celsius"}[m.group("u")])


def for_pair(m, text):
    """"went 3-for-4", "shot 15-of-40": hits for at-bats, makes of attempts; a hitless
    "0-for-12" is said "oh for twelve"."""
    first = ("word", "oh") if m.group("a") == "0" and m.group("w") == "for" else ("cardinal", m.group("a"))
    return Token("identifier", parts=[first, ("word", m.group("w")),
                                      ("cardinal", m.group("b"))])


def per_slash(m, text):
    """"$80/barrel", "$74.50/bbl": the slash between an amount and its unit is "per"."""
    return _word(" per " + T.PER_UNITS[m.group("u")])


def cashtag(m, text):
    """"$TSLA": a stock symbol, spelled."""
    return Token("identifier", parts=[("letters", m.group("sym"))])


def cents(m, text):
    n = int(m.group("n"))
    return _word(f"{cardinal_words(n)} cent" + ("" if n == 1 else "s"))


def hash_number(m, text):
    return _word("number ")


def section_sign(m, text):
    return _word("sections " if m.group(0).startswith("§§") else "section ")


def letter_hyphen_number(m, text):
    if re.search(r"(?<![\w.'’&-])A\Z", text[max(0, m.start() - 2):m.start()]):
        return None  # "the A-1 rating": spaced, eSpeak reads a lone A as the article ("uh one")
    return _word(" ")


def tilde(m, text):
    return _word("about ")


def golf_score(m, text):
    """"at -9 through 54 holes": a score against par, under or over, only in a sentence about
    golf; elsewhere a sign stays for eSpeak ("-9 degrees" is minus nine)."""
    if not C.sentence_has(text, m.start(), m.end(), "golf_words"):
        return None
    side = "over" if m.group("sign") == "+" else "under"
    return _word(f"{cardinal_words(int(m.group('n')))} {side}")


def golf_round(m, text):
    """"shot a 4-under 68": strokes against par and the round's score, where a round's score
    follows or the sentence is about golf ("kids 12-under" stays as written)."""
    words = set(re.findall(r"[A-Za-z]+", C.sentence_of(text, m.start(), m.end())))
    if not (m.group("r") or words & T.cue("golf_words")):
        return None
    out = f"{cardinal_words(int(m.group('n')))}-{m.group('side')}"
    return _word(out + (f" {cardinal_words(int(m.group('r')))}" if m.group("r") else ""))


def month_range(m, text):
    """"the Oct-Dec quarter": "October to December"."""
    return _word(f"{_month_name(m.group('m1'))} to {_month_name(m.group('m2'))}")


def rate_hyphen(m, text):
    """"$7.99-a-month", "50-cents-a-gallon" is said as words: "... a month"."""
    return _word(f" {m.group('w')} ")


def plus_minus(m, text):
    """"+/- 3 points": a poll's margin, "plus or minus"."""
    return _word("plus or minus ")


def date_dash(m, text):
    """"Oct. 21-Nov. 2", "2:10-4:30": the dash between two dates or times is "to"."""
    return _word(" to ")


CLASSIFIERS: dict[str, Classifier] = {
    "url": url, "month_day": month_day, "month_year": month_year, "day_month": day_month,
    "party": party, "idiom": idiom, "formula": formula, "k_grades": k_grades, "article_roman": article_roman, "ticker": ticker,
    "paren_ticker": paren_ticker, "degree_letter": degree_letter, "for_pair": for_pair, "triple_record": triple_record,
    "per_slash": per_slash,
    "abbreviation": abbreviation, "hash_number": hash_number, "cashtag": cashtag, "cents": cents, "hashtag": hashtag,
    "section_sign": section_sign, "dotted": dotted, "state_compound": state_compound, "numeric_date": numeric_date,
    "iso_date": iso_date, "time": time, "utc_offset": utc_offset, "clock": clock, "time_zone": time_zone, "compass": compass,
    "phone": phone, "dial": dial, "currency": currency, "currency_code": currency_code, "inch_mark": inch_mark, "short_date": short_date, "scaled": scaled, "temperature": temperature,
    "year_range": year_range, "decade": decade, "short_year": short_year, "height": height, "relay": relay, "ratio": ratio, "cricket": cricket,
    "pence": pence, "letter_model": letter_model, "flight_code": flight_code, "foot_height": foot_height, "feet_inches": feet_inches,
    "jet": jet, "airbus": airbus, "embraer": embraer, "short_code": short_code, "magnitude": magnitude, "batting": batting, "split_time": split_time, "pressure": pressure, "per_unit_word": per_unit_word, "house_number": house_number, "sets": sets, "unit": unit,
    "range": range_, "year": year, "fiscal_year": fiscal_year, "unicode_fraction": unicode_fraction, "fraction": fraction,
    "unit_per": unit_per,
    "line_score": line_score,
    "subdivision": subdivision, "roman": roman, "initialism": initialism, "capitals": capitals,
    "letter_hyphen_number": letter_hyphen_number, "tilde": tilde, "plus_minus": plus_minus, "golf_score": golf_score, "golf_round": golf_round, "rate_hyphen": rate_hyphen, "month_range": month_range, "date_dash": date_dash,
}
CLASSIFIERS.update({"overtime": overtime,
                    "negative_range": negative_range, "negative_decade": negative_decade,
                    "weekday_range": weekday_range})


def overtime_after_in(m, text):
    """"won 88-85 in 2OT": double (or triple) overtime, only after a score and "in"."""
    if not C.after_score_in(text, m.start(), m.end()):
        return None
    return _word({"2": "double", "3": "triple"}[m.group("n")] + " overtime")


CLASSIFIERS["overtime_after_in"] = overtime_after_in


def caliber(m, text):
    """".40-caliber", ".22 caliber": a gun's bore in hundredths of an inch, said as a number
    ("forty-caliber"); three digits in pairs (".357" "three fifty-seven")."""
    n = m.group("n")
    return Token("identifier", parts=[("cardinal" if len(n) == 2 else "paired", n)])


CLASSIFIERS["caliber"] = caliber


def race_meters(m, text):
    """"won the 1,500 meters", "the women's 1,600-meter final": a race after "the" is called by
    its hundreds, as "the 1,500 m" is; elsewhere ("fell 1,200 meters") the count is eSpeak's."""
    before = [w.lower() for w in C.prev_words(text, m.start(), 2)]
    if not before or not (before[-1] == "the" or (
            before[-1] in T.cue("race_fields") and before[:1] == ["the"])):
        return None
    # "the 1,500-meter final", "the 1,500 meter run": before its noun, as "the 1,500m final" is
    adjective = m.group("sp") == "-" or not m.group("u").endswith("s")
    return Token("measure", lo=None, n=m.group("n"), scale=None, names=("meter", "meters"),
                 adjective=adjective, event=True, period=False)


CLASSIFIERS["race_meters"] = race_meters


def down_distance(m, text):
    """"4th-and-2", "3rd-and-goal", "fourth-and-1": the down and the yards to go, said apart
    ("fourth and two"): hyphened, eSpeak runs "fourth-and" into one word."""
    d, n = m.group("d"), m.group("n")
    down = ordinal_words(int(d[0])) if d[0].isdigit() else d
    return _word(f"{down} and {cardinal_words(int(n)) if n.isdigit() else n}")


CLASSIFIERS["down_distance"] = down_distance

# "latitude 25.1 N, 86.4 W": the second coordinate of a pair the word introduced
_LATITUDE_PAIR = re.compile(r"\b(?:[Ll]atitude|[Ll]at\.) \d{1,3}(?:\.\d+)?[^\S\n]?[NS],? \Z")


def coordinate(m, text):
    """"latitude 25.1 N", "longitude 86.4 W": after the word, the letter is a hemisphere, said
    "north"; without it ("Gate 12 N", "25.1 N 86.4 W" alone) it is left as written."""
    prev = C.core(C.prev_word(text, m.start())).lower()
    pair = _LATITUDE_PAIR.search(text, max(0, m.start() - 30), m.start()) and m.group("l") in "EW"
    if prev not in T.cue("coordinate_words") and not pair and not _decimal_coordinate(m, text, prev):
        return None
    return _word(f"{m.group('n')} {T.COMPASS[m.group('l')]}")


_LONGITUDE_AFTER = re.compile(r",?[^\S\n]\d{1,3}\.\d+[^\S\n]?[EW](?![\w'’]|\.\w)")
_LATITUDE_BEFORE = re.compile(r"(?<![\w.,])\d{1,2}\.\d+[^\S\n]?[NS],?[^\S\n]\Z")


def _decimal_coordinate(m, text: str, prev: str) -> bool:
    """"near 25.3N, 86.1W", "at 14.2S 170.7W": a decimal latitude and longitude as a pair, or
    a lone latitude after "near", "at", "centered" (a lone "10.5W" may be watts, so it stays)."""
    n, hemisphere = m.group("n"), m.group("l")
    if "." not in n:
        return False
    if hemisphere in "NS":
        return float(n) <= 90 and (bool(_LONGITUDE_AFTER.match(text, m.end())) or (
            not m.group("sp") and prev in ("near", "at", "centered")))
    return float(n) <= 180 and bool(_LATITUDE_BEFORE.search(text, max(0, m.start() - 16), m.start()))


CLASSIFIERS["coordinate"] = coordinate


def blood_pressure(m, text):
    """"blood pressure was 140/90": the two readings "over" each other, as a nurse says them
    ("one forty over ninety"), only in a sentence about blood pressure and when the first is
    the higher, in a body's range; elsewhere ("a 50/50 split") left to the other rules."""
    a, b = m.group("a"), m.group("b")
    if not (60 <= int(a) <= 260 and 30 <= int(b) <= 160 and int(a) > int(b)):
        return None
    if not C.sentence_has(text, m.start(), m.end(), "blood_pressure_words"):
        return None
    return Token("identifier", parts=[("paired" if len(a) == 3 else "cardinal", a), ("word", "over"),
                                      ("paired" if len(b) == 3 else "cardinal", b)])


CLASSIFIERS["blood_pressure"] = blood_pressure


def plural_possessive(m, text):
    """"the CEOs' pay": said as the plural (the same sound), which eSpeak spells, or as the
    initialisms table writes that plural ("PhDs'": "P.H.D's")."""
    plural = m.group("w") + "s"
    return _word(T.INITIALISMS.get(plural, plural))


CLASSIFIERS["plural_possessive"] = plural_possessive


def uk_road(m, text):
    """"the A483 was closed", "junction 3 of the M180", "the A627(M)": a British road, said
    digit by digit ("A four eight three", "M one eight oh"), where eSpeak says a count ("M one
    hundred eighty"); only with "(M)" or in a sentence about roads ("the B1234" elsewhere is left)."""
    if not m.group("m") and not C.sentence_has(text, m.start(), m.end(), "road_words", fold=True):
        return None
    if m.group("l") == "B" and re.fullmatch(r"7\d7", m.group("n")):  # "a B747 closed the runway": a Boeing
        return None
    # the letter hyphened to the number keeps eSpeak saying it (a lone "A" is the article)
    spoken = f"{m.group('l')}-{digit_words(m.group('n'))}" + (" M" if m.group("m") else "")
    return _word(spoken + (m.group("poss") or ""))


CLASSIFIERS["uk_road"] = uk_road


def serotype(m, text):
    """"E. coli O157:H7": the O antigen's number in pairs, the H's as a count ("O one
    fifty-seven H seven"), as epidemiologists say it; without the H part only in a sentence
    about E. coli ("the O104 strain")."""
    if m.group("h") is None and not C.sentence_has(text, m.start(), m.end(), "serotype_words"):
        return None
    spoken = f"O {paired_words(m.group('o'))}"
    return _word(spoken + (f" H {cardinal_words(int(m.group('h')))}" if m.group("h") else ""))


CLASSIFIERS["serotype"] = serotype
# "713-222-TIPS": a phone number whose last group is a word, said as the phone rule says it
CLASSIFIERS["vanity_phone"] = phone


def month_span(m, text):
    """"the Jul.-Sep. quarter", "July-September": "July to September"; the last month's period
    stays where it also ends the sentence."""
    m1, m2 = m.group("m1"), m.group("m2")
    period = m2.endswith(".") and C.ends_sentence(text, m.end())
    return _word(f"{_month_name(m1.rstrip('.'))} to {_month_name(m2.rstrip('.'))}" + ("." if period else ""))


CLASSIFIERS["month_span"] = month_span


from service.speech.normalize.tokenize import COMPILED as _TOKEN_PATTERNS  # noqa: E402


def unit_range_start(m, text):
    """"40 to 50 kt": both ends of a range before its unit spelled, as one range ("forty to
    fifty knots"), only where the second end is read as a unit."""
    second = _TOKEN_PATTERNS["unit"].match(text, m.end())
    if second is None or second.group("lo") or unit(second, text) is None:
        return None
    return _word(f"{number_words(m.group('a'))} {m.group('w')} ")


CLASSIFIERS["unit_range_start"] = unit_range_start


def flight_number(m, text):
    """"Flight 1282", "flight 370": a flight's number said in pairs ("twelve eighty-two"), as
    airlines and newsreaders say it; not a round thousand ("Flight 2000") nor a count ("a
    flight 300 passengers short")."""
    n = m.group("n")
    if int(n) % 1000 == 0 or paired_words(n) == cardinal_words(int(n)) or \
            _is_count_noun(C.next_word(text, m.end())):
        return None
    return Token("identifier", parts=[("paired", n)])


CLASSIFIERS["flight_number"] = flight_number
# "UFC 315": a fight card's number, said in pairs as a flight's is ("UFC 300" stays a hundred)
CLASSIFIERS["event_number"] = flight_number


def block_number(m, text):
    """"the 2400 block of Jefferson Rd.": a block's number after "the"; "101 S. U.S. Hwy. 1": a
    house number before a compass initial and the street. Both said in pairs ("twenty-four
    hundred", "one oh one"), as a house number before a street's name is."""
    n = m.group("n") or m.group("h")
    prev = C.core(C.prev_word(text, m.start())).lower()
    if m.group("n") and prev != "the":
        return None
    # an address after "at", "on", "to" ("scored 120 N. Smith said" is a count and an initial)
    if m.group("h") and prev not in T.cue("street_prepositions") | {"to", "from"}:
        return None
    if paired_words(n) == cardinal_words(int(n)):
        return None
    return Token("identifier", parts=[("paired", n)])


CLASSIFIERS["block_number"] = block_number
def caps_number(m, text):
    """"the G20 summit", "COP29", "an H100 chip": the letters (eSpeak spells capitals beside a
    number anyway), then the number as a word ("G twenty", not eSpeak's "G twenty" run into
    one name). eSpeak says a one-digit number alike either way ("G7"): left as written."""
    if m.group("l") in T.cue("caps_number_kept"):
        return None
    return _word(f"{m.group('l')} {cardinal_words(int(m.group('n')))}{m.group('poss') or ''}")


CLASSIFIERS["caps_number"] = caps_number
def max_model(m, text):
    """"the MAX 9", "grounded the MAX": Boeing's model name, said "Max" (eSpeak spells the
    capitals); before a variant's number, or after "the"/"its" in a sentence about planes.
    In a headline in capitals it is left."""
    if _caps_word(C.prev_word(text, m.start())) or _caps_word(C.next_word(text, m.end())):
        return None
    nxt, prev = C.next_word(text, m.end()), C.core(C.prev_word(text, m.start())).lower()
    if re.fullmatch(r"\d{1,2}[,.;:]?", nxt) or (
            prev in {"the", "its", "their"} and C.sentence_has(text, m.start(), m.end(), "max_sentence", fold=True)):
        return _word("Max" + (m.group("poss") or ""))
    return None


CLASSIFIERS["max_model"] = max_model
_COUNT_SCALE = {"M": "million", "B": "billion", "T": "trillion"}


def count_scale(m, text):
    """"2.7M fans", "15T tokens", "2.4B users": a scale letter on a count, said as the word; the
    digits are kept, as a count's are ("3M reported" is the company, "Apt. 4B" a flat, "7T
    MRI" a magnet: no count noun after them). A decimal before "M" is a million anyway, as in
    "unit" ("1.7M patient contacts")."""
    decimal_million = m.group("s") == "M" and "." in m.group("n")
    if not (decimal_million or _is_count_noun(C.next_word(text, m.end()))):
        return None
    if C.core(C.prev_word(text, m.start())).lower().rstrip(".") in T.cue("unit_labels"):
        return None  # "Apt. 4B residents", "Gate 2B passengers": a place's label
    return _word(f"{m.group('n')} {_COUNT_SCALE[m.group('s')]}")


CLASSIFIERS["count_scale"] = count_scale
def _cricket_sentence(text: str, start: int, end: int) -> bool:
    """A sentence about cricket: one of its words, or a side "all out"."""
    return C.sentence_has(text, start, end, "cricket_words") or \
        re.search(r"\ball out\b", C.sentence_of(text, start, end)) is not None


def bowling_slash(m, text):
    """"took 5/30", "figures of 4/21": wickets for runs written with a slash, "five for thirty",
    after "figures of", or after "took" or "claimed" in a sentence about cricket (no date or
    part of a whole: ten runs at least, and no "of" after it)."""
    a, b = m.group("a"), m.group("b")
    if int(b) < 10 or text.startswith(" of ", m.end()):
        return None
    before = [w.lower() for w in C.prev_words(text, m.start(), 2)]
    if not (before[-2:] == ["figures", "of"] or (
            before and before[-1] in T.cue("bowling_before") and _cricket_sentence(text, m.start(), m.end()))):
        return None
    return _word(f"{cardinal_words(int(a))} for {cardinal_words(int(b))}")


CLASSIFIERS["bowling_slash"] = bowling_slash
def era_year(m, text):
    """"9500 BC", "1066 AD": four digits before an era are a year, said in pairs ("ninety-five
    hundred"), never a count of thousands; a round thousand ("3000 BC") eSpeak says right."""
    y = int(m.group("y"))
    return None if y % 1000 == 0 else _word(year_words(y))


CLASSIFIERS["era_year"] = era_year
def currency_unit(m, text):
    """"800 pesos per US$", "priced at 1.35 C$": a prefixed dollar sign with no amount after it,
    the currency's name ("U.S. dollar", "Canadian dollars"), after "per" or an amount."""
    name = T.CURRENCY_PREFIX.get(m.group("pre"))
    if name is None:
        return None
    prev = C.core(C.prev_word(text, m.start())).lower()
    if prev in {"per", "a", "each"}:
        return _word(f"{name} dollar")
    if re.fullmatch(r"[\d.,]+|thousand|million|billion|trillion", prev):
        return _word(f"{name} {'dollar' if prev == '1' else 'dollars'}")
    return None


CLASSIFIERS["currency_unit"] = currency_unit
def plate(m, text):
    """"license plate JKL 4821", "a tag reading 7ABC123": a vehicle's plate after the word that
    names it, each letter and digit said alone ("J.K.L four eight two one"); it needs both
    letters and digits ("registration 2024" is a year), in a sentence about a vehicle ("the tag
    COP29" on a post is a hashtag's)."""
    if not C.sentence_has(text, m.start(), m.end(), "plate_sentence", fold=True):
        return None
    runs = re.findall(r"[A-Z]+|\d+", m.group("p"))
    if not any(r.isdigit() for r in runs) or all(r.isdigit() for r in runs):
        return None
    parts = []
    for i, r in enumerate(runs):
        if r.isdigit():
            parts.append(("digits", r))
        elif r == "A":  # a lone "A" joined to what follows, so it is not the article
            if i == len(runs) - 1:
                return None
            parts.append(("letter", r))
        else:
            parts.append(("letters", r))
    return Token("identifier", parts=parts)


CLASSIFIERS["plate"] = plate
def _names_tax_form(text: str, start: int, end: int, plural: bool) -> bool:
    """"Form 1040", "1099 forms": the word says so; "a 1099 from each client", "filed their
    1099s": an article or a plural with a tax word in the sentence ("the 990 employees" stays)."""
    prev = C.core(C.prev_word(text, start))
    nxt = C.bare(C.next_word(text, end)).lower()
    if prev in ("Form", "form", "Forms", "forms") or nxt in ("form", "forms"):
        return True
    if not C.sentence_has(text, start, end, "tax_words", fold=True):
        return False
    if plural:
        return True
    return prev.lower() in ("a", "the", "your", "their", "his", "her", "its", "each") and \
        not nxt.endswith("s") and not _is_count_noun(nxt)


def tax_form(m, text):
    """"Form 1099-K": an IRS form's number in pairs, then its letters ("ten ninety-nine K")."""
    if not _names_tax_form(text, m.start(), m.end(), bool(m.group("pl"))):
        return None
    parts = [("paired", m.group("n"))]
    if m.group("s"):
        parts.append(("letters", m.group("s")))
    return Token("identifier", parts=parts, plural=bool(m.group("pl")))


CLASSIFIERS["tax_form"] = tax_form
def airline_code(m, text):
    """"Air India AI171", "flight BA 287": only with the airline's name or "flight" in the
    sentence ("AA 100" alone may be anything), said as flight_code says it."""
    sentence = C.sentence_of(text, m.start(), m.end())
    if T.AIRLINES[m.group("l")] not in sentence and \
            re.search(r"\b[Ff]lights?\b", sentence) is None:
        return None
    return flight_code(m, text)


CLASSIFIERS["airline_code"] = airline_code


def degrees_minutes(m, text):
    """"12°35'N", "51°30'26\"N": a coordinate said in degrees, minutes (and seconds) and its
    hemisphere ("twelve degrees thirty-five minutes north")."""
    def unit(n: str, name: str) -> str:
        return f"{number_words(n)} {name}{'' if n in ('1', '01') else 's'}"
    words = [unit(m.group("d"), "degree"), unit(str(int(m.group("m"))), "minute")]
    if m.group("s"):
        words.append(unit(m.group("s").lstrip("0") or "0", "second"))
    if m.group("h"):
        words.append(T.COMPASS[m.group("h")])
    return _word(" ".join(words))


CLASSIFIERS["degrees_minutes"] = degrees_minutes


def letter_a(m, text):
    """"of A.I. tools", "shares of A-list firms", "of A4 paper": a lone A after a word eSpeak
    reads with the article ("of a dot I") is written "eh" ("of eh-I.", "of eh 4")."""
    if C.prev_word(text, m.start()) not in T.cue("article_a_words"):
        return None
    return _word("eh " if text[m.end():m.end() + 1].isdigit() else "eh-")


CLASSIFIERS["letter_a"] = letter_a


# Day-first Englishes (en-GB, en-AU, ...): only numeric dates differ. Made last, after every
# classifier above is registered (one made earlier missed the kinds registered after it).
CLASSIFIERS_DAY_FIRST = {**CLASSIFIERS, "numeric_date": numeric_date_day_first}
