"""The /sources page and the bookmarklet in real Chromium: the page passes axe-core (empty,
with a failing source, with a form error), following a feed works from the keyboard alone,
and the bookmarklet, run on another site's page the browser sees only when signed in, sends
that page as shown (a server-side fetch would get the sign-in page) and opens its article."""
from __future__ import annotations

from urllib.parse import unquote

import pytest
import requests

from tests.browser.axe_check import axe_violations
from tests.gunicorn_server import gunicorn, wait_until
from tests.local_server import serve_routes
from tests.source_server import story_page

SIGN_IN = b"<!doctype html><html lang='en'><title>Sign in</title><body><h1>Sign in</h1><form>...</form></body></html>"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with gunicorn(tmp_path_factory.mktemp("sources-server"), workers=1, NEWSREADER_PRERENDER="0",
                  NEWSREADER_SOURCES_POLL_INTERVAL="2", NEWSREADER_SOURCES_RETRY="3600") as base:
        yield base


def test_the_page_passes_axe_empty_and_with_a_failing_source(open_page, server):
    page = open_page(f"{server}/sources")
    assert axe_violations(page) == []
    requests.post(f"{server}/api/sources", json={"url": "https://news.example.invalid/feed.xml"}, timeout=10)

    def failed():  # the server's own poller reads it within a tick and records why
        source, = requests.get(f"{server}/api/sources", timeout=5).json()["sources"]
        return source["failures"] > 0 and source

    source = wait_until(failed, 30, "the poller to try the source")
    assert "resolve" in source["last_error"]
    page.reload()
    assert page.get_by_text("Could not be read 1 times in a row").count() == 1
    assert axe_violations(page) == []
    page.get_by_label("Feed web address").fill("ftp://nope.example/")
    page.get_by_role("button", name="Follow", exact=True).click()
    assert page.locator("#url-error").is_visible()
    assert axe_violations(page) == []
    requests.delete(f"{server}/api/sources/{source['id']}", timeout=10)


def test_following_a_feed_from_the_keyboard(open_page, server):
    page = open_page(f"{server}/sources")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "url":
            break
    page.keyboard.type("https://keyboard.example.org/feed.xml")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form, as a browser does
    assert page.get_by_role("heading", name="https://keyboard.example.org/feed.xml").count() == 1
    stop = page.get_by_role("button", name="Stop following").first
    stop.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("No sources yet.").count() == 1


def test_the_bookmarklet_sends_the_page_as_the_browser_shows_it(open_page, server):
    story = story_page("Members-only report on the valley dam")

    def answer(path, headers):
        signed_in = "session=yes" in (headers.get("Cookie") or "")
        return 200, {"Content-Type": "text/html; charset=utf-8"}, story if signed_in else SIGN_IN

    with serve_routes(answer, with_headers=True) as site:
        sources = open_page(f"{server}/sources")
        code = sources.get_attribute("#bookmarklet", "href")
        context = sources.context
        context.add_cookies([{"name": "session", "value": "yes", "url": site}])
        page = context.new_page()
        page.goto(f"{site}/members/dam")
        assert page.title() == "Members-only report on the valley dam"
        with context.expect_page() as opened:
            page.evaluate(unquote(code[len("javascript:"):]))
        article = opened.value
        article.wait_for_url(f"{server}/articles/*")
    assert article.locator("h1").inner_text() == "Members-only report on the valley dam"
    newest = requests.get(f"{server}/api/articles", timeout=10).json()["articles"][0]
    assert newest["source_url"] == f"{site}/members/dam"
