"""Low vision (issue 15, point 8). The sentence being read is marked at 3:1 or more against the
page in both colour schemes (WCAG 1.4.11, non-text contrast) with its text still 4.5:1 on the
mark, and so is the bar beside the section being read; both computed here from the browser's
computed styles while the audio plays. The player has volume and mute (to balance it against a
screen reader's voice), remembered and announced."""
from __future__ import annotations

import re

import pytest

from tests.browser.player_state import audio, open_settings, ready, wait_playing_past


def luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_helper_matches_known_ratios():
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(255, 240, 168)", "rgb(255, 255, 255)") == pytest.approx(1.15, abs=0.01)  # the old mark


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_sentence_and_section_marks_are_3_to_1_against_the_page(open_page, article, scheme):
    page = ready(open_page(article["page_url"], color_scheme=scheme), cues=True)
    page.locator("#play").click()
    wait_playing_past(page, article["sections"][0]["start_s"] + 0.5)
    page.wait_for_function("() => document.querySelector('.part.now .said')")
    page_bg, mark_bg, mark_fg, bar = page.evaluate("""() => {
      const said = getComputedStyle(document.querySelector('.said'));
      return [getComputedStyle(document.body).backgroundColor, said.backgroundColor, said.color,
              getComputedStyle(document.querySelector('.part.now')).borderLeftColor]; }""")
    ratios = {"mark/page": contrast(mark_bg, page_bg), "text/mark": contrast(mark_fg, mark_bg),
              "bar/page": contrast(bar, page_bg)}
    print(f"\n{scheme}: " + ", ".join(f"{k} {v:.2f}:1" for k, v in ratios.items()))
    assert ratios["mark/page"] >= 3 and ratios["bar/page"] >= 3
    assert ratios["text/mark"] >= 4.5


def test_volume_and_mute_are_announced_and_remembered(open_page, article):
    page = ready(open_page(article["page_url"]))
    open_settings(page)
    page.locator("#volume").focus()
    for _ in range(12):
        page.keyboard.press("ArrowLeft")  # 5 % a step
    assert audio(page, "a.volume") == pytest.approx(0.4)
    assert page.inner_text("#status") == "Volume 40 percent"
    page.get_by_label("Mute").check()
    assert audio(page, "a.muted") is True
    assert page.inner_text("#status") == "Sound off"
    page.reload()
    ready(page)
    assert audio(page, "[a.volume, a.muted]") == [pytest.approx(0.4), True]
    assert open_settings(page).locator("#mute").is_checked()
