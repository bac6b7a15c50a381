"""The player's speed goes to 4x in steps of 0.25 (issue 13, "Real speed"): F and S step up and
down one option at a time, stop at the ends, the audio plays at the chosen rate, and each change
is said in the status line (a polite live region)."""
from __future__ import annotations

from tests.browser.player_state import audio, open_settings, ready


def test_f_and_s_step_by_a_quarter_up_to_4x_and_say_so(open_page, article):
    page = ready(open_page(article["page_url"]))
    options = page.eval_on_selector_all("#speed option", "os => os.map(o => +o.value)")
    assert options[-1] == 4 and [round(b - a, 2) for a, b in zip(options, options[1:])] == [0.25] * (len(options) - 1)
    assert page.get_attribute("#status", "aria-live") == "polite"
    page.locator("#play").focus()
    speed = 1.0
    while speed < 4:
        page.keyboard.press("f")
        speed += 0.25
        assert audio(page, "a.playbackRate") == speed
        assert page.input_value("#speed") == f"{speed:g}"
        assert page.inner_text("#status") == f"Speed {speed:g} times"
    page.keyboard.press("f")  # the top: stays at 4x
    assert audio(page, "a.playbackRate") == 4
    page.keyboard.press("s")
    assert audio(page, "a.playbackRate") == 3.75 and page.inner_text("#status") == "Speed 3.75 times"
    page.keyboard.press("Alt+Shift+F")  # the modifier form works too
    assert audio(page, "a.playbackRate") == 4


def test_4x_plays_four_times_as_fast(open_page, article):
    page = ready(open_page(article["page_url"]))
    open_settings(page)
    page.select_option("#speed", "4")
    assert page.inner_text("#status") == "Speed 4 times"
    page.evaluate("() => document.getElementById('audio').play()")
    page.wait_for_function("() => { const a = document.getElementById('audio'); return !a.paused && a.currentTime > 0.3; }")
    began = audio(page, "[a.currentTime, performance.now()]")
    page.wait_for_timeout(600)
    ended = audio(page, "[a.currentTime, performance.now()]")
    played = ended[0] - began[0]
    wall = (ended[1] - began[1]) / 1000
    assert played / wall > 3  # well above 3x (timers and decoding jitter), not 1x
