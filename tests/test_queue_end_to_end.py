"""The queue end to end on real servers: redis-server, gunicorn with 2 workers and two
`newsreader worker` processes sharing one database and audio folder. 20 articles are posted at
once; the worker rendering the long one is SIGKILLed while its speech is being synthesized.
Run on the SQLite file and on PostgreSQL. The other worker finishes that job (RQ finds it abandoned once the dead worker's heartbeats
stop, and retries it), every file is rendered exactly once, and nothing is lost: all 20
articles are stored and every track is `ready` with whole audio behind its URL.
"""
from __future__ import annotations

import os
import signal
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests
from rq import Worker
from rq.registry import FailedJobRegistry, StartedJobRegistry

from service.render_queue import PRIORITY, RenderQueue, job_id
from tests.databases import both_databases
from tests.gunicorn_server import gunicorn, wait_until
from tests.queue_workers import database_url, queue_env, render_lines, workers  # noqa: F401
from tests.test_cache import key_of
from tests.test_faults import all_ready, busy_engine, one_long_paragraph, post, short_text, track_keys

ARTICLES = 20


def worker_on(redis_url: str, key: str) -> Worker | None:
    """The RQ worker whose current job renders `key`."""
    queue = RenderQueue(redis_url, timeout_s=60)
    for worker in Worker.all(connection=queue.redis):
        if worker.get_current_job_id() == job_id(key):
            return worker
    return None


def mid_synthesis(redis_url: str, key: str) -> int | None:
    """The pid of the worker rendering `key`, once its speech engine is synthesizing it."""
    worker = worker_on(redis_url, key)
    return worker.pid if worker is not None and busy_engine(worker.pid) else None


@both_databases  # the embedded SQLite file shared on one machine, and PostgreSQL
def test_twenty_articles_two_workers_one_killed_mid_job_nothing_lost(tmp_path, queue_env):
    url = queue_env["NEWSREADER_QUEUE_URL"]
    # (text, words per minute): the long one takes seconds to synthesize, room to catch it mid-job
    texts = [(one_long_paragraph("A long harbour debate", 1200), 175)] + [(short_text(n), 450) for n in range(1, ARTICLES)]
    with gunicorn(tmp_path, workers=2, **queue_env) as base, workers(tmp_path, queue_env, base, 2) as procs:
        with ThreadPoolExecutor(ARTICLES) as pool:
            posted = list(pool.map(lambda text_rate: post(base, *text_rate), texts))
        long_key = key_of(posted[0]["sections"][0]["audio_url"])

        victim = wait_until(lambda: mid_synthesis(url, long_key), 120, "a worker synthesizing the long section")
        os.kill(victim, signal.SIGKILL)
        [(survivor, name)] = [(p, f"worker-{n}") for n, p in enumerate(procs, 1) if p.pid != victim]

        for article in posted:
            assert wait_until(lambda: all_ready(base, article["id"]), 180, f"article {article['id']} ready")

        listed = requests.get(f"{base}/api/articles?per_page=100", timeout=10).json()
        assert listed["total"] == ARTICLES
        assert {a["id"] for a in listed["articles"]} == {a["id"] for a in posted}
        keys = [k for a in posted for k in track_keys(a)]
        lines = render_lines(tmp_path)
        assert Counter(line["key"] for line in lines) == Counter(set(keys)), "a file rendered twice or never"
        assert [line["pid"] for line in lines if line["key"] == long_key] == [survivor.pid]
        assert f"newsreader-sections: render {long_key}" in (tmp_path / f"{name}.log").read_text()

        for article in posted:  # whole audio behind every URL, the length its file has
            for track in [article["audio_url"], *(s["audio_url"] for s in article["sections"])]:
                head = requests.head(track, timeout=30)
                assert head.status_code == 200
                assert int(head.headers["Content-Length"]) == (tmp_path / "audio" / f"{key_of(track)}.mp3").stat().st_size

        queue = RenderQueue(url, timeout_s=60)
        for name in PRIORITY:  # nothing left behind in RQ either
            rq_queue = queue.queue(name)
            assert rq_queue.count == 0
            assert StartedJobRegistry(queue=rq_queue).get_job_ids() == []
            assert FailedJobRegistry(queue=rq_queue).get_job_ids() == []
        assert requests.get(f"{base}/healthz", timeout=10).json()["queue"]["workers"] == 1
