"""Coverage-guided fuzzing of the text stages -- extract (HTML, pasted text, raw bytes), segment
and normalize -- in one process, with atheris (libFuzzer over the project's own code).

    nice -n 10 python bench/fuzz.py [--inputs 100000] [--out DIR] [--max-len 8192]
                                    [--seeds 200] [--slow 2.0]

Why atheris rather than a longer hypothesis run: the property tests already generate inputs
from strategies; libFuzzer instead watches which branches of service/ each input reaches and
mutates the inputs that found new ones, so it walks into corners (a regex alternative, an
exception path in a metadata parser) no strategy was written for. It starts from a seed corpus
of real-looking input: the golden pages, the shared fixture, and inputs drawn from the property
tests' own strategies (tests/article_inputs.py), plus a dictionary of HTML, entity, noise-rule
and normalizer tokens to splice in.

One libFuzzer target: the first byte picks the stage, the rest is its input, decoded as UTF-8
with ``surrogateescape`` (bytes that are not UTF-8 become lone surrogates, which a JSON client
can send too). A failure is what the property tests call one (tests/article_checks.py):

* extract: any exception but ExtractionError, or an Article breaking what extract documents;
* segment: any exception, or sections breaking check_segmentation;
* normalize: any exception, or a span map that does not describe the rewrite.

Failures do not stop the run: each distinct one (stage, exception type, innermost frame in the
project) is kept with the smallest input that raised it, under OUT/failures/. The slowest input
of each stage is kept under OUT/slow/ when it took over --slow seconds (hostile input must not
stall a worker). OUT defaults to a new folder under the system temp directory (never inside the
repository); the script prints it. The report -- per stage: inputs executed, seconds spent in
the stage, inputs per second, slowest input, failures -- is printed at the end and written to
OUT/report.json, rewritten every 1,000 inputs so a killed run still leaves one.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# the str hook tells libFuzzer what a startswith()/endswith() compared against, so it learns
# the project's literals (atheris' RegEx hook is left off: its pattern proxy breaks the standard
# library's own pattern.match(line, pos) calls). Only the project's code is instrumented: its
# branches are what the fuzzer should chase.
atheris.enabled_hooks.add("str")
with atheris.instrument_imports(include=["service"]):
    from service.articles.blocks import HEADING, LIST, PARAGRAPH, QUOTE, Block
    from service.articles.extract import extract, looks_like_html
    from service.articles.segment import segment
    from service.models import ExtractionError
    from service.speech.normalize import normalize, normalize_with_map

from tests import article_inputs as gen  # noqa: E402  (after the instrumented imports)
from tests.article_checks import check_article, check_segmentation  # noqa: E402
from tests.test_normalize_props import TOKENS, _check_spans, news_text  # noqa: E402

STAGES = ["extract-html", "extract-text", "extract-bytes", "segment", "normalize"]


# ------------------------------------------------------------------------------ stages

def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _extract_checked(value) -> None:
    try:
        article = extract(value, url="https://news.example.com/fuzz")
    except ExtractionError:
        return
    check_article(article)


def run_extract_html(data: bytes) -> None:
    s = _text(data)
    _extract_checked(s if looks_like_html(s) else "<p>" + s)


def run_extract_text(data: bytes) -> None:
    # a full-width "<" keeps this stage on the plain-text reader whatever the mutation did
    _extract_checked(_text(data).replace("<", "\uff1c"))


def run_extract_bytes(data: bytes) -> None:
    _extract_checked(data)


def blocks_from(s: str) -> list[Block]:
    """Blank-line separated blocks: "# " a subheading (when it has a word in it, as after
    clean_blocks), "- " a list, "> " a quote, anything else a paragraph."""
    blocks = []
    for chunk in s.split("\n\n"):
        if chunk.startswith("# ") and re.search(r"\w", chunk[2:]):
            blocks.append(Block(HEADING, chunk[2:]))
        elif chunk.startswith("- "):
            blocks.append(Block(LIST, items=chunk[2:].split("\n- ")))
        elif chunk.startswith("> "):
            blocks.append(Block(QUOTE, chunk[2:]))
        else:
            blocks.append(Block(PARAGRAPH, chunk))
    return blocks


def render_blocks(blocks: list[Block]) -> str:
    """blocks_from's input for these blocks (the seed corpus for the segment stage)."""
    out = []
    for b in blocks:
        if b.kind == HEADING:
            out.append("# " + b.text)
        elif b.kind == LIST:
            out.append("- " + "\n- ".join(b.items))
        elif b.kind == QUOTE:
            out.append("> " + b.text)
        else:
            out.append(b.text)
    return "\n\n".join(out)


def run_segment(data: bytes) -> None:
    blocks = blocks_from(_text(data))
    check_segmentation(blocks, segment(blocks), sanitized=False)


def run_normalize(data: bytes) -> None:
    s = _text(data)
    spoken, spans = normalize_with_map(s)
    _check_spans(s, spoken, spans)
    assert normalize(s) == spoken


RUNNERS = {"extract-html": run_extract_html, "extract-text": run_extract_text,
           "extract-bytes": run_extract_bytes, "segment": run_segment,
           "normalize": run_normalize}


# ------------------------------------------------------------------------------ bookkeeping

def _short(filename: str) -> str:
    path = Path(filename)
    return str(path.relative_to(ROOT)) if ROOT in path.parents else filename


class Tally:
    """Per-stage counts and timings; distinct failures with their smallest input."""

    def __init__(self, out: Path, target: int, slow: float):
        self.out, self.target, self.slow = out, target, slow
        self.stats = {s: {"inputs": 0, "seconds": 0.0, "slowest_s": 0.0, "slowest_len": 0}
                      for s in STAGES}
        self.failures: dict[str, dict] = {}
        self.total = 0
        self.started = time.perf_counter()

    def record(self, stage: str, data: bytes, seconds: float, error: BaseException | None):
        st = self.stats[stage]
        st["inputs"] += 1
        st["seconds"] += seconds
        self.total += 1
        if seconds > st["slowest_s"]:
            st["slowest_s"], st["slowest_len"] = seconds, len(data)
            if seconds > self.slow:
                self._save(self.out / "slow" / f"{stage}.bin", data,
                           f"{stage}: {seconds:.2f} s for {len(data)} bytes\n")
        if error is not None:
            self._failure(stage, data, error)
        if self.total % 1000 == 0:
            self.write()
        if self.total % 10000 == 0:
            print(f"[fuzz] {self.total} inputs, {len(self.failures)} distinct failures, "
                  f"{time.perf_counter() - self.started:.0f} s", file=sys.stderr, flush=True)

    def _failure(self, stage: str, data: bytes, error: BaseException) -> None:
        frames = traceback.extract_tb(error.__traceback__)
        ours = [f for f in frames if f.filename.startswith(str(ROOT))] or frames
        where = f"{_short(ours[-1].filename)}:{ours[-1].lineno}" if ours else "?"
        key = f"{stage} {type(error).__name__} {where}"
        known = self.failures.get(key)
        if known is not None:
            known["count"] += 1
            if len(data) >= known["input_len"]:
                return
        name = f"{stage}-{type(error).__name__}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"
        detail = (f"{key}\n\ninput ({len(data)} bytes): {data!r}\n\n" +
                  "".join(traceback.format_exception(error)))
        self._save(self.out / "failures" / f"{name}.bin", data, detail)
        self.failures[key] = {"stage": stage, "error": f"{type(error).__name__}: {error}"[:300],
                              "where": where, "count": known["count"] if known else 1,
                              "input_len": len(data),
                              "file": str(self.out / "failures" / f"{name}.bin")}

    @staticmethod
    def _save(path: Path, data: bytes, detail: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.with_suffix(".txt").write_text(detail, encoding="utf-8", errors="backslashreplace")

    def report(self) -> dict:
        stages = {}
        for s, st in self.stats.items():
            stages[s] = dict(st, per_second=round(st["inputs"] / st["seconds"], 1)
                             if st["seconds"] else None,
                             failures=sum(1 for f in self.failures.values() if f["stage"] == s))
        return {"inputs": self.total, "wall_s": round(time.perf_counter() - self.started, 1),
                "out": str(self.out), "stages": stages, "failures": list(self.failures.values())}

    def write(self) -> None:
        (self.out / "report.json").write_text(json.dumps(self.report(), indent=2))

    def table(self) -> str:
        r = self.report()
        rows = [f"{'stage':<14} {'inputs':>8} {'seconds':>9} {'inputs/s':>9} {'slowest s':>10} "
                f"{'failures':>8}"]
        for s, st in r["stages"].items():
            rows.append(f"{s:<14} {st['inputs']:>8} {st['seconds']:>9.1f} "
                        f"{st['per_second'] or 0:>9.1f} {st['slowest_s']:>10.3f} "
                        f"{st['failures']:>8}")
        rows.append(f"{'total':<14} {r['inputs']:>8} {r['wall_s']:>9.1f} (wall, with the "
                    f"fuzzer's own time)")
        for f in r["failures"]:
            rows.append(f"  FAILURE {f['stage']}: {f['error']} at {f['where']} "
                        f"(x{f['count']}, smallest {f['input_len']} bytes: {f['file']})")
        return "\n".join(rows)


# ------------------------------------------------------------------------------ corpus

def _collect(strategy, n: int) -> list:
    """n values of a strategy, the same ones every run."""
    from hypothesis import HealthCheck, given, settings

    found: list = []

    @settings(max_examples=n, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def take(value):
        found.append(value)

    take()
    return found


def write_seeds(folder: Path, n: int) -> int:
    """The seed corpus: one file per input, its first byte the stage."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds: list[tuple[str, bytes]] = []
    for path in sorted((ROOT / "tests" / "golden").glob("*/source.*")) + sorted(
            (ROOT / "tests" / "fixtures").glob("*.*")):
        if path.suffix in (".html", ".txt"):
            data = path.read_bytes()
            stage = "extract-html" if path.suffix == ".html" else "extract-text"
            seeds += [(stage, data), ("extract-bytes", data)]

    def enc(s: str) -> bytes:
        return s.encode("utf-8", "surrogatepass")

    seeds += [("extract-html", enc(page)) for _, page in _collect(gen.simple_html(), n)]
    seeds += [("extract-html", enc(page)) for page in _collect(gen.hostile_html, n)]
    seeds += [("extract-text", enc(text)) for _, text in _collect(gen.simple_text(), n)]
    seeds += [("extract-text", enc(text)) for text in _collect(gen.hostile_text, n)]
    seeds += [("extract-bytes", data) for data in _collect(gen.hostile_bytes, n)]
    seeds += [("segment", enc(render_blocks(blocks)))
              for blocks, _ in _collect(gen.body_blocks(), n)]
    seeds += [("normalize", enc(text)) for text in _collect(news_text, n)]
    for i, (stage, data) in enumerate(seeds):
        (folder / f"seed-{i:05d}").write_bytes(bytes([STAGES.index(stage)]) + data)
    return len(seeds)


def write_dictionary(path: Path) -> None:
    """libFuzzer's -dict: tokens the mutator splices into inputs."""
    tokens = set(TOKENS) | set(gen.ENTITIES) | set(gen.MARKUP_BITS) | set(gen.ODD_CHARACTERS)
    tokens |= {f"<{t}>" for t in gen.TAGS} | {f"</{t}>" for t in gen.TAGS}
    tokens |= set(gen.ATTRIBUTES) | {"Advertisement", "Read more: ", "By ", "Photo by ",
                                     "RECOMMENDED ", "Comments", "Share", "\n\n", "# ", "- ",
                                     "> ", "Part 2", "Quote: ", "https://", "@", "(AP) --"}
    lines = []
    for t in sorted(tokens):
        raw = t.encode("utf-8", "surrogatepass")
        if raw:
            lines.append('"' + "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\'
                                       else f"\\x{b:02x}" for b in raw) + '"')
    path.write_text("\n".join(lines) + "\n")


# ------------------------------------------------------------------------------ main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=100_000, help="inputs to run in all")
    ap.add_argument("--out", type=Path, default=None, help="work folder (default: a new "
                    "temporary folder outside the repository)")
    ap.add_argument("--max-len", type=int, default=8192, help="longest input, in bytes")
    ap.add_argument("--seeds", type=int, default=200, help="generated seeds per strategy")
    ap.add_argument("--slow", type=float, default=2.0, help="keep an input slower than this")
    args = ap.parse_args()

    out = args.out or Path(tempfile.mkdtemp(prefix="newsreader-fuzz-"))
    out = out.resolve()
    if out == ROOT or ROOT in out.parents:
        sys.exit(f"--out {out} is inside the repository; pick a folder outside it")
    out.mkdir(parents=True, exist_ok=True)
    print(f"[fuzz] work folder: {out} (failures/, slow/, corpus/, report.json)", flush=True)
    logging.disable(logging.CRITICAL)  # trafilatura logs every page it cannot use

    seeds = write_seeds(out / "seeds", args.seeds)
    write_dictionary(out / "tokens.dict")
    (out / "corpus").mkdir(exist_ok=True)
    print(f"[fuzz] {seeds} seeds; running to {args.inputs} inputs", flush=True)

    tally = Tally(out, args.inputs, args.slow)

    def one_input(data: bytes) -> None:
        if not data:
            return
        stage = STAGES[data[0] % len(STAGES)]
        body = data[1:]
        error = None
        t0 = time.perf_counter()
        try:
            RUNNERS[stage](body)
        except Exception as e:  # every exception is a finding; the run goes on
            error = e
        tally.record(stage, body, time.perf_counter() - t0, error)
        if tally.total >= args.inputs:
            tally.write()
            print("\n" + tally.table(), flush=True)
            os._exit(1 if tally.failures else 0)

    atheris.Setup([sys.argv[0], str(out / "corpus"), str(out / "seeds"),
                   f"-max_len={args.max_len}", f"-dict={out / 'tokens.dict'}",
                   f"-runs={args.inputs * 2}", "-seed=1", "-timeout=120",
                   "-rss_limit_mb=4096", f"-artifact_prefix={out}/libfuzzer-"], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
