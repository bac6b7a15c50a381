"""GET /metrics: Prometheus text that moves as the service works, in one process (the Flask test
client) and summed across real gunicorn workers whichever one answers the scrape, including a
worker killed mid-job (its counts stay, its queued job leaves the live gauge). The exposition is
read with prometheus_client's own parser; the per-worker files of multiprocess mode are read only
to see which worker did what (that the work was spread, which worker holds the queued job)."""
from __future__ import annotations

import os
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from service import create_app, metrics
from service.speech.engine import EngineUnavailable, SynthesisPool
from tests.gunicorn_server import gunicorn, wait_until

REQUESTS = "newsreader_http_requests_total"
HEALTHZ_OK = {"method": "GET", "endpoint": "/healthz", "status": "200"}
LISTED = {"method": "GET", "endpoint": "/api/articles", "status": "200"}  # not the helper's probe
QUEUE = "newsreader_render_queue_length"
SHORT = {"text": "Metrics headline\n\nBy A. Writer\n\nOne short paragraph, spoken once and then served "
                 "from the cache.", "rate": 300}


def parse(text: str) -> dict[tuple[str, frozenset], float]:
    """{(sample name, labels): value} of an exposition."""
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def scrape(client) -> dict:
    resp = client.get("/metrics")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return parse(resp.get_data(as_text=True))


def scrape_http(base: str) -> dict:
    resp = requests.get(f"{base}/metrics", headers={"Connection": "close"}, timeout=10)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return parse(resp.text)


# --------------------------------------------------------------------------- one process


def test_a_request_is_counted_by_its_rule_and_status(client):
    before = scrape(client)
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/articles/" + "0" * 32).status_code == 404
    assert client.get("/no/such/page-d41d8cd98f").status_code == 404
    assert client.open("/healthz", method="BREW").status_code == 405
    after = scrape(client)

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta(REQUESTS, **HEALTHZ_OK) == 1
    assert delta(REQUESTS, method="GET", endpoint="/api/articles/<article_id>", status="404") == 1
    assert delta(REQUESTS, method="GET", endpoint="unmatched", status="404") == 1
    assert delta(REQUESTS, method="other", endpoint="unmatched", status="405") == 1
    assert delta("newsreader_http_request_duration_seconds_count", method="GET", endpoint="/healthz") == 1
    labels = {v for _, ls in after for _, v in ls}
    assert not any("d41d8cd98f" in v or "BREW" in v for v in labels), "a raw path or method became a label"


def test_an_audio_file_fetched_twice_is_one_miss_one_synthesis_then_a_hit(client):
    article = client.post("/api/articles", json=SHORT).get_json()
    url = article["sections"][0]["audio_url"].replace("http://localhost", "")
    before = scrape(client)
    first = client.get(url)
    middle = scrape(client)
    second = client.get(url)
    after = scrape(client)
    assert first.status_code == second.status_code == 200 and first.data == second.data

    def delta(a, b, name, **labels):
        return value(b, name, **labels) - value(a, name, **labels)

    assert delta(before, middle, "newsreader_audio_cache_misses_total") == 1
    assert delta(before, middle, "newsreader_audio_cache_hits_total") == 0
    assert delta(before, middle, "newsreader_syntheses_total", kind="section") == 1
    jobs = delta(before, middle, "newsreader_synthesis_job_duration_seconds_count", outcome="ok")
    assert jobs >= 1, "the engine's jobs were not timed"
    assert delta(before, middle, "newsreader_synthesis_job_duration_seconds_sum", outcome="ok") > 0
    assert delta(middle, after, "newsreader_audio_cache_hits_total") == 1
    assert delta(middle, after, "newsreader_audio_cache_misses_total") == 0
    assert delta(middle, after, "newsreader_syntheses_total", kind="section") == 0
    assert delta(middle, after, "newsreader_synthesis_job_duration_seconds_count", outcome="ok") == 0
    assert delta(before, after, "newsreader_syntheses_total", kind="article") == 0


def test_an_engine_job_over_its_time_limit_is_timed_as_a_timeout():
    def timeouts():
        return value(parse(metrics.exposition()[0].decode()),
                     "newsreader_synthesis_job_duration_seconds_count", outcome="timeout")

    before = timeouts()
    with SynthesisPool(size=1, timeout_s=30) as pool:
        pool.synthesize("Warm up.")  # the start-up is not the job's time
        pool.timeout_s = 0.05
        with pytest.raises(EngineUnavailable, match="timed out"):
            pool.synthesize("A sentence long enough to need more than a twentieth of a second. " * 200)
    assert timeouts() == before + 1


def test_metrics_can_be_turned_off(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"),
                      "AUDIO_CACHE": str(tmp_path / "audio"), "PRERENDER": False, "METRICS": False})
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/metrics").status_code == 404


# --------------------------------------------------------------------------- real gunicorn workers


def per_worker(folder: Path, kind: str, name: str, **labels) -> dict[int, float]:
    """{worker pid: value} from each worker's own multiprocess file (`kind`: counter, gauge_livesum)."""
    out = {}
    for path in (folder / "data" / "metrics").glob(f"{kind}_*.db"):
        pid = int(path.stem.rsplit("_", 1)[1])
        samples = {(s.name, frozenset(s.labels.items())): s.value
                   for m in MultiProcessCollector.merge([str(path)]) for s in m.samples}
        out[pid] = samples.get((name, frozenset(labels.items())), 0.0)
    return out


def list_articles(base: str) -> None:
    resp = requests.get(f"{base}/api/articles", headers={"Connection": "close"}, timeout=10)
    assert resp.status_code == 200


def spread(folder: Path, ask, labels: dict, rounds: int = 50) -> list:
    """Calls `ask` 8 at a time, each on its own connection, until at least two workers have
    answered some of these calls (a gthread worker may accept a whole burst itself); the answers."""
    before = per_worker(folder, "counter", REQUESTS, **labels)
    answers = []
    with ThreadPoolExecutor(8) as pool:
        for _ in range(rounds):
            answers += pool.map(lambda _: ask(), range(8))
            now = per_worker(folder, "counter", REQUESTS, **labels)
            if sum(1 for pid, c in now.items() if c > before.get(pid, 0)) >= 2:
                return answers
    pytest.fail(f"{len(answers)} calls, all answered by one worker: {now}")


def test_counts_add_up_across_workers_whichever_answers_the_scrape(tmp_path):
    with gunicorn(tmp_path, workers=4, NEWSREADER_PRERENDER="0") as base:
        n = len(spread(tmp_path, lambda: list_articles(base), LISTED))
        assert sum(per_worker(tmp_path, "counter", REQUESTS, **LISTED).values()) == n

        scraped = dict(method="GET", endpoint="/metrics", status="200")
        scrapes = spread(tmp_path, lambda: scrape_http(base), scraped)
        assert [value(s, REQUESTS, **LISTED) for s in scrapes] == [n] * len(scrapes)


def test_a_killed_worker_keeps_its_counts_and_leaves_the_queue_gauge(tmp_path, upi_text):
    with gunicorn(tmp_path, workers=3, NEWSREADER_SYNTH_WORKERS="1") as base:
        n = len(spread(tmp_path, lambda: list_articles(base), LISTED))
        posted = requests.post(f"{base}/api/articles", json={"text": upi_text, "rate": 120}, timeout=60)
        assert posted.status_code == 201, posted.text
        # The worker that took the article is rendering it in the background (seconds of speech):
        # freeze it there, so its job is certainly queued when it is killed.
        queued = {pid: v for pid, v in per_worker(tmp_path, "gauge_livesum", QUEUE).items() if v}
        assert list(queued.values()) == [1], queued
        victim = next(iter(queued))
        assert b"gunicorn" in Path(f"/proc/{victim}/cmdline").read_bytes()
        os.kill(victim, signal.SIGSTOP)
        try:
            frozen = scrape_http(base)
        finally:
            os.kill(victim, signal.SIGKILL)
        assert value(frozen, QUEUE) == 1
        posts = dict(method="POST", endpoint="/api/articles", status="201")
        assert value(frozen, REQUESTS, **posts) == 1
        assert value(frozen, REQUESTS, **LISTED) == n

        wait_until(lambda: victim not in per_worker(tmp_path, "gauge_livesum", QUEUE), 30,
                   "gunicorn to reap the killed worker")
        wait_until(lambda: len(per_worker(tmp_path, "gauge_livesum", QUEUE)) == 3, 30,
                   "a replacement worker")
        # The replacement resumes the article (its tracks are pending), so the gauge may rise
        # again; it can only come back to 0 if the dead worker's 1 is no longer counted.
        article = f"{base}/api/articles/{posted.json()['id']}"
        wait_until(lambda: requests.get(article, timeout=10).json()["audio_state"] == "ready", 300,
                   "the replacement to finish the article")
        after = scrape_http(base)
        assert value(after, QUEUE) == 0
        assert value(after, REQUESTS, **posts) == 1
        assert value(after, REQUESTS, **LISTED) == n
        assert (tmp_path / "data" / "metrics" / f"counter_{victim}.db").exists()
