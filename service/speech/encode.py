"""PCM -> MP3 (LAME through the lameenc wheel) with ID3v2 tags (mutagen). No ffmpeg.

Output: MPEG-1 Layer III, mono, 44.1 kHz (Apple's minimum for podcasts), 64 kbps CBR, ID3v2.3
with TIT2 (title), TPE1 (artist), TALB (album). By default the speech is first normalised to
-16 LUFS integrated with true peaks at or below -1.5 dBTP (service.speech.loudness), aiming at the
decoded MP3: LAME's output measures 0.45 dB below its input (a 1 kHz tone and speech alike), so the
PCM is brought 0.45 dB higher and the MP3 decodes at -16 LUFS, peaks near -1.8 dBTP. eSpeak NG
speaks at 22.05 kHz: we upsample by two with a half-band polyphase FIR in numpy before LAME, which
is exact in length and faster than LAME's own resampler (LAME then runs at 44.1 kHz in and out).

A track is encoded as one LAME stream per piece of speech (`encode_pieces`), the streams' frames
laid end to end. LAME is most of the cost (about 300x real time on one core) and one stream can
only use one core; independent streams run in parallel threads (lameenc lets go of the GIL), and
the bytes do not depend on how many: each stream is a function of its own piece. MP3 frames of
separate streams join cleanly (a stream starts with no bit reservoir and ends in padding) and the
timeline stays exact by counting frames: a stream of N samples is 1 + ceil(N / 1152) frames, and
a stream that starts after F frames has its first sample at (F * 1152 + 576 + 529) / 44100 s in
the decoded file (LAME's encoder delay plus the decoder's). A piece's pause is made by the join:
its stream is given just enough trailing silence that the next stream starts `pause_ms` (to
within half a frame, 13 ms) after its speech ends; with no pause, 26 to 52 ms.
"""
from __future__ import annotations

import io
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

import lameenc
import numpy as np
from mutagen.id3 import ID3, TALB, TIT2, TPE1
from mutagen.mp3 import MP3

from . import loudness

__all__ = ["ENCODER_VERSION", "OUT_SAMPLE_RATE", "BITRATE_KBPS", "FRAME_SAMPLES", "Stream", "encode_mp3",
           "encode_pieces", "silent_stream", "tagged", "audio_frames", "count_frames", "silence",
           "mp3_duration"]

OUT_SAMPLE_RATE = 44100
BITRATE_KBPS = 64
# LAME -q 7: "fast, ok quality". Here -q 8 and 9 give the very same bytes; -q 0 to 6 take 1.9 to 7
# times as long (noise shaping and a fuller psychoacoustic search): bench/speech.py --lame.
LAME_QUALITY = 7
_ENCODE_FORMAT = "4"  # bump when this module changes the bytes produced
LAME_LEVEL_DB = -0.45  # measured: decoded level minus input level through this LAME setup
FRAME_SAMPLES = 1152  # per MPEG-1 Layer III frame
ENCODER_DELAY = 576  # LAME puts this many samples before a stream's first input sample
DECODER_DELAY = 529  # and decoders add this many


def _lameenc_version() -> str:
    try:
        return metadata.version("lameenc")
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


ENCODER_VERSION: str = (
    f"lameenc-{_lameenc_version()}:mp3-cbr{BITRATE_KBPS}k-{OUT_SAMPLE_RATE}hz-mono-q{LAME_QUALITY}"
    f"-up2fir-id3v23-lufs{loudness.TARGET_LUFS:g}-tp{loudness.CEILING_DBTP:g}-streams+nr{_ENCODE_FORMAT}"
)

# Half-band interpolation filter for 2x upsampling: Kaiser-windowed sinc, 47 taps. The even phase
# is the input itself (h[0] = 1, other even taps zero); the odd phase is these 24 taps.
_HALF = 23
_n = np.arange(-_HALF, _HALF + 1)
_ODD_TAPS = (np.sinc(_n / 2) * np.kaiser(2 * _HALF + 1, 8.0))[_n % 2 != 0].astype(np.float32)
del _n


_CHUNK = 1 << 20
_CONTEXT = _HALF // 2 + 1


def _upsample2(samples: np.ndarray) -> np.ndarray:
    """int16 mono at rate r -> int16 mono at 2r, exactly twice as many samples."""
    if len(samples) == 0:
        return np.zeros(0, dtype="<i2")
    odd = np.convolve(samples.astype(np.float32), _ODD_TAPS)[_CONTEXT : _CONTEXT + len(samples)]
    np.clip(odd, -32768, 32767, out=odd)
    out = np.empty(2 * len(samples), dtype="<i2")
    out[0::2] = samples  # the even phase is the input itself: no rounding, no clipping
    out[1::2] = np.rint(odd)
    return out


def silence(ms: int, sample_rate: int) -> bytes:
    """`ms` milliseconds of 16-bit mono digital silence at `sample_rate`."""
    if ms < 0 or sample_rate <= 0:
        raise ValueError("ms must be >= 0 and sample_rate > 0")
    return b"\x00\x00" * (sample_rate * ms // 1000)


@dataclass(frozen=True)
class Stream:
    """One LAME stream: MPEG audio frames, no tags. `speech_samples` (at 44.1 kHz) of it are the
    piece's speech, starting ENCODER_DELAY samples into the stream; the rest is silence."""

    data: bytes
    frames: int
    speech_samples: int

    @property
    def gap_samples(self) -> int:
        """From the end of the speech to the first sample of a stream that follows."""
        return self.frames * FRAME_SAMPLES - self.speech_samples


def _frames_for(samples: int) -> int:
    """Frames of a LAME stream of `samples` samples at 44.1 kHz (its delay, then its flush)."""
    return 1 + -(-samples // FRAME_SAMPLES)


def count_frames(audio: bytes) -> int:
    """MPEG-1 Layer III frames in `audio` (frames only, no tags), from their headers."""
    count, at = 0, 0
    while at + 4 <= len(audio):
        header = int.from_bytes(audio[at : at + 4], "big")
        bitrate = _BITRATES[(header >> 12) & 0xF]
        rate = _RATES[(header >> 10) & 0x3]
        if header >> 21 != 0x7FF or (header >> 17) & 0xF != 0xD or not bitrate or not rate:
            raise ValueError(f"no MPEG-1 Layer III frame header at byte {at}")
        at += 144000 * bitrate // rate + ((header >> 9) & 1)
        count += 1
    return count


_BITRATES = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0)  # kbps
_RATES = (44100, 48000, 32000, 0)


def _new_encoder(in_rate: int) -> lameenc.Encoder:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BITRATE_KBPS)
    encoder.set_in_sample_rate(in_rate)
    encoder.set_out_sample_rate(OUT_SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(LAME_QUALITY)
    return encoder


def _lame(samples: np.ndarray, sample_rate: int, trailing_zeros: int = 0) -> bytes:
    """One LAME stream of int16 `samples` at `sample_rate` (then `trailing_zeros` samples of
    silence at 44.1 kHz), upsampled first when the rate is 22.05 kHz; in chunks, so memory stays
    bounded (the interpolator looks _CONTEXT samples either side of a chunk)."""
    n = len(samples)
    upsample = sample_rate * 2 == OUT_SAMPLE_RATE
    encoder = _new_encoder(OUT_SAMPLE_RATE if upsample else sample_rate)
    parts: list[bytes] = []
    for a in range(0, max(n, 1), _CHUNK):
        b = min(n, a + _CHUNK)
        if upsample:
            lo, hi = max(0, a - _CONTEXT), min(n, b + _CONTEXT)
            piece = _upsample2(samples[lo:hi])[2 * (a - lo) : 2 * (b - lo)]
        else:
            piece = samples[a:b]
        parts.append(bytes(encoder.encode(piece.tobytes())))
    if trailing_zeros:
        parts.append(bytes(encoder.encode(bytes(2 * trailing_zeros))))
    parts.append(bytes(encoder.flush()))
    return b"".join(parts)


def _check(pcm: bytes, sample_rate: int) -> None:
    if sample_rate <= 0:
        raise ValueError("sample_rate must be positive")
    if len(pcm) % 2:
        raise ValueError("pcm must be 16-bit samples (an even number of bytes)")


def encode_mp3(
    pcm: bytes,
    sample_rate: int,
    title: str,
    artist: str | None = None,
    album: str | None = None,
    *,
    normalize: bool = True,
) -> bytes:
    """16-bit signed little-endian mono PCM -> tagged MP3 bytes (44.1 kHz mono 64 kbps CBR), one
    LAME stream. `normalize` (default on): loudness to -16 LUFS (as decoded) with true peak
    <= -1.5 dBTP."""
    _check(pcm, sample_rate)
    if normalize:
        pcm = loudness.normalize(pcm, sample_rate, target_lufs=loudness.TARGET_LUFS - LAME_LEVEL_DB)
    samples = np.frombuffer(pcm, dtype="<i2")
    # no audio: a frame of silence after LAME's own, as readers want two frames to sync on
    return tagged(_lame(samples, sample_rate, 0 if len(samples) else FRAME_SAMPLES), title, artist, album)


# ----------------------------------------------------------------------------- streams per piece

_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None
_pool_lock = threading.Lock()


def _threads() -> ThreadPoolExecutor:
    """This process's encoder threads (new after a fork: threads do not survive one)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool, _pool_pid = ThreadPoolExecutor(os.cpu_count() or 1, "lame"), os.getpid()
        return _pool


def _piece_stream(speech: np.ndarray, pause_ms: int) -> Stream:
    """A 22.05 kHz piece of speech as one stream, its trailing silence sized so that a stream
    that follows starts `pause_ms` after the speech ends (the nearest frame; at least 1152)."""
    speech_samples = 2 * len(speech)
    pause = OUT_SAMPLE_RATE * pause_ms // 1000
    frames = max(_frames_for(speech_samples), round((speech_samples + pause) / FRAME_SAMPLES))
    zeros = (frames - 1) * FRAME_SAMPLES - speech_samples  # the most that still gives `frames`
    data = _lame(speech, OUT_SAMPLE_RATE // 2, zeros)
    if count_frames(data) != frames:  # the timeline counts on it
        raise RuntimeError(f"LAME made {count_frames(data)} frames of {speech_samples + zeros} samples, not {frames}")
    return Stream(data, frames, speech_samples)


def encode_pieces(pieces: list[tuple[bytes, int]], sample_rate: int, *, normalize: bool = True) -> list[Stream]:
    """Pieces of one track, each (16-bit mono PCM at 22.05 kHz, pause after it in ms) -> one
    stream each, in order. Loudness is normalised over the whole track (pauses included, as it
    will be heard), then every piece is upsampled and encoded in parallel threads."""
    if sample_rate * 2 != OUT_SAMPLE_RATE:
        raise ValueError("pieces are encoded from eSpeak NG's 22.05 kHz")
    for pcm, pause_ms in pieces:
        _check(pcm, sample_rate)
        if pause_ms < 0:
            raise ValueError("pause_ms must be >= 0")
    if normalize:
        track = b"".join(pcm + silence(pause_ms, sample_rate) for pcm, pause_ms in pieces)
        level = np.frombuffer(loudness.normalize(track, sample_rate, loudness.TARGET_LUFS - LAME_LEVEL_DB), "<i2")
    else:
        level = np.frombuffer(b"".join(pcm + silence(pause_ms, sample_rate) for pcm, pause_ms in pieces), "<i2")
    speech, at = [], 0
    for pcm, pause_ms in pieces:
        speech.append(level[at : at + len(pcm) // 2])
        at += len(pcm) // 2 + len(silence(pause_ms, sample_rate)) // 2
    if len(pieces) == 1:
        return [_piece_stream(speech[0], pieces[0][1])]
    return list(_threads().map(_piece_stream, speech, [pause for _, pause in pieces]))


@lru_cache(maxsize=64)
def silent_stream(frames: int) -> Stream:
    """`frames` frames of digital silence, as a stream of its own (frames >= 1)."""
    if frames < 1:
        raise ValueError("frames must be at least 1")
    data = _lame(np.zeros(0, dtype="<i2"), OUT_SAMPLE_RATE, (frames - 1) * FRAME_SAMPLES)
    if count_frames(data) != frames:
        raise RuntimeError(f"LAME made {count_frames(data)} frames of silence, not {frames}")
    return Stream(data, frames, 0)


# ----------------------------------------------------------------------------- tags


def tagged(audio: bytes, title: str, artist: str | None = None, album: str | None = None) -> bytes:
    """MPEG audio frames with an ID3v2.3 tag in front (TIT2, and TPE1 / TALB when given)."""
    tags = ID3()
    tags.add(TIT2(encoding=3, text=[title or ""]))
    if artist:
        tags.add(TPE1(encoding=3, text=[artist]))
    if album:
        tags.add(TALB(encoding=3, text=[album]))
    buffer = io.BytesIO(audio)
    tags.save(buffer, v2_version=3, padding=lambda info: 0)
    return buffer.getvalue()


def audio_frames(data: bytes) -> bytes:
    """The MPEG audio of an MP3 file: what follows its ID3v2 tag (size from the tag header)."""
    if data[:3] != b"ID3":
        return data
    size = sum((b & 0x7F) << (7 * (3 - i)) for i, b in enumerate(data[6:10]))
    return data[10 + size + (10 if data[5] & 0x10 else 0):]


def mp3_duration(data: bytes) -> float:
    """Duration in seconds of MP3 bytes, from the frame headers (mutagen)."""
    return float(MP3(io.BytesIO(data)).info.length)
