"""The audio really decodes and plays in Chromium, seeks (the server's byte ranges: 206), and the
player tells the Media Session (lock screens, headsets) what is playing."""
from __future__ import annotations

import requests

from tests.browser.player_state import audio, wait_playing_past


def test_audio_decodes_plays_and_seeks(open_page, article):
    statuses = []
    page = open_page("about:blank")
    page.on("response", lambda r: "/audio/" in r.url and r.url.endswith(".mp3") and statuses.append(r.status))
    page.goto(article["page_url"])
    page.locator("#play").click()
    wait_playing_past(page, 0.5)
    duration = audio(page, "a.duration")
    assert duration > 3
    assert audio(page, "a.seekable.length") == 1 and audio(page, "a.seekable.end(0)") >= duration - 0.1
    target = duration - 2
    page.evaluate(f"document.getElementById('audio').currentTime = {target}")
    wait_playing_past(page, target + 0.3)
    assert audio(page, "a.error") is None
    assert 206 in statuses, statuses


def test_media_session_names_the_article(open_page, article):
    page = open_page(article["page_url"])
    page.wait_for_selector("#controls:not([hidden])")
    meta = page.evaluate("""() => { const m = navigator.mediaSession.metadata;
        return [m.title, m.artist, m.artwork[0].src]; }""")
    assert meta[:2] == [article["title"], article["byline"]]
    art = requests.get(meta[2], timeout=5)
    assert art.status_code == 200 and art.headers["Content-Type"] == "image/png"


def test_speed_and_position_are_remembered(open_page, article):
    page = open_page(article["page_url"])
    page.wait_for_selector("#controls:not([hidden])")
    page.locator("#settings summary").click()
    page.select_option("#speed", "1.5")
    assert audio(page, "a.playbackRate") == 1.5
    page.locator("#play").click()
    wait_playing_past(page, 5.5)  # positions under 5 s are not worth offering
    page.locator("#play").click()
    stopped = audio(page, "a.currentTime")
    page.reload()
    page.wait_for_selector("#resume:not([hidden])")
    assert audio(page, "a.playbackRate") == 1.5 and page.input_value("#speed") == "1.5"
    assert "You stopped at 0:0" in page.inner_text("#resume")
    page.locator("#resume-go").click()
    wait_playing_past(page, stopped - 0.05)
    assert audio(page, "a.currentTime") < stopped + 1


def test_sleep_timer_stops_at_the_end_of_the_section(open_page, article):
    page = open_page(article["page_url"])
    page.wait_for_selector("#controls:not([hidden])")
    page.locator("#settings summary").click()
    page.select_option("#sleep", "end")
    page.locator("#toc summary").click()
    page.get_by_role("button", name="Play this section").first.click()
    wait_playing_past(page, 0.2)
    page.evaluate("() => { const a = document.getElementById('audio'); a.currentTime = Math.max(0, "
                  "(+document.querySelector('#section-2').dataset.start || a.duration) - 1); }")
    page.wait_for_function("() => document.getElementById('audio').paused", timeout=5000)
    assert "Sleep timer: paused" in page.inner_text("#status")
