"""axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rule tags finds nothing on any page people
see: the index (empty form, and with a form error), the article page in light and dark (with its
settings, Sections list, paragraph buttons and resume offer open too), and an error page."""
from __future__ import annotations

import pytest

from tests.browser.axe_check import axe_violations


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_article_page_has_no_violations(open_page, base_url, article, scheme):
    page = open_page(article["page_url"], color_scheme=scheme)
    page.wait_for_selector("#controls:not([hidden])")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(18, 18, 18)")
    assert axe_violations(page) == []
    assert page.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_article_page_with_everything_open_has_no_violations(open_page, article, scheme):
    page = open_page(article["page_url"], color_scheme=scheme)
    page.wait_for_selector("span[data-start]")
    page.locator("#settings summary").click()
    page.get_by_label("Play buttons before paragraphs").check()
    page.locator("#toc summary").click()
    page.evaluate("() => { document.getElementById('resume').hidden = false; }")
    page.locator("#play").click()  # a sentence lit, a section marked, the status said
    page.wait_for_function("() => document.querySelector('.said')")
    page.locator("#play").click()
    assert page.locator("button.from-here").count() > 0
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_index_has_no_violations(open_page, base_url, article):
    page = open_page(base_url + "/")
    assert page.locator(".recent li").count() >= 1
    assert axe_violations(page) == []


def test_index_with_a_form_error_has_no_violations(open_page, base_url):
    page = open_page(base_url + "/", color_scheme="dark")
    page.get_by_role("button", name="Listen").click()
    page.wait_for_selector("[role=alert]")
    assert axe_violations(page) == []


def test_error_page_has_no_violations(open_page, base_url):
    page = open_page(base_url + "/articles/no-such-article")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
