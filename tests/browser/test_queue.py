"""The listening queue in Chromium, keyboard only: "Add to the queue" on a player page, "Move
up" on /queue (a plain form: no script needed), and the player going on by itself: an article
played to the end is marked listened and the next queued one opens and plays; with "Play the
next article in the queue" switched off it stays. The queue page passes axe-core."""
from __future__ import annotations

import pytest
import requests

from tests.browser.axe_check import axe_violations
from tests.browser.player_state import audio, wait_playing_past
from tests.gunicorn_server import wait_until

FOCUSED = "sel => document.activeElement && document.activeElement.matches(sel)"


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.fixture
def short_ids(base_url) -> list[str]:
    """Two short articles with their audio rendered; the queue emptied before and after."""
    def clear():
        for entry in requests.get(f"{base_url}/api/queue", timeout=5).json()["queue"]:
            requests.delete(f"{base_url}/api/queue/{entry['article']['id']}", timeout=5)

    clear()
    ids = []
    for n in (1, 2):
        text = f"Queued story {n}\n\nQueued story {n} is short. It ends soon."
        body = requests.post(f"{base_url}/api/articles", json={"text": text, "rate": 450}, timeout=30).json()
        requests.post(f"{base_url}/api/articles/{body['id']}/listened", json={"listened": False}, timeout=5)
        ids.append(body["id"])
        wait_until(lambda: requests.get(body["audio_url"], timeout=30).status_code == 200, 60, "the audio")
    yield ids
    clear()


def order(base_url) -> list[str]:
    return [e["article"]["id"] for e in requests.get(f"{base_url}/api/queue", timeout=5).json()["queue"]]


def listened(base_url, article_id: str) -> bool:
    items = requests.get(f"{base_url}/api/articles?listened=true&per_page=100", timeout=5).json()["articles"]
    return any(a["id"] == article_id for a in items)


def test_add_and_reorder_with_the_keyboard(open_page, base_url, short_ids):
    first, second = short_ids
    page = open_page(f"{base_url}/articles/{second}")
    tab_to(page, "#queue-add")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=In the queue, number 1.")
    page.goto(f"{base_url}/articles/{first}")
    tab_to(page, "#queue-add")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=In the queue, number 2.")
    assert order(base_url) == [second, first]
    page.goto(f"{base_url}/queue")
    tab_to(page, "button[value=up]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#queue-status")
    assert "Moved: Queued story 1" in page.inner_text("#queue-status")
    assert order(base_url) == [first, second]
    assert page.locator(".queue li a").all_inner_texts() == ["Queued story 1", "Queued story 2"]
    assert axe_violations(page) == []


def play_to_the_end(page) -> None:
    """Play, then move the position near the end with the keyboard (the seek slider's End key)."""
    page.wait_for_selector("#controls:not([hidden])")
    tab_to(page, "#play")
    page.keyboard.press("Enter")
    wait_playing_past(page, 0.2)
    tab_to(page, "#seek")
    page.keyboard.press("End")


def test_an_article_ended_is_marked_listened_and_the_next_one_plays(open_page, base_url, short_ids):
    first, second = short_ids
    for article_id in short_ids:
        requests.post(f"{base_url}/api/queue", json={"article_id": article_id}, timeout=5)
    page = open_page(f"{base_url}/articles/{first}")
    assert page.get_attribute("#up-next", "href").endswith(f"/articles/{second}")
    play_to_the_end(page)
    page.wait_for_url(f"**/articles/{second}", timeout=15000)  # the autoplay parameter is dropped
    wait_playing_past(page, 0.3)
    assert listened(base_url, first) and not listened(base_url, second)
    assert page.console_errors == []


def test_with_the_setting_off_the_player_stays(open_page, base_url, short_ids):
    first, second = short_ids
    for article_id in short_ids:
        requests.post(f"{base_url}/api/queue", json={"article_id": article_id}, timeout=5)
    page = open_page(f"{base_url}/articles/{first}")
    page.wait_for_selector("#controls:not([hidden])")
    tab_to(page, "#settings summary")
    page.keyboard.press("Enter")
    tab_to(page, "#autonext")
    page.keyboard.press("Space")
    assert not page.is_checked("#autonext")
    page.reload()  # the setting is kept, like the others
    page.wait_for_selector("#controls:not([hidden])")
    assert not page.is_checked("#autonext")
    play_to_the_end(page)
    page.wait_for_function("() => document.getElementById('audio').ended")
    wait_until(lambda: listened(base_url, first), 10, "the listened mark")
    page.wait_for_timeout(1000)
    assert page.url.endswith(f"/articles/{first}")
    assert audio(page, "a.ended")


def test_a_position_left_on_one_device_is_offered_on_another(open_page, base_url, article):
    """Two browser contexts (separate storage: two devices) open the article with the listening
    token the queue page shows; the second is offered where the first paused."""
    queue_page = open_page(f"{base_url}/queue")
    token = queue_page.inner_text("#listening-token")
    assert f"listen={token}" in queue_page.get_attribute("#queue-feed", "href")
    first = open_page(f"{article['page_url']}?listen={token}")
    first.wait_for_selector("#controls:not([hidden])")
    assert "listen=" not in first.url  # kept in the browser, not left in the address bar
    tab_to(first, "#play")
    first.keyboard.press("Enter")
    wait_playing_past(first, 6)
    first.keyboard.press("Enter")  # pause: the position is stored here and on the server
    stopped = audio(first, "a.currentTime")
    position = f"{base_url}/api/positions/{article['id']}?token={token}"
    # the share made as playing began (about 0.2 s) may still be what the server holds: wait for
    # the pause's own, which is the one that must arrive
    stored = lambda: requests.get(position, timeout=5).json()["seconds"] or 0  # noqa: E731
    wait_until(lambda: abs(stored() - stopped) < 0.5, 10, "the position stored at the pause")
    assert abs(stored() - stopped) < 0.5
    second = open_page(f"{article['page_url']}?listen={token}")
    second.wait_for_selector("#resume:not([hidden])")
    assert "On another device you stopped at 0:0" in second.inner_text("#resume")
    tab_to(second, "#resume-go")
    second.keyboard.press("Enter")
    wait_playing_past(second, stopped)
    assert second.console_errors == [] and first.console_errors == []
    requests.put(position, json={"seconds": 0}, timeout=5)  # leave no offer for other tests
