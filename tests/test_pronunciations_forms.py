"""The /pronunciations forms as posted by a browser without script: the CSRF token is required,
the access token too when the server has one (403 at its field, nothing stored), a bad entry is
a 422 page, and the page follows the reader's language."""
from __future__ import annotations

from tests.feed_helpers import make_app
from tests.form_helpers import csrf_token

TOKEN = "form-token-1"
ENTRY = {"written": "Nguyen", "say": "win", "whole_word": "on"}


def post(client, path: str, data: dict, **kwargs):
    return client.post(path, data={"csrf_token": csrf_token(client, "/pronunciations"), **data}, **kwargs)


def stored(client) -> list[dict]:
    return client.get("/api/pronunciations").json["pronunciations"]


def test_a_form_without_its_csrf_token_is_refused(tmp_path):
    client = make_app(tmp_path).test_client()
    assert client.post("/pronunciations", data=ENTRY).status_code == 400
    assert stored(client) == []


def test_checkboxes_set_the_matching(tmp_path):
    client = make_app(tmp_path).test_client()
    resp = post(client, "/pronunciations", {"written": "Nguyen", "say": "win", "case_sensitive": "on"})
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/pronunciations?done=added")
    (entry,) = stored(client)
    assert entry["whole_word"] is False and entry["case_sensitive"] is True
    resp = post(client, f"/pronunciations/{entry['id']}", dict(ENTRY, language="de"))
    assert resp.status_code == 303
    assert stored(client)[0]["whole_word"] is True and stored(client)[0]["language"] == "de"


def test_a_bad_entry_is_a_422_page_that_keeps_what_was_typed(tmp_path):
    client = make_app(tmp_path).test_client()
    resp = post(client, "/pronunciations", {"written": "Nguyen", "say": "[[w'In"})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert 'id="say-error"' in page and 'value="[[w&#39;In"' in page
    assert stored(client) == []


def test_the_access_token_is_needed_when_the_server_has_one(tmp_path):
    client = make_app(tmp_path, API_TOKEN=TOKEN).test_client()
    assert 'type="password"' in client.get("/pronunciations").get_data(as_text=True)
    resp = post(client, "/pronunciations", ENTRY)
    assert resp.status_code == 403 and 'id="token-error"' in resp.get_data(as_text=True)
    assert post(client, "/pronunciations", dict(ENTRY, token="wrong")).status_code == 403
    assert stored(client) == []
    assert post(client, "/pronunciations", dict(ENTRY, token=TOKEN)).status_code == 303
    (entry,) = stored(client)
    assert post(client, f"/pronunciations/{entry['id']}/delete", {}).status_code == 403
    assert post(client, f"/pronunciations/{entry['id']}/delete", {"token": TOKEN}).status_code == 303
    assert stored(client) == []


def test_the_page_speaks_the_readers_language(tmp_path):
    client = make_app(tmp_path).test_client()
    page = client.get("/pronunciations", headers={"Accept-Language": "de-DE,de;q=0.9"}).get_data(as_text=True)
    assert '<html lang="de">' in page and "Ihre Aussprachen" in page


def test_the_start_page_links_to_the_dictionary(tmp_path):
    page = make_app(tmp_path).test_client().get("/").get_data(as_text=True)
    assert 'href="/pronunciations"' in page
