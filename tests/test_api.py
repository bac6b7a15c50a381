"""The JSON API contract, with Flask's test client and the real extraction stage."""
from __future__ import annotations

import json

import pytest

from tests.databases import both_databases

pytestmark = both_databases  # every test on SQLite and on PostgreSQL
FIELDS = {"id", "title", "byline", "published", "language", "page_url", "audio_url", "sections"}
SECTION_FIELDS = {"index", "heading", "text", "audio_url", "duration_s"}


def post(client, payload):
    return client.post("/api/articles", json=payload)


def test_create_from_html_returns_the_article(client, upi_html, upi_expected):
    resp = post(client, {"html": upi_html})
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert FIELDS <= body.keys()
    assert body["title"] == upi_expected["title"]
    assert body["byline"] == upi_expected["byline"]
    assert body["published"] == upi_expected["published"]
    assert body["language"] == "en"
    assert body["page_url"].endswith(f"/articles/{body['id']}")
    assert body["audio_url"].endswith(".mp3")
    assert resp.headers["Location"].endswith(f"/api/articles/{body['id']}")
    paragraphs = [p for s in body["sections"] for p in s["text"].split("\n\n")]
    assert paragraphs == upi_expected["paragraphs"]
    for i, section in enumerate(body["sections"]):
        assert SECTION_FIELDS <= section.keys()
        assert section["index"] == i
        assert section["heading"]
        assert section["audio_url"].endswith(".mp3")


def test_same_article_again_gives_same_id_with_200(client, upi_html):
    first = post(client, {"html": upi_html})
    again = post(client, {"html": upi_html})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["id"] == again.get_json()["id"]
    assert client.get("/api/articles").get_json()["total"] == 1


def test_voice_and_rate_make_a_different_article_and_audio(client, upi_text):
    a = post(client, {"text": upi_text}).get_json()
    b = post(client, {"text": upi_text, "rate": 250}).get_json()
    assert a["id"] != b["id"]
    assert b["rate"] == 250
    assert {s["audio_url"] for s in a["sections"]}.isdisjoint(s["audio_url"] for s in b["sections"])


def test_plain_text_article(client, upi_text, upi_expected):
    body = post(client, {"text": upi_text}).get_json()
    assert body["title"] == upi_expected["title"]
    assert body["byline"] == upi_expected["byline"]
    spoken = json.dumps(body)
    for phrase in upi_expected["never_spoken"]:
        assert phrase not in spoken.replace(upi_expected["title"], "")


OTHER = ("Town council votes to rebuild the old bridge\n\nBy Ana Lima\n\n"
         + "The council voted on Tuesday to rebuild the bridge over the river before winter. " * 6)


def test_get_and_list_newest_first_with_pages(client, upi_html):
    a = post(client, {"html": upi_html}).get_json()
    b = post(client, {"text": OTHER}).get_json()
    assert client.get(f"/api/articles/{a['id']}").get_json() == a
    page1 = client.get("/api/articles?per_page=1").get_json()
    assert page1["total"] == 2 and [x["id"] for x in page1["articles"]] == [b["id"]]
    assert "page=2" in page1["next"]
    page2 = client.get("/api/articles?per_page=1&page=2").get_json()
    assert [x["id"] for x in page2["articles"]] == [a["id"]] and "next" not in page2


def test_unknown_article_is_404_json(client):
    resp = client.get("/api/articles/doesnotexist")
    assert resp.status_code == 404
    assert resp.get_json()["error"]["message"]


def test_healthz_reports_the_database(client, database):
    resp = client.get("/healthz")
    kind = "postgresql" if database else "sqlite"
    assert resp.status_code == 200 and resp.get_json() == {
        "status": "ok", "database": {"kind": kind, "status": "ok"},
        "audio_store": {"kind": "files", "reachable": True, "status": "ok"}}


@pytest.mark.parametrize("payload, field", [
    ({}, "text"),
    ({"text": "   "}, "text"),
    ({"html": 42}, "text"),
    ({"html": "<p>x</p>", "text": "x"}, "text"),
    ({"text": "Some words here.", "rate": 20}, "rate"),
    ({"text": "Some words here.", "rate": "fast"}, "rate"),
    ({"text": "Some words here.", "rate": 901}, "rate"),  # the top is 900 (fast rates)
    ({"text": "Some words here.", "voice": "<script>"}, "voice"),
])
def test_bad_input_is_422_with_the_field(client, payload, field):
    resp = post(client, payload)
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["message"] and error["field"] == field
    assert client.get("/api/articles").get_json()["total"] == 0


def test_unknown_voice_is_422(client, upi_text):
    resp = post(client, {"text": upi_text, "voice": "xx-nonexistent"})
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "voice"


def test_no_article_body_is_422(client):
    resp = post(client, {"html": "<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>"})
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "no_article"
    assert client.get("/api/articles").get_json()["total"] == 0


def test_not_json_is_422(client):
    resp = client.post("/api/articles", data="html=<p>hi</p>", content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 422


def test_body_over_the_limit_is_413(client, app):
    big = "word " * (app.config["MAX_CONTENT_LENGTH"] // 4)
    resp = post(client, {"text": big})
    assert resp.status_code == 413
    assert "larger" in resp.get_json()["error"]["message"]
    assert client.get("/api/articles").get_json()["total"] == 0


def test_private_url_refused_by_default(client):
    resp = post(client, {"url": "http://127.0.0.1:9/article"})
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "url_refused"


def test_non_http_url_refused(client):
    resp = post(client, {"url": "file:///etc/passwd"})
    assert resp.status_code == 422
