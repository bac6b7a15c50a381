"""The feed's cover art: a real PNG (decoded by Pillow) of 1400 to 3000 px, RGB, at a URL that
names the picture; a configured image URL replaces it."""
from __future__ import annotations

import io

import feedparser
import pytest
from PIL import Image

from tests.feed_helpers import make_app


def artwork_url(client) -> str:
    return feedparser.parse(client.get("/feed.xml").data).feed.image.href


@pytest.mark.parametrize(("configured", "expected"), [(1400, 1400), (3000, 3000), (600, 1400), (5000, 3000)])
def test_png_size_and_mode(tmp_path, configured, expected):
    client = make_app(tmp_path, FEED_IMAGE_SIZE=configured).test_client()
    resp = client.get(artwork_url(client))
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(resp.data))
    image.load()  # decodes every pixel: a broken stream fails here
    assert (image.format, image.mode, image.size) == ("PNG", "RGB", (expected, expected))
    assert len(image.getcolors(1 << 20)) > 100  # drawn, not one flat colour


def test_new_title_new_url_old_url_gone(tmp_path):
    old = make_app(tmp_path)
    old_url = artwork_url(old.test_client())
    renamed = make_app(tmp_path, FEED_TITLE="Evening news").test_client()
    new_url = artwork_url(renamed)
    assert new_url != old_url
    assert renamed.get(new_url).status_code == 200
    assert renamed.get(old_url).status_code == 404


def test_configured_image_url(tmp_path):
    client = make_app(tmp_path, FEED_IMAGE_URL="https://cdn.example.org/cover.jpg").test_client()
    assert artwork_url(client) == "https://cdn.example.org/cover.jpg"


def test_ranges_and_etag(client):
    url = artwork_url(client)
    whole = client.get(url)
    size = len(whole.data)
    assert whole.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    first = client.get(url, headers={"Range": "bytes=0-1"})
    assert first.status_code == 206 and first.data == b"\x89P" and first.headers["Content-Range"] == f"bytes 0-1/{size}"
    tail = client.get(url, headers={"Range": "bytes=-12"})
    assert tail.status_code == 206 and tail.data == whole.data[-12:] and tail.data.endswith(b"IEND\xaeB`\x82")
    past = client.get(url, headers={"Range": f"bytes={size}-"})
    assert past.status_code == 416 and past.headers["Content-Range"] == f"bytes */{size}"
    assert client.get(url, headers={"If-None-Match": whole.headers["ETag"]}).status_code == 304
    head = client.head(url)
    assert head.status_code == 200 and int(head.headers["Content-Length"]) == size and head.data == b""
