"""Voices, languages and rate: GET /api/voices lists eSpeak NG's voices, the article's language
picks one, a request's voice and rate are honoured (heard in the decoded audio) and change the
cache key, bad values are 422 and store nothing."""
from __future__ import annotations

import pytest

from tests.audio_check import decode_mp3

FRENCH = ("Le gouvernement annonce une réforme\n\nPar Jean Dupont\n\n"
          "Le gouvernement français a annoncé mardi une réforme importante des retraites. "
          "Les syndicats ont appelé à la grève dans tout le pays.")
ENGLISH = ("Council approves budget\n\nThe city council approved the budget on Tuesday after a long "
           "debate. Members said the plan would fund new parks and repair roads across town.")


def local(url: str) -> str:
    return url.replace("http://localhost", "")


def post(client, payload):
    return client.post("/api/articles", json=payload)


def test_voices_lists_espeak_voices(client):
    resp = client.get("/api/voices")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    voices = resp.get_json()["voices"]
    by_id = {v["id"]: v for v in voices}
    assert len(by_id) == len(voices) > 50, "ids are unique"
    assert by_id["en-us"] == {"id": "en-us", "espeak_id": "gmw/en-us", "name": "English (America)",
                              "languages": ["en-us"]}
    assert by_id["fr"]["languages"] == ["fr-fr"] and by_id["de"]["name"] == "German"
    assert [v["id"] for v in voices] == sorted(by_id)


def test_listed_voices_are_accepted_short_or_full(client):
    voices = client.get("/api/voices").get_json()["voices"]
    gb = next(v for v in voices if v["id"] == "en-gb-x-rp")
    for voice in (gb["id"], gb["espeak_id"]):
        resp = post(client, {"text": ENGLISH, "voice": voice})
        assert resp.status_code == 201, resp.get_json()
        assert resp.get_json()["voice"] == voice


def test_the_articles_language_picks_the_voice(client):
    french = post(client, {"text": FRENCH}).get_json()
    assert (french["language"], french["voice"]) == ("fr", "fr")
    english = post(client, {"text": ENGLISH}).get_json()
    assert (english["language"], english["voice"]) == ("en", "en-us")


def test_voice_is_heard_and_changes_the_cache_key(client):
    us = post(client, {"text": ENGLISH, "voice": "en-us"}).get_json()
    de = post(client, {"text": ENGLISH, "voice": "de"}).get_json()
    assert us["id"] != de["id"]
    assert us["sections"][0]["audio_url"] != de["sections"][0]["audio_url"]
    a = client.get(local(us["sections"][0]["audio_url"])).data
    b = client.get(local(de["sections"][0]["audio_url"])).data
    # A German voice reads English words with other phonemes: other audio, other length.
    assert a != b and abs(decode_mp3(a).duration_s - decode_mp3(b).duration_s) > 0.2


def test_rate_is_heard_and_changes_the_cache_key(client):
    slow = post(client, {"text": ENGLISH, "rate": 80}).get_json()
    fast = post(client, {"text": ENGLISH, "rate": 450}).get_json()
    assert (slow["rate"], fast["rate"]) == (80, 450)
    assert slow["sections"][0]["audio_url"] != fast["sections"][0]["audio_url"]
    slow_s = decode_mp3(client.get(local(slow["sections"][0]["audio_url"])).data).duration_s
    fast_s = decode_mp3(client.get(local(fast["sections"][0]["audio_url"])).data).duration_s
    assert slow_s > 3 * fast_s, (slow_s, fast_s)


@pytest.mark.parametrize("extra, field", [
    ({"rate": 79}, "rate"),
    ({"rate": 901}, "rate"),
    ({"rate": 175.5}, "rate"),
    ({"rate": [175]}, "rate"),
    ({"voice": "en us"}, "voice"),
    ({"voice": 42}, "voice"),
    ({"voice": "zz-nowhere"}, "voice"),
])
def test_bad_voice_or_rate_is_422_and_stores_nothing(client, extra, field):
    resp = post(client, {"text": ENGLISH, **extra})
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["field"] == field
    assert client.get("/api/articles").get_json()["total"] == 0
