"""Sending pages in: the bookmarklet's post (its key, bad input), the Web App Manifest linked
from every page with its share_target, and the share page that fills in the form."""
from __future__ import annotations

import json
import re
from html import unescape

import pytest

from tests.feed_helpers import make_app
from tests.form_helpers import csrf_token
from tests.source_server import story_page

TOKEN = "correct-horse-battery-staple-0123456789"
PAGE = story_page("Council votes to rebuild the bridge").decode()


def bookmarklet(client) -> str:
    match = re.search(r'id="bookmarklet" href="([^"]+)"', client.get("/sources").get_data(as_text=True))
    assert match, "no bookmarklet on /sources"
    return unescape(match.group(1))


def key_of(code: str) -> str:
    return re.search(r"\['key',\"([0-9a-f]+)\"\]", code).group(1)


def total(client) -> int:
    return client.get("/api/articles").get_json()["total"]


def test_the_bookmarklet_posts_the_page_to_send(client):
    code = bookmarklet(client)
    assert code.startswith("javascript:") and '"http://localhost/send"' in code
    assert "document.documentElement.outerHTML" in code and "location.href" in code
    resp = client.post("/send", data={"html": PAGE, "url": "https://news.example.org/bridge", "key": key_of(code)})
    assert resp.status_code == 303
    article_id = resp.headers["Location"].rsplit("/", 1)[-1]
    article = client.get(f"/api/articles/{article_id}").get_json()
    assert article["title"] == "Council votes to rebuild the bridge"
    assert article["source_url"] == "https://news.example.org/bridge"


@pytest.mark.parametrize("key", ["", "0" * 32, "nope"])
def test_a_post_without_the_key_is_refused(client, key):
    resp = client.post("/send", data={"html": PAGE, "url": "https://news.example.org/bridge", "key": key})
    assert resp.status_code == 403 and "not (or no longer) valid" in resp.get_data(as_text=True)
    assert total(client) == 0


@pytest.mark.parametrize("data, status", [
    ({"html": PAGE, "url": "javascript:alert(1)"}, 422),
    ({"html": PAGE}, 422),
    ({"html": "", "url": "https://news.example.org/x"}, 422),
])
def test_bad_input_to_send_is_422(client, data, status):
    resp = client.post("/send", data={"key": key_of(bookmarklet(client)), **data})
    assert resp.status_code == status
    assert total(client) == 0


@pytest.fixture
def locked(tmp_path):
    return make_app(tmp_path, API_TOKEN=TOKEN).test_client()


def test_with_a_token_the_bookmarklet_is_given_for_the_token(locked, client):
    page = locked.get("/sources").get_data(as_text=True)
    assert 'id="bookmarklet"' not in page and 'id="token-send"' in page
    token = csrf_token(locked, "/sources")
    wrong = locked.post("/send/bookmarklet", data={"csrf_token": token, "token": "nope"})
    assert wrong.status_code == 403 and 'id="token-send-error"' in wrong.get_data(as_text=True)
    right = locked.post("/send/bookmarklet", data={"csrf_token": token, "token": TOKEN})
    code = unescape(re.search(r'id="bookmarklet" href="([^"]+)"', right.get_data(as_text=True)).group(1))
    assert key_of(code) != key_of(bookmarklet(client))  # the key stands for the token
    resp = locked.post("/send", data={"html": PAGE, "url": "https://news.example.org/b", "key": key_of(code)})
    assert resp.status_code == 303


def test_the_manifest_declares_a_share_target(client):
    resp = client.get("/manifest.webmanifest")
    assert resp.status_code == 200 and resp.mimetype == "application/manifest+json"
    manifest = json.loads(resp.data)
    assert manifest["name"] and manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["share_target"] == {"action": "/share", "method": "GET",
                                        "params": {"title": "title", "text": "text", "url": "url"}}
    icon, = manifest["icons"]
    assert client.get(icon["src"]).status_code == 200


def test_every_page_links_the_manifest(client):
    client.post("/api/articles", json={"html": PAGE})
    article_id = client.get("/api/articles").get_json()["articles"][0]["id"]
    for path in ("/", "/sources", f"/articles/{article_id}", "/share?url=https://a.example/", "/no-such-page"):
        assert '<link rel="manifest" href="/manifest.webmanifest">' in client.get(path).get_data(as_text=True), path


@pytest.mark.parametrize("query, field, value", [
    ("url=https://news.example.org/bridge", "url", "https://news.example.org/bridge"),
    ("title=Bridge&text=Read+this+https://news.example.org/bridge+now", "url", "https://news.example.org/bridge"),
    ("text=Just+some+words", "content", "Just some words"),
])
def test_a_share_fills_in_the_form_and_writes_nothing(client, query, field, value):
    page = client.get(f"/share?{query}").get_data(as_text=True)
    if field == "url":
        assert f'name="url" value="{value}"' in page
    else:
        assert f">{value}</textarea>" in page
    assert total(client) == 0
