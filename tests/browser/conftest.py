"""Real-browser fixtures: one gunicorn server (`newsreader serve`, so audio has real byte
ranges), one article with five sections rendered fast (450 words per minute), and Debian's
Chromium driven by the PyPI playwright package. Built once per session: a server start, a
synthesis and a browser launch are the slow parts, and every test only reads them."""
from __future__ import annotations

from pathlib import Path

import pytest
import requests
from playwright.sync_api import sync_playwright

from tests.gunicorn_server import gunicorn
from tests.gunicorn_server import wait_until as _wait_until

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run",
                 "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="session")
def base_url(tmp_path_factory):
    with gunicorn(tmp_path_factory.mktemp("browser-server")) as base:
        yield base


@pytest.fixture(scope="session")
def article(base_url) -> dict:
    """The five-section test article, with every audio file rendered and timed."""
    html = (HERE / "long-article.html").read_text(encoding="utf-8")
    resp = requests.post(f"{base_url}/api/articles", json={"html": html, "rate": 450}, timeout=30)
    assert resp.status_code == 201, resp.text
    url = f"{base_url}/api/articles/{resp.json()['id']}"

    def rendered():
        data = requests.get(url, timeout=5).json()
        states = {data["audio_state"], *(s["state"] for s in data["sections"])}
        assert "failed" not in states, data
        ready = states == {"ready"} and all(s["start_s"] is not None for s in data["sections"])
        return data if ready else None

    return _wait_until(rendered, 120, "the article's audio")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """open_page(url, **context_options): a page in a fresh context (own storage), closed after."""
    contexts = []

    def opener(url: str, **options):
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.goto(url)
        return page

    yield opener
    for context in contexts:
        context.close()

