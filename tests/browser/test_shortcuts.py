"""Shortcuts that never take a key a control needs (issue 15, point 2; WCAG 2.1.4): keys typed
in the player's own menus and fields select there and move nothing; the keys are remappable;
with the modifier (Alt+Shift by default) they work anywhere on the page, and it can be turned
off or changed to Ctrl+Alt as Able Player has it."""
from __future__ import annotations

from tests.browser.player_state import audio, open_settings, ready, wait_playing_past, where


def test_keys_typed_in_a_menu_select_the_option_and_move_nothing(open_page, article):
    page = ready(open_page(article["page_url"]))
    open_settings(page)
    page.locator("#speed").focus()
    page.keyboard.press("3")  # type-ahead in the Speed menu: 3x
    assert page.input_value("#speed") == "3" and audio(page, "a.playbackRate") == 3
    page.locator("#sleep").focus()
    page.keyboard.press("1")  # the Sleep timer menu: 10 minutes
    assert page.input_value("#sleep") == "10"
    for key in "knpl":
        page.keyboard.press(key)
    assert audio(page, "[a.paused, a.currentTime]") == [True, 0]
    assert where(page)[0] == 0
    assert "stops in 10 minutes" in page.inner_text("#status")


def test_a_key_typed_in_a_shortcut_field_remaps_it(open_page, article):
    page = ready(open_page(article["page_url"]))
    open_settings(page)
    page.get_by_label("Next section", exact=True).fill("x")  # the field, not the button
    page.keyboard.press("Tab")
    assert audio(page, "a.currentTime") == 0  # typing "x" there moved nothing
    page.locator("#play").focus()
    page.keyboard.press("n")
    assert audio(page, "a.currentTime") == 0  # "n" no longer moves
    page.keyboard.press("x")  # from the title to the first section
    assert audio(page, "a.currentTime") == article["sections"][0]["start_s"]
    page.keyboard.press("x")
    assert where(page)[0] == 1
    assert page.locator("button[data-act=next]").get_attribute("aria-keyshortcuts") == "x Alt+Shift+X"
    page.get_by_label("Previous section", exact=True).fill("x")  # taken: refused, and said
    page.keyboard.press("Tab")
    assert page.get_by_label("Previous section", exact=True).input_value() == "p"
    assert page.inner_text("#status") == "x already does: Next section."
    page.reload()
    ready(page)
    page.locator("#play").focus()
    page.keyboard.press("x")  # remembered
    assert audio(page, "a.currentTime") == article["sections"][0]["start_s"]


def test_the_modifier_works_anywhere_on_the_page_and_can_be_changed(open_page, article):
    page = ready(open_page(article["page_url"]))
    page.locator("header.site a").focus()  # outside the player
    page.keyboard.press("k")
    assert audio(page, "a.paused") is True  # single keys stay out of the page
    page.keyboard.press("Alt+Shift+K")
    wait_playing_past(page, 0.2)
    page.keyboard.press("Alt+Shift+3")
    assert where(page)[0] == 2
    page.keyboard.press("Alt+Shift+K")
    assert audio(page, "a.paused") is True

    open_settings(page).select_option("#modifier", "ctrl+alt")
    page.locator("header.site a").focus()
    page.keyboard.press("Alt+Shift+N")
    assert where(page)[0] == 2
    page.keyboard.press("Control+Alt+N")
    assert where(page)[0] == 3

    page.select_option("#modifier", "")
    page.locator("header.site a").focus()
    page.keyboard.press("Control+Alt+N")
    page.keyboard.press("Alt+Shift+N")
    assert where(page)[0] == 3
