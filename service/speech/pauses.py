"""How long the pauses we add between pieces last at a given speaking rate.

A pause written for the normal rate (175 words a minute) would, at 700, last as long as four
words said: a fast listener waits. Above the normal rate a pause shrinks with the rate, down to
a floor (a third of its normal length) so that a heading and the start of a section stay heard
as breaks. At or below the normal rate it keeps its length.

eSpeak's own pause between sentences shrinks faster than the rate (measured, silence under
-40 dB: 310 ms at 175, 100 at 300, 50 at 450, 20 at 700): sentences run together. From 300 words
a minute each sentence is spoken on its own and followed by the sentence pause, scaled like the
others (300 ms at 175, so 175 ms at 300, its floor of 100 ms from 525).
"""
from __future__ import annotations

NORMAL_RATE = 175  # words a minute the pause lengths are written for
FLOOR_SHARE = 3  # a pause never falls below 1/3 of its normal length
SENTENCE_PAUSE_MS = 300  # eSpeak's own pause between sentences at the normal rate (310 ms)
SENTENCES_APART_FROM = 300  # the rate from which eSpeak's own sentence pause is too short


def scaled_pause_ms(pause_ms: int, rate: int) -> int:
    """`pause_ms` (written for the normal rate) at `rate` words a minute."""
    if rate <= NORMAL_RATE:
        return pause_ms
    return max(round(pause_ms * NORMAL_RATE / rate), round(pause_ms / FLOOR_SHARE))


def sentence_pause_ms(rate: int) -> int | None:
    """The pause to put after each sentence at `rate`, or None: eSpeak's own is long enough."""
    if rate < SENTENCES_APART_FROM:
        return None
    return scaled_pause_ms(SENTENCE_PAUSE_MS, rate)
