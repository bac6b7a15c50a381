"""Word-timed text: eSpeak's word events mapped back onto the article's own sentences, as WebVTT.

eSpeak reports, per word it speaks, (audio_ms, text_position, length) in the *spoken* text it was
given. That text differs from what the listener reads: normalization rewrote it ("Jan. 23" ->
"January twenty-third") and whitespace was collapsed. Sentences are cut in the spoken text (where
"Mt." has become "Mount", so its period no longer looks like a sentence end), events fall into
them by position, and each sentence's range is mapped back, whitespace first (`SpokenText`), then
through normalization's span map, for the cue's text: the article's own words. Numbers emit
several events and some short words none, so a cue starts at the FIRST event inside its sentence
(moved past the silent closure of a leading stop, "P", to where sound starts); a sentence no
event lands in (only symbols, say) joins its neighbour.

Times are on the timeline a listener hears: the piece's offset in the track's PCM (pauses between
pieces included) plus the MP3 coder's delay. LAME (lameenc writes no gapless tag) puts 576 samples
of encoder delay before the audio and decoders add 529 more; measured here with dr_mp3 (miniaudio)
and FFmpeg alike: a tone starting at 500 ms decodes starting at 525.1 ms (1105 samples at 44.1 kHz).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from service.articles.segment import split_sentences
from service.speech.normalize import SpanMap
from service.speech.pronounce import Entry, said_with_map

MP3_DELAY_S = (576 + 529) / 44100  # LAME encoder delay + MP3 decoder delay, in decoded audio
QUIET = 328  # -40 dBFS in 16-bit samples


@dataclass
class Cue:
    start_s: float
    end_s: float
    text: str


class SpokenText:
    """What eSpeak is given for a piece of written text, and the way back to the written text."""

    def __init__(self, written: str, language: str | None, entries: list[Entry] = ()):
        normalized, spans, self.matched = said_with_map(written, language, list(entries))
        self.written = written
        self._spans = SpanMap(spans)
        # " ".join(normalized.split()), remembering where each kept character came from.
        tokens = list(re.finditer(r"\S+", normalized))
        self.text = " ".join(m.group(0) for m in tokens)
        self._starts: list[int] = []  # token starts in self.text
        self._sources: list[int] = []  # the same tokens' starts in the normalized text
        pos = 0
        for m in tokens:
            self._starts.append(pos)
            self._sources.append(m.start())
            pos += len(m.group(0)) + 1

    def _to_normalized(self, p: int) -> int:
        i = bisect_right(self._starts, p) - 1
        return p if i < 0 else self._sources[i] + (p - self._starts[i])

    def to_written(self, start: int, end: int) -> tuple[int, int]:
        """A range of the spoken text -> the range of the written text it was made from."""
        return self._spans.to_original(self._to_normalized(start), self._to_normalized(end))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a text (the segmenter's conservative splitter)."""
    spans, pos = [], 0
    for sentence in split_sentences(text):
        start = text.find(sentence, pos)
        if start < 0:  # pragma: no cover - split_sentences returns stripped slices of text
            continue
        spans.append((start, start + len(sentence)))
        pos = start + len(sentence)
    return spans or [(0, len(text))]


def audible_ms(pcm: bytes, rate: int, ms: int) -> int:
    """Where sound really starts at or after a word event: a word starting with a stop ("P")
    begins with up to ~60 ms of closure silence, so move to the first sample above -40 dBFS
    when the event falls in silence (looking 150 ms ahead at most)."""
    samples = np.frombuffer(pcm, dtype="<i2")
    first = ms * rate // 1000
    window = np.abs(samples[first:first + rate * 150 // 1000].astype(np.int32))
    loud = np.flatnonzero(window > QUIET)
    if not len(loud) or loud[0] == 0:
        return ms
    return ms + int(loud[0] * 1000 // rate)


def piece_cues(spoken: SpokenText, words: list[tuple[int, int, int]], offset_s: float,
               end_s: float, pcm: bytes = b"", rate: int = 22050) -> list[Cue]:
    """One cue per sentence of a piece whose audio starts at `offset_s` (track timeline) and whose
    speech ends at `end_s`; `words` are eSpeak's events for `spoken.text`, `pcm` its audio.

    Sentences are found in the spoken text, where normalization has already told sentence ends
    from abbreviations ("Mt. Everest" is "Mount Everest"), and mapped back for the cue's text."""
    spans = sentence_spans(spoken.text)
    starts = [s for s, _ in spans]
    first_ms: list[int | None] = [None] * len(spans)
    for audio_ms, position, _ in words:
        i = max(0, bisect_right(starts, position) - 1)
        if first_ms[i] is None:
            first_ms[i] = audible_ms(pcm, rate, audio_ms) if pcm else audio_ms
    # Written boundaries: where each spoken sentence's start maps to.
    bounds = [0] + [spoken.to_written(s, s + 1)[0] for s in starts[1:]] + [len(spoken.written)]
    # Sentences nothing was heard for join the one before (the first joins the one after).
    groups: list[list] = []  # [first_ms, written_start, written_end]
    for i, ms in enumerate(first_ms):
        s, e = bounds[i], bounds[i + 1]
        if ms is None and groups:
            groups[-1][2] = e
        elif groups and groups[-1][0] is None:
            groups[-1][0], groups[-1][2] = ms, e
        else:
            groups.append([ms, s, e])
    if groups[0][0] is None:  # no events at all (e.g. punctuation only)
        groups[0][0] = 0
    cues = []
    for n, (ms, s, e) in enumerate(groups):
        start = offset_s + ms / 1000
        end = offset_s + groups[n + 1][0] / 1000 if n + 1 < len(groups) else end_s
        text = " ".join(spoken.written[s:e].split())
        cues.append(Cue(round(start, 3), round(max(end, start), 3), text))
    return cues


def _timestamp(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _cue_text(text: str) -> str:
    # WebVTT cue text: '&' and '<' start markup and '-->' ends a timing line; escape them.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_webvtt(cues: list[Cue]) -> str:
    """A WebVTT file: numbered cues, one per sentence, in time order."""
    lines = ["WEBVTT", ""]
    for n, cue in enumerate(cues, 1):
        lines += [str(n), f"{_timestamp(cue.start_s)} --> {_timestamp(cue.end_s)}", _cue_text(cue.text), ""]
    return "\n".join(lines)
