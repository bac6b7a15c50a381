"""A pronunciation entry, added through the API, changes what eSpeak NG speaks in the sections
that contain its written form, and only there: their audio gets a new key and is rendered
again; every other section's file stays as it was (same path, same bytes, same mtime)."""
from __future__ import annotations

import os

from service.speech.phonemes import spoken_phonemes
from service.speech.timing import SpokenText
from service.speech.pronounce import Entry
from tests.databases import both_databases
from tests.feed_helpers import RATE, make_app

pytestmark = both_databases  # the re-keying's SQL on SQLite and PostgreSQL

ARTICLE = ("<html><body><article><h1>Council report</h1>"
           "<h2>The vote</h2><p>Councillor Nguyen voted for the plan on Tuesday evening.</p>"
           "<h2>The budget</h2><p>The budget for roads and schools was agreed after a long debate.</p>"
           "</article></body></html>")


def key_of(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".mp3")


def snapshot(cache, key: str) -> tuple[str, bytes, int]:
    path = cache.path(key)
    with open(path, "rb") as f:
        return path, f.read(), os.stat(path).st_mtime_ns


def test_an_entry_rerenders_only_the_sections_it_touches(tmp_path):
    app = make_app(tmp_path)
    client, cache = app.test_client(), app.extensions["newsreader"]["cache"]
    article = client.post("/api/articles", json={"html": ARTICLE, "rate": RATE}).json
    vote, budget = article["sections"]
    assert "Nguyen" in vote["text"] and "Nguyen" not in budget["text"]
    for section in (vote, budget):
        assert client.get(section["audio_url"]).status_code == 200
    old_vote, kept = key_of(vote["audio_url"]), snapshot(cache, key_of(budget["audio_url"]))
    old_audio = snapshot(cache, old_vote)[1]

    resp = client.post("/api/pronunciations", json={"written": "Nguyen", "say": "[[w'In]]"})
    assert resp.status_code == 201, resp.json

    after = client.get(f"/api/articles/{article['id']}").json
    new_vote, new_budget = after["sections"]
    assert key_of(new_vote["audio_url"]) != old_vote and new_vote["state"] == "pending"
    assert key_of(new_budget["audio_url"]) == key_of(budget["audio_url"])
    assert key_of(after["audio_url"]) != key_of(article["audio_url"])  # the whole article holds the vote
    assert not os.path.exists(cache.path(old_vote))  # no article uses the old file any more

    # what eSpeak speaks for the vote's text now: "w'In" where it said "n'u:jEn"
    before_said = spoken_phonemes(SpokenText(vote["text"], "en").text)
    now_said = spoken_phonemes(SpokenText(vote["text"], "en", [Entry("Nguyen", "[[w'In]]")]).text)
    assert "n'u:jEn" in before_said and "w'In" not in before_said
    assert "w'In" in now_said and "n'u:jEn" not in now_said

    assert client.get(new_vote["audio_url"]).status_code == 200  # rendered with the entry
    assert snapshot(cache, key_of(new_vote["audio_url"]))[1] != old_audio
    assert client.get(after["audio_url"]).status_code == 200  # the whole article reuses both
    assert snapshot(cache, key_of(budget["audio_url"])) == kept

    assert client.delete(resp.json["url"]).status_code == 204
    restored = client.get(f"/api/articles/{article['id']}").json["sections"]
    assert key_of(restored[0]["audio_url"]) == old_vote  # back to the key it had
    assert snapshot(cache, key_of(restored[1]["audio_url"])) == kept


def test_an_entry_for_another_language_changes_no_key(tmp_path):
    app = make_app(tmp_path)
    client = app.test_client()
    article = client.post("/api/articles", json={"html": ARTICLE, "rate": RATE}).json
    assert client.post("/api/pronunciations", json={"written": "Nguyen", "say": "win", "language": "de"}).status_code == 201
    after = client.get(f"/api/articles/{article['id']}").json
    assert [s["audio_url"] for s in after["sections"]] == [s["audio_url"] for s in article["sections"]]
    assert after["audio_url"] == article["audio_url"]


def test_a_new_article_is_planned_with_the_dictionary(tmp_path):
    client = make_app(tmp_path).test_client()
    plain = client.post("/api/articles", json={"html": ARTICLE, "rate": RATE}).json
    client.delete(f"/api/articles/{plain['id']}")
    client.post("/api/pronunciations", json={"written": "Nguyen", "say": "win"})
    again = client.post("/api/articles", json={"html": ARTICLE, "rate": RATE}).json
    assert again["sections"][0]["audio_url"] != plain["sections"][0]["audio_url"]
    assert again["sections"][1]["audio_url"] == plain["sections"][1]["audio_url"]


def test_a_change_leaves_keys_from_older_code_alone(tmp_path):
    """A track stored under another key than today's plan (made by an older engine) keeps it when
    a change does not touch its text: only what the change moves is re-keyed."""
    app = make_app(tmp_path)
    client, db = app.test_client(), app.extensions["newsreader"]["db"]
    article = client.post("/api/articles", json={"html": ARTICLE, "rate": RATE}).json
    older = "0" * 32
    db.set_track_keys(article["id"], {1: older})
    client.post("/api/pronunciations", json={"written": "Nguyen", "say": "win"})
    tracks = db.tracks(article["id"])
    assert tracks[1]["key"] == older
    assert tracks[0]["key"] != key_of(article["sections"][0]["audio_url"])
