"""Audio over HTTP: real synthesis and encoding, decoded and measured; served from the cache,
whichever store holds it (files, and S3 on moto's server)."""
from __future__ import annotations

import os

import pytest

import service.jobs
from tests.audio_check import decode_mp3, expected_seconds


@pytest.fixture
def store_config(any_store):
    return any_store


class CountingPool:
    """The real synthesis pool, counting the jobs it is given."""

    def __init__(self, pool):
        self.pool, self.calls = pool, 0

    def synthesize(self, *args, **kwargs):
        self.calls += 1
        return self.pool.synthesize(*args, **kwargs)

    def synthesize_many(self, *args, **kwargs):
        self.calls += 1
        return self.pool.synthesize_many(*args, **kwargs)


@pytest.fixture
def counting(monkeypatch):
    counter = CountingPool(service.jobs.get_pool())
    monkeypatch.setattr(service.jobs, "get_pool", lambda: counter)
    return counter


@pytest.fixture
def article(client, upi_text):
    resp = client.post("/api/articles", json={"text": upi_text, "rate": 200})
    assert resp.status_code == 201
    return resp.get_json()


def get_audio(client, url, **kw):
    return client.get(url.replace("http://localhost", ""), **kw)


def test_sections_decode_to_speech_of_the_right_length(client, article, counting):
    for section in article["sections"]:
        resp = get_audio(client, section["audio_url"])
        assert resp.status_code == 200
        assert resp.mimetype == "audio/mpeg"
        assert int(resp.headers["Content-Length"]) == len(resp.data)
        audio = decode_mp3(resp.data)
        assert (audio.sample_rate, audio.channels) == (44100, 1)
        want = expected_seconds(section["text"], 200)
        assert abs(audio.duration_s - want) <= 0.25 * want, (audio.duration_s, want)
    after = client.get(f"/api/articles/{article['id']}").get_json()
    for section in after["sections"]:
        assert section["state"] == "ready" and section["duration_s"] > 0


def test_whole_article_reads_title_then_every_section(client, article, counting):
    sections = [decode_mp3(get_audio(client, s["audio_url"]).data).duration_s for s in article["sections"]]
    whole = decode_mp3(get_audio(client, article["audio_url"]).data).duration_s
    title_and_pauses = whole - sum(sections)
    assert 1.0 < title_and_pauses < 10.0, (whole, sections)


def test_second_request_is_served_from_the_cache(client, article, counting):
    url = article["sections"][0]["audio_url"]
    first = get_audio(client, url)
    calls = counting.calls
    assert calls >= 1
    second = get_audio(client, url)
    assert counting.calls == calls, "the second request must not synthesize"
    assert second.data == first.data


def test_audio_headers_ranges_head_and_etag(client, article):
    url = article["sections"][0]["audio_url"]
    full = get_audio(client, url)
    size = len(full.data)
    assert full.headers["Accept-Ranges"] == "bytes"
    assert "immutable" in full.headers["Cache-Control"] and "max-age=31536000" in full.headers["Cache-Control"]
    etag = full.headers["ETag"]
    assert etag

    probe = get_audio(client, url, headers={"Range": "bytes=0-1"})
    assert probe.status_code == 206 and probe.data == full.data[:2]
    assert probe.headers["Content-Range"] == f"bytes 0-1/{size}"

    tail = get_audio(client, url, headers={"Range": "bytes=-100"})
    assert tail.status_code == 206 and tail.data == full.data[-100:]

    past = get_audio(client, url, headers={"Range": f"bytes={size}-"})
    assert past.status_code == 416 and past.headers["Content-Range"] == f"bytes */{size}"

    assert get_audio(client, url, headers={"If-None-Match": etag}).status_code == 304

    head = client.head(url.replace("http://localhost", ""))
    assert head.status_code == 200 and head.data == b"" and int(head.headers["Content-Length"]) == size


def test_no_temporary_files_left_behind(client, article, app):
    for url in [article["audio_url"]] + [s["audio_url"] for s in article["sections"]]:
        assert get_audio(client, url).status_code == 200
    names = os.listdir(app.config["AUDIO_CACHE"])
    assert not [n for n in names if n.endswith(".part")]
    assert len(app.extensions["newsreader"]["cache"].keys()) == len(article["sections"]) + 1


def test_unknown_audio_is_404(client):
    assert client.get("/audio/" + "0" * 32 + ".mp3").status_code == 404
    assert client.get("/audio/not-a-key.mp3").status_code == 404


def test_engine_over_its_time_limit_gives_503_then_recovers(client, article, app, monkeypatch):
    from service.speech.engine import SynthesisPool

    with SynthesisPool(size=1, timeout_s=0.01) as hasty:
        monkeypatch.setattr(service.jobs, "get_pool", lambda: hasty)
        url = article["sections"][0]["audio_url"]
        resp = get_audio(client, url)
    assert resp.status_code == 503
    assert resp.headers["Retry-After"] and resp.get_json()["error"]["code"] == "speech_unavailable"
    assert not [n for n in os.listdir(app.config["AUDIO_CACHE"]) if n.endswith((".mp3", ".part"))]
    assert not app.extensions["newsreader"]["cache"].keys()
    state = client.get(f"/api/articles/{article['id']}").get_json()["sections"][0]["state"]
    assert state == "failed"
    monkeypatch.undo()
    assert get_audio(client, url).status_code == 200
