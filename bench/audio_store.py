"""The cost of audio in S3: the same cached MP3 served by gunicorn from files and from an S3
store, beside the S3 server sending it itself, in one run; and the store's own write and check.

    python bench/audio_store.py [--seconds 108] [--connections 16] [--rounds 2] [--json]

Needs wrk (`apt-get install -y wrk`) and the test extras (moto[server], boto3); installs
nothing. Everything listens on 127.0.0.1 on free ports in one temporary folder:
- moto's S3 server in its own process (`python -m moto.server`), the only S3 server here: it is
  Python, so its numbers are a floor, not what S3, MinIO, Garage or R2 give;
- two `newsreader serve --workers 4` (real gunicorn), one with files, one with
  NEWSREADER_AUDIO_STORE on a bucket there; the fixture article rendered in each (the same text
  gives the same key and bytes, checked);
- wrk (bench/load.py's runner: fixed connections, keep-alive, Lua totals as JSON) on each
  target: the whole MP3, Apple's `bytes=0-1` probe, the feed and the article's JSON, rounds
  alternating in order; the S3 server's own GET through a presigned URL is the peer that says
  what the store itself costs.
Then, in this process, the store's write of that MP3 and its `has` check (warm: metadata and
sidecar only; cold: a new process's first check, which hashes the bytes), files beside S3.
Read the ratios between targets of the same run; the machine's 2 cores are shared with wrk.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import WRK_LUA, add_article, check, combine, raise_nofile, wrk  # noqa: E402
from tests.gunicorn_server import free_port, gunicorn, wait_until  # noqa: E402

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench-secret", "AWS_DEFAULT_REGION": "us-east-1"}
BUCKET = "newsreader-bench"


@contextmanager
def moto_server(folder: Path):
    """moto's S3 server in a process of its own; yields its endpoint URL."""
    port = free_port()
    with open(folder / "moto.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                stdout=log, stderr=subprocess.STDOUT)
        endpoint = f"http://127.0.0.1:{port}"
        try:
            wait_until(lambda: requests.get(endpoint, timeout=1).status_code < 500, 30, "moto's server")
            yield endpoint
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def serve(folder: Path, workers: int, env: dict, stack: ExitStack) -> tuple[str, str, bytes, str]:
    """A server with the fixture article rendered; its base URL, section MP3's URL and bytes,
    and the article's API URL."""
    folder.mkdir()
    base = stack.enter_context(gunicorn(folder, workers=workers, **env))
    article = add_article(base)
    url = article["sections"][0]["audio_url"]
    return base, url, check(url), f"{base}/api/articles/{article['id']}"


def timings(fn, n: int) -> dict:
    seconds = []
    for i in range(n):
        began = time.perf_counter()
        fn(i)
        seconds.append(time.perf_counter() - began)
    return {"p50_ms": statistics.median(seconds) * 1000, "max_ms": max(seconds) * 1000}


def store_costs(folder: Path, mp3: bytes, repeat: int) -> dict:
    """write / has (warm, cold) for files and S3, on `repeat` fresh keys each."""
    from service.storage.cache import AudioCache
    from service.storage.s3 import S3AudioStore

    out = {}
    for name, make in (("files", lambda: AudioCache(str(folder / "store-files"))),
                       ("s3", lambda: S3AudioStore(f"s3://{BUCKET}/costs", str(folder / "store-s3")))):
        store, keys = make(), [f"{name == 's3':01x}{i:031x}" for i in range(repeat)]
        out[name] = {"write": timings(lambda i: store.write(keys[i], mp3, {"duration_s": 1.0}), repeat),
                     "has, cold": timings(lambda i: make().has(keys[i]), repeat),
                     "has, warm": timings(lambda i: store.has(keys[i]) or store.has(keys[i]), repeat)}
    return out


def measure(args) -> dict:
    report = {"cpus": os.cpu_count(), "load_before": os.getloadavg(), "nofile_soft": raise_nofile(),
              "connections": args.connections, "workers": args.workers, "rounds": args.rounds}
    with tempfile.TemporaryDirectory(prefix="newsreader-store-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        endpoint = stack.enter_context(moto_server(folder))
        os.environ.update(CREDENTIALS, AWS_ENDPOINT_URL_S3=endpoint)  # this process and the servers
        import boto3

        s3 = boto3.session.Session().client("s3")
        s3.create_bucket(Bucket=BUCKET)
        files, files_url, mp3, files_api = serve(folder / "files", args.workers, {}, stack)
        store = {"NEWSREADER_AUDIO_STORE": f"s3://{BUCKET}/audio"}
        s3_base, s3_url, s3_mp3, s3_api = serve(folder / "s3", args.workers, store, stack)
        if s3_mp3 != mp3:
            raise SystemExit("audio_store.py: the two stores answered different bytes for the same text")
        key = s3_url.rsplit("/", 1)[1][:-4]
        direct = s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": f"audio/{key}.mp3"},
                                           ExpiresIn=3600)
        whole, probe = folder / "whole.lua", folder / "probe.lua"
        whole.write_text(WRK_LUA)
        probe.write_text('wrk.headers["Range"] = "bytes=0-1"\n' + WRK_LUA)
        targets = [("files, whole MP3", files_url, whole), ("s3, whole MP3", s3_url, whole),
                   ("moto itself, whole MP3", direct, whole),
                   ("files, bytes=0-1", files_url, probe), ("s3, bytes=0-1", s3_url, probe),
                   ("files, GET /feed.xml", f"{files}/feed.xml", whole),
                   ("s3, GET /feed.xml", f"{s3_base}/feed.xml", whole),
                   ("files, GET article API", files_api, whole), ("s3, GET article API", s3_api, whole)]
        each = max(1, args.seconds // (len(targets) * args.rounds))
        runs: dict[str, list] = {name: [] for name, _, _ in targets}
        for n in range(args.rounds):
            for name, url, script in targets if n % 2 == 0 else targets[::-1]:
                expect = mp3 if url in (files_url, s3_url, direct) else None
                check(url, expect)
                runs[name].append(wrk(url, each, args.connections, 2, script))
                check(url, expect)
        report.update(seconds_each=each, mp3_bytes=len(mp3),
                      results=[{"target": name, **combine(runs[name])} for name, _, _ in targets])
        report["store"] = store_costs(folder, mp3, args.repeat)
    by = {r["target"]: r["rps"] for r in report["results"]}
    report["ratios"] = {"s3 / files, whole": by["s3, whole MP3"] / by["files, whole MP3"],
                        "s3 / moto itself, whole": by["s3, whole MP3"] / by["moto itself, whole MP3"],
                        "s3 / files, bytes=0-1": by["s3, bytes=0-1"] / by["files, bytes=0-1"],
                        "s3 / files, feed": by["s3, GET /feed.xml"] / by["files, GET /feed.xml"],
                        "s3 / files, article API": by["s3, GET article API"] / by["files, GET article API"]}
    report["load_after"] = os.getloadavg()
    return report


def print_table(report: dict) -> None:
    print(f"{report['cpus']} CPUs shared by wrk (2 threads, {report['connections']} connections), moto and two "
          f"gunicorns ({report['workers']} workers each); load {report['load_before'][0]:.2f} -> "
          f"{report['load_after'][0]:.2f}; {report['rounds']} rounds of {report['seconds_each']} s per target; "
          f"MP3 {report['mp3_bytes']} bytes\n")
    print(f"{'target':<26} {'req/s':>8} {'MB/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}  req/s per round")
    for r in report["results"]:
        print(f"{r['target']:<26} {r['rps']:>8.1f} {r['mb_per_s']:>7.1f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
              f"{r['errors']:>6}  {' '.join(f'{x:.0f}' for x in r['rounds_rps'])}")
    print()
    for name, ratio in report["ratios"].items():
        print(f"req/s {name}: {ratio:.2f}")
    print(f"\n{'store operation':<18} {'files p50 ms':>12} {'s3 p50 ms':>10} {'files max':>10} {'s3 max':>8}")
    for op in report["store"]["files"]:
        f, s = report["store"]["files"][op], report["store"]["s3"][op]
        print(f"{op:<18} {f['p50_ms']:>12.2f} {s['p50_ms']:>10.2f} {f['max_ms']:>10.2f} {s['max_ms']:>8.2f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=108, help="total wrk time over all targets")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers per server")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=20, help="keys written and checked per store")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = measure(args)
    print(json.dumps(report, indent=2) if args.json else "", end="")
    if not args.json:
        print_table(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
