"""Word-timed transcripts: eSpeak's word events mapped back onto the written sentences, and cue
times checked against where speech energy really starts in the decoded MP3 (within 50 ms)."""
from __future__ import annotations

import re

import miniaudio
import numpy as np
import pytest

from service.speech.engine import get_pool
from service.speech.timing import Cue, SpokenText, piece_cues, to_webvtt

PARAGRAPH = ("On Jan. 23, 2017, the U.S. said $1.5 billion was spent in 1958. Prices rose 5% "
             "at 3 p.m. near Mt. Everest! Sen. Smith, D-Mass., called 555-123-4567 -- twice.")
CUE_RE = re.compile(r"^(\d\d):(\d\d):(\d\d\.\d\d\d) --> (\d\d):(\d\d):(\d\d\.\d\d\d)$", re.M)


def seconds(h, m, s) -> float:
    return int(h) * 3600 + int(m) * 60 + float(s)


def vtt_cues(vtt: str) -> list[tuple[float, float, str]]:
    assert vtt.startswith("WEBVTT\n\n")
    out = []
    for block in vtt.strip().split("\n\n")[1:]:
        number, timing, text = block.split("\n", 2)
        m = CUE_RE.match(timing)
        assert number.isdigit() and m, block
        out.append((seconds(*m.groups()[:3]), seconds(*m.groups()[3:]), text))
    return out


@pytest.fixture(scope="module")
def spoken_paragraph():
    spoken = SpokenText(PARAGRAPH, "en")
    return spoken, get_pool().synthesize(spoken.text, voice="en-us", rate=175)


def test_every_word_event_maps_onto_the_written_text(spoken_paragraph):
    spoken, speech = spoken_paragraph
    assert spoken.text != PARAGRAPH  # normalization rewrote it ...
    assert len(speech.words) > len(PARAGRAPH.split())  # ... and numbers emit several events
    for _, position, length in speech.words:
        said = spoken.text[position:position + length]
        start, end = spoken.to_written(position, position + length)
        written = PARAGRAPH[start:end]
        assert 0 <= start < end <= len(PARAGRAPH)
        if said in PARAGRAPH.split() or said.strip(".,!") in PARAGRAPH:  # unchanged words map to themselves
            assert said.strip(".,!-") in written, (said, written)
    by_word = {spoken.text[p:p + n]: spoken.to_written(p, p + n) for _, p, n in speech.words}
    assert PARAGRAPH[slice(*by_word["January"])] == "Jan. 23, 2017"  # the date is one span
    assert PARAGRAPH[slice(*by_word["billion"])] == "$1.5 billion"
    assert PARAGRAPH[slice(*by_word["nineteen"])] == "1958"


def test_a_cue_per_written_sentence_in_time_order(spoken_paragraph):
    spoken, speech = spoken_paragraph
    end = len(speech.pcm) / 2 / speech.sample_rate
    cues = piece_cues(spoken, speech.words, 10.0, 10.0 + end)
    assert [c.text for c in cues] == [  # "Mt." and "Sen." end no sentence: spoken, they are words
        "On Jan. 23, 2017, the U.S. said $1.5 billion was spent in 1958.",
        "Prices rose 5% at 3 p.m. near Mt. Everest!",
        "Sen. Smith, D-Mass., called 555-123-4567 -- twice."]
    assert cues[0].start_s == pytest.approx(10.0 + speech.words[0][0] / 1000)
    for a, b in zip(cues, cues[1:]):
        assert a.start_s < a.end_s == b.start_s < b.end_s
    assert cues[-1].end_s == pytest.approx(10.0 + end, abs=0.001)


def test_a_sentence_nothing_is_heard_for_joins_its_neighbour():
    spoken = SpokenText("Hello there. ... Goodbye now.", "en")
    words = [(100, 0, 5), (400, 6, 5), (900, 17, 7), (1300, 25, 3)]  # no event inside "..."
    cues = piece_cues(spoken, words, 0.0, 2.0)
    assert [c.text for c in cues] == ["Hello there. ...", "Goodbye now."]
    assert [(c.start_s, c.end_s) for c in cues] == [(0.1, 0.9), (0.9, 2.0)]


def test_webvtt_format_and_escaping():
    vtt = to_webvtt([Cue(0.025, 1.5, "Q&A: a <b> --> c"), Cue(3723.4567, 3725.0, "Late")])
    assert vtt == ("WEBVTT\n\n1\n00:00:00.025 --> 00:00:01.500\nQ&amp;A: a &lt;b&gt; --&gt; c\n\n"
                   "2\n01:02:03.457 --> 01:02:05.000\nLate\n")


def speech_onsets(mp3: bytes, cues, threshold=0.02, search_s=0.2) -> list[float]:
    """For each cue, the first moment within ±search_s of its start where the decoded audio's
    magnitude passes `threshold` of full scale (speech energy starting after a pause)."""
    sound = miniaudio.decode(mp3, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1,
                             sample_rate=44100)
    y = np.abs(np.frombuffer(sound.samples, dtype="<i2").astype(np.int32))
    loud = y > threshold * 32768
    onsets = []
    for start, _, _ in cues:
        lo, hi = max(0, int((start - search_s) * 44100)), int((start + search_s) * 44100)
        hits = np.flatnonzero(loud[lo:hi])
        onsets.append((lo + hits[0]) / 44100 if len(hits) else float("inf"))
    return onsets


@pytest.mark.parametrize("which", ["section", "whole"])
def test_cues_start_within_50ms_of_the_speech_in_the_decoded_mp3(client, upi_text, which):
    article = client.post("/api/articles", json={"text": upi_text, "rate": 175}).get_json()
    item = article["sections"][0] if which == "section" else article
    vtt_resp = client.get(item["transcript_url"].replace("http://localhost", ""))
    assert vtt_resp.status_code == 200 and vtt_resp.headers["Content-Type"] == "text/vtt; charset=utf-8"
    cues = vtt_cues(vtt_resp.get_data(as_text=True))
    mp3 = client.get(item["audio_url"].replace("http://localhost", "")).data
    onsets = speech_onsets(mp3, cues)
    errors = [onset - start for onset, (start, _, _) in zip(onsets, cues)]
    assert len(cues) >= 11 and max(map(abs, errors)) <= 0.050, list(zip(cues, errors))
    assert float(np.median(np.abs(errors))) <= 0.010, errors  # ~1 ms; 25 ms without the coder's delay
    if which == "whole":  # title, byline, then the section: pauses between pieces are counted
        article = client.get(f"/api/articles/{article['id']}").get_json()
        assert [c[2] for c in cues[:2]] == [article["title"], f"By {article['byline']}"]
        start_s = article["sections"][0]["start_s"]  # the section's audio; its first word just after
        assert 0 <= cues[2][0] - start_s <= 0.050, (cues[2], start_s)
