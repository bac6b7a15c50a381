"""Articles by URL: fetched from a real local server (private fetching switched on for the test)."""
from __future__ import annotations

import pytest

from tests.local_server import serve_routes

HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture
def routes(upi_html):
    return {
        "/story": (200, HTML, upi_html.encode()),
        "/moved": (301, {"Location": "/story"}, b""),
        "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG...."),
        "/huge": (200, HTML, b"<p>" + b"a" * 300_000 + b"</p>"),
        "/loop": (302, {"Location": "/loop"}, b""),
    }


@pytest.fixture
def fetch_client(app):
    app.config.update(FETCH_ALLOW_PRIVATE=True, FETCH_MAX_BYTES=200_000)
    return app.test_client()


def test_url_article_is_fetched_and_extracted(fetch_client, routes, upi_expected):
    with serve_routes(routes) as base:
        resp = fetch_client.post("/api/articles", json={"url": f"{base}/story"})
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["title"] == upi_expected["title"]
    assert body["source_url"] == f"{base}/story"


def test_redirect_is_followed(fetch_client, routes, upi_expected):
    with serve_routes(routes) as base:
        resp = fetch_client.post("/api/articles", json={"url": f"{base}/moved"})
    assert resp.status_code == 201
    assert resp.get_json()["source_url"].endswith("/story")


@pytest.mark.parametrize("path, words", [
    ("/missing", "404"), ("/image", "image/png"), ("/huge", "larger"), ("/loop", "redirects"),
])
def test_unfetchable_url_is_502_with_reason(fetch_client, routes, path, words):
    with serve_routes(routes) as base:
        resp = fetch_client.post("/api/articles", json={"url": f"{base}{path}"})
    assert resp.status_code == 502
    assert words in resp.get_json()["error"]["message"]
    assert fetch_client.get("/api/articles").get_json()["total"] == 0


def test_unreachable_host_is_502(fetch_client):
    resp = fetch_client.post("/api/articles", json={"url": "http://127.0.0.1:9/nothing-listens-here"})
    assert resp.status_code == 502
