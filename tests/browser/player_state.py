"""Reading the player's state from the page, the same way whichever way it plays: one
whole-article MP3 with section offsets (data-start), or one MP3 per section before those exist."""
from __future__ import annotations

# [section index, seconds since that section began, paused]
WHERE = """() => {
  const audio = document.getElementById('audio');
  const parts = [...document.querySelectorAll('section.part')];
  if (parts.every((s) => s.dataset.start)) {
    const starts = parts.map((s) => +s.dataset.start);
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1] <= audio.currentTime + 0.05) i++;
    return [i, audio.currentTime - starts[i], audio.paused];
  }
  const i = parts.findIndex((s) => s.dataset.src === audio.currentSrc);
  return [i, audio.currentTime, audio.paused];
}"""


def where(page) -> tuple[int, float, bool]:
    index, offset, paused = page.evaluate(WHERE)
    return index, offset, paused


def wait_playing_past(page, seconds: float, timeout_ms: int = 15000) -> None:
    """Wait until the audio plays and its currentTime has passed `seconds`."""
    page.wait_for_function(
        "t => { const a = document.getElementById('audio'); return !a.paused && a.currentTime > t; }",
        arg=seconds, timeout=timeout_ms)


def audio(page, expression: str):
    """Evaluate an expression on the player's <audio> element, named `a`."""
    return page.evaluate(f"() => {{ const a = document.getElementById('audio'); return {expression}; }}")


def ready(page, cues: bool = False):
    """The page once the player has replaced the native controls (and, with cues, once the
    transcript's sentences are found in the text)."""
    page.wait_for_selector("#controls:not([hidden])")
    if cues:
        page.wait_for_selector("span[data-start]")
    return page


def open_settings(page):
    """Open "More controls and settings" (a closed <details> keeps them out of the Tab order)."""
    if not page.locator("#settings").evaluate("d => d.open"):
        page.locator("#settings summary").click()
    return page


def status_log(page) -> None:
    """Record, in window.said, every text the live region is given from now on."""
    page.evaluate("""() => { window.said = [];
      new MutationObserver(() => window.said.push(document.getElementById('status').textContent))
        .observe(document.getElementById('status'), {childList: true, characterData: true, subtree: true}); }""")
