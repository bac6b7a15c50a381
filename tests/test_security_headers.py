"""Every response carries the security headers: pages, JSON, errors, static files, audio."""
from __future__ import annotations

import pytest

WANT = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
CSP_PARTS = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
             "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]


def assert_secure(resp):
    for name, value in WANT.items():
        assert resp.headers.get(name) == value, (name, resp.headers.get(name))
    csp = resp.headers["Content-Security-Policy"]
    directives = [d.strip() for d in csp.split(";")]
    for part in CSP_PARTS:
        assert part in directives, part
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "*" not in csp


@pytest.mark.parametrize("method, path", [
    ("get", "/"), ("get", "/healthz"), ("get", "/api/articles"), ("get", "/api/articles/nope"),
    ("get", "/articles/nope"), ("get", "/static/site.css"), ("get", "/audio/" + "0" * 32 + ".mp3"),
    ("get", "/no/such/route"), ("post", "/api/articles"), ("delete", "/healthz"),
])
def test_every_response_has_the_headers(client, method, path):
    assert_secure(getattr(client, method)(path))


def test_article_page_and_its_audio_have_the_headers(client):
    resp = client.post("/api/articles", json={"text": "A title\n\nOne paragraph of the story, long enough to keep."})
    assert resp.status_code == 201
    assert_secure(resp)
    assert_secure(client.get(f"/articles/{resp.get_json()['id']}"))
