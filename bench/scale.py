"""Rendering throughput with 1, 2 and 4 queue workers beside today's in-process rendering, in
the same run, and queue latency (an article added -> each of its files rendered).

    python bench/scale.py [--articles 8] [--workers 1 2 4] [--rate 175] [--rounds 1] [--json]

Run by hand, not by pytest; installs nothing (needs Debian's redis-server and the project with
its test extras: it reuses tests/gunicorn_server.py, tests/redis_server.py and
tests/queue_workers.py). Everything listens on 127.0.0.1 and lives in one temporary folder.

Each setup starts from nothing (its own database, audio folder and redis-server):
- in-process: `newsreader serve --workers 2` without a queue (each web worker renders in its
  background thread with its own synthesis pool, as today);
- queue xN: the same gunicorn with NEWSREADER_QUEUE_URL and N `newsreader worker` processes.
The same --articles articles (the fixture article tests/fixtures/upi-syria-airstrike.txt, each
copy made distinct by a sentence of its own per paragraph, so nothing is shared in the cache) are
posted at once; the clock runs from the first post to the last file rendered (the audio
folder's .renders.log), so articles per minute = articles / that time. Latency of a file = its
render's end minus the moment its article's POST returned (the jobs were queued): p50 and p99
over every file (sections and whole articles). With --rounds > 1 every other round runs the
setups in reverse order, so a change in other work on the machine does not fall on one only.

This machine has 2 cores shared with other work: past 2 workers the figures show contention,
not the queue; read the ratios between setups of one run.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.gunicorn_server import gunicorn, wait_until  # noqa: E402
from tests.queue_workers import render_lines, workers  # noqa: E402
from tests.redis_server import redis_server  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "upi-syria-airstrike.txt"
IN_PROCESS = "in-process"


def article_texts(count: int) -> list[str]:
    """The fixture article `count` times, each paragraph of copy n opening with its own sentence."""
    paragraphs = [p for p in FIXTURE.read_text(encoding="utf-8").split("\n") if p.strip()]
    texts = []
    for n in range(1, count + 1):
        body = [paragraphs[1], paragraphs[2]] + [f"Copy {n} of the report. {p}" for p in paragraphs[3:]]
        texts.append("\n\n".join(body))
    return texts


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def run_setup(folder: Path, queue_workers: int, texts: list[str], rate: int, timeout_s: float) -> dict:
    """Post every text at once to a fresh service; wait until all audio is ready; the figures."""
    folder.mkdir(parents=True)
    with ExitStack() as stack:
        env = {"NEWSREADER_WRITE_LIMIT": "off"}
        if queue_workers:
            env["NEWSREADER_QUEUE_URL"] = stack.enter_context(redis_server(folder))
        base = stack.enter_context(gunicorn(folder, workers=2, **env))
        if queue_workers:
            stack.enter_context(workers(folder, env, base, queue_workers))

        def post(text: str) -> tuple[dict, float]:
            resp = requests.post(f"{base}/api/articles", json={"text": text, "rate": rate}, timeout=60)
            resp.raise_for_status()
            return resp.json(), time.time()

        began = time.time()
        with ThreadPoolExecutor(len(texts)) as pool:
            posted = list(pool.map(post, texts))

        def ready(article_id: str) -> bool:
            got = requests.get(f"{base}/api/articles/{article_id}", timeout=30).json()
            return {s["state"] for s in got["sections"]} | {got["audio_state"]} == {"ready"}

        for article, _ in posted:
            wait_until(lambda: ready(article["id"]), timeout_s, f"article {article['id']} rendered")

        queued_at = {}
        for article, at in posted:
            for url in [article["audio_url"], *(s["audio_url"] for s in article["sections"])]:
                queued_at[url.rsplit("/", 1)[1].split(".")[0]] = at
        lines = [line for line in render_lines(folder) if line["key"] in queued_at]
        assert len(lines) == len(queued_at), "a file rendered twice or not at all"
        elapsed = max(line["at"] for line in lines) - began
        latencies = [line["at"] - queued_at[line["key"]] for line in lines]
        return {"setup": f"queue x{queue_workers}" if queue_workers else IN_PROCESS,
                "articles": len(texts), "files": len(lines), "seconds": round(elapsed, 2),
                "articles_per_minute": round(len(texts) / elapsed * 60, 1),
                "latency_p50_s": round(statistics.median(latencies), 2),
                "latency_p99_s": round(percentile(latencies, 99), 2),
                "render_seconds_total": round(sum(line["seconds"] for line in lines), 2)}


def table(results: list[dict]) -> str:
    base = next((r["articles_per_minute"] for r in results if r["setup"] == IN_PROCESS), None)
    rows = ["| setup | articles/min | vs in-process | latency p50 s | latency p99 s | files | wall s |",
            "|---|---|---|---|---|---|---|"]
    for r in results:
        ratio = f"{r['articles_per_minute'] / base:.2f}x" if base else "-"
        rows.append(f"| {r['setup']} | {r['articles_per_minute']} | {ratio} | {r['latency_p50_s']} | "
                    f"{r['latency_p99_s']} | {r['files']} | {r['seconds']} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--rate", type=int, default=175, help="words per minute")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=600, help="seconds for one setup's audio")
    parser.add_argument("--json", action="store_true", help="print every round's figures as JSON")
    args = parser.parse_args()

    texts = article_texts(args.articles)
    setups = [0, *args.workers]
    rounds = []
    with tempfile.TemporaryDirectory(prefix="newsreader-scale-") as tmp:
        for n in range(args.rounds):
            order = setups if n % 2 == 0 else setups[::-1]
            results = [run_setup(Path(tmp) / f"round{n}-{k}", k, texts, args.rate, args.timeout) for k in order]
            rounds.append(sorted(results, key=lambda r: setups.index(int(r["setup"][7:]) if r["setup"] != IN_PROCESS else 0)))
            print(f"round {n + 1}\n{table(rounds[-1])}\n", flush=True)
    if args.json:
        print(json.dumps(rounds, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
