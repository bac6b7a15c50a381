"""The real server: `newsreader serve` (gunicorn, 2 workers) on 127.0.0.1, the HTML fixture posted,
every section's audio fetched and decoded, and a second fetch served from the cache."""
from __future__ import annotations

import pytest
import requests

from tests.audio_check import decode_mp3, expected_seconds
from tests.gunicorn_server import gunicorn


@pytest.fixture
def server(tmp_path):
    with gunicorn(tmp_path) as base:
        yield base, tmp_path / "audio"


def test_real_server_end_to_end(server, upi_html, upi_expected):
    base, cache_dir = server
    resp = requests.post(f"{base}/api/articles", json={"html": upi_html}, timeout=30)
    assert resp.status_code == 201, resp.text
    article = resp.json()
    assert article["title"] == upi_expected["title"]
    bodies = {}
    for section in article["sections"] + [{"audio_url": article["audio_url"], "text": None}]:
        audio = requests.get(section["audio_url"], timeout=120)
        assert audio.status_code == 200 and audio.headers["Content-Type"] == "audio/mpeg"
        decoded = decode_mp3(audio.content)
        assert decoded.duration_s > 1
        if section["text"]:
            want = expected_seconds(section["text"], article["rate"])
            assert abs(decoded.duration_s - want) <= 0.25 * want, (decoded.duration_s, want)
        bodies[section["audio_url"]] = audio.content
    mtimes = {p.name: p.stat().st_mtime_ns for p in cache_dir.glob("*.mp3")}
    for url, body in bodies.items():
        assert requests.get(url, timeout=30).content == body
    assert {p.name: p.stat().st_mtime_ns for p in cache_dir.glob("*.mp3")} == mtimes
    again = requests.post(f"{base}/api/articles", json={"html": upi_html}, timeout=30)
    assert again.status_code == 200 and again.json()["id"] == article["id"]
