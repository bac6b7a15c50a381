"""The listener's own pronunciations, applied to written text before it is normalized and spoken.

An entry maps a written form ("Nguyen") to what eSpeak is to say: a respelling ("win") or eSpeak
phonemes in ``[[...]]`` (the engine synthesizes with eSpeak's phoneme-input flag). It matches a
whole word or phrase (or anywhere, inside words too), with or without case, in one language or
in all. Matches are found in the written text, so "COVID-19" matches before normalization would
have made "nineteen" of it; the text between matches is normalized as usual, and the result keeps
a span map back onto the written text (the transcript's cues stay on the article's own words).

Only a section whose text an entry matches is spoken differently, so only its cache key (a hash
of the spoken text) changes. Literal ``[[`` in article text is defused, so only entries speak
phonemes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from service.speech.normalize import Span, normalize_with_map


@dataclass(frozen=True)
class Entry:
    written: str
    say: str
    whole_word: bool = True
    case_sensitive: bool = False
    language: str = ""  # a primary language subtag ("en"); "" for every language

    def applies_to(self, language: str | None) -> bool:
        return not self.language or self.language == primary(language)


def primary(language: str | None) -> str:
    """'en-GB' -> 'en'."""
    return (language or "en").replace("_", "-").split("-")[0].lower()


def _body(entry: Entry) -> str:
    return r"\s+".join(re.escape(word) for word in entry.written.split())


def _pattern(entry: Entry) -> str:
    body = _body(entry)
    if entry.whole_word:
        body = rf"(?<!\w){body}(?!\w)"
    return body if entry.case_sensitive else f"(?i:{body})"


def _run_pattern(run: list[Entry]) -> str:
    """Consecutive entries of the same kind (whole word or not, case or not) as one group, its
    word boundaries and case flag written once, and no capturing group per entry: the regex
    engine's cost grows with the groups at every position it tries (measured: 200 entries, one
    group each, made the search of a piece 9 times its normalizing, 1,000 entries 185 times)."""
    body = "|".join(_body(e) for e in run)
    if run[0].whole_word:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return body if run[0].case_sensitive else f"(?i:{body})"


@lru_cache(maxsize=16)
def _matcher(entries: tuple[Entry, ...], language: str) -> tuple[tuple[Entry, ...], re.Pattern | None]:
    """The entries for `language` (a primary subtag), the longest written form first, and one
    pattern for them all, tried in that order (a phrase wins over a word inside it). Cached:
    every piece of every article spoken with one dictionary asks for the same one."""
    usable = tuple(sorted((e for e in entries if e.applies_to(language)), key=lambda e: (-len(e.written), e.written)))
    if not usable:
        return usable, None
    runs = [list(run) for _, run in groupby(usable, key=lambda e: (e.whole_word, e.case_sensitive))]
    return usable, re.compile("|".join(_run_pattern(run) for run in runs))


@lru_cache(maxsize=4096)
def _entry_matcher(entry: Entry) -> re.Pattern:
    return re.compile(_pattern(entry))


def _which(usable: tuple[Entry, ...], text: str, match: re.Match) -> Entry:
    """The entry a match of the whole dictionary's pattern is: the first in its order that
    matches there on its own, as the pattern's alternatives are tried (matches are rare)."""
    return next(e for e in usable if _entry_matcher(e).match(text, match.start()))


def touches(texts: list[str], language: str | None, entries: list[Entry]) -> bool:
    """Whether one of `entries` matches in one of `texts`: a regular-expression search, far
    cheaper than normalizing and planning the text to find out."""
    _, matcher = _matcher(tuple(entries), primary(language))
    return matcher is not None and any(matcher.search(text) for text in texts)


def _defused(text: str) -> str:
    """Article text never reaches eSpeak as phonemes: '[[' loses its meaning (same length, so
    positions stay)."""
    return text.replace("[[", "[(")


def said_with_map(written: str, language: str | None, entries: list[Entry]) -> tuple[str, list[Span], list[Entry]]:
    """The text eSpeak is given (normalized, with the entries' pronunciations), its spans over the
    written text as normalize_with_map gives them, and the entries that matched."""
    usable, matcher = _matcher(tuple(entries), primary(language))
    matches = list(matcher.finditer(written)) if matcher else []
    text, spans = normalize_with_map(written, language or "en")
    if not matches:
        return _defused(text), spans, []
    said = [(m.start(), m.end(), _which(usable, written, m)) for m in matches]
    if any(o0 < b and a < o1 for a, b, _ in said for o0, o1, _, _ in spans):
        text, spans = _pieced(written, language or "en", said)
    else:
        text, spans = _in_place(text, spans, said)
    return text, spans, list(dict.fromkeys(entry for _, _, entry in said))


def _in_place(text: str, spans: list[Span], said: list[tuple[int, int, Entry]]) -> tuple[str, list[Span]]:
    """Entries put into the normalized text where no normalization touched their written form:
    the text around them was normalized whole, so "Mr. Nguyen" still reads "Mister"."""
    out, merged = [], []
    at, delta, grown = 0, 0, 0  # next char of `text` to copy; spoken - written outside spans; added by entries
    for item in sorted([("span", sp) for sp in spans] + [("say", m) for m in said], key=lambda i: i[1][0]):
        if item[0] == "span":
            o0, o1, s0, s1 = item[1]
            merged.append((o0, o1, s0 + grown, s1 + grown))
            delta += (s1 - s0) - (o1 - o0)
            continue
        a, b, entry = item[1]
        out.append(_defused(text[at:a + delta]))
        merged.append((a, b, a + delta + grown, a + delta + grown + len(entry.say)))
        out.append(entry.say)
        at = b + delta
        grown += len(entry.say) - (b - a)
    out.append(_defused(text[at:]))
    return "".join(out), merged


def _pieced(written: str, language: str, said: list[tuple[int, int, Entry]]) -> tuple[str, list[Span]]:
    """Entries whose written form normalization would rewrite ("COVID-19"): the text between
    them is normalized piece by piece, the entries' forms never reach the normalizer."""
    out: list[str] = []
    spans: list[Span] = []
    length, pos = 0, 0
    for a, b, entry in said + [(len(written), len(written), None)]:
        if a > pos:
            text, inner = normalize_with_map(written[pos:a], language)
            spans += [(o0 + pos, o1 + pos, s0 + length, s1 + length) for o0, o1, s0, s1 in inner]
            out.append(_defused(text))
            length += len(text)
        if entry is None:
            break
        spans.append((a, b, length, length + len(entry.say)))
        out.append(entry.say)
        length += len(entry.say)
        pos = b
    return "".join(out), spans
