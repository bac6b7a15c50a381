"""Throughput and latency under load: cached audio, the article page, the JSON API and the feed,
against real gunicorn with 4 workers, beside nginx serving the same MP3 from disk in the same run.

    python bench/load.py [--seconds 60] [--connections 32] [--rounds 2] [--no-accel] [--json]
                         [--env NEWSREADER_X=value ...]

Needs Debian's nginx and wrk (`apt-get install -y nginx wrk`) and the project with its test
extras (it reuses tests/gunicorn_server.py and tests/nginx_server.py); installs nothing itself.
Run by hand, not by pytest. Everything listens on 127.0.0.1 on free ports and lives in one
temporary folder:
- `newsreader serve --workers 4` (real gunicorn, its data and audio cache in the folder), the
  fixture article (tests/fixtures/upi-syria-airstrike.html) posted and each of its audio files
  fetched once, so all are rendered and cached;
- a private nginx (its own config: no daemon, 2 workers, sendfile on, no access log, pid and
  temp paths in the folder) whose /audio/ is that cache folder: the very same file, sent by
  nginx alone, the practical ceiling;
- unless --no-accel, a second `newsreader serve --workers 4` with NEWSREADER_ACCEL_REDIRECT
  (its own data; the same text renders to the same key and bytes) behind a second nginx, which
  proxies to it and sends the file the app's X-Accel-Redirect points at.
The aim: cached audio within 2x of nginx's requests/s, with zero errors.

wrk (fixed connections, keep-alive, 2 threads) runs each target for an equal share of
--seconds, the bound on all load (starting servers and rendering come first and are not
counted), split in --rounds runs with every other round in reverse order, so a change in other
work on the machine does not fall on one target only. A Lua done() callback prints wrk's totals
as JSON: requests/s, p50 and p99 latency (the worst round's), and errors = socket errors
(connect, read, write, timeout) plus responses over 399 (what wrk's summary calls "Non-2xx or
3xx responses"); each URL is checked to answer 200 (audio: the exact cached bytes) before and
after every run. There is no response() callback: with one, wrk copies each body into Lua, which
slows the load generator most on the largest bodies, audio, and would skew the very ratio
measured.

wrk shares the machine's cores with the servers (2 here), so absolute numbers are low and move
with other work; read the ratio between targets of the same run. The soft limit on open files
is raised to the hard one, for wrk and the servers (children inherit it).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.gunicorn_server import gunicorn, wait_until  # noqa: E402
from tests.nginx_server import ACCEL_PREFIX, accel_proxy, nginx, static_audio  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "upi-syria-airstrike.html"
AIM = 2.0  # nginx's requests/s over ours, at most
NGINX, AUDIO, ACCEL = "nginx: same MP3 from disk", "cached section MP3", "nginx > gunicorn X-Accel"

# wrk's done() runs once, in the main Lua state, with the totals over every thread.
WRK_LUA = r"""
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def raise_nofile() -> tuple[int, int]:
    """Soft open-files limit up to the hard one (children inherit it); returns (before, after)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return soft, resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def add_article(base: str) -> dict:
    """Post the fixture article, fetch each audio file once (rendered on request if not yet),
    and wait until the article reports all its audio ready (so the feed lists it)."""
    resp = requests.post(f"{base}/api/articles", timeout=60,
                         json={"html": FIXTURE.read_text(encoding="utf-8")})
    if resp.status_code not in (200, 201):
        raise SystemExit(f"load.py: posting the article answered {resp.status_code}: {resp.text[:300]}")
    article = resp.json()
    for url in [s["audio_url"] for s in article["sections"]] + [article["audio_url"]]:
        got = requests.get(url, timeout=300)
        if got.status_code != 200:
            raise SystemExit(f"load.py: {url} answered {got.status_code}")
    api = f"{base}/api/articles/{article['id']}"
    return wait_until(lambda: (a := requests.get(api, timeout=10).json())["audio_state"] == "ready" and a,
                      300, "the article's audio to be ready")


def check(url: str, expect: bytes | None = None) -> bytes:
    """One GET that must answer 200 (with exactly `expect`, if given); returns the body."""
    resp = requests.get(url, timeout=30)
    if resp.status_code != 200 or (expect is not None and resp.content != expect):
        raise SystemExit(f"load.py: {url} answered {resp.status_code} with {len(resp.content)} bytes")
    return resp.content


def wrk(url: str, seconds: int, connections: int, threads: int, script: Path) -> dict:
    argv = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
            "-s", str(script), url]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRK-JSON ")), None)
    if out.returncode != 0 or line is None:
        raise SystemExit(f"load.py: wrk failed ({out.returncode}): {out.stdout}{out.stderr}")
    raw = json.loads(line[len("WRK-JSON "):])
    errors = sum(raw[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {"requests": raw["requests"], "seconds": raw["duration_us"] / 1e6,
            "rps": raw["requests"] / (raw["duration_us"] / 1e6),
            "p50_ms": raw["p50_us"] / 1000, "p99_ms": raw["p99_us"] / 1000, "max_ms": raw["max_us"] / 1000,
            "errors": errors, "error_kinds": {k: raw[k] for k in ("connect", "read", "write", "status", "timeout") if raw[k]},
            "mb_per_s": raw["bytes"] / (raw["duration_us"] / 1e6) / 1e6}


def combine(runs: list[dict]) -> dict:
    """One target's rounds as one result: counts added, rates over the summed time, latency
    percentiles the worst round's (wrk gives no histogram to merge)."""
    seconds = sum(r["seconds"] for r in runs)
    kinds: dict = {}
    for r in runs:
        for kind, n in r["error_kinds"].items():
            kinds[kind] = kinds.get(kind, 0) + n
    return {"requests": sum(r["requests"] for r in runs), "seconds": seconds,
            "rps": sum(r["requests"] for r in runs) / seconds,
            "mb_per_s": sum(r["mb_per_s"] * r["seconds"] for r in runs) / seconds,
            "p50_ms": max(r["p50_ms"] for r in runs), "p99_ms": max(r["p99_ms"] for r in runs),
            "max_ms": max(r["max_ms"] for r in runs), "errors": sum(kinds.values()), "error_kinds": kinds,
            "rounds_rps": [round(r["rps"], 1) for r in runs]}


def prepare(folder: Path, workers: int, env: dict, stack: ExitStack) -> tuple[str, dict, bytes]:
    """A server on `folder` with the article added; its base URL, the article, the section MP3."""
    folder.mkdir(exist_ok=True)
    base = stack.enter_context(gunicorn(folder, workers=workers, **env))
    article = add_article(base)
    key = article["sections"][0]["audio_url"].rsplit("/", 1)[1][:-len(".mp3")]
    return base, article, (folder / "audio" / f"{key}.mp3").read_bytes()


def measure(args) -> dict:
    for tool in ("nginx", "wrk"):
        if shutil.which(tool) is None:
            raise SystemExit(f"load.py: `{tool}` not found: apt-get install -y nginx wrk")
    env = dict(item.split("=", 1) for item in args.env)
    report: dict = {"cpus": os.cpu_count(), "load_before": os.getloadavg(), "nofile_soft": raise_nofile(),
                    "connections": args.connections, "threads": args.threads, "workers": args.workers,
                    "rounds": args.rounds, "env": env}
    with tempfile.TemporaryDirectory(prefix="newsreader-load-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        os.chmod(folder, 0o755)  # nginx's workers must reach the cache inside
        script = folder / "report.lua"
        script.write_text(WRK_LUA)
        base, article, mp3 = prepare(folder / "plain", args.workers, env, stack)
        section_url = article["sections"][0]["audio_url"]
        key = section_url.rsplit("/", 1)[1][:-len(".mp3")]
        ngx = stack.enter_context(nginx(folder, *static_audio(folder / "plain" / "audio")))
        targets = [(NGINX, f"{ngx}/audio/{key}.mp3", mp3), (AUDIO, section_url, mp3),
                   ("article page", article["page_url"], None),
                   ("GET /api/articles/<id>", f"{base}/api/articles/{article['id']}", None),
                   ("GET /feed.xml", f"{base}/feed.xml", None)]
        if args.accel:  # its own server and data: the same text renders to the same key and bytes
            accel_base, _, accel_mp3 = prepare(folder / "accel", args.workers,
                                               dict(env, NEWSREADER_ACCEL_REDIRECT=ACCEL_PREFIX), stack)
            front = stack.enter_context(nginx(folder, *accel_proxy(folder / "accel" / "audio",
                                                                   accel_base.removeprefix("http://"))))
            targets.insert(2, (ACCEL, f"{front}/audio/{key}.mp3", accel_mp3))
        each = max(1, args.seconds // (len(targets) * args.rounds))
        report.update(seconds_each=each, mp3_bytes=len(mp3))
        runs: dict[str, list] = {name: [] for name, _, _ in targets}
        for n in range(args.rounds):  # every other round backwards, so no target always goes first
            for name, url, expect in targets if n % 2 == 0 else targets[::-1]:
                check(url, expect)
                runs[name].append(wrk(url, each, args.connections, args.threads, script))
                check(url, expect)  # still answering, and still the same bytes
        report["results"] = [{"target": name, "url": url, "bytes": len(check(url, expect)), **combine(runs[name])}
                             for name, url, expect in targets]
    by_name = {r["target"]: r for r in report["results"]}
    report["nginx_over_audio"] = by_name[NGINX]["rps"] / by_name[AUDIO]["rps"]
    if args.accel:
        report["nginx_over_accel"] = by_name[NGINX]["rps"] / by_name[ACCEL]["rps"]
    report["load_after"] = os.getloadavg()
    return report


RESULT_COLUMNS = f"{'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}  req/s per round"


def result_columns(r: dict) -> str:
    """One target's combined wrk figures, under RESULT_COLUMNS (bench/db_api.py prints them too)."""
    kinds = f"  {r['error_kinds']}" if r["errors"] else ""
    return (f"{r['rps']:>8.1f} {r['p50_ms']:>7.2f} {r['p99_ms']:>7.2f} {r['errors']:>6}  "
            f"{' '.join(f'{x:.0f}' for x in r['rounds_rps'])}{kinds}")


def load_averages(report: dict) -> str:
    return (f"load average before {' '.join(f'{x:.2f}' for x in report['load_before'])}, "
            f"after {' '.join(f'{x:.2f}' for x in report['load_after'])}")


def print_table(report: dict) -> None:
    print(f"{report['cpus']} CPUs, shared by wrk ({report['threads']} threads, {report['connections']} "
          f"connections) and the servers (gunicorn {report['workers']} workers x 4 threads; nginx 2 workers)")
    print(load_averages(report))
    print(f"open files soft limit {report['nofile_soft'][0]} -> {report['nofile_soft'][1]}; "
          f"{report['rounds']} rounds of {report['seconds_each']} s per target; section MP3 "
          f"{report['mp3_bytes']} bytes{''.join(f'; {k}={v}' for k, v in report['env'].items())}\n")
    print(f"{'target':<26} {'bytes':>7} {RESULT_COLUMNS}")
    for r in report["results"]:
        print(f"{r['target']:<26} {r['bytes']:>7} {result_columns(r)}")
    print()
    for name, key in ((AUDIO, "nginx_over_audio"), (ACCEL, "nginx_over_accel")):
        if key in report:
            ratio = report[key]
            verdict = "within" if ratio <= AIM else "misses"
            print(f"nginx req/s / {name} req/s = {ratio:.2f} ({verdict} the {AIM:g}x aim)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="total wrk time over all targets")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--rounds", type=int, default=2, help="each target's time split in this many runs")
    parser.add_argument("--no-accel", dest="accel", action="store_false",
                        help="skip the third configuration (nginx in front, NEWSREADER_ACCEL_REDIRECT)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the gunicorn servers, e.g. NEWSREADER_WRITE_LIMIT=off")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = measure(args)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
