"""Who may write: with NEWSREADER_API_TOKEN set, adding and deleting need the token (a Bearer
header for the API, a password field in the form); reading stays public; a refused write stores
nothing. Without a token, anyone may write, as before."""
from __future__ import annotations

import pytest

from tests.feed_helpers import make_app, short_article
from tests.form_helpers import post_form

TOKEN = "correct-horse-battery-staple-0123456789"
RIGHT = {"Authorization": f"Bearer {TOKEN}"}
WRONG_TOKENS = ["nope", TOKEN + "x", TOKEN[:-1], TOKEN.upper(), "x" + TOKEN[1:]]  # same length too


@pytest.fixture
def locked(tmp_path):
    return make_app(tmp_path, API_TOKEN=TOKEN).test_client()


def total(client) -> int:
    return client.get("/api/articles").get_json()["total"]


def test_post_without_a_token_is_401_with_a_bearer_challenge(locked):
    resp = locked.post("/api/articles", json=short_article(1))
    assert resp.status_code == 401
    assert resp.headers["WWW-Authenticate"] == 'Bearer realm="newsreader"'
    assert resp.get_json()["error"]["code"] == "token_required"
    assert total(locked) == 0


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", TOKEN])
def test_other_schemes_and_empty_bearer_are_no_credentials(locked, header):
    resp = locked.post("/api/articles", json=short_article(1), headers={"Authorization": header})
    assert resp.status_code == 401 and resp.get_json()["error"]["code"] == "token_required"
    assert total(locked) == 0


@pytest.mark.parametrize("wrong", WRONG_TOKENS)
def test_post_with_a_wrong_token_is_401_invalid_token(locked, wrong):
    resp = locked.post("/api/articles", json=short_article(1), headers={"Authorization": f"Bearer {wrong}"})
    assert resp.status_code == 401
    assert resp.headers["WWW-Authenticate"] == 'Bearer realm="newsreader", error="invalid_token"'
    assert resp.get_json()["error"] == {"code": "invalid_token", "message": "the access token is not valid"}
    assert total(locked) == 0


def test_post_with_the_token_adds_the_article(locked):
    resp = locked.post("/api/articles", json=short_article(1), headers={"Authorization": f"bearer {TOKEN}"})
    assert resp.status_code == 201, resp.get_json()
    assert total(locked) == 1


def test_delete_needs_the_token(locked):
    article = locked.post("/api/articles", json=short_article(1), headers=RIGHT).get_json()
    url = f"/api/articles/{article['id']}"
    missing = locked.delete(url)
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"] == 'Bearer realm="newsreader"'
    wrong = locked.delete(url, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and 'error="invalid_token"' in wrong.headers["WWW-Authenticate"]
    assert locked.get(url).status_code == 200  # still there
    assert locked.delete(url, headers=RIGHT).status_code == 204
    assert locked.get(url).status_code == 404


def test_reading_stays_public(locked):
    article = locked.post("/api/articles", json=short_article(1), headers=RIGHT).get_json()
    section = article["sections"][0]
    for path in ["/", "/api/articles", f"/api/articles/{article['id']}", f"/articles/{article['id']}",
                 "/feed.xml", "/healthz", section["audio_url"], section["transcript_url"]]:
        resp = locked.get(path)
        assert resp.status_code == 200, (path, resp.status_code)
        assert "WWW-Authenticate" not in resp.headers


def test_without_a_token_configured_anyone_may_write(client):
    article = client.post("/api/articles", json=short_article(1))
    assert article.status_code == 201
    assert client.delete(f"/api/articles/{article.get_json()['id']}").status_code == 204
    assert 'name="token"' not in client.get("/").get_data(as_text=True)


def test_form_asks_for_the_token_only_when_one_is_configured(locked, client):
    html = locked.get("/").get_data(as_text=True)
    assert '<label for="token">Access token</label>' in html
    assert '<input type="password" id="token" name="token" autocomplete="current-password"' in html
    assert 'aria-describedby="token-hint"' in html
    assert "Access token" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("given, message", [
    ("", "Enter the access token"),
    ("not-the-token-but-long", "That access token is not right"),
])
def test_form_without_the_right_token_is_refused_at_its_field(locked, given, message):
    resp = post_form(locked, {"content": short_article(1)["text"], "token": given})
    assert resp.status_code == 403
    html = resp.get_data(as_text=True)
    assert 'role="alert"' in html and '<a href="#token">' in html
    assert 'aria-describedby="token-hint token-error"' in html and 'aria-invalid="true"' in html
    assert f'<p class="field-error" id="token-error">{message}' in html
    assert "not-the-token-but-long" not in html  # a password is never echoed
    assert short_article(1)["text"].split("\n")[0] in html  # what was typed is kept
    assert total(locked) == 0


def test_form_with_the_token_adds_the_article(locked):
    resp = post_form(locked, {"content": short_article(1)["text"], "token": TOKEN})
    assert resp.status_code == 303
    assert total(locked) == 1


def test_the_form_token_is_checked_before_the_article(locked):
    """A wrong token with bad input: the token is what is wrong, and nothing is fetched or stored."""
    resp = post_form(locked, {"content": "", "url": "", "token": "wrong"})
    assert resp.status_code == 403 and 'id="token-error"' in resp.get_data(as_text=True)


@pytest.mark.parametrize("content_type, body", [
    ("application/x-www-form-urlencoded", "text=Headline+here%0A%0ABy+A.+Writer%0A%0ASome+words."),
    ("text/plain", '{"text": "Headline here\\n\\nBy A. Writer\\n\\nSome words.", "x": "="}'),
    ("multipart/form-data; boundary=b", '--b\r\nContent-Disposition: form-data; name="text"\r\n\r\nHeadline\r\n--b--\r\n'),
])
def test_a_cross_site_form_cannot_post_to_the_api(client, locked, content_type, body):
    """What an HTML form on another site can send (no custom headers, these three content types)
    is refused even where no token is configured, so the API needs no CSRF token."""
    open_resp = client.post("/api/articles", data=body, content_type=content_type)
    assert open_resp.status_code == 422 and "JSON" in open_resp.get_json()["error"]["message"]
    assert total(client) == 0
    assert locked.post("/api/articles", data=body, content_type=content_type).status_code == 401
    assert total(locked) == 0
