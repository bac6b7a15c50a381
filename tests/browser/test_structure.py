"""What assistive technology sees (Playwright's aria snapshot): the h1, the player region, the
section nav (a closed list: a link and a play button per section), a heading per section, then
the queue's and the downloads'. Without JavaScript the page still offers native players and MP3
links. At 320 px nothing scrolls sideways and targets stay 24 px."""
from __future__ import annotations

import re

import pytest


def test_aria_snapshot_shows_title_nav_and_sections(open_page, article):
    page = open_page(article["page_url"])
    page.wait_for_selector("#controls:not([hidden])")
    page.locator("#toc summary").click()
    headings = [s["heading"] for s in article["sections"]]
    main = page.locator("main").aria_snapshot()
    assert re.findall(r'- heading "([^"]+)" \[level=1\]', main) == [article["title"]]
    assert re.findall(r'- heading "([^"]+)" \[level=2\]', main) == ["Audio version of this article", *headings,
                                                                           "Listening queue", "Downloads"]
    assert '- region "Audio version of this article"' in main
    nav = page.get_by_role("navigation", name="Sections").aria_snapshot()
    assert re.findall(r'- link "([^"]+)"', nav) == headings
    assert re.findall(r'button "Play this section: ([^"]+)"', nav) == headings
    assert page.locator("html").get_attribute("lang") == article["language"]


def test_without_javascript_native_players_and_links(open_page, article):
    page = open_page(article["page_url"], java_script_enabled=False)
    players = page.locator("audio[controls]")
    assert players.count() == len(article["sections"]) + 1
    assert all(players.nth(i).is_visible() for i in range(players.count()))
    assert page.locator("#controls").is_hidden()
    hrefs = page.eval_on_selector_all("a[href$='.mp3']", "els => els.map((a) => a.href)") if False else \
        [page.locator("a[href$='.mp3']").nth(i).get_attribute("href") for i in range(page.locator("a[href$='.mp3']").count())]
    assert set(hrefs) == {article["audio_url"], *(s["audio_url"] for s in article["sections"])}


@pytest.mark.parametrize("path", ["article", "/", "/articles/missing"])
def test_320_px_wide_reflows_with_24_px_targets(open_page, base_url, article, path):
    url = article["page_url"] if path == "article" else base_url + path
    page = open_page(url, viewport={"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    small = page.evaluate("""() => [...document.querySelectorAll('button, input, select, summary')]
        .filter((el) => el.checkVisibility())
        .map((el) => [el.id || el.textContent.trim(), el.getBoundingClientRect()])
        .filter(([, r]) => r.width < 24 || r.height < 24).map(([name]) => name)""")
    assert small == []
