"""The followed-sources API and page: adding by URL or OPML, listing, deleting; bad input is 422
and stores nothing; writes need NEWSREADER_API_TOKEN when one is set; the page's forms work
without JavaScript; each source's podcast feed lists its own stories (read with feedparser)."""
from __future__ import annotations

import feedparser
import pytest

from service.sources.poll import Poller
from tests.databases import both_databases
from tests.feed_helpers import add, make_app
from tests.form_helpers import csrf_token
from tests.source_server import news_site
from tests.test_sources_parse import OPML

pytestmark = both_databases
TOKEN = "correct-horse-battery-staple-0123456789"
FEED = "https://news.example.org/feed.xml"


def sources(client) -> list[dict]:
    return client.get("/api/sources").get_json()["sources"]


def test_add_list_get_and_delete_a_source(client):
    resp = client.post("/api/sources", json={"url": FEED})
    assert resp.status_code == 201, resp.get_json()
    source, = resp.get_json()["sources"]
    assert source["url"] == FEED and source["tag"] == f"source-{source['id']}"
    assert source["feed_url"].endswith(f"/sources/{source['id']}/feed.xml")
    assert source["last_ok"] is None and source["failures"] == 0
    assert resp.headers["Location"].endswith(f"/api/sources/{source['id']}")
    again = client.post("/api/sources", json={"url": FEED})
    assert again.status_code == 200 and again.get_json()["created"] == 0
    assert [s["id"] for s in sources(client)] == [source["id"]]
    assert client.get(f"/api/sources/{source['id']}").get_json()["url"] == FEED
    assert client.delete(f"/api/sources/{source['id']}").status_code == 204
    assert sources(client) == []
    assert client.delete(f"/api/sources/{source['id']}").status_code == 404
    assert client.get(f"/api/sources/{source['id']}").status_code == 404


@pytest.mark.parametrize("send", [
    lambda c: c.post("/api/sources", data=OPML, content_type="text/x-opml"),
    lambda c: c.post("/api/sources", json={"opml": OPML.decode()}),
])
def test_an_opml_file_adds_each_feed(client, send):
    resp = send(client)
    assert resp.status_code == 201 and resp.get_json()["created"] == 2
    assert [(s["url"], s["title"]) for s in sources(client)] == [
        ("http://a.example/feed.xml", "Valley News"), ("http://b.example/atom.xml", "Hill Times")]


@pytest.mark.parametrize("kwargs, words", [
    ({"json": {}}, "feed's address"),
    ({"json": {"url": "ftp://news.example.org/feed"}}, "http and https"),
    ({"json": {"url": "https://user:pw@news.example.org/feed"}}, "user name or password"),
    ({"json": {"url": "https://news.example.org/" + "a" * 2000}}, "longer than"),
    ({"json": {"url": 5}}, "feed's address"),
    ({"json": ["not", "an", "object"]}, "send JSON"),
    ({"data": "url=https://x.example/feed", "content_type": "application/x-www-form-urlencoded"}, "send JSON"),
    ({"json": {"opml": "<opml><body/></opml>"}}, "lists no feeds"),
    ({"json": {"opml": "<rss/>"}}, "not an OPML file"),
    ({"data": OPML.replace(b"http://b.example", b"file:///etc"), "content_type": "text/x-opml"}, "http and https"),
])
def test_bad_input_is_422_and_stores_nothing(client, kwargs, words):
    resp = client.post("/api/sources", **kwargs)
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["code"] == "invalid_input"
    assert words in resp.get_json()["error"]["message"]
    assert sources(client) == []


@pytest.fixture
def locked(tmp_path):
    return make_app(tmp_path, API_TOKEN=TOKEN).test_client()


def test_writes_need_the_token_and_reads_do_not(locked):
    assert locked.post("/api/sources", json={"url": FEED}).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert locked.post("/api/sources", json={"url": FEED}, headers=wrong).status_code == 401
    right = {"Authorization": f"Bearer {TOKEN}"}
    source, = locked.post("/api/sources", json={"url": FEED}, headers=right).get_json()["sources"]
    assert locked.get("/api/sources").status_code == 200 and locked.get("/sources").status_code == 200
    assert locked.delete(f"/api/sources/{source['id']}").status_code == 401
    assert locked.delete(f"/api/sources/{source['id']}", headers=wrong).status_code == 401
    assert len(sources(locked)) == 1
    assert locked.delete(f"/api/sources/{source['id']}", headers=right).status_code == 204


def form(client, path, data, **kwargs):
    return client.post(path, data={"csrf_token": csrf_token(client, "/sources"), **data}, **kwargs)


def test_the_page_follows_and_stops_following_without_javascript(client):
    assert "No sources yet." in client.get("/sources").get_data(as_text=True)
    resp = form(client, "/sources", {"url": FEED})
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/sources")
    page = client.get("/sources").get_data(as_text=True)
    source, = sources(client)
    assert FEED in page and "Not read yet" in page and f"/sources/{source['id']}/feed.xml" in page
    assert form(client, f"/sources/{source['id']}/delete", {}).status_code == 303
    assert sources(client) == []


def test_the_page_uploads_an_opml_file(client):
    import io

    resp = form(client, "/sources", {"opml": (io.BytesIO(OPML), "feeds.opml")},
                content_type="multipart/form-data")
    assert resp.status_code == 303
    assert len(sources(client)) == 2


def test_a_bad_address_in_the_form_is_422_at_its_field(client):
    resp = form(client, "/sources", {"url": "javascript:alert(1)"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'id="url-error"' in page and 'aria-invalid="true"' in page and "http and https" in page
    assert sources(client) == []


def test_the_page_form_needs_csrf_and_the_token(locked):
    assert locked.post("/sources", data={"url": FEED}).status_code == 400  # no CSRF token
    resp = form(locked, "/sources", {"url": FEED})
    assert resp.status_code == 403 and 'id="token-error"' in resp.get_data(as_text=True)
    assert form(locked, "/sources", {"url": FEED, "token": TOKEN}).status_code == 303
    source, = sources(locked)
    assert form(locked, f"/sources/{source['id']}/delete", {}).status_code == 403
    assert len(sources(locked)) == 1


def test_a_failing_source_says_why_on_the_page(app, client):
    app.config.update(FETCH_ALLOW_PRIVATE=True, SOURCES_HOST_INTERVAL_S=0)
    with news_site() as site:
        site.feed_status = 500
        client.post("/api/sources", json={"url": f"{site.base}/feed.xml"})
        Poller(app.extensions["newsreader"]["db"], app.config).poll_due()
    page = client.get("/sources").get_data(as_text=True)
    assert "Could not be read 1 times in a row" in page and "answered HTTP 500" in page
    source, = sources(client)
    assert source["failures"] == 1 and "HTTP 500" in source["last_error"]


def test_each_source_has_its_own_podcast_feed(app, client):
    app.config.update(FETCH_ALLOW_PRIVATE=True, SOURCES_HOST_INTERVAL_S=0, DEFAULT_RATE=450)
    add(client, 1, tags=["other"])  # an article from elsewhere: not in the source's feed
    with news_site() as site:
        site.add("bridge", "Council votes to rebuild the bridge")
        site.add("school", "New school opens in the valley")
        source, = client.post("/api/sources", json={"url": f"{site.base}/feed.xml"}).get_json()["sources"]
        result, = Poller(app.extensions["newsreader"]["db"], app.config).poll_due()
    for article_id in result.added:
        assert client.get(client.get(f"/api/articles/{article_id}").get_json()["audio_url"]).status_code == 200
    resp = client.get(f"/sources/{source['id']}/feed.xml")
    assert resp.status_code == 200 and resp.mimetype == "application/rss+xml"
    parsed = feedparser.parse(resp.data)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "newsreader: Valley News"
    assert sorted(e.title for e in parsed.entries) == ["Council votes to rebuild the bridge",
                                                       "New school opens in the valley"]
    assert all(e.enclosures[0].type == "audio/mpeg" for e in parsed.entries)
    assert client.get(f"/sources/{source['id']}/feed.xml", headers={"If-None-Match": resp.headers["ETag"]}).status_code == 304
    assert client.get("/sources/nope/feed.xml").status_code == 404
