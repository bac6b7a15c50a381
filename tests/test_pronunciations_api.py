"""The pronunciation dictionary's JSON API: add, read, change, delete; export as a file and
import one (every entry checked before any is written; merged by written form and language);
a preview that is real, decodable speech; 422 for bad input, 404 for unknown ids, and the API
token on every write. Storage runs on SQLite and PostgreSQL."""
from __future__ import annotations

import io
import json

import pytest

from tests.audio_check import decode_mp3
from tests.databases import both_databases
from tests.feed_helpers import make_app

pytestmark = both_databases

TOKEN = "s3cret-token"
NGUYEN = {"written": "Nguyen", "say": "win"}


@pytest.fixture
def api(tmp_path):
    return make_app(tmp_path).test_client()


def entries(api) -> list[dict]:
    return api.get("/api/pronunciations").json["pronunciations"]


def test_add_read_change_delete(api):
    resp = api.post("/api/pronunciations", json=dict(NGUYEN, language="en"))
    assert resp.status_code == 201
    entry = resp.json
    assert resp.headers["Location"] == entry["url"]
    assert {k: entry[k] for k in ("written", "say", "language", "whole_word", "case_sensitive")} == \
        {"written": "Nguyen", "say": "win", "language": "en", "whole_word": True, "case_sensitive": False}
    assert api.get(entry["url"]).json == entry

    changed = api.put(entry["url"], json={"written": "Nguyen", "say": "[[w'In]]", "case_sensitive": True})
    assert changed.status_code == 200
    assert changed.json["say"] == "[[w'In]]" and changed.json["case_sensitive"] and changed.json["language"] == ""
    assert [e["id"] for e in entries(api)] == [entry["id"]]

    assert api.delete(entry["url"]).status_code == 204
    assert api.get(entry["url"]).status_code == 404
    assert api.delete(entry["url"]).status_code == 404
    assert entries(api) == []


@pytest.mark.parametrize(("body", "field"), [
    ({"written": "", "say": "win"}, "written"),
    ({"written": "   ", "say": "win"}, "written"),
    ({"say": "win"}, "written"),
    ({"written": "Nguyen", "say": ""}, "say"),
    ({"written": "Nguyen", "say": "[[w'In"}, "say"),
    ({"written": "Nguyen", "say": "w'In]]"}, "say"),
    ({"written": "Nguyen", "say": "[[w[[In]]]]"}, "say"),
    ({"written": "Nguyen", "say": "win", "language": "xx-unknown"}, "language"),
    ({"written": "Nguyen", "say": "win", "whole_word": "yes"}, "whole_word"),
    ({"written": "x" * 201, "say": "win"}, "written"),
])
def test_bad_input_is_a_422_naming_the_field(api, body, field):
    resp = api.post("/api/pronunciations", json=body)
    assert resp.status_code == 422
    assert resp.json["error"]["code"] == "invalid_input" and resp.json["error"]["field"] == field
    assert entries(api) == []


def test_a_second_entry_for_the_same_form_and_language_is_refused(api):
    first = api.post("/api/pronunciations", json=NGUYEN).json
    assert api.post("/api/pronunciations", json=dict(NGUYEN, say="nwen")).status_code == 422
    assert api.post("/api/pronunciations", json=dict(NGUYEN, language="de")).status_code == 201
    other = api.post("/api/pronunciations", json={"written": "Dvořák", "say": "vorzhak"}).json
    assert api.put(other["url"], json=NGUYEN).status_code == 422  # would take the first's place
    assert first in entries(api) and other in entries(api) and len(entries(api)) == 3


def test_not_json_is_a_422(api):
    resp = api.post("/api/pronunciations", data="written=Nguyen", content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 422


def test_export_then_import_round_trips_and_merges(api, tmp_path):
    api.post("/api/pronunciations", json=NGUYEN)
    api.post("/api/pronunciations", json={"written": "Dvořák", "say": "vor zhak", "language": "cs"})
    resp = api.get("/api/pronunciations/export")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    assert resp.headers["Content-Disposition"] == 'attachment; filename="pronunciations.json"'
    exported = resp.json
    assert [e["written"] for e in exported["entries"]] == ["Dvořák", "Nguyen"]

    other = make_app(tmp_path / "other").test_client()
    other.post("/api/pronunciations", json=dict(NGUYEN, say="nwen"))  # replaced by the file's
    other.post("/api/pronunciations", json={"written": "Kyiv", "say": "keev"})  # kept
    upload = {"file": (io.BytesIO(json.dumps(exported).encode()), "pronunciations.json")}
    resp = other.post("/api/pronunciations/import", data=upload, content_type="multipart/form-data")
    assert resp.status_code == 200 and resp.json == {"imported": 2}
    assert {(e["written"], e["say"], e["language"]) for e in entries(other)} == {
        ("Nguyen", "win", ""), ("Dvořák", "vor zhak", "cs"), ("Kyiv", "keev", "")}
    # the same file again changes nothing
    assert other.post("/api/pronunciations/import", json=exported).json == {"imported": 2}
    assert len(entries(other)) == 3


@pytest.mark.parametrize("body", [
    b"not json",
    b'{"entries": "nope"}',
    json.dumps({"entries": [{"written": "Good", "say": "gud"}, {"written": "Bad", "say": "[[x"}]}).encode(),
    json.dumps({"entries": [{"written": "Twice", "say": "a"}, {"written": "Twice", "say": "b"}]}).encode(),
])
def test_a_bad_file_is_a_422_and_writes_nothing(api, body):
    api.post("/api/pronunciations", json=NGUYEN)
    before = entries(api)
    resp = api.post("/api/pronunciations/import", data=body, content_type="application/json")
    assert resp.status_code == 422 and resp.json["error"]["field"] == "file"
    assert entries(api) == before


def test_preview_is_the_entry_spoken(api):
    short = api.post("/api/pronunciations", json={"written": "BBC", "say": "bee"}).json
    long = api.post("/api/pronunciations", json={"written": "UN", "say": "the united nations general assembly"}).json
    audio = {}
    for entry in (short, long):
        resp = api.get(entry["preview_url"])
        assert resp.status_code == 200 and resp.mimetype == "audio/mpeg"
        audio[entry["written"]] = decode_mp3(resp.data)
    assert 0.2 < audio["BBC"].duration_s < audio["UN"].duration_s < 5
    assert api.get("/api/pronunciations/0123/preview.mp3").status_code == 404


def test_writes_need_the_api_token(tmp_path):
    locked = make_app(tmp_path, API_TOKEN=TOKEN).test_client()
    right = {"Authorization": f"Bearer {TOKEN}"}
    assert locked.post("/api/pronunciations", json=NGUYEN).status_code == 401
    assert locked.post("/api/pronunciations", json=NGUYEN, headers={"Authorization": "Bearer nope"}).status_code == 401
    entry = locked.post("/api/pronunciations", json=NGUYEN, headers=right).json
    assert locked.put(entry["url"], json=NGUYEN).status_code == 401
    assert locked.delete(entry["url"]).status_code == 401
    assert locked.post("/api/pronunciations/import", json={"entries": []}).status_code == 401
    assert locked.get("/api/pronunciations").status_code == 200  # reading stays public
    assert locked.put(entry["url"], json=dict(NGUYEN, say="nwen"), headers=right).status_code == 200
    assert locked.delete(entry["url"], headers=right).status_code == 204
