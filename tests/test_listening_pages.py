"""The queue for people, with the test client: the forms on the index, the player page and
/queue change the queue with no script (303 back to where they were), the listened filter on the
index, CSRF on every form, the session unlock when NEWSREADER_API_TOKEN is set, and the queue as
a podcast feed in its order, read by feedparser and podcastparser."""
from __future__ import annotations

import io
import re

import feedparser
import podcastparser
import pytest

from tests.feed_helpers import add, make_app, short_article
from tests.form_helpers import csrf_token

TOKEN = "queue-pages-token-0123456789abcdef"


@pytest.fixture
def ids(client) -> list[str]:
    return [add(client, n, render=False)["id"] for n in range(3)]


def order(client) -> list[str]:
    return [e["article"]["id"] for e in client.get("/api/queue").get_json()["queue"]]


def post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client), **data})


def entry_ids(html: str) -> list[str]:
    return re.findall(r'<li id="entry-([0-9a-f]+)"', html)


def test_adding_from_the_index_and_the_player_page_returns_there(client, ids):
    a, b, _ = ids
    resp = post(client, "/queue", article_id=a, back="index")
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/")
    resp = post(client, "/queue", article_id=b, back="article")
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"/articles/{b}")
    assert order(client) == [a, b]
    index = client.get("/").text
    assert index.count("In the queue, number") == 2 and index.count(">Add to the queue</button>") == 1
    page = client.get(f"/articles/{b}").text
    assert "In the queue, number 2." in page and 'id="queue-add"' not in page
    page_a = client.get(f"/articles/{a}").text
    assert re.search(rf'Up next: <a id="up-next" href="[^"]*/articles/{b}"', page_a)
    assert f'data-next="http://localhost/articles/{b}"' in page_a


def test_the_queue_page_moves_and_removes_with_forms(client, ids):
    a, b, c = ids
    for x in ids:
        post(client, "/queue", article_id=x)
    html = client.get("/queue").text
    assert entry_ids(html) == [a, b, c]
    assert html.count(">Move up</button>") == 2 and html.count(">Move down</button>") == 2  # not at the ends
    resp = post(client, f"/queue/{c}/move", direction="up", done="moved")
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"?done=moved&id={c}#entry-{c}")
    assert order(client) == [a, c, b]
    moved = client.get(resp.headers["Location"]).text
    assert "Moved: Story number 2 headline" in moved and entry_ids(moved) == [a, c, b]
    post(client, f"/queue/{a}/move", direction="down")
    assert order(client) == [c, a, b]
    post(client, f"/queue/{a}/remove", done="removed")
    assert order(client) == [c, b]
    assert entry_ids(client.get("/queue").text) == [c, b]


def test_bad_form_input_is_refused_and_changes_nothing(client, ids):
    post(client, "/queue", article_id=ids[0])
    assert post(client, f"/queue/{ids[0]}/move", direction="sideways").status_code == 422
    assert post(client, "/queue", article_id="nope").status_code == 404
    assert post(client, f"/queue/{ids[1]}/move", direction="up").status_code == 404  # not queued
    assert post(client, "/queue/nope/remove").status_code == 404
    assert client.post("/queue", data={"article_id": ids[1]}).status_code == 400  # no CSRF token
    assert client.post(f"/queue/{ids[0]}/remove", data={}).status_code == 400
    assert order(client) == [ids[0]]


def test_the_listened_form_and_the_index_filter(client, ids):
    a, b, c = ids
    resp = post(client, f"/articles/{a}/listened", back="article")
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"/articles/{a}")
    listened = client.get("/?listened=true").text
    assert "Story number 0 headline" in listened and "Story number 1 headline" not in listened
    assert 'aria-current="page">Listened<' in listened
    unheard = client.get("/?listened=false").text
    assert "Story number 0 headline" not in unheard and "Story number 2 headline" in unheard
    assert client.get("/?listened=maybe").status_code == 422
    assert post(client, "/articles/nope/listened").status_code == 404


def test_with_an_access_token_the_queue_is_unlocked_once_per_session(tmp_path):
    client = make_app(tmp_path, API_TOKEN=TOKEN).test_client()
    article = client.post("/api/articles", json=short_article(1),
                          headers={"Authorization": f"Bearer {TOKEN}"}).get_json()["id"]
    assert ">Add to the queue</button>" not in client.get("/").text
    assert 'id="token"' in client.get("/queue").text
    assert post(client, "/queue", article_id=article).status_code == 403
    assert post(client, f"/articles/{article}/listened").status_code == 403
    wrong = post(client, "/queue/unlock", token="nope")
    assert wrong.status_code == 403 and "not right" in wrong.text
    assert post(client, "/queue", article_id=article).status_code == 403
    assert order(client) == []
    assert post(client, "/queue/unlock", token=TOKEN).status_code == 303
    assert ">Add to the queue</button>" in client.get("/").text
    assert post(client, "/queue", article_id=article).status_code == 303
    assert order(client) == [article]
    other = make_app(tmp_path, API_TOKEN=TOKEN).test_client()  # another visitor: still locked
    assert post(other, f"/queue/{article}/remove").status_code == 403
    assert post(other, f"/queue/{article}/move", direction="down").status_code == 403
    assert "Unlock the queue" in post(other, "/queue", article_id=article).text
    assert order(client) == [article]


def test_the_queue_feed_lists_ready_articles_in_queue_order(client):
    a, b, c = (add(client, n)["id"] for n in range(3))
    pending = add(client, 3, render=False)["id"]
    for x in (c, pending, a, b):
        post(client, "/queue", article_id=x)
    xml = client.get("/queue/feed.xml")
    assert xml.status_code == 200 and xml.content_type.startswith("application/rss+xml")
    parsed = feedparser.parse(xml.data)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.itunes_type == "serial"
    assert [e.link.rsplit("/", 1)[-1] for e in parsed.entries] == [c, a, b]
    assert [e.itunes_episode for e in parsed.entries] == ["1", "2", "3"]
    podcast = podcastparser.parse("http://localhost/queue/feed.xml", io.BytesIO(xml.data))
    oldest_first = sorted(podcast["episodes"], key=lambda e: e["published"])  # as apps play a serial
    assert [e["link"].rsplit("/", 1)[-1] for e in oldest_first] == [c, a, b]
    assert [e["number"] for e in oldest_first] == [1, 2, 3]
    assert all(e["enclosures"][0]["url"].endswith(".mp3") for e in podcast["episodes"])
    again = client.get("/queue/feed.xml", headers={"If-None-Match": xml.headers["ETag"]})
    assert again.status_code == 304
    post(client, f"/queue/{b}/move", direction="up")
    moved = client.get("/queue/feed.xml", headers={"If-None-Match": xml.headers["ETag"]})
    assert moved.status_code == 200
    assert [e.link.rsplit("/", 1)[-1] for e in feedparser.parse(moved.data).entries] == [c, b, a]


def test_the_listening_token_is_on_the_queue_page_and_in_its_feed_links(client, app):
    a = add(client, 1)["id"]
    post(client, "/queue", article_id=a)
    token = app.extensions["newsreader"]["listening"].token()
    html = client.get("/queue").text
    assert f'<code id="listening-token">{token}</code>' in html
    assert f"/articles/{a}?listen={token}" in html and f"/queue/feed.xml?listen={token}" in html
    entries = feedparser.parse(client.get(f"/queue/feed.xml?listen={token}").data).entries
    assert [e.link for e in entries] == [f"http://localhost/articles/{a}?listen={token}"]
    assert feedparser.parse(client.get("/queue/feed.xml").data).entries[0].link == f"http://localhost/articles/{a}"
    assert client.get("/queue/feed.xml?listen=wrong").status_code == 404


def test_a_locked_queue_page_shows_no_listening_token(tmp_path):
    client = make_app(tmp_path, API_TOKEN=TOKEN).test_client()
    assert 'id="listening-token"' not in client.get("/queue").text
