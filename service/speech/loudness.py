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
FFT overlap-add in float32, so the whole path stays linear in length and fast; no scipy. The
normaliser filters the signal once: the gain is solved on an estimate of the limited loudness
(the limiter is prepared once for a range of gains, and a gain then costs a few vector passes
near the peaks), and the output is measured again only when the limiter takes more than
TRUSTED_LIMITING_DB, where the estimate's error starts to matter.
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
# The limited loudness is estimated (see _Limiter.lost_energy); its error grows with what the
# limiter takes. Measured on eSpeak NG's speech (80 to 450 words a minute, four voices, 1 to 2.5 dB
# taken): under 0.002 LU; a 50 Hz tone under spikes (8.5 dB taken): 0.045 LU. Up to this much
# the estimate stands; past it the output is measured once (a second K-weighting pass) and the
# gain corrected.
TRUSTED_LIMITING_DB = 3.0
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


CHUNK = 1 << 20  # samples per step when streaming through long audio: memory stays bounded


def _as_samples(samples) -> tuple[np.ndarray, float]:
    """(array, scale to full scale 1.0), without copying int16 PCM."""
    if isinstance(samples, (bytes, bytearray, memoryview)):
        return np.frombuffer(samples, dtype="<i2"), 1 / 32768
    arr = np.asarray(samples)
    if arr.dtype.kind == "i":
        return arr, 1 / 32768
    return arr, 1.0


def _floats(x: np.ndarray, scale: float, a: int = 0, b: int | None = None) -> np.ndarray:
    part = x[a:b]
    if scale == 1.0 and part.dtype == np.float32:
        return part
    return part.astype(np.float32) * np.float32(scale)


def _weighted_chunks(x: np.ndarray, scale: float, rate: int):
    """The K-weighted signal, in consecutive float32 pieces (FFT overlap-add, tail carried)."""
    taps = _k_taps(rate)
    nfft = 1 << 14  # measured fastest for pocketfft at 22.05 kHz (batched float32 frames)
    while nfft < 8 * taps:
        nfft <<= 1
    spectrum, _ = _k_filter_spectrum(rate, nfft)
    hop = nfft - taps + 1
    span = max(1, CHUNK // hop) * hop
    carry = np.zeros(taps - 1, dtype=np.float32)
    n = len(x)
    for a in range(0, n, span):
        seg = _floats(x, scale, a, min(n, a + span))
        blocks = -(-len(seg) // hop)
        padded = np.zeros(blocks * hop, dtype=np.float32)
        padded[: len(seg)] = seg
        frames = np.fft.irfft(np.fft.rfft(padded.reshape(blocks, hop), nfft, axis=1) * spectrum, nfft, axis=1)
        out = np.zeros((blocks + 1) * hop, dtype=np.float32)  # taps - 1 <= hop
        out[: blocks * hop] = frames[:, :hop].reshape(-1)
        # each frame's tail (taps - 1 samples) lands at the start of the next block
        out[hop : hop + blocks * hop].reshape(blocks, hop)[:, : taps - 1] += frames[:, hop:]
        out[: taps - 1] += carry
        carry = out[blocks * hop : blocks * hop + taps - 1].copy()
        yield out[: len(seg)]


def k_weighted(x, rate: int) -> np.ndarray:
    """`x` (int16 PCM, or floats with full scale 1.0) through the K-weighting filter, float32."""
    arr, scale = _as_samples(x)
    if len(arr) == 0:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(list(_weighted_chunks(arr, scale, rate)))


# ----------------------------------------------------------------------------- loudness


def _step(rate: int) -> int:
    return max(1, int(round(0.1 * rate)))  # 100 ms: gating blocks are four of these (75% overlap)


_KEEP_SCALE = 8192.0  # the K-weighted signal kept as int16: |K(x)| <= 3.35 (its impulse response's L1 norm)


def _subblock_energy(x: np.ndarray, scale: float, rate: int, keep: np.ndarray | None = None) -> np.ndarray:
    """Sum of squares of the K-weighted signal over each whole 100 ms sub-block; with `keep`
    (int16, len(x)), the K-weighted signal is also stored there, times _KEEP_SCALE (an int16
    store is several times faster than a float16 one, and as precise here)."""
    step = _step(rate)
    sums: list[np.ndarray] = []
    rest = np.zeros(0, dtype=np.float32)
    at = 0
    for piece in _weighted_chunks(x, scale, rate):
        if keep is not None:
            np.multiply(piece, np.float32(_KEEP_SCALE), out=keep[at : at + len(piece)], casting="unsafe")
        at += len(piece)
        if len(rest):
            piece = np.concatenate((rest, piece))
        whole = len(piece) // step
        blocks = piece[: whole * step].reshape(whole, step)
        sums.append(np.einsum("ij,ij->i", blocks, blocks).astype(np.float64))
        rest = piece[whole * step :]
    return np.concatenate(sums) if sums else np.zeros(0)


def _gated_loudness(sub: np.ndarray, step: int) -> float:
    """BS.1770 gated loudness from sub-block energies: 400 ms blocks every 100 ms."""
    if len(sub) < 4:
        return _SILENT
    powers = (sub[:-3] + sub[1:-2] + sub[2:-1] + sub[3:]) / (4 * step)
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


def integrated_loudness(samples, rate: int) -> float:
    """Integrated loudness in LUFS of mono audio: int16 PCM bytes, an int16 array, or floats with
    full scale 1.0. -inf for silence or audio shorter than one 400 ms block."""
    x, scale = _as_samples(samples)
    return _gated_loudness(_subblock_energy(x, scale, rate), _step(rate))


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


def _intersample_peaks(x: np.ndarray, scale: float, starts: np.ndarray) -> np.ndarray:
    """Largest |value| at the 3 interpolated points between x[s] and x[s+1], for each s (sorted)."""
    taps = _interpolation_taps()
    width = 2 * _HALF_TAPS
    n = len(x)
    out = np.empty(len(starts), dtype=np.float32)
    bounds = np.searchsorted(starts, np.arange(0, n + CHUNK, CHUNK))
    for a, lo, hi in zip(range(0, n, CHUNK), bounds[:-1].tolist(), bounds[1:].tolist()):
        if lo == hi:
            continue
        # samples a - 15 .. b + 16 of the signal (zero outside it): the window of s starts at s - a
        b = min(n, a + CHUNK)
        first, last = a - _HALF_TAPS + 1, b + _HALF_TAPS
        local = np.zeros(last - first, dtype=np.float32)
        src_a, src_b = max(0, first), min(n, last)
        local[src_a - first : src_b - first] = _floats(x, scale, src_a, src_b)
        at = starts[lo:hi] - a
        points = np.zeros((_OVERSAMPLE - 1, hi - lo), dtype=np.float32)
        for k in range(width):  # a gather and a multiply-add per tap: faster than gathering windows
            points += taps[k][:, None] * local[at + k][None, :]
        out[lo:hi] = np.abs(points).max(axis=0)
    return out


def _peak_envelope(x: np.ndarray, scale: float, floor: float, headroom_db: float = 6.0):
    """Indices of samples that may be near a peak above `floor` and the true peak around each
    (max of the sample and the interpolated points on both sides). Samples more than
    `headroom_db` below `floor` are not examined: an inter-sample peak that far over both
    neighbours needs strong content near the Nyquist frequency (in eSpeak NG's speech the largest
    inter-sample overshoot measured is 1.0 dB)."""
    threshold = floor * 10 ** (-headroom_db / 20)
    n = len(x)
    found = []
    for a in range(0, n, CHUNK):
        found.append(np.flatnonzero(np.abs(_floats(x, scale, a, a + CHUNK)) >= threshold) + a)
    idx = np.concatenate(found).astype(np.int64 if n >= 2**31 else np.int32) if found else np.zeros(0, np.int32)
    if len(idx) == 0:
        return idx, np.empty(0, np.float32)
    env = np.abs(x[idx].astype(np.float32) * np.float32(scale))
    # the intervals (s, s+1) touching a candidate: s = i - 1 and s = i
    marks = np.zeros(n, dtype=bool)
    marks[idx] = True
    marks[idx[idx > 0] - 1] = True
    marks[n - 1] = False
    starts = np.flatnonzero(marks)
    del marks
    between = _intersample_peaks(x, scale, starts)
    # candidate i touches the intervals s = i (unless it is the last sample) and s = i - 1 (unless
    # it is the first), both among `starts`, next to each other
    at = np.searchsorted(starts, idx)
    after = at < len(starts)
    after[after] = starts[at[after]] == idx[after]
    env[after] = np.maximum(env[after], between[at[after]])
    before = idx > 0
    env[before] = np.maximum(env[before], between[at[before] - 1])
    return idx, env


def true_peak(samples, rate: int | None = None) -> float:
    """True peak in dBTP (4x oversampled). `rate` is accepted for symmetry and not needed."""
    x, scale = _as_samples(samples)
    if len(x) == 0:
        return _SILENT
    peak = max(float(np.abs(_floats(x, scale, a, a + CHUNK)).max()) for a in range(0, len(x), CHUNK))
    if peak == 0:
        return _SILENT
    _, env = _peak_envelope(x, scale, peak)
    return 20 * math.log10(max(peak, float(env.max()) if len(env) else 0.0))


# ----------------------------------------------------------------------------- normaliser


def _sliding_max(v: np.ndarray, width: int) -> np.ndarray:
    """Centred sliding maximum (window `width`, odd) of values >= 0, edges padded by 0; van Herk /
    Gil-Werman: O(n)."""
    half = width // 2
    n = len(v)
    padded_len = -(-(n + 2 * half) // width) * width
    padded = np.zeros(padded_len, dtype=v.dtype)
    padded[half : half + n] = v
    blocks = padded.reshape(-1, width)
    prefix = np.maximum.accumulate(blocks, axis=1).reshape(-1)
    suffix = np.maximum.accumulate(blocks[:, ::-1], axis=1)[:, ::-1].reshape(-1)
    # window [i, i + width - 1] in padded coordinates = max(suffix[i], prefix[i + width - 1])
    return np.maximum(suffix[:n], prefix[width - 1 : width - 1 + n])


def _box_mean(g: np.ndarray, width: int) -> np.ndarray:
    """Centred moving average (window `width`, odd) of `g`, whose first and last `width` values
    are 1.0 (the limiter's groups start and end with that much "no peak"), float32."""
    sums = np.empty(len(g) + 1, dtype=np.float64)
    sums[0] = 0.0
    np.cumsum(g, dtype=np.float64, out=sums[1:])
    out = np.ones(len(g), dtype=np.float32)
    half = width // 2
    out[half : len(g) - half] = (sums[width:] - sums[:-width]) * (1.0 / width)
    return out


class _Limiter:
    """The look-ahead peak limiter of one signal, ready to be evaluated at any gain up to
    `max_gain_db` without looking at the whole signal again.

    At linear gain G the needed gain at a peak is min(1, ceiling / (G * peak)); it goes through a
    centred sliding minimum then a centred moving average of the same width W (~20 ms): every
    average then only covers minima whose windows contain the sample, so the curve never lets a
    peak over the ceiling, with smooth ~20 ms attack and release ramps instead of clipping. The
    sliding minimum of min(1, k / peak) is min(1, k / sliding maximum of the peaks), and that
    maximum does not depend on the gain: it is found once, with everything else that does not
    (where the limiter can act, the K-weighted energy there), and a gain then costs a few vector
    passes over the stretches near the peaks only.

    Those stretches (within W of a peak that goes over the ceiling at `max_gain_db`) are laid end
    to end, W samples of "no peak" between them so that no window reaches across, a group of
    them (about CHUNK samples) at a time."""

    def __init__(self, x: np.ndarray, scale: float, rate: int, ceiling: float, max_gain_db: float,
                 weighted: np.ndarray, subblocks: int, step: int) -> None:
        """`weighted`: the K-weighted signal times _KEEP_SCALE (see _subblock_energy)."""
        self.max_gain_db, self.ceiling = max_gain_db, ceiling
        self.width = width = int(0.02 * rate) | 1
        self.subblocks = subblocks
        self.groups: list[tuple] = []
        self.peak = 0.0  # the largest true peak near which the limiter may act
        floor = ceiling / 10 ** (max_gain_db / 20)
        idx, env = _peak_envelope(x, scale, floor, headroom_db=3.0)
        over = env > floor
        if not over.any():
            return
        self.peak = float(env.max())
        n = len(x)
        peaks = idx[over].astype(np.int64)
        lo = np.clip(peaks - width, 0, None)
        hi = np.clip(peaks + width + 1, None, n)
        starts_segment = np.concatenate(([True], lo[1:] > hi[:-1]))
        first_peak = np.flatnonzero(starts_segment)
        seg_lo = lo[starts_segment]
        seg_hi = np.maximum.reduceat(hi, first_peak)
        lengths = seg_hi - seg_lo
        group_of = np.cumsum(lengths + width) // CHUNK
        bounds = np.flatnonzero(np.concatenate(([True], group_of[1:] != group_of[:-1], [True])))
        idx64 = idx.astype(np.int64)
        for g0, g1 in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
            g_lo, g_len = seg_lo[g0:g1], lengths[g0:g1]
            # each stretch is preceded by W entries of "no peak" (and the group ends with W more)
            offsets = width + np.concatenate(([0], np.cumsum(g_len + width)))[:-1]
            size = int(offsets[-1] + g_len[-1] + width)
            within = np.arange(int(g_len.sum())) - np.repeat(np.cumsum(g_len) - g_len, g_len)
            real = np.repeat(g_lo, g_len) + within
            slot = np.repeat(offsets, g_len) + within
            # every candidate peak inside these stretches (over the ceiling or not)
            c0, c1 = np.searchsorted(idx64, [g_lo[0], g_lo[-1] + g_len[-1]])
            cand = idx64[c0:c1]
            seg = np.searchsorted(g_lo, cand, side="right") - 1
            inside = cand < g_lo[seg] + g_len[seg]
            peaks_here = np.zeros(size, dtype=np.float32)
            peaks_here[offsets[seg[inside]] + (cand[inside] - g_lo[seg[inside]])] = env[c0:c1][inside]
            worst = _sliding_max(peaks_here, width)
            # the K-weighted energy of each sample there, and the runs of samples that fall in one
            # sub-block (gap slots hold no energy and join the run before them)
            w = np.zeros(size, dtype=np.float32)
            counted = real < subblocks * step
            w[slot[counted]] = (weighted[real[counted]] * np.float32(1 / _KEEP_SCALE)) ** 2
            sub = np.zeros(size, dtype=np.int64)
            sub[slot] = np.minimum(real // step, subblocks)  # the last bin: outside whole sub-blocks
            sub = np.maximum.accumulate(sub)
            runs = np.flatnonzero(np.concatenate(([True], sub[1:] != sub[:-1])))
            self.groups.append((real, slot, worst, w, runs, sub[runs]))

    def curves(self, gain_db: float):
        """(positions, gains, group) for each group: the gain curve where it may differ from 1."""
        k = self.ceiling / 10 ** (gain_db / 20)
        for group in self.groups:
            real, slot, worst = group[:3]
            with np.errstate(divide="ignore"):
                needed = np.minimum(np.float32(1.0), np.float32(k) / worst)  # no peak: 1
            yield real, _box_mean(needed, self.width), group

    def limits(self, gain_db: float) -> bool:
        return self.peak * 10 ** (gain_db / 20) > self.ceiling

    def lost_energy(self, gain_db: float) -> np.ndarray:
        """Per sub-block, the K-weighted energy the limiter takes away at `gain_db` (before the
        gain), on the approximation K(x.c) ~ c.K(x): the curve moves slowly beside the filter."""
        lost = np.zeros(self.subblocks + 1)
        for _, curve, (_, _, _, w, runs, subs) in self.curves(gain_db):
            np.square(curve, out=curve)
            np.subtract(np.float32(1.0), curve, out=curve)
            lost[subs] += np.add.reduceat(curve * w, runs)
        return lost[: self.subblocks]


def normalize(
    pcm: bytes,
    rate: int,
    target_lufs: float = TARGET_LUFS,
    ceiling_dbtp: float = CEILING_DBTP,
) -> bytes:
    """int16 mono PCM -> int16 mono PCM near `target_lufs` with true peaks <= `ceiling_dbtp`.

    Silence (or audio under 400 ms) is returned unchanged. Within 0.05 LU of the target on speech.
    Streams through the audio in chunks: besides input and output it holds the K-weighted signal
    as int16 and, near the peaks the limiter acts on, what it needs to try a gain (time linear)."""
    x, scale = _as_samples(pcm)
    n = len(x)
    if n < 2:
        return bytes(pcm)
    step = _step(rate)
    weighted = np.empty(n, dtype=np.int16)
    sub = _subblock_energy(x, scale, rate, keep=weighted)
    loudness = _gated_loudness(sub, step)
    if not math.isfinite(loudness):
        return bytes(pcm)
    ceiling = 10 ** (ceiling_dbtp / 20)
    gain_db = target_lufs - loudness
    highest_gain_db = gain_db + 20.0
    # Peaks scale with the gain: the limiter is prepared once for up to MAX_MAKEUP_DB more gain
    # than the first guess (the loudness the limiter takes, to make up: about 1 dB for eSpeak's
    # speech), again if more is needed.
    state: dict = {"limiter": None}

    def limiter(gain_db: float) -> _Limiter:
        current = state["limiter"]
        if current is None or gain_db > current.max_gain_db:
            current = state["limiter"] = _Limiter(x, scale, rate, ceiling, gain_db + MAX_MAKEUP_DB,
                                                  weighted, len(sub), step)
        return current

    def estimate(gain_db: float):
        lim = limiter(gain_db)
        if not lim.limits(gain_db):
            return loudness + gain_db, False
        return _gated_loudness(sub - lim.lost_energy(gain_db), step) + gain_db, True

    def solve(gain_db: float, goal: float):
        # The limiter makes loudness grow slower than the gain: secant steps on the estimate.
        level, limiting = estimate(gain_db)
        previous = None
        for _ in range(6):
            if abs(goal - level) < 0.02:
                break
            if previous is None or previous[1] == level:
                step_db = goal - level
            else:
                slope = (level - previous[1]) / (gain_db - previous[0])
                step_db = (goal - level) / max(slope, 0.2)
            previous = (gain_db, level)
            gain_db = min(highest_gain_db, gain_db + max(-6.0, min(6.0, step_db)))
            level, limiting = estimate(gain_db)
        return gain_db, level, limiting

    def apply(gain_db: float) -> np.ndarray:
        gain = np.float32(10 ** (gain_db / 20) * scale * 32768)
        out = np.empty(n, dtype="<i2")
        for a in range(0, n, CHUNK):
            y = x[a : a + CHUNK].astype(np.float32) * gain
            out[a : a + CHUNK] = np.rint(np.clip(y, -32768, 32767))
        lim = limiter(gain_db)
        if lim.limits(gain_db):
            for positions, curve, (_, slot, *_) in lim.curves(gain_db):
                y = x[positions].astype(np.float32) * gain * curve[slot]
                out[positions] = np.rint(np.clip(y, -32768, 32767))
        return out

    gain_db, level, limiting = solve(gain_db, target_lufs)
    out = apply(gain_db)
    if limiting and loudness + gain_db - level > TRUSTED_LIMITING_DB:
        bias = integrated_loudness(out, rate) - level  # the estimate's error, measured once
        if abs(bias) > 0.05:
            gain_db, level, limiting = solve(gain_db, target_lufs - bias)
            out = apply(gain_db)
    return out.tobytes()
