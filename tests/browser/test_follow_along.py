"""Following along: sentences found from the transcript's cues are highlighted as they are read,
any paragraph plays from its first sentence, the page scrolls to what is read, and the switch
(WCAG 2.2.2) stops both. Before the whole-article audio is timed, the player falls back to one
MP3 per section."""
from __future__ import annotations

import re

import requests

from tests.browser.player_state import audio, wait_playing_past, where


def ready_page(open_page, url, **options):
    page = open_page(url, **options)
    page.wait_for_selector("#controls:not([hidden])")
    page.wait_for_selector("button.from-here")  # the cues are loaded and found in the page
    return page


def cue_texts(article) -> list[str]:
    vtt = requests.get(article["transcript_url"], timeout=10).text
    return [block.split("\n")[2] for block in vtt.strip().split("\n\n")[1:]]


def test_every_cue_is_a_sentence_on_the_page(open_page, article):
    page = ready_page(open_page, article["page_url"])
    spans = page.eval_on_selector_all("span[data-start]", "els => els.map((el) => el.textContent)")
    assert spans == cue_texts(article)
    paragraphs = sum(len(s["paragraphs"]) for s in article["sections"])
    assert page.locator("button.from-here").count() == paragraphs


def test_a_paragraph_plays_from_its_start_with_its_sentence_lit(open_page, article):
    page = ready_page(open_page, article["page_url"])
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


def test_following_scrolls_and_the_switch_stops_it(open_page, article):
    page = ready_page(open_page, article["page_url"], reduced_motion="reduce")
    page.locator("#play").focus()
    page.keyboard.press("k")
    top = page.evaluate(TOP_OF, "section-4")
    page.keyboard.press("4")
    now = page.evaluate(TOP_OF, "section-4")  # no waiting: reduced motion scrolls at once
    assert now < top - 100 and 0 <= now < 720

    page.locator("#follow").uncheck()
    page.locator("#play").focus()
    before = page.evaluate("window.scrollY")
    page.keyboard.press("2")
    page.wait_for_function("() => document.querySelector('#section-2.now .said')")
    page.wait_for_timeout(500)
    assert page.evaluate("window.scrollY") == before
    lit = page.locator(".said").evaluate("el => getComputedStyle(el).backgroundColor")
    assert lit == "rgba(0, 0, 0, 0)"
    page.reload()
    assert page.locator("#follow").is_checked() is False  # remembered


def test_before_timings_each_section_plays_its_own_file(open_page, article):
    page = open_page("about:blank")
    page.route(article["page_url"], lambda route: route.fulfill(
        response=(r := route.fetch()), body=re.sub(r' data-start="[^"]*"', "", r.text())))
    page.goto(article["page_url"])
    page.wait_for_selector("#controls:not([hidden])")
    page.locator("#play").click()
    wait_playing_past(page, 0.2)
    page.locator("#play").press("n")
    assert audio(page, "a.currentSrc") == article["sections"][1]["audio_url"]
    section, offset, _ = where(page)
    assert section == 1 and offset < 0.5
    wait_playing_past(page, 0.1)
    page.evaluate("() => { const a = document.getElementById('audio'); a.currentTime = a.duration - 0.3; }")
    page.wait_for_function("u => document.getElementById('audio').currentSrc === u",
                           arg=article["sections"][2]["audio_url"])
    wait_playing_past(page, 0.1)
