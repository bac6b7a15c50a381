"""What the live region says (issue 15, points 1 and 6). It never talks over the audio: while
the audio plays into a section (whose heading it is about to read), the live region stays
silent; a section is named only when the audio is paused, or, in "always" mode, by its number
alone. "Off" silences it. The resume offer is announced, and Play takes it."""
from __future__ import annotations

from tests.browser.player_state import audio, open_settings, ready, status_log, wait_playing_past, where


def said(page) -> list[str]:
    return page.evaluate("window.said")


def test_the_live_region_stays_silent_while_the_audio_speaks_the_heading(open_page, article):
    page = ready(open_page(article["page_url"]))
    page.locator("#play").focus()
    page.keyboard.press("k")
    wait_playing_past(page, 0.2)
    status_log(page)
    page.keyboard.press("3")
    page.keyboard.press("n")  # to section 4, still playing: its heading is being spoken
    assert where(page)[:1] == (3,)
    page.wait_for_function("s => !document.getElementById('audio').paused && "
                           "document.getElementById('audio').currentTime > s + 1.5",
                           arg=article["sections"][3]["start_s"])  # past the spoken heading
    assert said(page) == []
    # the section changes by itself, as the audio plays on: silent too
    page.evaluate("s => { document.getElementById('audio').currentTime = s - 0.5; }", article["sections"][4]["start_s"])
    page.wait_for_function("() => document.querySelector('#section-5.now')")
    page.wait_for_timeout(800)
    assert said(page) == []

    page.keyboard.press("k")  # paused: the audio says nothing, so the live region names the section
    page.keyboard.press("p")  # within 2 s of section 5's start: to section 4
    sections = article["sections"]
    assert said(page)[-1] == f"Section 4 of {len(sections)}: {sections[3]['heading']}"


def test_playing_a_section_from_pause_is_not_announced_over_it(open_page, article):
    page = ready(open_page(article["page_url"]))
    status_log(page)
    page.locator("#toc summary").click()
    page.get_by_role("button", name=f"Play this section: {article['sections'][1]['heading']}").click()
    wait_playing_past(page, article["sections"][1]["start_s"] + 1.0)
    assert said(page) == []


def test_always_says_the_number_only_and_off_says_nothing(open_page, article):
    page = ready(open_page(article["page_url"]))
    open_settings(page).select_option("#announce", "always")
    page.locator("#play").focus()
    page.keyboard.press("k")
    wait_playing_past(page, 0.2)
    page.keyboard.press("2")
    assert page.inner_text("#status") == f"Section 2 of {len(article['sections'])}"  # no heading
    page.keyboard.press("k")
    page.keyboard.press("3")
    assert page.inner_text("#status").endswith(article["sections"][2]["heading"])

    page.select_option("#announce", "off")
    page.reload()
    ready(page)
    assert open_settings(page).input_value("#announce") == "off"  # remembered
    status_log(page)
    page.locator("#play").focus()
    page.keyboard.press("4")
    page.keyboard.press("n")
    assert where(page)[0] == 4 and said(page) == []


def test_next_in_the_last_section_and_previous_restarting_say_so(open_page, article):
    page = ready(open_page(article["page_url"]))
    page.locator("#play").focus()
    page.keyboard.press("5")
    page.keyboard.press("n")
    assert page.inner_text("#status") == "This is the last section."
    assert where(page)[0] == 4
    page.keyboard.press("k")
    wait_playing_past(page, article["sections"][4]["start_s"] + 2.5)
    page.keyboard.press("p")
    assert page.inner_text("#status") == "Back to the start of section 5."
    assert where(page)[0] == 4 and where(page)[1] < 0.5


def test_the_resume_offer_is_announced_and_play_takes_it(open_page, article):
    page = ready(open_page(article["page_url"]))
    page.locator("#play").click()
    wait_playing_past(page, 6)  # positions under 5 s are not worth offering
    page.locator("#play").click()
    stopped = audio(page, "a.currentTime")
    page.reload()
    ready(page)
    status = page.inner_text("#status")
    assert status.startswith("You stopped at 0:0") and status.endswith("Play continues from there.")
    assert page.is_visible("#resume")
    page.locator("#play").click()  # not from 0:00
    wait_playing_past(page, stopped - 0.05)
    assert audio(page, "a.currentTime") < stopped + 1.5
    assert page.is_hidden("#resume")
