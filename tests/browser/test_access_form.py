"""The form on a server with an access token, in real Chromium: the "Access token" field is
labelled, its error is tied to it and announced, axe-core finds nothing; the right token adds
the article (the CSRF token travels with the real form); a form on another site posting to us
is refused and stores nothing, whether it targets the form or the JSON API."""
from __future__ import annotations

import pytest
import requests

from tests.browser.axe_check import axe_violations
from tests.gunicorn_server import gunicorn
from tests.local_server import serve_routes

TOKEN = "browser-test-token-5f1c2a"
ARTICLE = ("Council agrees on a budget\n\nBy Ann Writer\n\n"
           "The council met on Tuesday to discuss the new budget for schools and roads. "
           "Members argued for hours before agreeing on a plan that pleased nobody entirely.")


@pytest.fixture(scope="module")
def locked_url(tmp_path_factory):
    with gunicorn(tmp_path_factory.mktemp("locked-server"), workers=1, NEWSREADER_API_TOKEN=TOKEN,
                  NEWSREADER_PRERENDER="0") as base:
        yield base


def total(base: str) -> int:
    return requests.get(f"{base}/api/articles", timeout=10).json()["total"]


def test_the_token_field_is_labelled_and_accessible(open_page, locked_url):
    page = open_page(locked_url + "/")
    field = page.get_by_label("Access token")
    assert field.get_attribute("type") == "password"
    assert field.get_attribute("aria-describedby") == "token-hint"
    assert axe_violations(page) == []


def test_a_wrong_token_is_an_error_at_its_field(open_page, locked_url):
    before = total(locked_url)
    page = open_page(locked_url + "/", color_scheme="dark")
    page.fill("#content", ARTICLE)
    page.get_by_label("Access token").fill("not the token")
    page.get_by_role("button", name="Listen").click()
    alert = page.wait_for_selector("[role=alert]")
    assert "That access token is not right" in alert.inner_text()
    field = page.get_by_label("Access token")
    assert field.get_attribute("aria-invalid") == "true"
    described = [page.locator(f"#{i}").inner_text() for i in field.get_attribute("aria-describedby").split()]
    assert any("That access token is not right" in text for text in described)
    assert field.input_value() == ""  # never sent back
    assert page.input_value("#content") == ARTICLE  # what was pasted is kept
    page.locator("[role=alert] a").click()
    assert page.evaluate("document.activeElement.id") == "token"
    assert axe_violations(page) == []
    assert total(locked_url) == before


def test_the_right_token_adds_the_article(open_page, locked_url):
    before = total(locked_url)
    page = open_page(locked_url + "/")
    page.fill("#content", ARTICLE)
    page.get_by_label("Access token").fill(TOKEN)
    page.get_by_role("button", name="Listen").click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text() == "Council agrees on a budget"
    assert total(locked_url) == before + 1


def test_a_form_on_another_site_cannot_write(open_page, locked_url):
    """The visitor has our session cookie (they opened our form first) and the other site even
    knows the access token: without our form's CSRF token the post is refused. Its JSON-looking
    text/plain post to the API is refused too."""
    before = total(locked_url)
    body = ARTICLE.replace('"', "&quot;")
    attack = (f'<!doctype html><html lang="en"><title>elsewhere</title>'
              f'<form method="post" action="{locked_url}/"><input name="content" value="{body}">'
              f'<input name="token" value="{TOKEN}"><button id="form">go</button></form>'
              f'<form method="post" enctype="text/plain" action="{locked_url}/api/articles">'
              f'<input name=\'{{"text": "Headline here\\n\\nSome words.", "x": "\' value=\'"}}\'>'
              f'<button id="api">go</button></form></html>').encode()
    with serve_routes({"/": (200, {"Content-Type": "text/html; charset=utf-8"}, attack)}) as elsewhere:
        page = open_page(locked_url + "/")  # our cookie is set
        page.goto(elsewhere + "/")
        with page.expect_navigation():
            page.click("#form")
        assert "This form has expired or did not come from this site" in page.locator("h1").inner_text()
        page.goto(elsewhere + "/")
        with page.expect_response(f"{locked_url}/api/articles") as answer:
            page.click("#api")
        assert answer.value.status == 401
    assert total(locked_url) == before
