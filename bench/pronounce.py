"""What the pronunciation dictionary adds to preparing a piece of text for eSpeak, as a ratio to
normalizing the piece alone in the same run.

    python bench/pronounce.py [--entries 0 50 200 1000] [--words 600] [--repeat 5]

Every piece of every article (a paragraph, or a sentence at fast rates) is searched for the
dictionary's entries before it is normalized (service/speech/pronounce.py), so the search runs
as often as the normalizer. The pieces are the shared UPI fixture's paragraphs; the entries are
made-up names that never match, the common case (a dictionary's words are rare in any one
piece), of the default kind (whole word, any case). Reports, best of --repeat runs, microseconds per piece and the ratio to normalizing.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.speech import article_paragraphs  # noqa: E402  (after the path is set)
from service.speech.normalize import normalize_with_map  # noqa: E402
from service.speech.pronounce import Entry, said_with_map  # noqa: E402


def per_piece_us(work, pieces: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for piece in pieces:
            work(piece)
        best = min(best, time.perf_counter() - start)
    return best / len(pieces) * 1e6


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, nargs="+", default=[0, 50, 200, 1000])
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    pieces = article_paragraphs(args.words)
    normal = per_piece_us(lambda p: normalize_with_map(p, "en"), pieces, args.repeat)
    print(f"{len(pieces)} pieces; normalizing alone {normal:.0f} us a piece")
    for n in args.entries:
        entries = [Entry(f"Qzname{i}", f"say{i}") for i in range(n)]
        us = per_piece_us(lambda p: said_with_map(p, "en", entries), pieces, args.repeat)
        print(f"{n:>5} entries: {us:>8.0f} us a piece, {us / normal:5.2f} x normalizing alone")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
