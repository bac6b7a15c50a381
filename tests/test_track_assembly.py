"""The whole-article file is its title's streams, then every section's own frames verbatim with
frames of silence after each: the section starts and cues are counted in those frames, it decodes
at -16 LUFS under -1 dBTP, and it is the same file whether the sections' frames come from the
same render, from the cache, or are encoded again (evicted, or cached by another encoder)."""
from __future__ import annotations

import json

import miniaudio
import numpy as np
import pytest

from service.articles.extract import extract
from service.speech import encode
from service.speech.engine import get_pool
from service.speech.loudness import integrated_loudness, true_peak
from service.speech.timing import MP3_DELAY_S
from service.speech.tracks import SECTION_PAUSE_MS, WHOLE, Renderer, plan_tracks
from service.storage.cache import AudioCache

TEXT = """Storm closes schools across the coast

By Ann Writer

The storm reached the coast early on Monday, flooding roads and cutting power to thousands of
homes, officials said. Schools stayed closed as crews worked through the night.

## Power

About 40,000 homes were without power by noon. The utility said most would have it back by
Wednesday, though some rural lines could take longer.

## Roads

Two highways were closed near the river. Police asked drivers to stay at home unless their trip
could not wait."""


class Counting:
    def __init__(self, pool):
        self.pool, self.jobs = pool, []

    def synthesize_many(self, texts, voice=None, rate=175):
        self.jobs.append(list(texts))
        return self.pool.synthesize_many(texts, voice=voice, rate=rate)


@pytest.fixture(scope="module")
def article():
    article = extract(TEXT)
    assert len(article.sections) == 3 and article.byline
    return article


def render(folder, article, tracks=None, follow=True):
    """Render `tracks` (default: all, sections first) into the cache in `folder`."""
    cache = AudioCache(str(folder))
    planned = plan_tracks(article, "en-us", 175)
    pool = Counting(get_pool())
    renderer = Renderer(pool, cache, "en-us", 175, "Ann Writer", "newsreader")
    chosen = [t for t in planned if tracks is None or t.index in tracks]
    if follow:
        renderer.follow(chosen)
    for track in chosen:
        renderer.render(track)
    return cache, planned, pool


def read(cache, key):
    with open(cache.path(key), "rb") as f:
        return f.read()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, article):
    return render(tmp_path_factory.mktemp("all"), article)


def test_the_whole_article_is_the_sections_frames_verbatim(rendered):
    cache, tracks, pool = rendered
    whole = encode.audio_frames(read(cache, tracks[-1].key))
    starts = cache.meta(tracks[-1].key)["section_starts"]
    at = 0
    for section in tracks[:-1]:
        own = encode.audio_frames(read(cache, section.key))
        at = whole.index(own, at)
        frames_before = encode.count_frames(whole[:at])
        assert starts[str(section.index)] == round(frames_before * 1152 / 44100 + MP3_DELAY_S, 3)
        at += len(own)
    # one job per section and one for the title and byline; the sections were not spoken again
    assert len(pool.jobs) == len(tracks)
    assert pool.jobs[-1] == [p.spoken for p in tracks[-1].pieces[:2]]


def test_a_pause_follows_each_section(rendered):
    cache, tracks, _ = rendered
    starts = cache.meta(tracks[-1].key)["section_starts"]
    for section in tracks[:-2]:
        stream = cache.meta(section.key)["stream"]
        speech_end = starts[str(section.index)] + (stream["frames"] * 1152 - stream["gap_samples"]) / 44100
        pause = starts[str(section.index + 1)] - speech_end
        assert pause == pytest.approx(SECTION_PAUSE_MS / 1000, abs=0.0135), section.index  # half a frame


def test_the_whole_article_decodes_at_minus_16_lufs_under_minus_1_dbtp(rendered):
    """Each section is normalised on its own, the title with the byline too; blocks across the
    joins read a little quieter: -16.1 here (sections of 10 s), -16.05 on longer articles."""
    cache, tracks, _ = rendered
    sound = miniaudio.mp3_read_s16(read(cache, tracks[-1].key))
    pcm = np.asarray(sound.samples, dtype=np.int16).tobytes()
    assert integrated_loudness(pcm, sound.sample_rate) == pytest.approx(-16.0, abs=0.3)
    assert true_peak(pcm) <= -1.0


def test_its_cues_are_the_sections_cues_moved_by_their_start(rendered):
    cache, tracks, _ = rendered
    meta = cache.meta(tracks[-1].key)
    blocks = meta["vtt"].strip().split("\n\n")[1:]
    whole_cues = [(block.split("\n")[1], block.split("\n", 2)[2]) for block in blocks]
    texts = [text for _, text in whole_cues]
    for section in tracks[:-1]:
        shift = meta["section_starts"][str(section.index)] - MP3_DELAY_S
        for start, end, text in cache.meta(section.key)["cues"]:
            timing = whole_cues[texts.index(text.replace("&", "&amp;"))][0]
            begin = sum(float(v) * m for v, m in zip(timing.split(" --> ")[0].split(":"), (3600, 60, 1)))
            assert begin == pytest.approx(start + shift, abs=0.0011)


def test_the_same_whole_file_from_the_cache_or_encoded_again(tmp_path, rendered, article):
    cache, tracks, _ = rendered
    want = read(cache, tracks[-1].key)
    want_meta = {k: v for k, v in cache.meta(tracks[-1].key).items()}
    # sections rendered first by another renderer: the whole reads their frames from the cache
    first, planned, _ = render(tmp_path / "a", article, tracks={0, 1, 2}, follow=False)
    again, _, pool = render(tmp_path / "a", article, tracks={WHOLE})
    assert len(pool.jobs) == 1  # the title and byline only
    # no section in the cache: encoded again in memory, not written
    alone, _, pool = render(tmp_path / "b", article, tracks={WHOLE})
    assert len(pool.jobs) == 4 and not any(alone.exists(t.key) for t in planned[:-1])
    # a section cached by another encoder: its file stays as it is, its frames are not used
    other, _, _ = render(tmp_path / "c", article, tracks={1}, follow=False)
    meta = other.meta(planned[1].key)
    meta["stream"]["encoder"] = "an older encoder"
    section_bytes = read(other, planned[1].key)
    other.write(planned[1].key, section_bytes, {k: v for k, v in meta.items() if k != "mp3"})
    other, _, _ = render(tmp_path / "c", article, tracks={WHOLE})
    assert read(other, planned[1].key) == section_bytes
    for folder in (again, alone, other):
        assert read(folder, tracks[-1].key) == want
        got = folder.meta(tracks[-1].key)
        assert json.dumps({k: got[k] for k in want_meta if k != "mp3"}) == \
            json.dumps({k: want_meta[k] for k in want_meta if k != "mp3"})
