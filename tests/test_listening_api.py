"""The listening queue's JSON API against the real app: queueing, reordering, removing, the
listened mark and its filter on the article list, positions under the listening token, bad
input (422), unknown articles (404), and the access token (NEWSREADER_API_TOKEN) on writes."""
from __future__ import annotations

import pytest

from tests.databases import both_databases
from tests.feed_helpers import add, make_app, short_article

pytestmark = both_databases
TOKEN = "queue-test-token-0123456789abcdef"
RIGHT = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def ids(client) -> list[str]:
    return [add(client, n, render=False)["id"] for n in range(3)]


def order(client) -> list[str]:
    return [e["article"]["id"] for e in client.get("/api/queue").get_json()["queue"]]


def test_queue_add_move_and_remove(client, ids):
    a, b, c = ids
    assert client.get("/api/queue").get_json() == {"queue": []}
    for x in (a, b, c):
        assert client.post("/api/queue", json={"article_id": x}).status_code == 201
    again = client.post("/api/queue", json={"article_id": a})
    assert again.status_code == 200 and order(client) == [a, b, c]
    body = client.put(f"/api/queue/{c}", json={"position": 0}).get_json()
    assert [(e["position"], e["article"]["id"]) for e in body["queue"]] == [(0, c), (1, a), (2, b)]
    assert body["queue"][0]["article"]["title"] == "Story number 2 headline"
    assert client.delete(f"/api/queue/{a}").status_code == 204
    assert order(client) == [c, b]
    assert client.post("/api/queue", json={"article_id": a, "position": 0}).status_code == 201
    assert order(client) == [a, c, b]


@pytest.mark.parametrize("body, field", [
    ({}, "article_id"), ({"article_id": 5}, "article_id"), ({"article_id": ""}, "article_id"),
    ({"article_id": "ID", "position": -1}, "position"), ({"article_id": "ID", "position": "1"}, "position"),
    ({"article_id": "ID", "position": True}, "position"), ({"article_id": "ID", "position": 1.5}, "position"),
])
def test_bad_queue_input_is_422_and_stores_nothing(client, ids, body, field):
    body = {k: (ids[0] if v == "ID" else v) for k, v in body.items()}
    resp = client.post("/api/queue", json=body)
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["field"] == field
    assert order(client) == []


def test_non_json_bodies_are_422(client, ids):
    assert client.post("/api/queue", data="article_id=x").status_code == 422
    assert client.post("/api/queue", json=[ids[0]]).status_code == 422
    client.post("/api/queue", json={"article_id": ids[0]})
    assert client.put(f"/api/queue/{ids[0]}", json={}).status_code == 422
    assert client.put(f"/api/queue/{ids[0]}", data="x").status_code == 422


def test_unknown_articles_are_404(client, ids):
    assert client.post("/api/queue", json={"article_id": "nope"}).status_code == 404
    assert client.put("/api/queue/nope", json={"position": 0}).status_code == 404
    assert client.put(f"/api/queue/{ids[0]}", json={"position": 0}).status_code == 404  # not queued
    assert client.delete(f"/api/queue/{ids[0]}").status_code == 404
    resp = client.post("/api/articles/nope/listened")
    assert resp.status_code == 404 and "nope" in resp.get_json()["error"]["message"]


def test_listened_mark_and_filter(client, ids):
    a, b, c = ids
    assert client.post(f"/api/articles/{a}/listened").get_json() == {"id": a, "listened": True}
    client.post(f"/api/articles/{c}/listened", json={"listened": True})
    listed = client.get("/api/articles").get_json()["articles"]
    assert {x["id"]: x["listened"] for x in listed} == {a: True, b: False, c: True}
    done = client.get("/api/articles?listened=true").get_json()
    assert {x["id"] for x in done["articles"]} == {a, c} and done["total"] == 2
    assert [x["id"] for x in client.get("/api/articles?listened=false").get_json()["articles"]] == [b]
    client.post(f"/api/articles/{c}/listened", json={"listened": False})
    assert client.get("/api/articles?listened=true").get_json()["total"] == 1
    paged = client.get("/api/articles?listened=false&per_page=1").get_json()
    assert "listened=false" in paged["next"]


@pytest.mark.parametrize("query", ["yes", "1", ""])
def test_a_bad_listened_filter_is_422(client, ids, query):
    resp = client.get(f"/api/articles?listened={query}")
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "listened"


@pytest.mark.parametrize("body", [{"listened": "yes"}, {"listened": 1}, ["x"]])
def test_a_bad_listened_mark_is_422(client, ids, body):
    assert client.post(f"/api/articles/{ids[0]}/listened", json=body).status_code == 422
    assert client.get("/api/articles?listened=true").get_json()["total"] == 0


def test_positions_need_the_listening_token(client, app, ids):
    token = app.extensions["newsreader"]["listening"].token()
    url = f"/api/positions/{ids[0]}"
    assert client.put(url, json={"seconds": 5}).status_code == 404
    assert client.put(f"{url}?token=wrong", json={"seconds": 5}).status_code == 404
    assert client.get(f"{url}?token={token}").status_code == 404  # nothing stored yet
    assert client.put(f"{url}?token={token}", json={"seconds": 61.5}).get_json() == {"id": ids[0], "seconds": 61.5}
    got = client.get(f"{url}?token={token}").get_json()
    assert got["seconds"] == 61.5 and got["updated_at"] > 0
    assert client.get(f"{url}?token=wrong").status_code == 404
    for bad in ({"seconds": -1}, {"seconds": "5"}, {}, {"seconds": True}):
        assert client.put(f"{url}?token={token}", json=bad).status_code == 422
    assert client.get(f"{url}?token={token}").get_json()["seconds"] == 61.5
    assert client.put(f"/api/positions/nope?token={token}", json={"seconds": 1}).status_code == 404


def test_queue_writes_need_the_access_token(tmp_path):
    locked = make_app(tmp_path, API_TOKEN=TOKEN).test_client()
    article = locked.post("/api/articles", json=short_article(1), headers=RIGHT).get_json()["id"]
    writes = [("post", "/api/queue", {"article_id": article}), ("put", f"/api/queue/{article}", {"position": 0}),
              ("delete", f"/api/queue/{article}", None), ("post", f"/api/articles/{article}/listened", None)]
    for method, url, body in writes:
        for headers in ({}, {"Authorization": "Bearer wrong"}):
            resp = getattr(locked, method)(url, json=body, headers=headers)
            assert resp.status_code == 401, (method, url, headers)
    assert locked.get("/api/queue").get_json() == {"queue": []}  # reading is public
    assert locked.get("/api/articles?listened=true").get_json()["total"] == 0
    assert locked.post("/api/queue", json={"article_id": article}, headers=RIGHT).status_code == 201
    assert locked.put(f"/api/queue/{article}", json={"position": 0}, headers=RIGHT).status_code == 200
    assert locked.post(f"/api/articles/{article}/listened", headers=RIGHT).status_code == 200
    assert locked.delete(f"/api/queue/{article}", headers=RIGHT).status_code == 204
