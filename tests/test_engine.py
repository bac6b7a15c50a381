"""The synthesis pool against the real engine (pyttsx3 + the wheel's eSpeak NG), no mocks.

Each job runs on a fresh engine, so the same request always gives the same samples (eSpeak NG
carries pitch-flutter state from one utterance to the next inside one engine).
"""
from __future__ import annotations

import os
import pickle
import signal
import threading
import time

import pytest

from service.speech import engine
from service.speech.engine import ENGINE_VERSION, EngineUnavailable, Speech, SynthesisPool
from tests.processes import children

PARAGRAPH = (
    "The city council voted on Tuesday to expand the bus network, adding three routes that "
    "will connect the eastern suburbs with the hospital and the university. Officials said "
    "the plan would cost less than expected, because the county agreed to share the price of "
    "new shelters. Residents who spoke at the meeting were mostly in favour, although several "
    "shop owners worried about parking on the main street during the work."
)


def words_text(n: int) -> str:
    words = PARAGRAPH.split()
    return " ".join(words[i % len(words)] for i in range(n))


def expected_s(text: str, rate: int) -> float:
    return len(text.split()) / rate * 60


def assert_near(actual: float, expected: float, tolerance: float = 0.25) -> None:
    assert abs(actual - expected) <= tolerance * expected, f"{actual:.2f}s vs expected {expected:.2f}s"


@pytest.fixture(scope="module")
def pool():
    p = SynthesisPool(size=1, timeout_s=60)
    yield p
    p.close()


def test_no_process_until_first_job():
    p = SynthesisPool(size=2)
    assert p.worker_pids() == []
    p.close()


def test_prestart_starts_one_worker_that_the_first_job_uses():
    with SynthesisPool(size=2, timeout_s=60) as p:
        p.prestart(wait=True)
        started = p.worker_pids()
        assert len(started) == 1
        p.prestart(wait=True)  # one is alive: nothing more
        assert p.worker_pids() == started
        assert p.synthesize("Hello there.").duration_s > 0.3
        assert p.worker_pids() == started  # the job ran on it: no process started on the request
    closed = SynthesisPool(size=1)
    closed.close()
    closed.prestart()
    assert closed.worker_pids() == []


def test_many_texts_in_one_job_are_spoken_in_order_the_same_every_time(pool):
    texts = [PARAGRAPH, "", words_text(30), "Short one."]
    first = pool.synthesize_many(texts, "gmw/en-us", 220)
    assert [len(s.pcm) > 0 for s in first] == [True, False, True, True]
    # the first text has a fresh engine, as a job of its own has
    assert first[0].pcm == pool.synthesize(PARAGRAPH, "gmw/en-us", 220).pcm
    assert first[2].words and all(0 <= pos < len(texts[2]) for _, pos, _ in first[2].words)
    again = pool.synthesize_many(texts, "gmw/en-us", 220)
    assert [s.pcm for s in again] == [s.pcm for s in first]
    assert pool.synthesize_many([]) == []
    with pytest.raises(ValueError):
        pool.synthesize_many(["Hello."], rate=10)
    with pytest.raises(TypeError):
        pool.synthesize_many("not a list")


def test_the_same_request_gives_the_same_samples_whatever_came_before(pool):
    first = pool.synthesize(PARAGRAPH, "gmw/en-us", 260)
    pool.synthesize(words_text(70), "roa/fr", 180)  # another voice, rate and text in between
    again = pool.synthesize(PARAGRAPH, "gmw/en-us", 260)
    assert again.pcm == first.pcm and again.words == first.words
    with SynthesisPool(size=1, timeout_s=60) as other:  # another worker process
        assert other.synthesize(PARAGRAPH, "gmw/en-us", 260).pcm == first.pcm


def test_duration_follows_words_and_rate(pool):
    text = words_text(200)
    speech = pool.synthesize(text)
    assert isinstance(speech, Speech)
    assert speech.sample_rate == 22050
    assert len(speech.pcm) % 2 == 0
    assert speech.duration_s == pytest.approx(len(speech.pcm) / 2 / 22050)
    assert_near(speech.duration_s, expected_s(text, 175))


def test_long_text_is_spoken_to_the_end(pool):
    # pyttsx3's first runAndWait() returns before a long text is written: the audio must be whole.
    text = words_text(3000)
    speech = pool.synthesize(text)
    assert_near(speech.duration_s, expected_s(text, 175))
    last_audio_ms, last_pos, _ = speech.words[-1]
    assert last_pos >= len(text) - 20  # events reach the last word
    assert last_audio_ms / 1000 >= speech.duration_s - 2.0


def test_very_long_text_does_not_crash_the_engine(pool):
    # pyttsx3's Synth tells eSpeak the text is 10x its length; eSpeak copied that much and the
    # worker died with SIGSEGV on a 6,000-word text before the engine passed the real size.
    text = words_text(6000)
    speech = pool.synthesize(text)
    assert_near(speech.duration_s, expected_s(text, 175))


def test_word_events_are_ordered_and_inside_the_audio(pool):
    text = "Café owners in Zürich said on Jan. 23 that prices rose 4% — “too much”, one said. " + words_text(80)
    speech = pool.synthesize(text)
    assert len(speech.words) >= 80
    times = [ms for ms, _, _ in speech.words]
    assert times == sorted(times)
    assert times[-1] <= speech.duration_s * 1000
    for _, pos, length in speech.words:
        assert 0 <= pos and pos + length <= len(text)
    # 0-based character offsets, non-ASCII text included
    spoken = {text[pos:pos + length] for _, pos, length in speech.words}
    assert {"Café", "owners", "Zürich", "council", "network"} <= spoken


def test_rate_is_honoured(pool):
    text = words_text(120)
    fast = pool.synthesize(text, rate=300)
    slow = pool.synthesize(text, rate=120)
    assert fast.duration_s < 0.6 * slow.duration_s
    assert_near(fast.duration_s, expected_s(text, 300))
    assert_near(slow.duration_s, expected_s(text, 120))
    # and the rate does not stick to the next job
    assert_near(pool.synthesize(text).duration_s, expected_s(text, 175))


def test_voice_is_honoured(pool):
    text = "In 1958, 2024 and 345 people counted 17 boats."
    english = pool.synthesize(text, voice="gmw/en").duration_s
    french = pool.synthesize(text, voice="roa/fr").duration_s
    assert abs(english - french) > 0.1 * english
    assert pool.synthesize(text).duration_s == pytest.approx(english, rel=0.05)  # default is back


def test_voices_list(pool):
    voices = pool.voices()
    assert len(voices) > 50
    ids = {v["id"] for v in voices}
    assert {"gmw/en", "gmw/en-us", "roa/fr"} <= ids
    assert all(set(v) == {"id", "name", "languages"} for v in voices)
    english = next(v for v in voices if v["id"] == "gmw/en-us")
    assert english["languages"] and english["languages"][0].startswith("en")


def test_bad_voice_and_rate_are_value_errors(pool):
    with pytest.raises(ValueError):
        pool.synthesize("Hello.", voice="no-such-voice")
    for rate in (79, 901, "fast", 175.5):
        with pytest.raises(ValueError):
            pool.synthesize("Hello.", rate=rate)
    assert pool.synthesize("Hello there.").duration_s > 0.3  # the engine is still fine


def test_empty_text_gives_empty_speech(pool):
    speech = pool.synthesize("   ")
    assert speech.pcm == b"" and speech.words == [] and speech.duration_s == 0


def test_speech_pickles():
    speech = Speech(pcm=b"\x00\x00" * 10, sample_rate=22050, words=[(0, 0, 5)])
    assert pickle.loads(pickle.dumps(speech)) == speech


def test_engine_version_names_both_engines():
    from importlib import metadata

    from service.speech.espeak_lib import espeak_version

    assert metadata.version("pyttsx3") in ENGINE_VERSION
    assert espeak_version() in ENGINE_VERSION and espeak_version() != "unknown"


def test_timeout_kills_and_replaces_the_worker():
    with SynthesisPool(size=1, timeout_s=30) as p:
        p.synthesize("Warm up.")
        [old] = p.worker_pids()
        p.timeout_s = 0.05
        started = time.monotonic()
        with pytest.raises(EngineUnavailable, match="timed out"):
            p.synthesize(words_text(6000))
        assert time.monotonic() - started < 5
        assert not _alive(old)
        p.timeout_s = 30
        assert p.synthesize("Back again.").duration_s > 0.3
        assert old not in p.worker_pids() and len(p.worker_pids()) == 1


def _kill_mid_job(p: SynthesisPool, target: str) -> dict:
    """Start a long job; once its child (the fresh engine) runs, SIGKILL the worker process
    (target "worker") or that child ("child"); the job's outcome."""
    [pid] = p.worker_pids()
    outcome = {}

    def job():
        try:
            outcome["speech"] = p.synthesize(words_text(3000))
        except Exception as exc:  # noqa: BLE001
            outcome["error"] = exc

    thread = threading.Thread(target=job)
    thread.start()
    deadline = time.monotonic() + 20
    while not (job_child := children(pid)):
        assert time.monotonic() < deadline, "the job never started"
        time.sleep(0.005)
    os.kill(pid if target == "worker" else job_child[0], signal.SIGKILL)
    thread.join(60)
    return outcome


def test_a_worker_killed_mid_job_is_replaced_and_the_job_done_on_the_fresh_one():
    with SynthesisPool(size=1, timeout_s=60) as p:
        p.synthesize("Warm up.")
        [pid] = p.worker_pids()
        outcome = _kill_mid_job(p, "worker")
        assert "speech" in outcome, outcome
        assert_near(outcome["speech"].duration_s, expected_s(words_text(3000), 175))
        assert not _alive(pid) and pid not in p.worker_pids() and len(p.worker_pids()) == 1


def test_a_job_whose_engine_crashes_is_not_retried():
    """The job's child is where eSpeak runs: its death says the text may crash it again."""
    with SynthesisPool(size=1, timeout_s=60) as p:
        p.synthesize("Warm up.")
        outcome = _kill_mid_job(p, "child")
        assert isinstance(outcome.get("error"), EngineUnavailable), outcome
        assert "crashed (signal 9)" in str(outcome["error"])
        assert p.synthesize("Still here.").duration_s > 0.3


def test_sigkill_of_an_idle_worker_is_replaced_silently():
    with SynthesisPool(size=1, timeout_s=30) as p:
        p.synthesize("Warm up.")
        [pid] = p.worker_pids()
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.1)
        assert p.synthesize("Next job.").duration_s > 0.3
        assert pid not in p.worker_pids()


def test_threads_share_a_pool():
    texts = [words_text(n) for n in (40, 90, 150, 60, 120, 30)]
    results: dict[int, float] = {}
    with SynthesisPool(size=2, timeout_s=30) as p:
        def job(i):
            results[i] = p.synthesize(texts[i], rate=200).duration_s

        threads = [threading.Thread(target=job, args=(i,)) for i in range(len(texts))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert len(p.worker_pids()) <= 2
    assert sorted(results) == list(range(len(texts)))
    for i, text in enumerate(texts):
        assert_near(results[i], expected_s(text, 200))


def test_closed_pool_refuses_jobs():
    p = SynthesisPool()
    p.close()
    with pytest.raises(EngineUnavailable):
        p.synthesize("Hello.")


def test_get_pool_reads_the_environment(monkeypatch):
    monkeypatch.setattr(engine, "_pool", None)
    monkeypatch.setenv("NEWSREADER_SYNTH_WORKERS", "3")
    monkeypatch.setenv("NEWSREADER_SYNTH_TIMEOUT", "7.5")
    p = engine.get_pool()
    assert (p.size, p.timeout_s) == (3, 7.5)
    assert engine.get_pool() is p
    assert p.worker_pids() == []  # nothing started until a job comes
    p.close()
    monkeypatch.setattr(engine, "_pool", None)
    monkeypatch.delenv("NEWSREADER_SYNTH_WORKERS")
    monkeypatch.delenv("NEWSREADER_SYNTH_TIMEOUT")
    p = engine.get_pool()
    assert (p.size, p.timeout_s) == (os.cpu_count(), 120.0)
    monkeypatch.setattr(engine, "_pool", None)


def test_works_in_a_forked_child(monkeypatch):
    # As in a gunicorn worker: the parent has a pool with a live engine; the child must get its own.
    monkeypatch.setattr(engine, "_pool", None)
    parent_pool = engine.get_pool()
    parent_pool.synthesize("Parent.")
    parent_pids = parent_pool.worker_pids()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            signal.alarm(30)
            os.close(read_fd)
            child_pool = engine.get_pool()
            speech = child_pool.synthesize(words_text(50))
            ok = (child_pool is not parent_pool and speech.duration_s > 10
                  and not set(child_pool.worker_pids()) & set(parent_pids))
            os.write(write_fd, b"ok" if ok else b"bad")
            child_pool.close()
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    _, status = os.waitpid(pid, 0)
    answer = os.read(read_fd, 10)
    os.close(read_fd)
    assert os.waitstatus_to_exitcode(status) == 0 and answer == b"ok"
    assert parent_pool.worker_pids() == parent_pids  # the child left the parent's engine alone
    assert parent_pool.synthesize("Parent again.").duration_s > 0.3
    parent_pool.close()
    monkeypatch.setattr(engine, "_pool", None)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); look at its state
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
