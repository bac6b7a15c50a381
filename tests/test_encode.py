"""MP3 encoding with the real LAME (lameenc) and real tags (mutagen); decoding with miniaudio."""
from __future__ import annotations

import io
import math

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from service.speech import encode
from service.speech.encode import ENCODER_VERSION, encode_mp3, mp3_duration, silence


def decode_mp3(data: bytes):
    """Decode as stored (dr_mp3 through miniaudio): native rate and channels, int16 samples."""
    import miniaudio

    sound = miniaudio.mp3_read_s16(data)
    sound.duration_s = sound.num_frames / sound.sample_rate
    return sound


def tone(seconds: float, rate: int = 22050, freq: float = 440.0, amplitude: float = 0.3) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    return (np.sin(2 * np.pi * freq * t) * amplitude * 32767).astype("<i2").tobytes()


def test_mp3_format_and_tags():
    data = encode_mp3(tone(3.0), 22050, "Storm hits the coast — “live”", "Newsreader", "Daily Édition")
    info = MP3(io.BytesIO(data)).info
    assert info.sample_rate == 44100
    assert info.channels == 1
    assert 48000 <= info.bitrate <= 64000
    tags = ID3(io.BytesIO(data))
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == "Storm hits the coast — “live”"
    assert str(tags["TPE1"]) == "Newsreader"
    assert str(tags["TALB"]) == "Daily Édition"


def test_artist_and_album_are_optional():
    tags = ID3(io.BytesIO(encode_mp3(tone(0.5), 22050, "Only a title")))
    assert str(tags["TIT2"]) == "Only a title"
    assert "TPE1" not in tags and "TALB" not in tags


@pytest.mark.parametrize("rate", [22050, 16000, 44100])
def test_duration_is_kept(rate):
    pcm = tone(5.0, rate)
    data = encode_mp3(pcm, rate, "t")
    assert mp3_duration(data) == pytest.approx(5.0, abs=0.08)
    decoded = decode_mp3(data)
    assert decoded.sample_rate == 44100 and decoded.nchannels == 1
    assert decoded.duration_s == pytest.approx(5.0, abs=0.08)


def test_upsampler_is_clean_and_exact_in_length():
    rate = 22050
    n = rate * 2
    x = (np.sin(2 * np.pi * 1000 * np.arange(n) / rate) * 10000).astype("<i2")
    y = encode._upsample2(x)
    assert len(y) == 2 * n
    ref = np.sin(2 * np.pi * 1000 * np.arange(2 * n) / (2 * rate)) * 10000
    assert np.abs(y[200:-200] - ref[200:-200]).max() < 5  # inside rounding noise
    loud = encode._upsample2(np.full(1000, 32767, dtype="<i2"))
    assert loud.max() == 32767  # clipped, not wrapped


def test_tone_survives_encoding():
    data = encode_mp3(tone(2.0, freq=1000), 22050, "t", normalize=False)
    sound = decode_mp3(data)
    samples = np.asarray(sound.samples, dtype=np.float64)[5000:-5000]
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    peak_hz = np.argmax(spectrum) * sound.sample_rate / len(samples)
    assert peak_hz == pytest.approx(1000, abs=5)
    rms = math.sqrt(np.mean(samples ** 2)) / 32767
    assert rms == pytest.approx(0.3 / math.sqrt(2) * 10 ** (encode.LAME_LEVEL_DB / 20), rel=0.02)


def test_silence():
    assert silence(0, 22050) == b""
    assert len(silence(500, 22050)) == 2 * 11025
    assert set(silence(10, 22050)) == {0}
    with pytest.raises(ValueError):
        silence(-1, 22050)


def test_bad_input():
    with pytest.raises(ValueError):
        encode_mp3(b"\x00\x00\x00", 22050, "odd byte count")
    with pytest.raises(ValueError):
        encode_mp3(b"", 0, "no rate")


def test_empty_pcm_is_still_a_valid_mp3():
    data = encode_mp3(b"", 22050, "Nothing")
    assert mp3_duration(data) < 0.1


def test_encoder_version_names_lame_and_settings():
    from importlib import metadata

    assert metadata.version("lameenc") in ENCODER_VERSION
    assert "64" in ENCODER_VERSION and "44100" in ENCODER_VERSION


def test_speech_end_to_end():
    from service.speech.engine import SynthesisPool

    text = ("The storm reached the coast early on Monday, flooding roads and cutting power to "
            "thousands of homes, officials said. Schools stayed closed. ") * 6
    with SynthesisPool(size=1, timeout_s=60) as pool:
        speech = pool.synthesize(text, rate=175)
    data = encode_mp3(speech.pcm, speech.sample_rate, "Storm", "Newsreader")
    expected = len(text.split()) / 175 * 60
    assert mp3_duration(data) == pytest.approx(speech.duration_s, abs=0.08)
    assert abs(decode_mp3(data).duration_s - expected) <= 0.25 * expected


def test_streaming_in_chunks_changes_nothing(monkeypatch):
    pcm = tone(3.0, freq=440) + tone(2.0, freq=3000, amplitude=0.1)
    whole = encode_mp3(pcm, 22050, "t", normalize=False)
    monkeypatch.setattr(encode, "_CHUNK", 1001)  # odd size: boundaries everywhere
    assert encode_mp3(pcm, 22050, "t", normalize=False) == whole


def test_pieces_are_streams_laid_on_an_exact_timeline():
    """One stream per piece: piece k starts (frames before it) * 1152 + 576 + 529 samples into
    the decoded file, and a pause is the gap from its speech to the next stream (to 13 ms)."""
    pieces = [(tone(0.7, freq=440, amplitude=0.5), 0), (tone(0.4, freq=880, amplitude=0.5), 600),
              (tone(0.9, freq=660, amplitude=0.5), 250)]
    streams = encode.encode_pieces(pieces, 22050, normalize=False)
    assert [encode.count_frames(s.data) for s in streams] == [s.frames for s in streams]
    assert [s.speech_samples for s in streams] == [2 * (len(p) // 2) for p, _ in pieces]  # at 44.1 kHz
    for stream, (_, pause_ms) in zip(streams[:-1], pieces):
        expected = max(pause_ms * 44.1, 1152)  # with no pause, the join's own 26 to 52 ms
        assert expected - 576 <= stream.gap_samples <= expected + 1152
    data = encode.tagged(b"".join(s.data for s in streams), "t")
    decoded = np.abs(np.asarray(decode_mp3(data).samples, dtype=np.float64)) / 32768
    frames = 0
    for stream in streams:
        start = frames * encode.FRAME_SAMPLES + encode.ENCODER_DELAY + encode.DECODER_DELAY
        onset = start - 300 + int(np.flatnonzero(decoded[start - 300 : start + 300] > 0.1)[0])
        assert abs(onset - start) <= 88, (onset, start)  # 2 ms
        frames += stream.frames
    assert mp3_duration(data) == pytest.approx(frames * 1152 / 44100, abs=0.03)
    assert encode.encode_pieces(pieces, 22050, normalize=False) == streams  # whatever the threads did


def test_pieces_are_normalised_as_one_track():
    quiet, loud = tone(3.0, freq=500, amplitude=0.05), tone(3.0, freq=500, amplitude=0.2)
    streams = encode.encode_pieces([(quiet, 500), (loud, 0)], 22050)
    sound = decode_mp3(encode.tagged(b"".join(s.data for s in streams), "t"))
    from service.speech.loudness import integrated_loudness

    pcm = np.asarray(sound.samples, dtype=np.int16).tobytes()
    assert integrated_loudness(pcm, 44100) == pytest.approx(-16.0, abs=0.3)
    first = np.asarray(sound.samples[: 3 * 44100], dtype=np.float64)
    second = np.asarray(sound.samples[-3 * 44100 :], dtype=np.float64)
    assert np.sqrt((second ** 2).mean()) / np.sqrt((first ** 2).mean()) == pytest.approx(4.0, rel=0.1)  # one gain
    with pytest.raises(ValueError):
        encode.encode_pieces([(quiet, 0)], 16000)
    with pytest.raises(ValueError):
        encode.encode_pieces([(quiet, -1)], 22050)


def test_silent_stream_and_tag_stripping():
    stream = encode.silent_stream(5)
    assert stream.frames == encode.count_frames(stream.data) == 5
    assert not np.asarray(decode_mp3(encode.tagged(stream.data, "s")).samples).any()
    data = encode_mp3(tone(1.0), 22050, "A title", "An artist")
    assert encode.audio_frames(data) == data[len(data) - len(encode.audio_frames(data)):]
    assert encode.audio_frames(data)[:2] == b"\xff\xfb"
    assert encode.count_frames(encode.audio_frames(data)) > 30
    with pytest.raises(ValueError):
        encode.count_frames(b"ID3 not audio")
