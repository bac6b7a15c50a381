"""Real speed: rates beyond eSpeak NG's 450 words a minute (its Sonic speed-up) stay intelligible
and the pauses we add shrink with the rate.

Intelligible at 600 and 800: the synthesizer sounds the same phonemes as at 175 (its phoneme
events), the audio (decoded from the MP3 the API serves) is as much shorter as the rate says,
every word eSpeak reports takes time and holds speech, and the last word is not cut off.
Pauses: the silence between two sections of the whole article, and between two sentences, is
measured in the decoded audio at 175 and 700 words a minute.
"""
from __future__ import annotations

import miniaudio
import numpy as np
import pytest

from service.speech.engine import RATE_MAX, get_pool
from service.speech.pauses import scaled_pause_ms
from service.speech.phonemes import sounded_phonemes
from service.speech.tracks import SECTION_PAUSE_MS

TEXT = ("Council approves budget\n\nThe city council approved the budget on Tuesday after a long "
        "debate. Members said the plan would fund new parks, repair roads across town and hire "
        "twelve more librarians. The mayor thanked residents for their patience.")
BODY = TEXT.split("\n\n", 1)[1]
TWO_SECTIONS = ("Storm closes schools\n\nThe storm reached the coast early on Monday, officials said.\n\n"
                "## Power\n\nAbout forty thousand homes were without power by noon on Tuesday.")
WINDOW_S = 0.01


def local(url: str) -> str:
    return url.replace("http://localhost", "")


def decoded(client, payload: dict, whole: bool = False) -> tuple[np.ndarray, int]:
    """The article's first section (or whole file) as the API serves it, decoded to mono samples."""
    resp = client.post("/api/articles", json=payload)
    assert resp.status_code in (200, 201), resp.get_json()
    article = resp.get_json()
    url = article["audio_url"] if whole else article["sections"][0]["audio_url"]
    data = client.get(local(url)).data
    sound = miniaudio.decode(data, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1)
    return np.asarray(sound.samples, dtype=np.float64), sound.sample_rate


def window_rms(samples: np.ndarray, rate: int) -> np.ndarray:
    size = int(rate * WINDOW_S)
    usable = samples[: len(samples) // size * size].reshape(-1, size)
    return np.sqrt((usable ** 2).mean(axis=1))


def silences_s(samples: np.ndarray, rate: int) -> list[float]:
    """Lengths of the runs of silent 10 ms windows (40 dB under the loudest) inside the speech."""
    rms = window_rms(samples, rate)
    quiet = rms < rms.max() / 100
    voiced = np.flatnonzero(~quiet)
    runs, length = [], 0
    for q in quiet[voiced[0]: voiced[-1] + 1]:
        if q:
            length += 1
        elif length:
            runs.append(length * WINDOW_S)
            length = 0
    return runs


def word_spans_ms(speech) -> list[tuple[int, int]]:
    """Each word event's stretch of audio: to the next word's start (the last to the end)."""
    starts = [ms for ms, _, _ in speech.words] + [round(speech.duration_s * 1000)]
    return list(zip(starts, starts[1:]))


def test_rates_up_to_900_are_offered_and_out_of_range_is_422(client):
    assert RATE_MAX == 900
    resp = client.post("/api/articles", json={"text": TEXT, "rate": 900})
    assert resp.status_code in (200, 201) and resp.get_json()["rate"] == 900
    resp = client.post("/api/articles", json={"text": TEXT, "rate": 901})
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "rate"


@pytest.mark.parametrize("rate", [600, 800])
def test_fast_rates_sound_the_same_phonemes(rate):
    normal, normal_s = sounded_phonemes(BODY, rate=175)
    fast, fast_s = sounded_phonemes(BODY, rate=rate)
    assert len(normal) > 100
    assert [p for _, p in fast] == [p for _, p in normal]
    assert fast_s == pytest.approx(normal_s * 175 / rate, rel=0.12)


@pytest.mark.parametrize("rate", [600, 800])
def test_fast_audio_is_shorter_by_the_rate_and_not_cut(client, rate):
    normal, sr = decoded(client, {"text": TEXT, "rate": 175})
    fast, fast_sr = decoded(client, {"text": TEXT, "rate": rate})
    assert fast_sr == sr
    assert len(fast) / len(normal) == pytest.approx(175 / rate, rel=0.12)
    # the last word is there: speech in the last 150 ms before the trailing silence, as loud
    # (within 20 dB) as the same stretch at the normal rate
    def tail_level(samples):
        rms = window_rms(samples, sr)
        end = np.flatnonzero(rms > rms.max() / 100)[-1] + 1
        return rms[end - 15: end].max() / rms.max()

    assert tail_level(fast) > tail_level(normal) / 10


@pytest.mark.parametrize("rate", [450, 600, 800])
def test_every_word_takes_time_holds_speech_and_is_timed_where_it_is_said(rate):
    """With Sonic eSpeak's own word times go back at each audio chunk (the engine rescales them):
    here they rise, fall where the 175 wpm ones do (as a share of the audio) and hold speech."""
    pool = get_pool()
    normal = pool.synthesize(BODY, voice="en-us", rate=175)
    fast = pool.synthesize(BODY, voice="en-us", rate=rate)
    assert [w[1:] for w in fast.words] == [w[1:] for w in normal.words]  # the same words
    samples = np.frombuffer(fast.pcm, "<i2").astype(np.float64)
    loudest = np.abs(samples).max()
    fast_spans, slow_spans = word_spans_ms(fast), word_spans_ms(normal)
    for (ms, at, length), (begin, end), (slow_begin, slow_end) in zip(fast.words, fast_spans, slow_spans):
        word = BODY[at: at + length]
        # no word squeezed: at least half its 175 wpm length, sped up by the rate
        assert end - begin >= (slow_end - slow_begin) * 175 / rate / 2 > 0, word
        span = samples[begin * fast.sample_rate // 1000: end * fast.sample_rate // 1000]
        assert np.abs(span).max() > loudest / 10, word
    for (slow_ms, at, length), (fast_ms, _, _) in zip(normal.words, fast.words):
        share_slow, share_fast = slow_ms / 1000 / normal.duration_s, fast_ms / 1000 / fast.duration_s
        assert share_fast == pytest.approx(share_slow, abs=0.04), BODY[at: at + length]


def test_pauses_scale_with_the_rate_down_to_a_floor():
    assert scaled_pause_ms(1200, 80) == scaled_pause_ms(1200, 175) == 1200
    assert scaled_pause_ms(1200, 350) == 600
    assert scaled_pause_ms(1200, 700) == scaled_pause_ms(1200, 900) == 400  # the floor: a third
    assert scaled_pause_ms(600, 450) == 233


def test_the_pause_between_sections_shrinks_at_700(client):
    slow, sr = decoded(client, {"text": TWO_SECTIONS, "rate": 175}, whole=True)
    fast, _ = decoded(client, {"text": TWO_SECTIONS, "rate": 700}, whole=True)
    slow_gap, fast_gap = max(silences_s(slow, sr)), max(silences_s(fast, sr))
    # our pause plus what eSpeak leaves at a section's end
    assert slow_gap >= SECTION_PAUSE_MS / 1000
    assert scaled_pause_ms(SECTION_PAUSE_MS, 700) / 1000 <= fast_gap < slow_gap * 0.5
    assert fast_gap < scaled_pause_ms(SECTION_PAUSE_MS, 700) / 1000 + 0.15


def test_the_pause_between_sentences_shrinks_at_700(client):
    slow, sr = decoded(client, {"text": TEXT, "rate": 175})
    fast, _ = decoded(client, {"text": TEXT, "rate": 700})
    slow_gap, fast_gap = max(silences_s(slow, sr)), max(silences_s(fast, sr))
    assert slow_gap > 0.2  # the sentence break is heard at 175
    assert 0.01 <= fast_gap < slow_gap * 0.5  # eSpeak's own pause: it shrinks faster than the rate
