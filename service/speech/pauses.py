"""How long the pauses we add between pieces last at a given speaking rate.

A pause written for the normal rate (175 words a minute) would, at 700, last as long as four
words said: a fast listener waits. Above the normal rate a pause shrinks with the rate, down to
a floor (a third of its normal length) so that a heading and the start of a section stay heard
as breaks. At or below the normal rate it keeps its length. The pauses eSpeak makes itself
(between sentences, at commas) already follow the rate, Sonic included.
"""
from __future__ import annotations

NORMAL_RATE = 175  # words a minute the pause lengths are written for
FLOOR_SHARE = 3  # a pause never falls below 1/3 of its normal length


def scaled_pause_ms(pause_ms: int, rate: int) -> int:
    """`pause_ms` (written for the normal rate) at `rate` words a minute."""
    if rate <= NORMAL_RATE:
        return pause_ms
    return max(round(pause_ms * NORMAL_RATE / rate), round(pause_ms / FLOOR_SHARE))
