"""NEWSREADER_ACCEL_REDIRECT behind real nginx (Debian's package): the app answers an MP3 with
headers and `X-Accel-Redirect`, nginx sends the cached file from its internal location. Through
nginx a client gets the very bytes in the cache, the key's ETag, the app's Content-Type and
Cache-Control, ranges (206, 416, If-Range) and 304s; the internal location itself is unreachable.
The nginx config is tests/nginx_server.accel_proxy, the one README.md shows."""
from __future__ import annotations

import pytest
import requests

from service.web.audio import IMMUTABLE
from tests.gunicorn_server import gunicorn
from tests.nginx_server import ACCEL_PREFIX, accel_proxy, nginx
from tests.range_probe import check_ranges


@pytest.fixture(scope="module")
def front(tmp_path_factory, upi_text):
    """(nginx's base URL, gunicorn's, the cache folder, an article added through nginx)."""
    folder = tmp_path_factory.mktemp("accel")
    folder.chmod(0o755)  # nginx's workers read the cache inside
    with gunicorn(folder, NEWSREADER_ACCEL_REDIRECT=ACCEL_PREFIX) as app, \
            nginx(folder, *accel_proxy(folder / "audio", app.removeprefix("http://"))) as base:
        resp = requests.post(f"{base}/api/articles", json={"text": upi_text, "rate": 400}, timeout=30)
        assert resp.status_code == 201, resp.text
        yield base, app, folder / "audio", resp.json()


def key_of(url: str) -> str:
    return url.rsplit("/", 1)[1].split(".")[0]


def test_nginx_sends_the_cached_file_with_the_apps_headers(front):
    base, _, cache, article = front
    url = article["sections"][0]["audio_url"]
    assert url.startswith(f"{base}/audio/")  # the app's URLs name the proxy (Host is passed on)
    resp = requests.get(url, timeout=120)
    assert resp.status_code == 200, resp.text
    assert resp.headers["Server"].startswith("nginx")
    assert resp.content == (cache / f"{key_of(url)}.mp3").read_bytes()
    assert resp.content[:3] == b"ID3"
    assert resp.headers["Content-Type"] == "audio/mpeg"
    assert resp.headers["ETag"] == f'"{key_of(url)}"'
    assert resp.headers["Cache-Control"] == IMMUTABLE
    assert resp.headers["Accept-Ranges"] == "bytes"
    assert "X-Accel-Redirect" not in resp.headers


def test_ranges_head_and_304_through_nginx(front):
    """HEAD, 206 for first/suffix/open ranges, 416 past the end, 304 for the ETag: all of it."""
    _, _, cache, article = front
    url = article["audio_url"]  # the whole article, rendered on this request
    assert check_ranges(url) == (cache / f"{key_of(url)}.mp3").read_bytes()


def test_if_range_with_the_key_etag_gets_the_range(front):
    _, _, cache, article = front
    url = article["sections"][0]["audio_url"]
    body = requests.get(url, timeout=120).content
    etag = f'"{key_of(url)}"'
    part = requests.get(url, headers={"Range": "bytes=10-19", "If-Range": etag}, timeout=30)
    assert part.status_code == 206 and part.content == body[10:20]
    stale = requests.get(url, headers={"Range": "bytes=10-19", "If-Range": '"other"'}, timeout=30)
    assert stale.status_code == 200 and stale.content == body
    modified = requests.get(url, headers={"If-Modified-Since": part.headers["Last-Modified"]}, timeout=30)
    assert modified.status_code == 304 and modified.headers["ETag"] == etag


def test_the_app_itself_answers_headers_and_a_redirect(front):
    _, app, _, article = front
    key = key_of(article["sections"][0]["audio_url"])
    resp = requests.get(f"{app}/audio/{key}.mp3", timeout=120)
    assert resp.status_code == 200 and resp.content == b""
    assert resp.headers["X-Accel-Redirect"] == f"{ACCEL_PREFIX}{key}.mp3"
    assert resp.headers["ETag"] == f'"{key}"' and resp.headers["Cache-Control"] == IMMUTABLE
    not_modified = requests.get(f"{app}/audio/{key}.mp3", headers={"If-None-Match": f'"{key}"'}, timeout=30)
    assert not_modified.status_code == 304 and "X-Accel-Redirect" not in not_modified.headers


def test_the_internal_location_is_not_public(front):
    base, _, cache, article = front
    key = key_of(article["sections"][0]["audio_url"])
    assert (cache / f"{key}.mp3").exists()
    assert requests.get(f"{base}{ACCEL_PREFIX}{key}.mp3", timeout=30).status_code == 404
    assert requests.get(f"{base}/audio/{'0' * 32}.mp3", timeout=30).status_code == 404
