"""Loudness (ITU-R BS.1770-4 / EBU R 128) in numpy: a meter, a true-peak meter, a normaliser.

- `integrated_loudness(samples, rate)`: K-weighting (the standard's two biquads, designed for any
  rate from their analogue prototypes), 400 ms blocks every 100 ms, absolute gate -70 LUFS,
  relative gate -10 LU. Mono: channel weight 1. A 0 dBFS 1 kHz sine reads -3.01 LUFS.
- `true_peak(samples, rate)`: the largest magnitude of the signal 4x oversampled (windowed-sinc
  interpolation), in dBTP.
- `normalize(pcm, rate)`: gain to -16 LUFS integrated, then a look-ahead peak limiter keeping the
  true peak at or below the ceiling (-1.5 dBTP by default, leaving room for the MP3 coder's
  overshoot so that the decoded MP3 stays at or below -1 dBTP). eSpeak NG speaks near -20 LUFS with
  sample peaks near 0 dBFS, so speech needs ~4 dB of gain and a few dB of peak limiting.

The K-weighting runs as an FIR (its impulse response truncated at 50 ms, below -80 dB) by
FFT overlap-add in float32, so the whole path stays linear in length and fast; no scipy.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

__all__ = [
    "TARGET_LUFS",
    "CEILING_DBTP",
    "integrated_loudness",
    "true_peak",
    "normalize",
    "k_weighting_coefficients",
]

TARGET_LUFS = -16.0
CEILING_DBTP = -1.5
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
MAX_MAKEUP_DB = 3.0
_SILENT = float("-inf")


# ----------------------------------------------------------------------------- K-weighting


@lru_cache(maxsize=16)
def k_weighting_coefficients(rate: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """The BS.1770 pre-filter (high shelf, +4 dB above ~1.7 kHz) and RLB high-pass (~38 Hz) as
    (b, a) biquads at `rate`, from the analogue prototypes behind the standard's 48 kHz table
    (the parametrisation published by Brecht De Man / used by libebur128 and pyloudnorm)."""
    # Stage 1: high shelf
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / rate)
    vh = 10 ** (gain_db / 20)
    vb = vh ** 0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf_b = np.array([(vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0])
    shelf_a = np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    # Stage 2: high-pass
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / rate)
    a0 = 1 + k / q + k * k
    hp_b = np.array([1.0, -2.0, 1.0])
    hp_a = np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    return (shelf_b, shelf_a), (hp_b, hp_a)


def _biquad_impulse(b: np.ndarray, a: np.ndarray, x: np.ndarray) -> np.ndarray:
    # Direct form I on a short input (the impulse response only): a plain loop is fine.
    y = np.zeros_like(x)
    x1 = x2 = y1 = y2 = 0.0
    b0, b1, b2 = (float(v) for v in b)
    _, a1, a2 = (float(v) for v in a)
    for i, xi in enumerate(x.tolist()):
        yi = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        x2, x1, y2, y1 = x1, xi, y1, yi
        y[i] = yi
    return y


def _k_taps(rate: int) -> int:
    # The slowest part, the critically damped 38 Hz high-pass, is below -80 dB after 50 ms.
    return max(16, int(0.05 * rate))


@lru_cache(maxsize=16)
def _k_filter_spectrum(rate: int, nfft: int) -> tuple[np.ndarray, int]:
    taps = _k_taps(rate)
    h = np.zeros(taps)
    h[0] = 1.0
    for b, a in k_weighting_coefficients(rate):
        h = _biquad_impulse(b, a, h)
    return np.fft.rfft(h.astype(np.float32), nfft), taps


def k_weighted(x: np.ndarray, rate: int) -> np.ndarray:
    """`x` (float, full scale 1.0) through the K-weighting filter, same length, float32."""
    x = np.asarray(x, dtype=np.float32)
    n = len(x)
    if n == 0:
        return x
    nfft = 1 << 14  # measured fastest for pocketfft at 22.05 kHz (batched float32 frames)
    while nfft < 8 * _k_taps(rate):
        nfft <<= 1
    spectrum, taps = _k_filter_spectrum(rate, nfft)
    hop = nfft - taps + 1
    blocks = -(-n // hop)
    padded = np.zeros(blocks * hop, dtype=np.float32)
    padded[:n] = x
    frames = np.fft.irfft(np.fft.rfft(padded.reshape(blocks, hop), nfft, axis=1) * spectrum, nfft, axis=1)
    out = np.zeros(blocks * hop + nfft, dtype=np.float32)
    # overlap-add: each frame's first `hop` samples land in its own block, the tail in the next
    out[: blocks * hop] = frames[:, :hop].reshape(-1)
    tail = frames[:, hop:]
    out_view = out[hop : hop + blocks * hop].reshape(blocks, hop)
    out_view[:, : tail.shape[1]] += tail
    return out[:n]


# ----------------------------------------------------------------------------- loudness


def _block_powers(weighted: np.ndarray, rate: int) -> np.ndarray:
    """Mean square of every 400 ms gating block, blocks starting every 100 ms."""
    size = int(round(0.4 * rate))
    step = int(round(0.1 * rate))
    n = len(weighted)
    if n < size:
        return np.empty(0)
    if size == 4 * step:  # 100 ms sub-blocks, four to a block: cheaper than a float64 cumsum
        subs = n // step
        sub = np.square(weighted[: subs * step].reshape(subs, step)).sum(axis=1, dtype=np.float64)
        return (sub[:-3] + sub[1:-2] + sub[2:-1] + sub[3:]) / size
    energy = np.concatenate(([0.0], np.cumsum(np.square(weighted, dtype=np.float64))))
    starts = np.arange(0, n - size + 1, step)
    return (energy[starts + size] - energy[starts]) / size


def _gated_loudness(powers: np.ndarray) -> float:
    if len(powers) == 0:
        return _SILENT
    with np.errstate(divide="ignore"):
        block_lufs = -0.691 + 10 * np.log10(powers)
    kept = powers[block_lufs > ABSOLUTE_GATE]
    if len(kept) == 0:
        return _SILENT
    relative = -0.691 + 10 * math.log10(kept.mean()) + RELATIVE_GATE
    with np.errstate(divide="ignore"):
        kept = kept[-0.691 + 10 * np.log10(kept) > relative]
    if len(kept) == 0:  # pragma: no cover - cannot happen: the loudest block passes
        return _SILENT
    return -0.691 + 10 * math.log10(kept.mean())


def _as_float(samples) -> np.ndarray:
    if isinstance(samples, (bytes, bytearray, memoryview)):
        return np.frombuffer(samples, dtype="<i2").astype(np.float32) / 32768.0
    arr = np.asarray(samples)
    if arr.dtype.kind == "i":
        return arr.astype(np.float32) / 32768.0
    return arr.astype(np.float32, copy=False)


def integrated_loudness(samples, rate: int) -> float:
    """Integrated loudness in LUFS of mono audio: int16 PCM bytes, an int16 array, or floats with
    full scale 1.0. -inf for silence or audio shorter than one 400 ms block."""
    x = _as_float(samples)
    return _gated_loudness(_block_powers(k_weighted(x, rate), rate))


# ----------------------------------------------------------------------------- true peak

_OVERSAMPLE = 4
_HALF_TAPS = 16  # taps each side of the interpolated point


@lru_cache(maxsize=4)
def _interpolation_taps() -> np.ndarray:
    """(2 * _HALF_TAPS, _OVERSAMPLE - 1): the windowed-sinc filter for the points 1/4, 2/4 and 3/4
    of the way from sample n to n+1, applied to samples n-15 .. n+16."""
    offsets = np.arange(-_HALF_TAPS + 1, _HALF_TAPS + 1)  # sample k relative to n
    phases = np.arange(1, _OVERSAMPLE) / _OVERSAMPLE
    t = phases[None, :] - offsets[:, None]  # distance from the point to each sample
    window = np.i0(8.0 * np.sqrt(np.clip(1 - (t / _HALF_TAPS) ** 2, 0, None))) / np.i0(8.0)
    return (np.sinc(t) * window).astype(np.float32)


def _intersample_peaks(x: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Largest |value| at the 3 interpolated points between x[s] and x[s+1], for each s."""
    taps = _interpolation_taps()
    padded = np.concatenate((np.zeros(_HALF_TAPS, np.float32), x, np.zeros(_HALF_TAPS, np.float32)))
    rel = np.arange(-_HALF_TAPS + 1, _HALF_TAPS + 1)
    out = np.empty(len(starts), dtype=np.float32)
    for lo in range(0, len(starts), 65536):  # bounded memory
        chunk = starts[lo : lo + 65536]
        windows = padded[chunk[:, None] + rel[None, :] + _HALF_TAPS]
        out[lo : lo + len(chunk)] = np.abs(windows @ taps).max(axis=1)
    return out


def _peak_envelope(x: np.ndarray, floor: float, headroom_db: float = 6.0) -> tuple[np.ndarray, np.ndarray]:
    """Indices of samples that may be near a peak above `floor` and the true peak around each
    (max of the sample and the interpolated points on both sides). Samples more than
    `headroom_db` below `floor` are not examined: an inter-sample peak that far over both
    neighbours needs strong content near the Nyquist frequency (in eSpeak NG's speech the largest
    inter-sample overshoot measured is 1.0 dB)."""
    mag = np.abs(x)
    idx = np.flatnonzero(mag >= floor * 10 ** (-headroom_db / 20))
    if len(idx) == 0:
        return idx, np.empty(0, np.float32)
    marks = np.zeros(len(x), dtype=bool)
    marks[idx] = True
    marks[np.clip(idx - 1, 0, None)] = True
    marks[-1] = False
    starts = np.flatnonzero(marks)
    between = _intersample_peaks(x, starts)
    env = mag[idx].copy()
    # interval (s, s+1) touches samples s and s+1
    pos = np.searchsorted(idx, starts)
    hit = (pos < len(idx)) & (idx[np.minimum(pos, len(idx) - 1)] == starts)
    np.maximum.at(env, pos[hit], between[hit])
    pos1 = np.searchsorted(idx, starts + 1)
    hit1 = (pos1 < len(idx)) & (idx[np.minimum(pos1, len(idx) - 1)] == starts + 1)
    np.maximum.at(env, pos1[hit1], between[hit1])
    return idx, env


def true_peak(samples, rate: int | None = None) -> float:
    """True peak in dBTP (4x oversampled). `rate` is accepted for symmetry and not needed."""
    x = _as_float(samples)
    if len(x) == 0:
        return _SILENT
    peak = float(np.abs(x).max())
    if peak == 0:
        return _SILENT
    _, env = _peak_envelope(x, peak)
    return 20 * math.log10(max(peak, float(env.max()) if len(env) else 0.0))


# ----------------------------------------------------------------------------- normaliser


def _sliding_min(r: np.ndarray, width: int) -> np.ndarray:
    """Centred sliding minimum (window `width`, odd), van Herk / Gil-Werman: O(n)."""
    half = width // 2
    n = len(r)
    padded_len = -(-(n + 2 * half) // width) * width
    padded = np.ones(padded_len, dtype=r.dtype)
    padded[half : half + n] = r
    blocks = padded.reshape(-1, width)
    prefix = np.minimum.accumulate(blocks, axis=1).reshape(-1)
    suffix = np.minimum.accumulate(blocks[:, ::-1], axis=1)[:, ::-1].reshape(-1)
    # window [i, i + width - 1] in padded coordinates = min(suffix[i], prefix[i + width - 1])
    return np.minimum(suffix[:n], prefix[width - 1 : width - 1 + n])


def _box_mean(g: np.ndarray, width: int) -> np.ndarray:
    """Centred moving average (window `width`, odd) with edges padded by 1.0."""
    half = width // 2
    padded = np.concatenate((np.ones(half), g.astype(np.float64), np.ones(half)))
    c = np.concatenate(([0.0], np.cumsum(padded)))
    return ((c[width:] - c[:-width]) / width).astype(np.float32)


def _limiter_gain(n: int, idx: np.ndarray, env: np.ndarray, ceiling: float, rate: int) -> np.ndarray | None:
    """Gain curve (<= 1) keeping |y| and its inter-sample peaks under `ceiling`, or None.

    The needed gain r[n] = min(1, ceiling / peak[n]) goes through a centred sliding minimum then
    a centred moving average of the same width W (~20 ms): every average then only covers minima
    whose windows contain n, so g[n] <= r[n] (never over the ceiling), with smooth ~20 ms attack and
    release ramps around each peak instead of clipping. `idx`, `env`: _peak_envelope's, scaled."""
    over = env > ceiling
    if not over.any():
        return None
    width = int(0.02 * rate) | 1
    # Work only near the peaks: segments within `width` of an over-ceiling sample, laid end to end
    # with `width` samples of 1.0 between them so the windows never reach across.
    peaks = idx[over]
    need = ceiling / env[over]
    lo = np.clip(peaks - width, 0, None)
    hi = np.clip(peaks + width + 1, None, n)
    new_segment = np.concatenate(([True], lo[1:] > hi[:-1] + width))
    seg_id = np.cumsum(new_segment) - 1
    seg_lo = lo[new_segment]
    seg_hi = np.maximum.reduceat(hi, np.flatnonzero(new_segment))
    lengths = seg_hi - seg_lo
    offsets = np.concatenate(([0], np.cumsum(lengths + width)))[:-1]
    compact = np.ones(int(offsets[-1] + lengths[-1]), dtype=np.float32)
    compact[offsets[seg_id] + (peaks - seg_lo[seg_id])] = need
    compact = _box_mean(_sliding_min(compact, width), width)
    gain = np.ones(n, dtype=np.float32)
    within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    gain[np.repeat(seg_lo, lengths) + within] = compact[np.repeat(offsets, lengths) + within]
    return gain


def normalize(
    pcm: bytes,
    rate: int,
    target_lufs: float = TARGET_LUFS,
    ceiling_dbtp: float = CEILING_DBTP,
) -> bytes:
    """int16 mono PCM -> int16 mono PCM near `target_lufs` with true peaks <= `ceiling_dbtp`.

    Silence (or audio under 400 ms) is returned unchanged. Typically within 0.1 LU of the target;
    the K-filter runs twice."""
    if len(pcm) < 2:
        return pcm
    x = _as_float(pcm)
    weighted = k_weighted(x, rate)
    loudness = _gated_loudness(_block_powers(weighted, rate))
    if not math.isfinite(loudness):
        return pcm
    ceiling = 10 ** (ceiling_dbtp / 20)
    gain_db = target_lufs - loudness
    highest_gain_db = gain_db + 20.0
    # Peaks scale with the gain: find them once for up to MAX_MAKEUP_DB more gain than the first
    # guess (the loudness the limiter takes, to make up: about 1 dB for eSpeak's speech), again
    # if more is needed.
    peaks: dict = {"max_gain_db": -math.inf}

    def peak_envelope(gain_db: float) -> tuple[np.ndarray, np.ndarray]:
        if gain_db > peaks["max_gain_db"]:
            peaks["max_gain_db"] = gain_db + MAX_MAKEUP_DB
            peaks["found"] = _peak_envelope(x, ceiling / 10 ** (peaks["max_gain_db"] / 20), headroom_db=3.0)
        return peaks["found"]

    def limited(gain_db: float) -> tuple[np.ndarray, np.ndarray | None]:
        gain = 10 ** (gain_db / 20)
        idx, env = peak_envelope(gain_db)
        curve = _limiter_gain(len(x), idx, env * np.float32(gain), ceiling, rate)
        y = x * np.float32(gain)
        if curve is not None:
            y *= curve
        return y, curve

    def estimate(gain_db: float) -> tuple[float, np.ndarray]:
        # K(g.x) ~ g.K(x): the gain curve moves slowly beside the K-filter's response, so the
        # limited signal's loudness comes from the K-weighted input times the curve, no refilter.
        y, curve = limited(gain_db)
        if curve is None:
            return loudness + gain_db, y
        return _gated_loudness(_block_powers(weighted * curve, rate)) + gain_db, y

    def solve(gain_db: float, goal: float) -> tuple[float, float, np.ndarray]:
        # The limiter makes loudness grow slower than the gain: secant steps on the estimate.
        level, y = estimate(gain_db)
        previous = None
        for _ in range(6):
            if abs(goal - level) < 0.02:
                break
            if previous is None or previous[1] == level:
                step = goal - level
            else:
                slope = (level - previous[1]) / (gain_db - previous[0])
                step = (goal - level) / max(slope, 0.2)
            previous = (gain_db, level)
            gain_db = min(highest_gain_db, gain_db + max(-6.0, min(6.0, step)))
            level, y = estimate(gain_db)
        return gain_db, level, y

    gain_db, level, y = solve(gain_db, target_lufs)
    bias = integrated_loudness(y, rate) - level  # the estimate's error, measured once
    if abs(bias) > 0.05:
        gain_db, level, y = solve(gain_db, target_lufs - bias)
    np.clip(y, -1.0, 32767 / 32768, out=y)
    return np.rint(y * 32768).astype("<i2").tobytes()
