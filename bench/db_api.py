"""API requests per second with PostgreSQL beside SQLite, in the same run.

    python bench/db_api.py [--seconds 90] [--connections 8] [--rounds 3] [--articles 200] [--json]

Needs Debian's postgresql and wrk (`apt-get install -y postgresql wrk`) and the project with its
test extras (it reuses tests/gunicorn_server.py, tests/postgres_server.py and bench/load.py's wrk
runner); installs nothing itself. Run by hand, not by pytest. Everything listens on 127.0.0.1 on
free ports and lives in one temporary folder:
- a private PostgreSQL cluster (tests/postgres_server.py) with fsync on, as SQLite's WAL commits
  are synced too (synchronous=FULL, its default): neither engine is let off its durability;
- two `newsreader serve --workers 2` (real gunicorn, gthread, 4 threads each), one on its SQLite
  file and one on the PostgreSQL database, both with NEWSREADER_PRERENDER=0 (no synthesis: the
  web process and its database only) and NEWSREADER_WRITE_LIMIT=off; each gets the same
  --articles short articles posted first, so the list and the counts have rows to read.

Three requests per engine: GET /api/articles (the first page of 20: one query for the page, one
count, one tracks query per article), GET /api/articles/<id> (an article and its tracks), and
POST /api/articles (a new article each time, from a wrk Lua script: extraction, segmentation,
then one insert transaction). wrk (one process on loopback, fixed connections, keep-alive) runs
each target for an equal share of --seconds, in --rounds runs with every other round in reverse
order, so a change in other work on the machine does not fall on one engine only. Results:
requests/s, p50 and p99 latency (the worst round's), errors (socket errors and responses over
399; every POST must answer 201). The machine's 2 cores are shared by wrk, both servers and
PostgreSQL: read the ratio between the engines, not the absolute numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import RESULT_COLUMNS, WRK_LUA, combine, load_averages, raise_nofile, result_columns, wrk  # noqa: E402
from tests.gunicorn_server import gunicorn  # noqa: E402
from tests.postgres_server import postgres_cluster  # noqa: E402

SETTINGS = {"NEWSREADER_PRERENDER": "0", "NEWSREADER_WRITE_LIMIT": "off", "NEWSREADER_METRICS": "0"}
ENGINES = ("sqlite", "postgresql")

# Each wrk thread numbers its posts; setup() gives every thread its own prefix, so no two posts
# are the same article (a repeat would answer 200 from the duplicate check, not insert).
POST_LUA = r"""
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = 0
function request()
  n = n + 1
  local story = string.format("%s-%d-%d", run, tid, n)
  local body = string.format('{"text": "Load story %s headline\\n\\nBy Ann Writer\\n\\nThe first paragraph of load story %s is here, with a few more words to read.\\n\\nA second paragraph closes load story %s.", "rate": 450}', story, story, story)
  return wrk.format("POST", "/api/articles", {["Content-Type"] = "application/json"}, body)
end
"""


def short_article(n: int) -> dict:
    return {"text": f"Seed story {n} headline\n\nBy Ann Writer\n\nThe first paragraph of seed story {n}.\n\n"
                    f"A second paragraph closes seed story {n}.", "rate": 450}


def seed(base: str, articles: int) -> str:
    """Post `articles` articles; returns the newest one's id."""
    with requests.Session() as session:
        for n in range(articles):
            resp = session.post(f"{base}/api/articles", json=short_article(n), timeout=60)
            if resp.status_code != 201:
                raise SystemExit(f"db_api.py: seeding answered {resp.status_code}: {resp.text[:300]}")
    return resp.json()["id"]


def scripts(folder: Path, run_tag: str) -> tuple[Path, Path]:
    get_script, post_script = folder / "get.lua", folder / "post.lua"
    get_script.write_text(WRK_LUA)
    post_script.write_text(f'run = "{run_tag}"\n' + POST_LUA + WRK_LUA)
    return get_script, post_script


def check(url: str) -> None:
    resp = requests.get(url, timeout=30)
    if resp.status_code != 200:
        raise SystemExit(f"db_api.py: {url} answered {resp.status_code}")


def measure(args) -> dict:
    if shutil.which("wrk") is None:
        raise SystemExit("db_api.py: `wrk` not found: apt-get install -y wrk")
    report: dict = {"cpus": os.cpu_count(), "load_before": os.getloadavg(), "nofile_soft": raise_nofile(),
                    "connections": args.connections, "threads": args.threads, "workers": 2,
                    "rounds": args.rounds, "articles": args.articles}
    with tempfile.TemporaryDirectory(prefix="newsreader-db-api-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        cluster = stack.enter_context(postgres_cluster(fsync=True))
        targets = []
        for engine in ENGINES:
            env = dict(SETTINGS)
            if engine == "postgresql":
                env["NEWSREADER_DATABASE_URL"] = cluster.create_database()
            (folder / engine).mkdir()
            base = stack.enter_context(gunicorn(folder / engine, workers=2, **env))
            newest = seed(base, args.articles)
            targets += [(engine, "GET /api/articles", f"{base}/api/articles", "get"),
                        (engine, "GET /api/articles/<id>", f"{base}/api/articles/{newest}", "get"),
                        (engine, "POST /api/articles", f"{base}/api/articles", "post")]
        each = max(1, args.seconds // (len(targets) * args.rounds))
        report["seconds_each"] = each
        runs: dict[tuple, list] = {(e, name): [] for e, name, _, _ in targets}
        for n in range(args.rounds):
            get_script, post_script = scripts(folder, f"r{n}")
            for engine, name, url, kind in targets if n % 2 == 0 else targets[::-1]:
                check(url)
                script = post_script if kind == "post" else get_script
                runs[(engine, name)].append(wrk(url, each, args.connections, args.threads, script))
                check(url)
        report["results"] = [{"engine": e, "target": name, **combine(runs[(e, name)])} for e, name, _, _ in targets]
        for engine in ENGINES:
            base = next(url for e, name, url, _ in targets if e == engine and name == "GET /api/articles")
            report[f"{engine}_articles_after"] = requests.get(base, timeout=30).json()["total"]
    by = {(r["engine"], r["target"]): r for r in report["results"]}
    report["postgresql_over_sqlite"] = {name: by[("postgresql", name)]["rps"] / by[("sqlite", name)]["rps"]
                                        for _, name, _, _ in targets[:3]}
    report["load_after"] = os.getloadavg()
    return report


def print_table(report: dict) -> None:
    print(f"{report['cpus']} CPUs, shared by wrk ({report['threads']} threads, {report['connections']} connections), "
          f"two gunicorn servers (2 workers x 4 threads each) and PostgreSQL (fsync on)")
    print(f"{load_averages(report)}; {report['rounds']} rounds of {report['seconds_each']} s per target; "
          f"{report['articles']} articles seeded per engine\n")
    print(f"{'engine':<11} {'target':<24} {RESULT_COLUMNS}")
    for r in report["results"]:
        print(f"{r['engine']:<11} {r['target']:<24} {result_columns(r)}")
    print()
    for name, ratio in report["postgresql_over_sqlite"].items():
        print(f"{name}: PostgreSQL req/s / SQLite req/s = {ratio:.2f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=90, help="total wrk time over all targets")
    parser.add_argument("--connections", type=int, default=8, help="2 workers x 4 threads: 8 at once")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--rounds", type=int, default=3, help="each target's time split in this many runs")
    parser.add_argument("--articles", type=int, default=200, help="articles posted to each engine first")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = measure(args)
    print(json.dumps(report, indent=2) if args.json else "", end="")
    if not args.json:
        print_table(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
