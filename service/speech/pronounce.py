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

from service.speech.normalize import Span, normalize_with_map

PHONEMES = re.compile(r"^\[\[[^\[\]]+\]\]$")  # the whole of `say` is eSpeak phonemes


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


def _pattern(entry: Entry) -> str:
    body = r"\s+".join(re.escape(word) for word in entry.written.split())
    if entry.whole_word:
        body = rf"(?<!\w){body}(?!\w)"
    return body if entry.case_sensitive else f"(?i:{body})"


def _matcher(entries: list[Entry]) -> re.Pattern | None:
    """One pattern for all entries, the longest written form first (so a phrase wins over a word
    inside it); group n+1 is entries[n]."""
    if not entries:
        return None
    return re.compile("|".join(f"({_pattern(e)})" for e in entries))


def _defused(text: str) -> str:
    """Article text never reaches eSpeak as phonemes: '[[' loses its meaning (same length, so
    positions stay)."""
    return text.replace("[[", "[(")


def said_with_map(written: str, language: str | None, entries: list[Entry]) -> tuple[str, list[Span], list[Entry]]:
    """The text eSpeak is given (normalized, with the entries' pronunciations), its spans over the
    written text as normalize_with_map gives them, and the entries that matched."""
    usable = sorted((e for e in entries if e.applies_to(language)), key=lambda e: (-len(e.written), e.written))
    matcher = _matcher(usable)
    matches = list(matcher.finditer(written)) if matcher else []
    if not matches:
        text, spans = normalize_with_map(written, language or "en")
        return _defused(text), spans, []
    out: list[str] = []
    spans: list[Span] = []
    matched: list[Entry] = []
    length, pos = 0, 0
    for m in matches + [None]:
        end = m.start() if m else len(written)
        if end > pos:  # the written text before this match, normalized on its own
            text, inner = normalize_with_map(written[pos:end], language or "en")
            spans += [(o0 + pos, o1 + pos, s0 + length, s1 + length) for o0, o1, s0, s1 in inner]
            out.append(_defused(text))
            length += len(text)
        if m is None:
            break
        entry = usable[m.lastindex - 1]
        say = entry.say
        spans.append((m.start(), m.end(), length, length + len(say)))
        out.append(say)
        length += len(say)
        pos = m.end()
        if entry not in matched:
            matched.append(entry)
    return "".join(out), spans, matched
