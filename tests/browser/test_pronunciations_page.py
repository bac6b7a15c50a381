"""The /pronunciations page in real Chromium: axe-core finds nothing in any of its states (empty,
listed, an error, editing); an entry is added, previewed (real speech plays), edited and deleted
with the keyboard; a bad entry is an error at its field; a file is exported and imported; and
with script off every form still works (the preview button opens the MP3)."""
from __future__ import annotations

import json

import pytest
import requests

from tests.browser.axe_check import axe_violations
from tests.gunicorn_server import gunicorn


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    with gunicorn(tmp_path_factory.mktemp("dictionary-server"), workers=1, NEWSREADER_PRERENDER="0") as url:
        yield url


@pytest.fixture(autouse=True)
def empty_dictionary(base):
    yield
    for entry in requests.get(f"{base}/api/pronunciations", timeout=10).json()["pronunciations"]:
        requests.delete(entry["url"], timeout=10)


def listed(base) -> list[tuple[str, str]]:
    return [(e["written"], e["say"]) for e in requests.get(f"{base}/api/pronunciations", timeout=10).json()["pronunciations"]]


def press_enter_on(page, control) -> None:
    """Focus a control, press Enter, and wait for the page it leads to."""
    control.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def add_with_keyboard(page, written: str, say: str) -> None:
    page.get_by_label("Written form").focus()
    page.keyboard.type(written)
    page.keyboard.press("Tab")
    page.keyboard.type(say)
    press_enter_on(page, page.get_by_role("button", name="Add", exact=True))


def test_add_preview_edit_delete_by_keyboard_and_axe_clean(open_page, base):
    page = open_page(base + "/pronunciations")
    assert page.get_by_text("No entries yet.").is_visible()
    assert axe_violations(page) == []

    add_with_keyboard(page, "Nguyen", "[[w'In]]")
    assert page.get_by_role("status").inner_text() == "Entry added."
    assert listed(base) == [("Nguyen", "[[w'In]]")]
    assert page.get_by_role("rowheader", name="Nguyen").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Preview Nguyen").focus()
    page.keyboard.press("Enter")  # played here by pronunciations.js
    duration = page.evaluate("""() => new Promise((ok, fail) => {
        const a = document.getElementById('preview-audio');
        if (a.readyState >= 1) return ok(a.duration);
        a.addEventListener('loadedmetadata', () => ok(a.duration)); a.addEventListener('error', fail); })""")
    assert 0.1 < duration < 3
    assert page.url.endswith("/pronunciations?done=added")  # stayed on the page

    press_enter_on(page, page.get_by_role("link", name="Edit Nguyen"))
    assert page.get_by_role("heading", name="Edit Nguyen").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Say it as").fill("win")
    press_enter_on(page, page.get_by_role("button", name="Save"))
    assert page.get_by_role("status").inner_text() == "Entry saved."
    assert listed(base) == [("Nguyen", "win")]

    page.get_by_role("link", name="Edit Nguyen").click()
    press_enter_on(page, page.get_by_role("button", name="Delete Nguyen"))
    assert page.get_by_role("status").inner_text() == "Entry deleted."
    assert listed(base) == []
    assert page.console_errors == []


def test_a_bad_entry_is_an_error_at_its_field(open_page, base):
    page = open_page(base + "/pronunciations")
    page.get_by_label("Written form").fill("Nguyen")
    page.get_by_label("Say it as").fill("[[w'In")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Add", exact=True).click()
    assert posted.value.status == 422
    alert = page.get_by_role("alert")
    assert "balanced [[ ]]" in alert.inner_text()
    field = page.get_by_label("Say it as")
    assert field.get_attribute("aria-invalid") == "true"
    assert "say-error" in field.get_attribute("aria-describedby").split()
    assert field.input_value() == "[[w'In" and page.get_by_label("Written form").input_value() == "Nguyen"
    page.locator("[role=alert] a").click()
    assert page.evaluate("document.activeElement.id") == "say"
    assert axe_violations(page) == []
    assert listed(base) == []


def test_export_then_import_a_file(open_page, base, tmp_path):
    requests.post(f"{base}/api/pronunciations", json={"written": "Dvořák", "say": "vor zhak"}, timeout=10)
    page = open_page(base + "/pronunciations", accept_downloads=True)
    with page.expect_download() as got:
        page.get_by_role("link", name="Download all entries (JSON file)").click()
    exported = json.loads(open(got.value.path(), encoding="utf-8").read())
    assert [e["written"] for e in exported["entries"]] == ["Dvořák"]

    exported["entries"].append({"written": "Kyiv", "say": "keev", "language": "en"})
    upload = tmp_path / "mine.json"
    upload.write_text(json.dumps(exported), encoding="utf-8")
    page.get_by_label("File to import").set_input_files(str(upload))
    with page.expect_navigation():
        page.get_by_role("button", name="Import", exact=True).click()
    assert page.get_by_role("status").inner_text() == "File imported."
    assert sorted(listed(base)) == [("Dvořák", "vor zhak"), ("Kyiv", "keev")]
    assert axe_violations(page) == []

    bad = tmp_path / "bad.json"
    bad.write_text('{"entries": [{"written": "New", "say": "noo"}, {"written": "", "say": "x"}]}', encoding="utf-8")
    page.get_by_label("File to import").set_input_files(str(bad))
    page.get_by_role("button", name="Import", exact=True).click()
    assert "entry 2" in page.get_by_role("alert").inner_text()
    assert sorted(listed(base)) == [("Dvořák", "vor zhak"), ("Kyiv", "keev")]  # nothing of the file
    assert axe_violations(page) == []


def test_without_script_the_forms_work_and_preview_opens_the_mp3(open_page, base):
    page = open_page(base + "/pronunciations", java_script_enabled=False)
    page.get_by_label("Written form").fill("BBC")
    page.get_by_label("Say it as").fill("bee bee see")
    page.get_by_role("button", name="Add", exact=True).click()
    assert listed(base) == [("BBC", "bee bee see")]
    with page.expect_response(lambda r: "/preview.mp3" in r.url) as got:
        page.get_by_role("button", name="Preview BBC").click()
    assert got.value.status == 200 and got.value.headers["content-type"] == "audio/mpeg"
