"""Turn written news into what should be said, before eSpeak NG reads it.

    normalize(text, language="en") -> str
    normalize_with_map(text, language="en") -> (spoken, spans)
    original_span(spans, spoken_start, spoken_end) -> (orig_start, orig_end)

The shape of Google's Kestrel/Sparrowhawk and NVIDIA NeMo text normalization, in three steps:

1. tokenize.py finds each non-word token (a number, a sign, an abbreviation, ...) in one
   left-to-right scan;
2. classify.py decides what it is here from its context: a date, money as a noun or an
   adjective ("a $10 bill"), a score ("won 1-0"), a record ("went 10-2"), a range, a
   measure, a phone number, an identifier ("737 MAX", "NO2", "AAPL"), an abbreviation and
   what it stands for here ("St." Saint, Street or State). When the context cannot decide it
   returns nothing and the token is left as written (eSpeak then says the letters or the
   written word): a safe reading, never a guessed wrong meaning ("his first Mass." stays);
3. verbalize.py says each class.

The rules are data: data/*.tsv holds the abbreviations with the contexts that decide them,
states, units, currencies, months, time zones, formulas, idioms and the cue word lists.

Text between tokens is copied unchanged, so the output is built in linear time and every
change is recorded as a span ``(orig_start, orig_end, spoken_start, spoken_end)``; outside
the spans the spoken text is the original text, shifted. Word timings from eSpeak (offsets
in the spoken text) map back onto the article with ``original_span``.

Numbers eSpeak already reads well (plain cardinals, "3 p.m.", "21st", "50%") are left as
digits; numbers a rule touches are written out in words (US style: no "and"). Sentence
ends are kept: a title's period ("Sen.") is dropped, since a name follows; any other
abbreviation keeps its period when it also ends a sentence ("Acme Inc. The...").

Decisions (tests/test_normalize.py and tests/data/normalize_cases.tsv pin them down):
- Years: a 4-digit number 1100-2099 is a year unless a cue before it ("No.", "Flight",
  "Room") or a count noun after it ("1958 people") makes it a number.
- Numeric dates are US order (month/day/year); day/month for day-first Englishes (en-GB,
  en-AU, ...) or when the first part exceeds 12. Two-digit years: 00-30 -> 20xx, else 19xx.
- "A-B": a record ("ten and two") after "went", "improved to" or before "record"; a score
  ("won 1-0": "one nil" with soccer words in the sentence, else "one to nothing") after
  "won", "beat", "leads the series"; tennis sets "6-4, 6-2" as "six four, six two";
  otherwise a range ("ten to fifteen"). Phone numbers digit by digit in groups.
- Only English is normalized: the article's language decides, and for any other language
  the text is returned unchanged (no English rule can fire on it).

eSpeak is never loaded here (service.speech.phonemes is the helper that does).
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Optional

from service.speech.normalize.classify import CLASSIFIERS, CLASSIFIERS_DAY_FIRST
from service.speech.normalize.numbers import cardinal_words, number_words, ordinal_words, year_words
from service.speech.normalize.tokenize import candidates, tokens_at
from service.speech.normalize.context import prev_word
from service.speech.normalize.verbalize import letter_a, verbalize

Span = tuple[int, int, int, int]

__all__ = ["normalize", "normalize_with_map", "original_span", "SpanMap", "year_words",
           "cardinal_words", "ordinal_words", "number_words"]

_DAY_FIRST = ("en-gb", "en-au", "en-nz", "en-ie", "en-za", "en-in", "en-uk", "en-sc")


def _language(language: Optional[str]) -> str:
    return str(language or "en").lower().replace("_", "-")


def _is_english(lang: str) -> bool:
    return lang == "en" or lang.startswith("en-")


def _spoken_at(text: str, start: int, classifiers) -> Optional[tuple[int, str]]:
    """The first token at ``start`` its context accepts, as (end, spoken)."""
    for kind, match in tokens_at(text, start):
        try:
            token = classifiers[kind](match, text)
            spoken = None if token is None else letter_a(verbalize(token), prev_word(text, start))
        except Exception:  # a rule must never break reading: leave the text as written
            spoken = None
        if spoken is not None:
            return match.end(), spoken
    return None


def normalize_with_map(text: str, language: str = "en") -> tuple[str, list[Span]]:
    """Spoken text for ``text`` and the spans it replaced, as
    ``(orig_start, orig_end, spoken_start, spoken_end)``, in order and non-overlapping.
    Outside the spans the spoken text equals the original. Never raises on a str."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    lang = _language(language)
    if not text or not _is_english(lang):
        return text, []
    classifiers = CLASSIFIERS_DAY_FIRST if lang.startswith(_DAY_FIRST) else CLASSIFIERS
    out: list[str] = []
    spans: list[Span] = []
    pos = 0  # next original char not yet copied
    spoken_len = 0
    resume = 0  # candidates before this lie inside a token already read
    for start in candidates(text):
        if start < resume:
            continue
        found = _spoken_at(text, start, classifiers)
        if found is None:
            continue
        end, spoken = found
        resume = end
        if spoken == text[start:end]:
            continue
        if start > pos:
            chunk = text[pos:start]
            out.append(chunk)
            spoken_len += len(chunk)
        out.append(spoken)
        spans.append((start, end, spoken_len, spoken_len + len(spoken)))
        spoken_len += len(spoken)
        pos = end
    if pos < len(text):
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
