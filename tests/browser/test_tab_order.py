"""A short Tab order (issue 15, point 5): walking the article page with Tab from the top, at
most 8 stops come before the first paragraph of the article's text, "Skip to the article text"
is the first and lands there with a visible focus, and paragraph play buttons appear only when
the listener asks for them. The counts are printed (pytest -s) for the report."""
from __future__ import annotations

# Where the focused element lies: -1 before the first body paragraph, 1 after it, 0 in the
# document (the walk has wrapped round) -- and its name, for messages.
FOCUS_VS_FIRST_PARAGRAPH = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return [0, ''];
  const first = document.querySelector('section.part > p:not(.section-audio)');
  const after = first.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING;
  const name = el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : el.textContent);
  return [after ? 1 : -1, name.trim().slice(0, 40)];
}"""


def tab_walk(page, limit: int = 400) -> tuple[list[str], int]:
    """The stops before the first body paragraph, and the number of stops on the whole page."""
    before, total = [], 0
    for _ in range(limit):
        page.keyboard.press("Tab")
        side, name = page.evaluate(FOCUS_VS_FIRST_PARAGRAPH)
        if side == 0:
            return before, total
        total += 1
        if side < 0:
            before.append(name)
    raise AssertionError("Tab never left the page")


def ready(page):
    page.wait_for_selector("#controls:not([hidden])")
    page.wait_for_function("() => document.querySelector('span[data-start]')")  # cues aligned
    return page


def test_at_most_8_tab_stops_before_the_text(open_page, article):
    page = ready(open_page(article["page_url"]))
    before, total = tab_walk(page)
    print(f"\nTab stops before the first paragraph: {len(before)} {before}; on the page: {total}")
    assert len(before) <= 8, before
    assert before[0] == "Skip to the article text"
    assert page.locator("button.from-here").count() == 0  # behind a setting, off by default


def test_the_skip_link_lands_on_the_text_with_visible_focus(open_page, article):
    page = ready(open_page(article["page_url"]))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    target, outline, width = page.evaluate("""() => { const el = document.activeElement,
        s = getComputedStyle(el); return [el.id, s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
    assert target == "text"
    assert outline != "none" and width >= 2
    page.keyboard.press("Tab")  # the next stop is inside the text, not back in the player
    side, _ = page.evaluate(FOCUS_VS_FIRST_PARAGRAPH)
    assert side > 0 or page.evaluate("document.activeElement.closest('#text') !== null")


def test_paragraph_buttons_are_a_setting_that_is_remembered(open_page, article):
    page = ready(open_page(article["page_url"]))
    page.locator("#settings summary").click()
    page.get_by_label("Play buttons before paragraphs").check()
    paragraphs = sum(len(s["paragraphs"]) for s in article["sections"])
    assert page.locator("button.from-here").count() == paragraphs
    page.reload()
    ready(page)
    assert page.locator("button.from-here").count() == paragraphs
    _, total = tab_walk(page)
    print(f"\nTab stops on the page with paragraph buttons on: {total}")


def test_the_start_pages_skip_link_lands_on_main_with_visible_focus(open_page, base_url):
    page = open_page(base_url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    target, outline, width = page.evaluate("""() => { const el = document.activeElement,
        s = getComputedStyle(el); return [el.id, s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
    assert target == "main" and outline != "none" and width >= 2
