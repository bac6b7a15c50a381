"""Helpers the feed tests share: an app per test, short articles that synthesize fast (added
and rendered), and reading a feed's XML."""
from __future__ import annotations

from lxml import etree

from service import create_app

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
}
RATE = 450  # fastest allowed: short audio, quick tests


def short_article(n: int, tags: list[str] | None = None) -> dict:
    """A tiny article body for POST /api/articles (distinct per n)."""
    body = {"text": f"Story number {n} headline\n\nBy Ann Writer\n\nThe first paragraph of story {n} is here.\n\n"
                    f"A second paragraph closes story {n}.", "rate": RATE}
    if tags:
        body["tags"] = tags
    return body


def items(xml: bytes) -> list[etree._Element]:
    return etree.fromstring(xml).findall("channel/item")


def one(element, path: str) -> str:
    """The text of the single element at `path` (fails if there is not exactly one)."""
    found = element.findall(path, NS)
    assert len(found) == 1, (path, len(found))
    return found[0].text or ""


def add(client, n: int, tags=None, render=True) -> dict:
    resp = client.post("/api/articles", json=short_article(n, tags))
    assert resp.status_code == 201, resp.json
    article = resp.json
    if render:  # renders the whole-article file on demand (PRERENDER is off in tests)
        assert client.get(article["audio_url"]).status_code == 200
    return article


def make_app(tmp_path, **config):
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"),
                       "AUDIO_CACHE": str(tmp_path / "audio"), "PRERENDER": False, **config})
