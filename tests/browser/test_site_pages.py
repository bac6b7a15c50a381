"""The pages the merged features added, together in Chromium: the start page, /queue, /sources,
/pronunciations and a player page pass axe-core (light and dark) with the site navigation on
them, that navigation is reached by Tab with a visible focus and leads to each page, and the
queue and source forms work with JavaScript switched off."""
from __future__ import annotations

import pytest
import requests

from tests.browser.axe_check import axe_violations

PAGES = {"/": "Add an article", "/queue": "Listening queue", "/sources": "Your sources",
         "/pronunciations": "Your pronunciations"}
IN_SITE_NAV = "() => document.activeElement.closest('nav[aria-label=Site]') !== null"


def clear_queue(base_url) -> None:
    for entry in requests.get(f"{base_url}/api/queue", timeout=5).json()["queue"]:
        requests.delete(f"{base_url}/api/queue/{entry['article']['id']}", timeout=5)


@pytest.fixture
def empty_queue(base_url):
    clear_queue(base_url)
    yield
    clear_queue(base_url)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [*PAGES, "player"])
def test_each_page_has_no_violations(open_page, base_url, article, path, scheme):
    page = open_page(article["page_url"] if path == "player" else base_url + path, color_scheme=scheme)
    if path == "player":
        page.wait_for_selector("#controls:not([hidden])")
    assert page.get_by_role("navigation", name="Site").get_by_role("link").all_inner_texts() == list(PAGES.values())
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_tab_reaches_the_site_navigation_and_it_leads_to_every_page(open_page, base_url, article):
    page = open_page(article["page_url"])
    page.wait_for_selector("#controls:not([hidden])")
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate(IN_SITE_NAV):
            break
    else:
        raise AssertionError("Tab never reached the site navigation")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    for path, label in PAGES.items():
        page.get_by_role("navigation", name="Site").get_by_role("link", name=label).focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == base_url + path
        current = page.locator("nav[aria-label=Site] a[aria-current=page]")
        assert current.all_inner_texts() == [label]


def test_the_queue_works_without_javascript(open_page, base_url, article, empty_queue):
    page = open_page(base_url + "/", java_script_enabled=False)
    title = article["title"]
    page.locator(f"#recent-{article['id']} ~ form.add-to-queue button").click()
    page.wait_for_load_state()
    assert [e["article"]["id"] for e in requests.get(f"{base_url}/api/queue", timeout=5).json()["queue"]] \
        == [article["id"]]
    page.goto(base_url + "/queue")
    assert page.locator(".queue li a").all_inner_texts() == [title]
    page.get_by_role("button", name="Remove").click()
    page.wait_for_selector("#queue-status")
    assert page.locator(".queue li").count() == 0
    assert requests.get(f"{base_url}/api/queue", timeout=5).json()["queue"] == []


def test_the_sources_form_refuses_a_bad_address_without_javascript(open_page, base_url):
    page = open_page(base_url + "/sources", java_script_enabled=False)
    before = requests.get(f"{base_url}/api/sources", timeout=5).json()
    page.get_by_label("Feed web address").fill("not a web address")
    with page.expect_navigation() as nav:
        page.get_by_role("button", name="Follow").click()
    assert nav.value.status == 422
    assert page.locator("[role=alert]").count() == 1
    assert page.locator("#url[aria-invalid=true]").count() == 1
    assert requests.get(f"{base_url}/api/sources", timeout=5).json() == before
