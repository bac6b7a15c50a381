"""Synthesis time per word at fast rates, as ratios to the normal rate in the same run.

    python bench/speed.py [--words 600] [--repeat 3] [--json]

Speaks the same news text (the shared UPI fixture's paragraphs, to about --words words) through
the synthesis pool (one worker, started and warmed before timing) at 175, 450, 600, 800 and
900 words a minute: above 450 eSpeak NG speaks at 175 and speeds the sound up with Sonic, so
the cost per word is not the normal path's. Reports, best of --repeat runs: milliseconds of
synthesis per word, that time as a ratio to 175's, the audio's length as a ratio to 175's
(what the listener gains) and the real-time factor (seconds of audio per second of work).
Sonic's pass costs time on top of speaking at 175: expect ratios a little above 1 from 450 on.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.speech import article_paragraphs  # noqa: E402  (after the path is set)

RATES = (175, 450, 600, 800, 900)
NORMAL = RATES[0]


def measure(pool, paragraphs: list[str], rate: int, repeat: int) -> dict:
    best, audio_s = float("inf"), 0.0
    for _ in range(repeat):
        began = time.perf_counter()
        spoken = pool.synthesize_many(paragraphs, voice="en-us", rate=rate)
        best = min(best, time.perf_counter() - began)
        audio_s = sum(s.duration_s for s in spoken)
    words = sum(len(p.split()) for p in paragraphs)
    return {"rate": rate, "words": words, "seconds": round(best, 4), "ms_per_word": round(best * 1000 / words, 3),
            "audio_s": round(audio_s, 2), "realtime_factor": round(audio_s / best, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from service.speech.engine import SynthesisPool

    paragraphs = article_paragraphs(args.words)
    with SynthesisPool(size=1, timeout_s=600) as pool:
        pool.prestart(wait=True)
        pool.synthesize_many(paragraphs[:1], voice="en-us", rate=NORMAL)  # warm: voice data read
        rows = [measure(pool, paragraphs, rate, args.repeat) for rate in RATES]
    base = rows[0]
    for row in rows:
        row["time_ratio"] = round(row["ms_per_word"] / base["ms_per_word"], 3)
        row["audio_ratio"] = round(row["audio_s"] / base["audio_s"], 3)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{base['words']} words, best of {args.repeat}; ratios to {NORMAL} wpm in this run")
    print(f"{'wpm':>5} {'ms/word':>8} {'time x':>7} {'audio x':>8} {'realtime':>9}")
    for row in rows:
        print(f"{row['rate']:>5} {row['ms_per_word']:>8.3f} {row['time_ratio']:>7.3f} "
              f"{row['audio_ratio']:>8.3f} {row['realtime_factor']:>8.1f}x")


if __name__ == "__main__":
    main()
