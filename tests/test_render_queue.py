"""Rendering on the Redis queue (NEWSREADER_QUEUE_URL), with real redis-server, gunicorn and
`newsreader worker` processes:

- one job per cache key however often it is asked for (a unique, deterministic job id);
- sections before whole articles: one worker started after the articles are queued renders
  every section before any whole-article file;
- a listener asking for audio no worker has rendered waits (NEWSREADER_QUEUE_WAIT), then gets
  503 `audio_pending` with Retry-After; with a worker running, the same request gets the audio
  as soon as it is rendered;
- a job over its time limit is retried, then the track is `failed`, no file written, and the
  worker goes on with the next job; a listener asking for it again has it tried again;
- /healthz reports Redis and the live workers, and 503 when Redis cannot be reached;
- `newsreader worker` without a queue URL refuses to start.
"""
from __future__ import annotations

import subprocess
import sys
import time

import requests

from service.render_queue import ARTICLES, SECTIONS, RenderQueue
from service.speech.tracks import WHOLE
from tests.audio_check import decode_mp3
from tests.feed_helpers import make_app
from tests.gunicorn_server import ROOT, free_port, gunicorn, wait_until
from tests.queue_workers import database_url, queue_env, render_lines, start_worker, stop_worker, worker_env, workers  # noqa: F401
from tests.test_cache import key_of
from tests.test_faults import all_ready, fetch, one_long_paragraph, post, short_text, states, track_keys


def test_a_key_asked_for_again_while_queued_is_one_job(queue_env):
    queue = RenderQueue(queue_env["NEWSREADER_QUEUE_URL"], timeout_s=60)
    key, whole = "a" * 32, "b" * 32
    assert queue.enqueue(key, 0) == "queued"
    assert queue.enqueue(key, 0) == "queued"  # the job already there
    assert queue.enqueue(key, 3) == "queued"
    assert queue.enqueue(whole, WHOLE) == "queued"
    assert queue.lengths() == {SECTIONS: 1, ARTICLES: 1}
    assert queue.queue(SECTIONS).job_ids == [f"render-{key}"]


def test_sections_are_rendered_before_whole_articles(tmp_path, queue_env):
    with gunicorn(tmp_path, **queue_env) as base:
        articles = [post(base, short_text(n)) for n in range(3)]
        health = requests.get(f"{base}/healthz", timeout=5).json()
        sections = sum(len(a["sections"]) for a in articles)
        assert health["queue"] == {"redis": "ok", "workers": 0, "status": "ok",
                                   "queued": {SECTIONS: sections, ARTICLES: len(articles)}}
        assert all(set(states(fetch(base, a["id"]))) == {"pending"} for a in articles)

        burst = start_worker(tmp_path, queue_env, "burst", "--burst")  # exits once the queues are empty
        try:
            assert burst.wait(timeout=120) == 0
        finally:
            stop_worker(burst)
        order = [line["key"] for line in render_lines(tmp_path)]
        wholes = {key_of(a["audio_url"]) for a in articles}
        assert sorted(order) == sorted(k for a in articles for k in track_keys(a))  # each once
        assert all(key in wholes for key in order[sections:]), order
        assert all(all_ready(base, a["id"]) for a in articles)


def test_a_listener_waits_for_a_worker_then_gets_503_or_the_audio(tmp_path, queue_env):
    with gunicorn(tmp_path, NEWSREADER_QUEUE_WAIT="1", **queue_env) as base:
        article = post(base, short_text(1))
        began = time.monotonic()
        answer = requests.get(article["sections"][0]["audio_url"], timeout=30)
        assert time.monotonic() - began >= 1
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
        assert answer.json()["error"]["code"] == "audio_pending"

    with gunicorn(tmp_path, NEWSREADER_QUEUE_WAIT="60", **queue_env) as base:
        with workers(tmp_path, queue_env, base, 1):
            whole = fetch(base, article["id"])["audio_url"]  # this server's URL; after the sections
            answer = requests.get(whole, timeout=90)
            assert answer.status_code == 200, answer.text
            assert decode_mp3(answer.content).duration_s > 5
            assert (tmp_path / "audio" / f"{key_of(article['audio_url'])}.mp3").read_bytes() == answer.content
            assert all_ready(base, article["id"])


def test_a_job_over_its_time_limit_is_retried_then_failed_and_the_worker_goes_on(tmp_path, queue_env):
    """The limit is the enqueuing web's NEWSREADER_JOB_TIMEOUT, kept by the job: a first server
    queues with a 1 s limit, a second (the same data) with the default, for the next article."""
    worker = start_worker(tmp_path, queue_env, "worker-1")
    try:
        with gunicorn(tmp_path, NEWSREADER_JOB_TIMEOUT="1", NEWSREADER_QUEUE_WAIT="120", **queue_env) as base:
            wait_until(lambda: requests.get(f"{base}/healthz", timeout=5).json()["queue"]["workers"] == 1, 30,
                       "the worker")
            long = post(base, one_long_paragraph("A long harbour debate", 1200), rate=80)
            key = key_of(long["sections"][0]["audio_url"])
            wait_until(lambda: fetch(base, long["id"])["sections"][0]["state"] == "failed", 120,
                       "the long section to fail")
            log = (tmp_path / "worker-1.log").read_text()
            assert log.count(f"newsreader-sections: render {key}") == 3  # the first try and two retries
            assert "JobTimeoutException" in log
            assert not (tmp_path / "audio" / f"{key}.mp3").exists()

            again = requests.get(long["sections"][0]["audio_url"], timeout=150)  # requeued, fails again
            assert again.status_code == 503 and again.json()["error"]["code"] == "speech_unavailable"
            assert (tmp_path / "worker-1.log").read_text().count(f"newsreader-sections: render {key}") == 6
            assert fetch(base, long["id"])["sections"][0]["state"] == "failed"

        with gunicorn(tmp_path, **queue_env) as base:
            short = post(base, short_text(2))
            assert wait_until(lambda: all_ready(base, short["id"]), 120, "the next article")
            assert worker.poll() is None
    finally:
        stop_worker(worker)


def test_healthz_is_503_when_redis_cannot_be_reached(tmp_path):
    client = make_app(tmp_path, QUEUE_URL=f"redis://127.0.0.1:{free_port()}/0").test_client()
    resp = client.get("/healthz")
    assert resp.status_code == 503
    body = resp.get_json()
    assert body["status"] == "error" and body["queue"]["workers"] is None
    assert body["queue"]["redis"].startswith("unreachable: ")


def test_a_worker_without_a_queue_url_refuses_to_start(tmp_path):
    env = worker_env(tmp_path, {})
    env.pop("NEWSREADER_QUEUE_URL", None)
    done = subprocess.run([sys.executable, "-m", "service.cli", "worker"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "set NEWSREADER_QUEUE_URL=redis://" in done.stderr
