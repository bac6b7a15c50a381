"""How much of tests/data/normalize_cases.tsv is heard right, per news section: the
normalizer against bare eSpeak NG on the same phrases.

A phrase is heard right when eSpeak NG's phonemes for what we hand it equal its phonemes for
the expected spoken text (the same judge as tests/test_normalize.py). "Bare" hands eSpeak the
phrase as written. Rows marked held (and held2 ... held17, each set written blind before its
round's code) are reported apart, set by set. The table's header says which were tuned on
after their first figure: of the last five, only held12 was not.

eSpeak's phonemes for "87" and "eighty-seven" differ in stress and in a word break only, and
"40" and "forty" in one vowel: a second column ("same sounds") compares the phonemes with
stress, pause and word-break marks taken out, so that a number left as digits, which eSpeak
reads as the same words, is not counted as heard wrong. The strict column is the figure.

    PYTHONPATH=. python3 bench/normalize_cases.py            # the rows tuned on
    PYTHONPATH=. python3 bench/normalize_cases.py --held     # the held-back rows too
    PYTHONPATH=. python3 bench/normalize_cases.py --failures # list what is heard wrong
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.speech.normalize import normalize  # noqa: E402
from service.speech.phonemes import text_to_phonemes  # noqa: E402

CASES = ROOT / "tests" / "data" / "normalize_cases.tsv"


def load() -> list[dict]:
    rows = []
    with CASES.open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0].startswith("#"):
                continue
            row += [""] * (5 - len(row))
            rows.append({"written": row[0], "spoken": row[1], "flag": row[2],
                         "category": row[3] or "uncategorized", "held": row[4]})
    return rows


def sounds(phonemes: str) -> str:
    """The phonemes without stress, pause and word-break marks (and the digits' "o@" for
    "forty", which eSpeak spells "O@" in the word)."""
    return re.sub(r"[\s'_,!:;#-]", "", phonemes).replace("o@", "O@")


def judge(rows: list[dict]) -> None:
    for r in rows:
        expected = text_to_phonemes(r["spoken"])
        said = text_to_phonemes(normalize(r["written"]))
        r["ours"] = said == expected
        r["sounds"] = sounds(said) == sounds(expected)
        r["bare"] = text_to_phonemes(r["written"]) == expected


def table(rows: list[dict], title: str) -> str:
    by: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by[r["category"]].append(r)
    lines = [f"{title}", "| section | phrases | normalizer | same sounds | bare eSpeak NG |",
             "|---|---:|---:|---:|---:|"]
    for cat in sorted(by) + ["all"]:
        group = rows if cat == "all" else by[cat]
        ours = sum(r["ours"] for r in group)
        same = sum(r["sounds"] for r in group)
        bare = sum(r["bare"] for r in group)
        n = len(group)
        lines.append(f"| {cat} | {n} | {ours} ({100 * ours / n:.1f}%) | {same} ({100 * same / n:.1f}%)"
                     f" | {bare} ({100 * bare / n:.1f}%) |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--held", action="store_true", help="also judge the held-back rows")
    ap.add_argument("--failures", action="store_true", help="list the phrases heard wrong")
    args = ap.parse_args()
    rows = load()
    tuned = [r for r in rows if not r["held"]]
    held = [r for r in rows if r["held"]]
    judge(tuned)
    print(table(tuned, f"Rows tuned on ({len(tuned)})"))
    if args.held:
        judge(held)
        for mark in sorted({r["held"] for r in held}):
            group = [r for r in held if r["held"] == mark]
            print()
            print(table(group, f"Held-back rows '{mark}' ({len(group)}), kept back (see the table's header)"))
    if args.failures:
        for r in tuned + (held if args.held else []):
            if not r["ours"]:
                print(f"\n[{r['category']} {r['held']}] {r['written']}\n"
                      f"  got:      {normalize(r['written'])}\n  expected: {r['spoken']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
