"""At 200% zoom (a 1280 x 720 window seen at twice the size: 640 x 360 CSS pixels), pressing
"Next section" while the audio plays keeps the focused button in view: following along does not
scroll while focus is in the player (issue 15, point 4). Once focus leaves the player, following
along scrolls the text being read into view again."""
from __future__ import annotations

from tests.browser.player_state import ready, wait_playing_past, where

ZOOM_200 = {"viewport": {"width": 640, "height": 360}, "device_scale_factor": 2, "reduced_motion": "reduce"}
IN_VIEW = """sel => { const r = document.querySelector(sel).getBoundingClientRect();
  return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth; }"""


def test_the_focused_control_stays_in_view_at_200_percent_after_next(open_page, article):
    page = ready(open_page(article["page_url"], **ZOOM_200), cues=True)
    next_button = "#player button[data-act=next]"
    page.locator(next_button).focus()
    page.locator("#play").click()
    page.locator(next_button).focus()
    wait_playing_past(page, 0.2)
    page.keyboard.press("Enter")  # from the title to the first section
    page.keyboard.press("Enter")  # and on to the second
    assert where(page)[0] == 1
    page.wait_for_function("() => document.querySelector('#section-2 .said')")
    page.wait_for_timeout(1500)  # sentences change and are lit meanwhile
    assert page.evaluate("document.activeElement.dataset.act") == "next"
    assert page.evaluate(IN_VIEW, next_button)

    page.locator("#text").focus()  # out of the player: following scrolls to what is read
    page.wait_for_function(IN_VIEW, arg=".said", timeout=10000)
    assert not page.evaluate(IN_VIEW, next_button)
