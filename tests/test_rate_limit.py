"""Writes are limited per client address, in one budget for POST /api/articles, DELETE
/api/articles/<id> and POST /; over it, 429 with Retry-After (JSON for the API, a page for the
form) and nothing stored. Reads are never limited. With Redis as the storage the limit holds
across gunicorn workers; with memory storage each worker counts on its own."""
from __future__ import annotations

import pytest
import redis
import requests

from tests.feed_helpers import make_app, short_article
from tests.form_helpers import csrf_token, post_form
from tests.gunicorn_server import free_port, gunicorn
from tests.redis_server import redis_server
from tests.worker_log import WORKER_LOG, answers

LIMIT = 3


@pytest.fixture
def limited(tmp_path):
    return make_app(tmp_path, WRITE_LIMIT=f"{LIMIT} per minute").test_client()


def total(client) -> int:
    return client.get("/api/articles").get_json()["total"]


def assert_too_many(resp) -> int:
    assert resp.status_code == 429
    wait = int(resp.headers["Retry-After"])
    assert 1 <= wait <= 60
    return wait


def test_writes_share_one_budget_and_the_next_is_429(limited):
    created = limited.post("/api/articles", json=short_article(1)).get_json()
    assert limited.delete(f"/api/articles/{created['id']}").status_code == 204
    assert post_form(limited, {"content": short_article(2)["text"]}).status_code == 303
    assert total(limited) == 1

    refused = limited.post("/api/articles", json=short_article(3))
    wait = assert_too_many(refused)
    assert refused.get_json()["error"] == {
        "code": "too_many_requests",
        "message": f"Too many changes from your address (the limit is {LIMIT} per 1 minute). "
                   f"Try again in {wait} seconds."}
    assert total(limited) == 1
    article = limited.get("/api/articles").get_json()["articles"][0]
    assert_too_many(limited.delete(f"/api/articles/{article['id']}"))
    assert limited.get(article["page_url"]).status_code == 200  # not deleted


def test_the_form_over_the_limit_gets_a_page(limited):
    token = csrf_token(limited)
    for n in range(LIMIT):
        assert limited.post("/", data={"content": short_article(n)["text"], "csrf_token": token}).status_code == 303
    resp = limited.post("/", data={"content": short_article(9)["text"], "csrf_token": token})
    assert_too_many(resp)
    assert resp.mimetype == "text/html"
    assert "<h1>Too many changes from your address" in resp.get_data(as_text=True)
    assert total(limited) == LIMIT


def test_reads_are_not_limited(limited):
    for n in range(LIMIT):
        limited.post("/api/articles", json=short_article(n))
    assert_too_many(limited.post("/api/articles", json=short_article(9)))
    article = limited.get("/api/articles").get_json()["articles"][0]
    for _ in range(5):
        for path in ["/", "/api/articles", f"/api/articles/{article['id']}", article["page_url"], "/feed.xml",
                     "/healthz", article["sections"][0]["audio_url"]]:
            assert limited.get(path).status_code == 200, path


def test_refused_attempts_count_too(tmp_path):
    """Guessing the access token spends the same budget as writing."""
    client = make_app(tmp_path, WRITE_LIMIT=f"{LIMIT} per minute", API_TOKEN="the-token").test_client()
    for _ in range(LIMIT):
        resp = client.post("/api/articles", json=short_article(1), headers={"Authorization": "Bearer guess"})
        assert resp.status_code == 401
    right = client.post("/api/articles", json=short_article(1), headers={"Authorization": "Bearer the-token"})
    assert_too_many(right)
    assert total(client) == 0


def test_each_client_address_has_its_own_budget(tmp_path):
    app = make_app(tmp_path, WRITE_LIMIT=f"{LIMIT} per minute")
    one = app.test_client()
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    for n in range(LIMIT):
        one.post("/api/articles", json=short_article(n))
    assert_too_many(one.post("/api/articles", json=short_article(9)))
    assert other.post("/api/articles", json=short_article(9)).status_code == 201


def test_behind_a_trusted_proxy_the_forwarded_client_counts(tmp_path):
    client = make_app(tmp_path, WRITE_LIMIT=f"{LIMIT} per minute", PROXY_FIX=1).test_client()
    def post(n, ip):
        return client.post("/api/articles", json=short_article(n), headers={"X-Forwarded-For": ip})
    for n in range(LIMIT):
        assert post(n, "198.51.100.1").status_code == 201
    assert_too_many(post(9, "198.51.100.1"))
    assert post(9, "198.51.100.2").status_code == 201


def test_forwarded_headers_are_ignored_without_a_proxy(limited):
    """Without NEWSREADER_PROXY_FIX a client cannot pick a fresh address per request."""
    for n in range(LIMIT):
        limited.post("/api/articles", json=short_article(n), headers={"X-Forwarded-For": f"203.0.113.{n}"})
    assert_too_many(limited.post("/api/articles", json=short_article(9), headers={"X-Forwarded-For": "203.0.113.99"}))


def test_off_means_unlimited(tmp_path):
    client = make_app(tmp_path, WRITE_LIMIT="off").test_client()
    for n in range(2 * LIMIT + 1):
        assert client.post("/api/articles", json=short_article(n)).status_code == 201


def test_a_bad_limit_fails_at_start(tmp_path):
    with pytest.raises(ValueError, match="NEWSREADER_WRITE_LIMIT '3 per minit'"):
        make_app(tmp_path, WRITE_LIMIT="3 per minit")


def test_an_unreachable_redis_falls_back_to_memory(tmp_path):
    """Redis down (nothing listens on its port): writes neither fail nor go unlimited."""
    client = make_app(tmp_path, WRITE_LIMIT=f"{LIMIT} per minute",
                      RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0").test_client()
    for n in range(LIMIT):
        assert client.post("/api/articles", json=short_article(n)).status_code == 201
    assert_too_many(client.post("/api/articles", json=short_article(9)))
    assert total(client) == LIMIT


@pytest.fixture
def redis_url(tmp_path):
    with redis_server(tmp_path) as url:
        yield url


def successes_with_both_workers_busy(folder, base) -> tuple[int, dict[int, int]]:
    """Fresh connections (no keep-alive), one write each, until both workers have answered more
    than LIMIT writes; returns how many writes succeeded and how many each worker answered."""
    for n in range(1, 101):
        resp = requests.post(f"{base}/api/articles", json=short_article(n), timeout=30,
                             headers={"Connection": "close"})
        assert resp.status_code in (201, 429), resp.text
        log = answers(folder, n, "/api/articles")
        per_worker: dict[int, int] = {}
        for pid, _, _ in log:
            per_worker[pid] = per_worker.get(pid, 0) + 1
        if len(per_worker) == 2 and min(per_worker.values()) > LIMIT:
            return sum(status != 429 for _, _, status in log), per_worker
    pytest.fail(f"100 writes did not reach both workers more than {LIMIT} times each: {per_worker}")


def test_redis_storage_holds_the_limit_across_workers(tmp_path, redis_url):
    env = dict(WORKER_LOG, NEWSREADER_PRERENDER="0", NEWSREADER_WRITE_LIMIT=f"{LIMIT} per minute",
               NEWSREADER_RATELIMIT_STORAGE=redis_url)
    with gunicorn(tmp_path, workers=2, **env) as base:
        succeeded, per_worker = successes_with_both_workers_busy(tmp_path, base)
        assert succeeded == LIMIT, per_worker
        assert requests.get(f"{base}/api/articles", timeout=10).json()["total"] == LIMIT
    assert redis.Redis.from_url(redis_url).keys("LIMITS:*")  # the counts were in Redis


def test_memory_storage_counts_per_worker(tmp_path):
    """Why the README recommends Redis for several workers: each worker allows LIMIT."""
    env = dict(WORKER_LOG, NEWSREADER_PRERENDER="0", NEWSREADER_WRITE_LIMIT=f"{LIMIT} per minute")
    with gunicorn(tmp_path, workers=2, **env) as base:
        succeeded, per_worker = successes_with_both_workers_busy(tmp_path, base)
        assert succeeded == 2 * LIMIT, per_worker
