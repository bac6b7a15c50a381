"""Keyboard only: Tab from the top reaches the skip link, then the play control; the shortcuts
play, move to the next section's start and follow the 2-second rule for "previous"; single keys
act only while focus is inside the player; every control on the page takes focus, visibly."""
from __future__ import annotations

from tests.browser.player_state import audio, wait_playing_past, where

VISIBLE_CONTROLS = "[...document.querySelectorAll('a[href], button, input, select, summary')].filter((el) => el.checkVisibility())"


def focused(page) -> tuple[str, str]:
    tag, text = page.evaluate("[document.activeElement.tagName, document.activeElement.textContent.trim()]")
    return tag, text


def test_keyboard_walk_through_sections(open_page, article):
    page = open_page(article["page_url"])
    page.wait_for_selector("#controls:not([hidden])")
    page.keyboard.press("Tab")
    assert focused(page) == ("A", "Skip to the article text")
    page.keyboard.press("Tab")
    assert focused(page) == ("A", "newsreader")
    page.keyboard.press("Tab")
    assert focused(page) == ("BUTTON", "Play")
    assert where(page)[2] is True  # focusing a control never starts audio

    page.keyboard.press("k")
    wait_playing_past(page, 0.3)
    assert focused(page) == ("BUTTON", "Pause")

    starts = [s["start_s"] for s in article["sections"]]
    assert audio(page, "a.currentTime") < starts[0]  # still reading the title
    page.keyboard.press("n")  # to the first section
    assert where(page)[0] == 0 and audio(page, "a.currentTime") >= starts[0]
    page.keyboard.press("n")
    section, offset, paused = where(page)
    assert (section, paused) == (1, False) and 0 <= offset < 0.5
    assert starts[1] <= audio(page, "a.currentTime") < starts[1] + 0.5
    heading = article["sections"][1]["heading"]
    assert page.inner_text("#status") == ""  # the audio says the heading: no announcement over it
    assert page.locator("nav a[aria-current=true]").text_content() == heading  # in the closed list too
    assert page.locator("section.part.now h2").inner_text() == heading

    page.wait_for_function("() => document.getElementById('audio').currentTime > 0")
    page.wait_for_timeout(2300)  # more than 2 s into section 2: "previous" restarts it
    page.keyboard.press("p")
    section, offset, _ = where(page)
    assert section == 1 and 0 <= offset < 0.5
    page.keyboard.press("p")  # within 2 s of its start: "previous" goes to section 1
    section, offset, _ = where(page)
    assert section == 0 and 0 <= offset < 0.5
    assert starts[0] <= audio(page, "a.currentTime") < starts[0] + 0.5

    before = audio(page, "a.currentTime")
    page.keyboard.press("l")
    assert audio(page, "a.currentTime") >= before + 9.5
    page.keyboard.press("j")
    assert audio(page, "a.currentTime") < before + 1

    page.keyboard.press("k")
    assert audio(page, "a.paused") is True


def test_single_key_shortcuts_stay_out_of_the_page(open_page, article):
    page = open_page(article["page_url"])
    page.wait_for_selector("#controls:not([hidden])")
    page.locator("nav a").first.focus()
    for key in "knl3":
        page.keyboard.press(key)
    assert audio(page, "[a.paused, a.currentTime]") == [True, 0]
    assert where(page)[0] == 0


def test_every_control_takes_visible_focus(open_page, article):
    page = open_page(article["page_url"])
    page.wait_for_selector("#controls:not([hidden])")
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")  # focus stays
    controls = page.evaluate(f"() => {VISIBLE_CONTROLS}.length")
    reached = set()
    for _ in range(controls + 5):
        page.keyboard.press("Tab")
        index, outline, width = page.evaluate(f"""() => {{
          const el = document.activeElement, style = getComputedStyle(el);
          return [{VISIBLE_CONTROLS}.indexOf(el), style.outlineStyle, parseFloat(style.outlineWidth)];
        }}""")
        if index < 0:  # back to the document: the walk is over
            break
        assert outline != "none" and width >= 2, (index, outline, width)
        reached.add(index)
    assert len(reached) == controls


def test_previous_at_3x_counts_real_time_and_reaches_the_title(open_page, article):
    """Narrate's 2-second rule in wall-clock time: at 3x, 1 s after a section began is 3 s of
    its audio, and "previous" still goes to the section before; 2.4 s (7 s of audio) later it
    restarts the section, and says so. From the first section it goes back to the title."""
    page = open_page(article["page_url"])
    page.wait_for_selector("#controls:not([hidden])")
    starts = [s["start_s"] for s in article["sections"]]
    assert starts[2] - starts[1] > 2.5 * 3  # section 2 lasts beyond the waits below at 3x
    page.locator("#settings summary").click()
    page.select_option("#speed", "3")
    page.locator("#play").focus()
    page.keyboard.press("k")
    page.keyboard.press("2")
    wait_playing_past(page, starts[1] + 0.1)
    page.wait_for_timeout(1000)
    assert where(page)[1] > 2  # media time says "restart", real time says "the one before"
    page.keyboard.press("p")
    assert where(page)[0] == 0

    page.keyboard.press("2")
    wait_playing_past(page, starts[1] + 0.1)
    page.wait_for_timeout(2400)
    page.keyboard.press("p")
    section, offset, _ = where(page)
    assert section == 1 and offset < 0.5
    assert page.inner_text("#status") == "Back to the start of section 2."

    page.keyboard.press("1")
    page.keyboard.press("p")
    assert audio(page, "a.currentTime") < 0.5 < starts[0]  # the title and byline
    assert page.inner_text("#status") == "Back to the title."
