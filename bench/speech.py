"""Speed of the speech path, beside bare eSpeak NG in the same run.

    python bench/speech.py [--repeat 3] [--json] [--lame]

Measures, on real news text (the shared UPI fixture's paragraphs, repeated to length, each copy
made distinct so that no speech is shared), added to a throwaway service as POST /api/articles
adds it (service.ingest: extraction, segmentation, planned tracks):
- bare eSpeak NG through ctypes (espeak_Synth in AUDIO_OUTPUT_RETRIEVAL, a trivial callback that
  only counts samples) on everything the article's whole-article file says, normalised: the
  floor for this engine;
- the whole path, as the service's background thread runs it for a new article
  (AudioJobs.render_article: text normalisation, synthesis through the pool, loudness,
  upsampling, LAME, ID3, chapters, the cache), every section and then the whole-article file,
  for about 1,000 and 8,000 words (linearity), with where the render thread's time goes and
  the share of it spent normalizing text (every normalize_with_map call; the target is < 5%);
- one track the old way, for its stages: the same text spoken in one synthesis and encoded by
  encode_mp3 (loudness normalisation, 2x upsampling, LAME, ID3) in one LAME stream;
- the first section's MP3 asked for on a cold cache (AudioJobs.render_key, as GET /audio/ runs
  it), with the synthesis worker started beforehand (as each web worker does as it starts:
  SynthesisPool.prestart) and with nothing started (process spawn and engine start included).
Real-time factor = seconds of audio / seconds of wall time. Best of --repeat runs.
--lame: LAME's quality settings 0-9 on the 1,000 words: encoding time and the decoded audio's
signal-to-noise ratio against its input (at the level that fits it best).
"""
from __future__ import annotations

import argparse
import ctypes
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURE = ROOT / "tests" / "fixtures" / "upi-syria-airstrike.txt"
FALLBACK = (
    "The city council voted on Tuesday to expand the bus network, adding three routes that will "
    "connect the eastern suburbs with the hospital and the university. Officials said the plan "
    "would cost $4.5 million, less than expected, because the county agreed to share the price "
    "of new shelters on Jan. 23."
)
TITLE, BYLINE = "U.S. denies teaming up with Russia on Syria airstrike", "Doug G. Ware"


def article_paragraphs(words: int) -> list[str]:
    """News paragraphs, repeated to `words` words (cut at a paragraph end at or after it); every
    copy after the first opens with "Update N." so that each paragraph is spoken anew."""
    if FIXTURE.exists():
        lines = [ln.strip() for ln in FIXTURE.read_text(encoding="utf-8").splitlines()]
        paragraphs = list(dict.fromkeys(ln for ln in lines if len(ln.split()) >= 12))  # body, once
    else:
        paragraphs = [FALLBACK]
    out: list[str] = []
    count, copy = 0, 0
    while count < words:
        for p in paragraphs:
            out.append(f"Update {copy}. {p}" if copy else p)
            count += len(out[-1].split())
            if count >= words:
                break
        copy += 1
    return out


def article_text(words: int) -> str:
    return "\n\n".join(article_paragraphs(words))


# ----------------------------------------------------------------------------- bare eSpeak NG


class BareEspeak:
    """eSpeak NG through ctypes, no pyttsx3: the floor."""

    def __init__(self) -> None:
        from service.speech.espeak_lib import load_espeak

        self.lib = load_espeak()
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.rate = self.lib.espeak_Initialize(1, 0, None, 0)  # AUDIO_OUTPUT_RETRIEVAL
        if self.rate <= 0:
            raise RuntimeError("espeak_Initialize failed")
        self.samples = 0
        callback_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)

        def callback(wav, numsamples, events):
            self.samples += numsamples
            return 0

        self._callback = callback_type(callback)
        self.lib.espeak_SetSynthCallback(self._callback)
        self.lib.espeak_SetVoiceByName(b"gmw/en")
        self.lib.espeak_SetParameter(1, 175, 0)
        self.lib.espeak_Synchronize()
        self.lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                          ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]

    def synth(self, text: str) -> float:
        """Seconds of audio for `text`."""
        data = text.encode("utf-8")
        self.samples = 0
        self.lib.espeak_Synth(data, len(data) + 1, 0, 1, 0, 0x1001, None, None)  # UTF8 | ENDPAUSE
        self.lib.espeak_Synchronize()
        return self.samples / self.rate


# ----------------------------------------------------------------------------- measurements


def best(fn, repeat: int):
    results = []
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        results.append((time.perf_counter() - start, value))
    return min(results, key=lambda r: r[0])


class TimedPool:
    """The real pool, adding up the wall time its synthesis calls take."""

    def __init__(self, pool):
        self.pool, self.seconds, self.calls = pool, 0.0, 0

    def _timed(self, call, *args, **kwargs):
        start = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1

    def synthesize(self, *args, **kwargs):
        return self._timed(self.pool.synthesize, *args, **kwargs)

    def synthesize_many(self, *args, **kwargs):
        return self._timed(self.pool.synthesize_many, *args, **kwargs)


class Stored:
    """A throwaway service: its database and empty audio cache, with one article added through
    service.ingest (extraction, segmentation, planned tracks) as POST /api/articles adds it."""

    def __init__(self, words: int):
        from service.config import from_env
        from service.ingest import Submission, ingest, read_article
        from service.jobs import AudioJobs
        from service.storage.cache import AudioCache
        from service.storage.db import Database

        self._tmp = tempfile.TemporaryDirectory()
        self.db = Database(os.path.join(self._tmp.name, "newsreader.db"))
        self.cache = AudioCache(os.path.join(self._tmp.name, "audio"))
        self.jobs = AudioJobs(self.db, self.cache)
        asked = words
        while True:  # extraction drops some of the fixture's lines (captions, "RECOMMENDED" links)
            text = f"{TITLE}\n\nBy {BYLINE}\n\n" + article_text(asked)
            article = read_article(Submission("text", text, "en-us", 175), from_env())
            kept = sum(len(p.split()) for p in article.paragraphs)
            if kept >= words:
                break
            asked = int(asked * words / kept) + 20
        self.id, _ = ingest(Submission("text", text, "en-us", 175), self.db, from_env())
        record = self.db.get_article(self.id)
        self.sections = len(record["sections"])
        self.words = sum(len(p.split()) for s in record["sections"] for p in s["paragraphs"])
        self.keys = {idx: row["key"] for idx, row in self.db.tracks(self.id).items()}

    def spoken(self) -> str:
        """Everything the whole-article file says (title, byline, every section), as eSpeak gets it."""
        from service.ingest import article_from_record
        from service.speech.tracks import plan_tracks

        record = self.db.get_article(self.id)
        whole = plan_tracks(article_from_record(record), record["voice"], record["rate"])[-1]
        return "\n\n".join(p.spoken for p in whole.pieces)

    def close(self) -> None:
        self._tmp.cleanup()


def with_pool(pool):
    """service.jobs renders with `pool` (timed) instead of the process's own."""
    import service.jobs

    timed = TimedPool(pool)
    service.jobs.get_pool = lambda: timed
    return timed


class Stopwatch:
    """Adds up the wall time of calls to a function (in any thread) while installed."""

    def __init__(self, owner, name: str):
        self.owner, self.name, self.seconds = owner, name, 0.0
        self.original = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        setattr(owner, name, timed)

    def remove(self) -> None:
        setattr(self.owner, self.name, self.original)


def article_path(pool, words: int) -> dict:
    """AudioJobs.render_article for a new article, as the background thread runs it: every
    section, then the whole-article file, into an empty cache."""
    from service.ingest import article_from_record
    from service.speech import pronounce, tracks
    from service.speech.tracks import WHOLE, plan_tracks

    stored = Stored(words)
    waits = Stopwatch(tracks.Renderer, "_speak")  # the render thread waiting for speech
    encodes = Stopwatch(tracks.encode, "encode_pieces")  # loudness, upsampling, LAME
    # every normalize call of the render (all go through the pronunciation step's import)
    normalizing = Stopwatch(pronounce, "normalize_with_map")
    try:
        record = stored.db.get_article(stored.id)
        t0 = time.perf_counter()
        plan_tracks(article_from_record(record), record["voice"], record["rate"])  # text normalisation
        t1 = time.perf_counter()
        timed = with_pool(pool)
        stored.jobs.render_article(stored.id)
        t2 = time.perf_counter()
        audio_s = stored.cache.meta(stored.keys[WHOLE])["duration_s"]
    finally:
        waits.remove()
        encodes.remove()
        normalizing.remove()
        stored.close()
    # render_article plans the tracks itself: its text normalisation is in t2 - t1 (as t1 - t0)
    return {"sections": stored.sections, "words": stored.words, "syntheses": timed.calls, "audio_s": audio_s,
            "normalize_text_s": t1 - t0, "synthesis_jobs_s": timed.seconds, "speech_wait_s": waits.seconds,
            "encode_pieces_s": encodes.seconds, "normalize_calls_s": normalizing.seconds,
            "normalize_share": normalizing.seconds / (t2 - t1),
            "rest_s": (t2 - t1) - (t1 - t0) - waits.seconds - encodes.seconds, "total_s": t2 - t1}


def one_track(pool, spoken: str) -> dict:
    """The article's spoken text as ONE synthesis and one encode_mp3, stage by stage (the same
    calls it makes: loudness.normalize, then _lame, which upsamples and runs LAME), then the
    whole call: what a track cost before tracks were encoded piece by piece."""
    import numpy as np

    from service.speech import encode, loudness

    t1 = time.perf_counter()
    speech = pool.synthesize(spoken)
    t2 = time.perf_counter()
    pcm = loudness.normalize(speech.pcm, speech.sample_rate, target_lufs=loudness.TARGET_LUFS - encode.LAME_LEVEL_DB)
    t3 = time.perf_counter()
    up = encode._upsample2(np.frombuffer(pcm, dtype="<i2"))
    t4 = time.perf_counter()
    encode._lame(up, encode.OUT_SAMPLE_RATE)
    t5 = time.perf_counter()
    data = encode.encode_mp3(speech.pcm, speech.sample_rate, "Bench")
    t6 = time.perf_counter()
    return {
        "audio_s": speech.duration_s,
        "mp3_s": encode.mp3_duration(data),
        "synthesize_s": t2 - t1,
        "loudness_s": t3 - t2,
        "upsample_s": t4 - t3,
        "lame_s": t5 - t4,
        "encode_mp3_s": t6 - t5,
        "total_s": (t2 - t1) + (t6 - t5),
    }


def first_section(pool_factory) -> dict:
    """The first section's MP3 asked for on a cold cache, as GET /audio/<key>.mp3 renders it
    (AudioJobs.render_key); `pool_factory` gives the pool, None: nothing started before the clock."""
    from service.speech.engine import SynthesisPool

    stored = Stored(1000)
    pool = pool_factory()
    try:
        start = time.perf_counter()
        pool = pool or SynthesisPool(size=1, timeout_s=60)  # its first worker starts on this request
        timed = with_pool(pool)
        assert stored.jobs.render_key(stored.keys[0])
        done = time.perf_counter()
        meta = stored.cache.meta(stored.keys[0])
        record = stored.db.get_article(stored.id)
        words = sum(len(p.split()) for p in record["sections"][0]["paragraphs"])
        return {"words": words, "audio_s": meta["duration_s"], "speech_ready_s": timed.seconds,
                "first_byte_s": done - start, "bytes": meta["mp3"]["bytes"]}
    finally:
        pool.close()
        stored.close()


def prestarted_pool():
    from service.speech.engine import SynthesisPool

    pool = SynthesisPool(size=1, timeout_s=60)
    pool.prestart(wait=True)  # the web worker started it as it started, long before this request
    return pool


def lame_qualities(pool, spoken: str) -> list[dict]:
    """Encoding time and decoded SNR for LAME -q 0..9 on the same upsampled, normalised speech."""
    import miniaudio
    import numpy as np

    from service.speech import encode, loudness

    speech = pool.synthesize(spoken)
    pcm = loudness.normalize(speech.pcm, speech.sample_rate, target_lufs=loudness.TARGET_LUFS - encode.LAME_LEVEL_DB)
    up = encode._upsample2(np.frombuffer(pcm, dtype="<i2"))
    ref = up.astype(np.float64)
    rows = []
    for q in range(10):
        enc = encode._new_encoder(encode.OUT_SAMPLE_RATE)
        enc.set_quality(q)
        c0, w0 = time.process_time(), time.perf_counter()
        data = bytes(enc.encode(up.tobytes())) + bytes(enc.flush())
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        decoded = np.asarray(miniaudio.mp3_read_s16(data).samples, dtype=np.float64)
        delay = encode.ENCODER_DELAY + encode.DECODER_DELAY
        got = decoded[delay : delay + len(ref)]
        want = ref[: len(got)]
        fit = float(got @ want / (want @ want))  # LAME's level change is not noise
        noise = got - fit * want
        rows.append({"quality": q, "cpu_s": cpu, "wall_s": wall, "rtf": speech.duration_s / wall,
                     "snr_db": 10 * np.log10(float(fit * fit * (want @ want)) / float(noise @ noise))})
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--lame", action="store_true", help="also compare LAME quality settings")
    args = parser.parse_args(argv)

    from service.speech.encode import ENCODER_VERSION
    from service.speech.engine import ENGINE_VERSION, SynthesisPool

    report: dict = {"engine": ENGINE_VERSION, "encoder": ENCODER_VERSION, "cpus": os.cpu_count(),
                    "load_before": os.getloadavg()[0]}

    # cold first: nothing started yet in this process (modules imported, as in a web worker)
    report["cold_first_section"] = first_section(lambda: None)
    report["prestarted_first_section"] = min((first_section(prestarted_pool) for _ in range(args.repeat)),
                                             key=lambda r: r["first_byte_s"])

    bare = BareEspeak()
    pool = SynthesisPool(size=os.cpu_count() or 1, timeout_s=300)
    pool.synthesize("Warm up.")
    for words in (1000, 8000):
        stored = Stored(words)
        spoken = stored.spoken()
        stored.close()
        repeat = args.repeat if words <= 1000 else max(1, args.repeat // 2)
        bare_s, bare_audio = best(lambda: bare.synth(spoken), repeat)
        runs = [article_path(pool, words) for _ in range(repeat)]
        path = min(runs, key=lambda r: r["total_s"])
        tracks = [one_track(pool, spoken) for _ in range(repeat)]
        track = min(tracks, key=lambda r: r["total_s"])
        report[f"{words}_words"] = {
            "words": path["words"],
            "bare_espeak": {"wall_s": bare_s, "audio_s": bare_audio, "rtf": bare_audio / bare_s},
            "whole_path": {**path, "rtf": path["audio_s"] / path["total_s"]},
            "whole_over_bare": path["total_s"] / bare_s,
            "one_track": {**track, "rtf": track["audio_s"] / track["total_s"]},
        }
    if args.lame:
        stored = Stored(1000)
        report["lame_quality"] = lame_qualities(pool, stored.spoken())
        stored.close()
    pool.close()

    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"engine {report['engine']}\nencoder {report['encoder']}\ncpus {report['cpus']}, "
          f"load average {report['load_before']:.1f} -> {os.getloadavg()[0]:.1f} (other work skews wall times)")
    for words in (1000, 8000):
        r = report[f"{words}_words"]
        b, p, t = r["bare_espeak"], r["whole_path"], r["one_track"]
        print(f"\n{r['words']} words, {p['audio_s']:.0f} s of audio ({p['sections']} sections and the whole "
              f"article, {p['syntheses']} syntheses)")
        print(f"  bare eSpeak NG (ctypes)   {b['wall_s']:.3f} s   {b['rtf']:.0f}x real time")
        print(f"  whole path                {p['total_s']:.3f} s   {p['rtf']:.0f}x real time   "
              f"({r['whole_over_bare']:.1f}x bare)")
        print(f"    normalize text {p['normalize_text_s']:.3f}  waiting for speech {p['speech_wait_s']:.3f} "
              f"(synthesis jobs {p['synthesis_jobs_s']:.3f}, beside the encoding)  encode_pieces "
              f"{p['encode_pieces_s']:.3f}  cues, tags, whole-article assembly, cache {p['rest_s']:.3f}")
        print(f"    normalization (every normalize_with_map call of the render) {p['normalize_calls_s']:.3f} s = "
              f"{100 * p['normalize_share']:.2f}% of the whole path")
        print(f"  one track, encode_mp3     {t['total_s']:.3f} s   {t['rtf']:.0f}x real time")
        print(f"    synthesize {t['synthesize_s']:.3f}  "
              f"encode_mp3 {t['encode_mp3_s']:.3f} (loudness {t['loudness_s']:.3f}, "
              f"upsample {t['upsample_s']:.3f}, LAME {t['lame_s']:.3f})")
    for name, label in (("cold_first_section", "nothing started"), ("prestarted_first_section", "worker started")):
        c = report[name]
        print(f"\nfirst section, cold cache, {label} ({c['words']} words, {c['audio_s']:.0f} s): "
              f"speech ready {c['speech_ready_s']:.3f} s, MP3 ready {c['first_byte_s']:.3f} s")
    for row in report.get("lame_quality", []):
        print(f"  LAME -q {row['quality']}: {row['wall_s']:.3f} s ({row['cpu_s']:.3f} s CPU, "
              f"{row['rtf']:.0f}x real time), decoded SNR {row['snr_db']:.2f} dB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
