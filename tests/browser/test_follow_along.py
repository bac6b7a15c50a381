"""Following along: sentences found from the transcript's cues are highlighted as they are read,
any paragraph plays from its first sentence (a button per paragraph once the setting is on), the
page scrolls to what is read unless the keyboard focus is in the player, and highlight and scroll
each have a switch (WCAG 2.2.2). Before the whole-article audio is timed, the player falls back to
one MP3 per section."""
from __future__ import annotations

import re

import requests

from tests.browser.player_state import audio, wait_playing_past, where


def ready_page(open_page, url, **options):
    page = open_page(url, **options)
    page.wait_for_selector("#controls:not([hidden])")
    page.wait_for_selector("span[data-start]")  # the cues are loaded and found in the page
    return page


def with_paragraph_buttons(page):
    page.locator("#settings summary").click()
    page.get_by_label("Play buttons before paragraphs").check()
    page.locator("#settings summary").click()
    return page


def cue_texts(article) -> list[str]:
    vtt = requests.get(article["transcript_url"], timeout=10).text
    return [block.split("\n")[2] for block in vtt.strip().split("\n\n")[1:]]


def test_every_cue_is_a_sentence_on_the_page(open_page, article):
    page = with_paragraph_buttons(ready_page(open_page, article["page_url"]))
    spans = page.eval_on_selector_all("span[data-start]", "els => els.map((el) => el.textContent)")
    assert spans == cue_texts(article)
    paragraphs = sum(len(s["paragraphs"]) for s in article["sections"])
    assert page.locator("button.from-here").count() == paragraphs


def test_a_paragraph_plays_from_its_start_with_its_sentence_lit(open_page, article):
    page = with_paragraph_buttons(ready_page(open_page, article["page_url"]))
    third = article["sections"][2]
    page.get_by_role("button", name="Play from paragraph 2 of section 3").click()
    wait_playing_past(page, 0.1)
    first_sentence = third["paragraphs"][1].split(". ")[0]
    page.wait_for_function("t => (document.querySelector('.said') || {}).textContent?.startsWith(t)",
                           arg=first_sentence)
    section, offset, _ = where(page)
    assert section == 2 and offset > 1  # past the heading and the first paragraph
    assert page.locator("#section-3").evaluate("el => el.classList.contains('now')")


TOP_OF = "id => document.getElementById(id).getBoundingClientRect().top"


def test_following_scrolls_unless_focus_is_in_the_player_and_each_switch_stops_its_part(open_page, article):
    page = ready_page(open_page, article["page_url"], reduced_motion="reduce")
    page.locator("#play").focus()
    page.keyboard.press("k")
    top = page.evaluate(TOP_OF, "section-4")
    page.keyboard.press("4")  # focus in the player: the page stays put
    page.wait_for_function("() => document.querySelector('#section-4.now .said')")
    page.wait_for_timeout(300)
    assert page.evaluate(TOP_OF, "section-4") == top
    page.keyboard.press("Alt+Shift+3")
    page.locator("#text").focus()  # focus out of the player: following scrolls again
    page.wait_for_function("t => document.getElementById('section-3').getBoundingClientRect().top < t - 100",
                           arg=page.evaluate(TOP_OF, "section-3"))

    page.locator("#settings summary").click()
    page.locator("#scroll").uncheck()  # scrolling off, the highlight stays
    page.locator("#text").focus()
    before = page.evaluate("window.scrollY")
    page.keyboard.press("Alt+Shift+2")
    page.wait_for_function("() => document.querySelector('#section-2.now .said')")
    page.wait_for_timeout(500)
    assert page.evaluate("window.scrollY") == before
    assert page.locator(".said").evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.locator("#highlight").uncheck()
    lit = page.locator(".said").evaluate("el => getComputedStyle(el).backgroundColor")
    assert lit == "rgba(0, 0, 0, 0)"
    page.reload()
    page.locator("#settings summary").click()
    assert page.locator("#scroll").is_checked() is False  # remembered
    assert page.locator("#highlight").is_checked() is False


def test_before_timings_each_section_plays_its_own_file(open_page, article):
    page = open_page("about:blank")
    page.route(article["page_url"], lambda route: route.fulfill(
        response=(r := route.fetch()), body=re.sub(r' data-start="[^"]*"', "", r.text())))
    page.goto(article["page_url"])
    page.wait_for_selector("#controls:not([hidden])")
    page.locator("#play").click()
    wait_playing_past(page, 0.2)
    page.locator("#play").press("n")
    # currentSrc follows a new src only once the media element's resource selection has run
    # (asynchronously), so wait for it, as for section 3 below, rather than read it at once
    page.wait_for_function("u => document.getElementById('audio').currentSrc === u",
                           arg=article["sections"][1]["audio_url"], timeout=5000)
    section, offset, _ = where(page)
    assert section == 1 and offset < 0.5
    wait_playing_past(page, 0.1)
    page.evaluate("() => { const a = document.getElementById('audio'); a.currentTime = a.duration - 0.3; }")
    page.wait_for_function("u => document.getElementById('audio').currentSrc === u",
                           arg=article["sections"][2]["audio_url"])
    wait_playing_past(page, 0.1)
