"""PCM -> MP3 (LAME through the lameenc wheel) with ID3v2 tags (mutagen). No ffmpeg.

Output: MPEG-1 Layer III, mono, 44.1 kHz (Apple's minimum for podcasts), 64 kbps CBR, ID3v2.3
with TIT2 (title), TPE1 (artist), TALB (album). By default the speech is first normalised to
-16 LUFS integrated with true peaks at or below -1.5 dBTP (service.speech.loudness), aiming at the
decoded MP3: LAME's output measures 0.45 dB below its input (a 1 kHz tone and speech alike), so the
PCM is brought 0.45 dB higher and the MP3 decodes at -16 LUFS, peaks near -1.8 dBTP. eSpeak NG speaks at 22.05 kHz: we upsample by two
with a half-band polyphase FIR in numpy before LAME, which is exact in length and faster than
LAME's own resampler (LAME then runs at 44.1 kHz in and out).
"""
from __future__ import annotations

import io
from importlib import metadata

import lameenc
import numpy as np
from mutagen.id3 import ID3, TALB, TIT2, TPE1
from mutagen.mp3 import MP3

from . import loudness

__all__ = ["ENCODER_VERSION", "OUT_SAMPLE_RATE", "BITRATE_KBPS", "encode_mp3", "silence", "mp3_duration"]

OUT_SAMPLE_RATE = 44100
BITRATE_KBPS = 64
LAME_QUALITY = 7  # LAME -q 7: "fast, ok quality"; 2 is ~3x slower and inaudibly different for speech
_ENCODE_FORMAT = "3"  # bump when this module changes the bytes produced
LAME_LEVEL_DB = -0.45  # measured: decoded level minus input level through this LAME setup


def _lameenc_version() -> str:
    try:
        return metadata.version("lameenc")
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


ENCODER_VERSION: str = (
    f"lameenc-{_lameenc_version()}:mp3-cbr{BITRATE_KBPS}k-{OUT_SAMPLE_RATE}hz-mono-q{LAME_QUALITY}"
    f"-up2fir-id3v23-lufs{loudness.TARGET_LUFS:g}-tp{loudness.CEILING_DBTP:g}+nr{_ENCODE_FORMAT}"
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
    x = samples.astype(np.float32)
    odd = np.convolve(x, _ODD_TAPS)[_HALF // 2 + 1 : _HALF // 2 + 1 + len(x)]
    out = np.empty(2 * len(x), dtype=np.float32)
    out[0::2] = x
    out[1::2] = odd
    np.clip(out, -32768, 32767, out=out)
    return np.rint(out).astype("<i2")


def silence(ms: int, sample_rate: int) -> bytes:
    """`ms` milliseconds of 16-bit mono digital silence at `sample_rate`."""
    if ms < 0 or sample_rate <= 0:
        raise ValueError("ms must be >= 0 and sample_rate > 0")
    return b"\x00\x00" * (sample_rate * ms // 1000)


def encode_mp3(
    pcm: bytes,
    sample_rate: int,
    title: str,
    artist: str | None = None,
    album: str | None = None,
    *,
    normalize: bool = True,
) -> bytes:
    """16-bit signed little-endian mono PCM -> tagged MP3 bytes (44.1 kHz mono 64 kbps CBR).

    `normalize` (default on): loudness to -16 LUFS (as decoded) with true peak <= -1.5 dBTP."""
    if sample_rate <= 0:
        raise ValueError("sample_rate must be positive")
    if len(pcm) % 2:
        raise ValueError("pcm must be 16-bit samples (an even number of bytes)")
    if normalize:
        pcm = loudness.normalize(pcm, sample_rate, target_lufs=loudness.TARGET_LUFS - LAME_LEVEL_DB)
    samples = np.frombuffer(pcm, dtype="<i2")
    n = len(samples)
    upsample = sample_rate * 2 == OUT_SAMPLE_RATE and n > 0

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BITRATE_KBPS)
    encoder.set_in_sample_rate(OUT_SAMPLE_RATE if upsample else sample_rate)
    encoder.set_out_sample_rate(OUT_SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(LAME_QUALITY)
    parts: list[bytes] = []
    for a in range(0, max(n, 1), _CHUNK):  # streaming: bounded memory; LAME needs one call
        b = min(n, a + _CHUNK)
        if upsample:
            # the interpolator looks _HALF // 2 + 1 samples either side
            lo, hi = max(0, a - _CONTEXT), min(n, b + _CONTEXT)
            piece = _upsample2(samples[lo:hi])[2 * (a - lo) : 2 * (b - lo)]
        else:
            piece = samples[a:b]
        parts.append(bytes(encoder.encode(piece.tobytes())))
    parts.append(bytes(encoder.flush()))
    audio = b"".join(parts)
    return _with_tags(audio, title, artist, album)


def _with_tags(audio: bytes, title: str, artist: str | None, album: str | None) -> bytes:
    tags = ID3()
    tags.add(TIT2(encoding=3, text=[title or ""]))
    if artist:
        tags.add(TPE1(encoding=3, text=[artist]))
    if album:
        tags.add(TALB(encoding=3, text=[album]))
    buffer = io.BytesIO(audio)
    tags.save(buffer, v2_version=3, padding=lambda info: 0)
    return buffer.getvalue()


def mp3_duration(data: bytes) -> float:
    """Duration in seconds of MP3 bytes, from the frame headers (mutagen)."""
    return float(MP3(io.BytesIO(data)).info.length)
