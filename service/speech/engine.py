"""Speech synthesis with pyttsx3's espeak driver, in worker processes apart from the web workers.

Each worker process runs ONE pyttsx3 engine (eSpeak NG allows one per process, one thread at a
time). The web side talks to workers through a `SynthesisPool`: processes are started lazily (never
at import) with the "spawn" start method, so it is safe inside gunicorn workers after fork. Every
job has a time limit; a worker that overruns it is killed (SIGKILL) and replaced, a worker that
dies is replaced, and the caller gets `EngineUnavailable` (-> HTTP 503) instead of hanging. A
worker process killed from outside mid-job (an operator, the OOM killer) has its job tried once
more on a fresh one: eSpeak runs in the job's child, never in the worker, so the text cannot be
what killed it. A job's child that dies (eSpeak crashed) is not retried: the same text would crash
it again.

pyttsx3 2.99 traps handled in the worker (measured with the wheel's eSpeak NG 1.52):
- eSpeak runs asynchronously in AUDIO_OUTPUT_RETRIEVAL mode, so `runAndWait()` returns before a
  long text is written: we call `espeak_Synchronize()` and wait for the end-of-message event.
- its `stop()` (run by `runAndWait()`'s end-of-loop) cancels eSpeak's command queue, which can
  drop a queued rate change: voice and rate are applied through the driver, then synchronised and
  verified before the utterance is queued, so the queue is idle when `stop()` looks at it.
- its audio buffer grows by `bytes +=` (quadratic): we re-register the synth callback, keep audio
  chunks in a list (linear) with the word events, and hand pyttsx3's own callback no samples.
- with Sonic (rates from 450) eSpeak places a word event at the start of its audio chunk plus the
  offset *before* the speed-up (measured: words go back in time at each new chunk); the offset
  is scaled by 175/rate (`_sonic_words`), so word and cue times follow the audio.

Every job gets a fresh engine: eSpeak NG's wave generator keeps its pitch-flutter position
(a static in wavegen.c) from one utterance to the next and nothing resets it, so the same text
sounded twice in one engine gives different samples and an MP3 of a different length (measured:
76,758 then 76,350 bytes of PCM). A cache file rebuilt after eviction must have the bytes its
published URL had, so the worker process imports and loads everything once, never starts
eSpeak itself, and forks a child per job that starts an engine (about 10 ms), speaks, sends the
result and exits. The worker stays single-threaded, so forking it is safe. A job costs ~7 ms
besides its speech (fork, engine start), so a track's pieces are one job (`synthesize_many`: one
engine speaks them in order, the voice loaded once, so the same list always gives the same
samples; ~2 ms a text). `prestart` starts a worker before the first job: each web worker does as
it starts, so the first listener does not wait ~0.25 s for Python and eSpeak NG to start.
"""
from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import multiprocessing.connection
import os
import runpy
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata

if __package__:
    from .. import metrics
    from .espeak_lib import espeak_version, load_espeak
else:  # run by path as a synthesis worker (see _Worker): load the sibling module the same way
    import importlib.util as _ilu

    _spec = _ilu.spec_from_file_location(
        "_newsreader_espeak_lib", os.path.join(os.path.dirname(os.path.abspath(__file__)), "espeak_lib.py")
    )
    _espeak_lib = _ilu.module_from_spec(_spec)
    _spec.loader.exec_module(_espeak_lib)
    espeak_version, load_espeak = _espeak_lib.espeak_version, _espeak_lib.load_espeak
    metrics = None  # a synthesis worker only answers jobs; the web process times them

log = logging.getLogger(__name__)

__all__ = [
    "ENGINE_VERSION",
    "EngineUnavailable",
    "Speech",
    "SynthesisPool",
    "get_pool",
]

# Above 450 words a minute (espeakRATE_MAXIMUM) eSpeak NG speaks at its normal rate and speeds the
# sound up with its Sonic time-stretch (pitch kept), when espeakRATE is set by espeak_SetParameter,
# as pyttsx3's driver does: the wheel's libespeak-ng is built with Sonic (measured: 600 and 800 wpm
# give 0.75 and 0.56 of the 450 wpm duration). 900 is the top of what screen-reader users listen at.
RATE_MIN, RATE_MAX = 80, 900
SONIC_FROM = 450  # the rate from which eSpeak NG uses Sonic (measured: 449 does not, 450 does)
SONIC_BASE = 175  # espeakRATE_NORMAL: the rate eSpeak speaks at before Sonic speeds it up by rate/175
STARTUP_TIMEOUT_S = 30.0  # a fresh worker must be ready within this (separate from the job limit)
_ENGINE_FORMAT = "2"  # bump when this module changes the sound (part of the cache key)


def _pyttsx3_version() -> str:
    try:
        return metadata.version("pyttsx3")
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


ENGINE_VERSION: str = f"pyttsx3-{_pyttsx3_version()}+espeak-ng-{espeak_version()}+nr{_ENGINE_FORMAT}"


@dataclass
class Speech:
    """Synthesised speech: 16-bit signed little-endian mono PCM and eSpeak's word events.

    `words` holds (audio_ms, text_position, length): the audio offset in milliseconds at which
    the word starts, its 0-based character offset in the text that was synthesised and its length
    in characters. Numbers can emit several events, some words none.
    """

    pcm: bytes
    sample_rate: int
    words: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate if self.sample_rate else 0.0


class EngineUnavailable(RuntimeError):
    """The speech engine could not do the job (time limit, crash, pool closed): answer 503."""


# --------------------------------------------------------------------------- worker process side


def _synth_with_true_size(_espeak):
    """pyttsx3's `_espeak.Synth` tells eSpeak the text is `len(text) * 10` bytes long, and eSpeak's
    asynchronous mode copies that many bytes: it reads far past the end of the text and crashes
    (SIGSEGV) once the text is long enough for the over-read to leave mapped memory (measured: a
    6,000-word text). The same call with the real size (text plus its terminating NUL), and with
    eSpeak's phoneme input on: a pronunciation entry's `[[...]]` is spoken as phonemes (article
    text has its own `[[` defused, service/speech/pronounce.py)."""

    def synth(text, position=0, position_type=_espeak.POS_CHARACTER, end_position=0, flags=0,
               user_data=None):
        if isinstance(text, str):
            text = text.encode("utf-8")
        return _espeak.cSynth(text, len(text) + 1, position, position_type, end_position,
                              flags | _espeak.PHONEMES, None, user_data)

    return synth


def _poll_quickly(driver_module) -> None:
    """pyttsx3's espeak driver runs its loop with `time.sleep(0.01)` between looks at whether the
    utterance ended: at least 10 ms lost per text, whatever its length. 1 ms instead (the samples
    do not change; a long text costs a wake-up a millisecond while eSpeak speaks it)."""

    class QuickSleep:
        def __getattr__(self, name):
            return getattr(time, name)

        @staticmethod
        def sleep(seconds: float) -> None:
            time.sleep(min(seconds, 0.001))

    driver_module.time = QuickSleep()


class _Engine:
    """One pyttsx3 espeak engine, in the worker process."""

    def __init__(self) -> None:
        self.lib = load_espeak()  # before pyttsx3 is imported: its driver looks the lib up by name
        import pyttsx3
        from pyttsx3.drivers import _espeak

        self._espeak = _espeak
        _espeak.Synth = _synth_with_true_size(_espeak)
        from pyttsx3.drivers import espeak as espeak_driver

        _poll_quickly(espeak_driver)
        self.engine = pyttsx3.init("espeak")
        self.driver = self.engine.proxy._driver
        self.default_voice = self.driver._defaultVoice or "gmw/en"
        self.lib.espeak_GetParameter.argtypes = [ctypes.c_int, ctypes.c_int]
        self.lib.espeak_GetParameter.restype = ctypes.c_int
        self.lib.espeak_Synchronize.restype = ctypes.c_int
        try:
            self.lib.espeak_ng_GetSampleRate.restype = ctypes.c_int
            self.sample_rate = int(self.lib.espeak_ng_GetSampleRate()) or 22050
        except AttributeError:  # pragma: no cover - older eSpeak NG
            self.sample_rate = 22050
        self._chunks: list[bytes] = []
        self._samples = 0  # samples in _chunks: where the chunk being delivered starts
        self._words: list[tuple[int, int, int, int]] = []  # + the ms its chunk starts at
        self._rate = SONIC_BASE
        self._done = threading.Event()
        self._pyttsx3_callback = self.driver._onSynth
        # Keep a reference: _espeak.SetSynthCallback stores the ctypes thunk in a module global.
        _espeak.SetSynthCallback(self._on_synth)

    def _on_synth(self, wav, numsamples, events):  # called on eSpeak's thread
        try:
            chunk_ms = self._samples * 1000 // self.sample_rate
            if numsamples > 0:
                self._chunks.append(ctypes.string_at(wav, numsamples * 2))
                self._samples += numsamples
            i = 0
            while True:
                event = events[i]
                kind = event.type
                if kind == 0:  # EVENT_LIST_TERMINATED
                    break
                if kind == 1:  # EVENT_WORD: text_position is 1-based, in characters
                    self._words.append((event.audio_position, event.text_position - 1, event.length, chunk_ms))
                elif kind == 6:  # EVENT_MSG_TERMINATED
                    self._done.set()
                i += 1
        except Exception:  # pragma: no cover - never let an exception cross into C
            log.exception("synth callback failed")
        # pyttsx3's own callback drives its events (started-word, finished-utterance, busy state);
        # with no samples its quadratic buffer stays empty.
        return self._pyttsx3_callback(wav, 0, events)

    def _current_rate(self) -> int:
        return int(self.lib.espeak_GetParameter(self._espeak.RATE, 1))

    def _apply(self, voice: str | None, rate: int) -> None:
        # Through pyttsx3's driver (which raises ValueError for an unknown voice), not its queued
        # engine.setProperty: its runAndWait() ends with stop(), which may cancel a queued rate.
        try:
            self.driver.setProperty("voice", voice or self.default_voice)
        except ValueError:
            raise ValueError(f"unknown voice {voice!r}") from None
        self.driver.setProperty("rate", int(rate))
        self._rate = int(rate)
        self.lib.espeak_Synchronize()
        if self._current_rate() != int(rate):  # pragma: no cover - defensive
            self._espeak.SetParameter(self._espeak.RATE, int(rate), 0)
            self.lib.espeak_Synchronize()
            if self._current_rate() != int(rate):
                raise RuntimeError(f"eSpeak did not take rate {rate}")

    def synthesize(self, text: str, voice: str | None, rate: int):
        self._apply(voice, rate)
        return self._speak(text)

    def synthesize_many(self, texts: list[str], voice: str | None, rate: int):
        # Loading the voice takes ~15 ms; once for all gives the same samples and word events.
        self._apply(voice, rate)
        spoken = []
        for text in texts:
            if self._current_rate() != int(rate):  # pragma: no cover - pyttsx3's stop() lost it
                self._apply(voice, rate)
            spoken.append(self._speak(text))
        return spoken

    def _speak(self, text: str):
        self._chunks, self._words, self._samples = [], [], 0
        self._done.clear()
        self.engine.save_to_file(text, os.devnull)
        self.engine.runAndWait()  # returns early for long texts (asynchronous eSpeak) ...
        self.lib.espeak_Synchronize()  # ... so wait until eSpeak's queue is idle
        if not self._done.wait(10.0):  # pragma: no cover - the parent's time limit covers hangs
            raise RuntimeError("eSpeak never finished the utterance")
        pcm = b"".join(self._chunks)
        words = _sonic_words(self._words, self._rate)
        self._chunks, self._words, self._samples = [], [], 0
        return pcm, self.sample_rate, words

    def voices(self) -> list[dict]:
        out = []
        for v in self.engine.getProperty("voices"):
            out.append({"id": v.id, "name": v.name, "languages": list(v.languages or [])})
        return out


def _sonic_words(events: list[tuple[int, int, int, int]], rate: int) -> list[tuple[int, int, int]]:
    """Word events (audio_ms, position, length) on the audio's own timeline: below SONIC_FROM as
    eSpeak gives them; with Sonic, each offset from its chunk's start scaled by the speed-up."""
    if rate < SONIC_FROM:
        return [(ms, at, length) for ms, at, length, _ in events]
    return [(chunk + round((ms - chunk) * SONIC_BASE / rate), at, length) for ms, at, length, chunk in events]


def _die_with_parent() -> None:  # pragma: no cover - runs in a job's child process
    """A job's child dies with its worker (a worker killed for a time limit takes its job along)."""
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _answer(conn, msg) -> int:  # pragma: no cover - runs in a job's child process
    """Do one request on a fresh engine and send the answer; the child's exit code."""
    try:
        engine = _Engine()
        if msg[0] == "synth":
            _, text, voice, rate = msg
            pcm, sample_rate, words = engine.synthesize(text, voice, rate)
            conn.send(("ok", sample_rate, words))
            conn.send_bytes(pcm)
        elif msg[0] == "synth_many":  # one engine for all, in order: the same list, the same samples
            _, texts, voice, rate = msg
            spoken = engine.synthesize_many(texts, voice, rate)
            conn.send(("ok", engine.sample_rate, [words for _, _, words in spoken]))
            for pcm, _, _ in spoken:
                conn.send_bytes(pcm)
        elif msg[0] == "voices":
            conn.send(("ok", engine.voices()))
        elif msg[0] == "probe":
            conn.send(("ready", {"sample_rate": engine.sample_rate, "pid": os.getppid()}))
        else:
            conn.send(("error", "ValueError", f"unknown request {msg[0]!r}"))
    except ValueError as exc:
        conn.send(("error", "ValueError", str(exc)))
    except BaseException as exc:  # the engine may be in a bad state: ask to be replaced
        conn.send(("error", "RuntimeError", f"{type(exc).__name__}: {exc}"))
    return 0


def _in_fresh_engine(conn, msg) -> None:  # pragma: no cover - runs in the worker process
    """Answer `msg` from a forked child with a new engine; report a child that died unanswered."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            _die_with_parent()
            code = _answer(conn, msg)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
        conn.send(("error", "RuntimeError", f"eSpeak NG crashed ({how})"))


def _worker_main(conn) -> None:  # pragma: no cover - runs in the child process
    import sys

    import faulthandler

    faulthandler.enable()  # a crash in eSpeak leaves a traceback in the log
    sys.stdout = open(os.devnull, "w")  # pyttsx3 prints "Audio saved to ..." for every job
    parent = os.getppid()
    try:
        load_espeak()  # once: every job's child inherits the loaded library and pyttsx3
        import pyttsx3  # noqa: F401
        from pyttsx3.drivers import _espeak  # noqa: F401
    except BaseException as exc:
        conn.send(("fatal", f"{type(exc).__name__}: {exc}"))
        return
    _in_fresh_engine(conn, ("probe",))  # "ready" once an engine has really started
    while True:
        try:
            if not conn.poll(5.0):
                if os.getppid() != parent:  # orphaned: the web worker went away
                    return
                continue
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        _in_fresh_engine(conn, msg)


# --------------------------------------------------------------------------- web process side

_CTX = multiprocessing.get_context("spawn")
_THIS_FILE = os.path.abspath(__file__)
_WORKER_RUN_NAME = "__newsreader_synth_worker__"


class _Dead(Exception):
    pass


class _DiedMidJob(Exception):
    """The worker process itself died while its job ran (not the job's child): worth one retry."""


class _Worker:
    def __init__(self) -> None:
        parent_conn, child_conn = _CTX.Pipe(duplex=True)
        # The child runs this file by path (runpy), not `service.speech.engine`: importing the
        # `service` package would pull in Flask and the article stack for nothing, and a worker
        # must start fast.
        self.proc = _CTX.Process(
            target=runpy.run_path,
            args=(_THIS_FILE,),
            kwargs={"init_globals": {"_WORKER_CONN": child_conn}, "run_name": _WORKER_RUN_NAME},
            name="newsreader-synth",
            daemon=True,
        )
        self.proc.start()
        child_conn.close()
        self.conn = parent_conn
        self.ready = False
        self.jobs = 0

    @property
    def pid(self) -> int | None:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.is_alive()

    def recv(self, deadline: float):
        """Next message, or raise TimeoutError / _Dead."""
        while True:
            if self.conn.poll(0):
                try:
                    return self.conn.recv()
                except (EOFError, OSError) as exc:
                    raise _Dead(str(exc) or "connection closed") from exc
            if not self.proc.is_alive():
                raise _Dead(f"exit code {self.proc.exitcode}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            multiprocessing.connection.wait([self.conn, self.proc.sentinel], remaining)

    def recv_bytes(self, deadline: float) -> bytes:
        remaining = max(0.0, deadline - time.monotonic())
        multiprocessing.connection.wait([self.conn, self.proc.sentinel], remaining)
        if not self.conn.poll(0):
            if not self.proc.is_alive():
                raise _Dead(f"exit code {self.proc.exitcode}")
            raise TimeoutError
        try:
            return self.conn.recv_bytes()
        except (EOFError, OSError) as exc:
            raise _Dead(str(exc) or "connection closed") from exc

    def wait_ready(self) -> None:
        if self.ready:
            return
        msg = self.recv(time.monotonic() + STARTUP_TIMEOUT_S)
        if msg[0] != "ready":
            raise _Dead(f"engine failed to start: {msg[-1]}")
        self.ready = True

    def kill(self) -> None:
        try:
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join(5)
        except Exception:  # pragma: no cover
            pass
        try:
            self.conn.close()
        except Exception:  # pragma: no cover
            pass

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.proc.join(1)
        except Exception:
            pass
        self.kill()


def _check_voice_and_rate(voice, rate) -> None:
    if isinstance(rate, bool) or not isinstance(rate, int) or not RATE_MIN <= rate <= RATE_MAX:
        raise ValueError(f"rate must be an integer from {RATE_MIN} to {RATE_MAX} words per minute")
    if voice is not None and (not isinstance(voice, str) or not voice.strip() or "\0" in voice):
        raise ValueError("voice must be a non-empty string")


class SynthesisPool:
    """Worker processes, each with one pyttsx3 engine; thread-safe.

    A job waits for a free worker (at most `timeout_s`), then has `timeout_s` to finish. A job
    over the limit: its process is killed, a fresh one started, EngineUnavailable raised. A process
    that dies during a job: replaced, and the job tried once more on the fresh one (a second death
    raises EngineUnavailable). A job whose child crashes (eSpeak itself) raises EngineUnavailable
    at once: a text that crashes eSpeak would crash it again. A process found dead while idle is
    replaced silently before the job is sent. ValueError (unknown voice, bad rate) reaches the
    caller as is.
    """

    def __init__(self, size: int = 1, timeout_s: float = 120.0) -> None:
        if size < 1:
            raise ValueError("size must be at least 1")
        self.size = int(size)
        self.timeout_s = float(timeout_s)
        self._reset_state()

    def _reset_state(self) -> None:
        self._pid = os.getpid()
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._count = 0  # workers alive or starting, idle or busy
        self._workers: set[_Worker] = set()
        self._closed = False
        self._voices: list[dict] | None = None

    def _check_pid(self) -> None:
        # A copy of a pool inherited through fork: its processes belong to the parent. Forget them
        # (never kill or talk to them) and start afresh in this process.
        if self._pid != os.getpid():
            self._reset_state()

    # -- worker management
    def _acquire(self) -> _Worker:
        self._check_pid()
        deadline = time.monotonic() + self.timeout_s
        dead: list[_Worker] = []
        try:
            with self._cond:
                while True:
                    if self._closed:
                        raise EngineUnavailable("speech engine pool is closed")
                    if self._idle:
                        worker = self._idle.pop()
                        if worker.alive() or not worker.ready:
                            return worker
                        dead.append(worker)  # died while idle: replace it
                        self._count -= 1
                        continue
                    if self._count < self.size:
                        self._count += 1
                        break
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise EngineUnavailable("all speech engines are busy")
                    self._cond.wait(remaining)
        finally:
            for worker in dead:
                self._discard(worker)
        try:
            return self._new_worker()
        except Exception as exc:
            with self._cond:
                self._count -= 1
                self._cond.notify()
            raise EngineUnavailable(f"could not start a speech engine: {exc}") from exc

    def _new_worker(self) -> _Worker:
        worker = _Worker()
        with self._cond:
            self._workers.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._cond:
            self._workers.discard(worker)

    def _release(self, worker: _Worker, healthy: bool) -> None:
        replacement = None
        if not healthy:
            self._discard(worker)
            with self._cond:
                closed = self._closed
            if not closed:
                try:
                    replacement = self._new_worker()  # start the fresh engine now; it warms up meanwhile
                except Exception:  # pragma: no cover
                    log.exception("could not start a replacement speech engine")
        with self._cond:
            if healthy and not self._closed:
                self._idle.append(worker)
            elif replacement is not None and not self._closed:
                self._idle.append(replacement)
                replacement = None
            else:
                self._count -= 1
            self._cond.notify()
        if healthy and self._closed:
            self._stop(worker)
        if replacement is not None:
            self._stop(replacement)

    def _stop(self, worker: _Worker) -> None:
        worker.stop()
        with self._cond:
            self._workers.discard(worker)

    def _call(self, request: tuple, timeout_s: float | None = None):
        try:
            return self._call_once(request, timeout_s)
        except _DiedMidJob as exc:
            log.warning("speech engine died mid-job (%s): trying the job once more", exc)
        try:
            return self._call_once(request, timeout_s)
        except _DiedMidJob as exc:
            raise EngineUnavailable(f"speech engine died twice ({exc})") from None

    def _call_once(self, request: tuple, timeout_s: float | None = None):
        timeout = self.timeout_s if timeout_s is None else timeout_s
        worker = self._acquire()
        healthy, began, outcome = False, None, "error"
        try:
            try:
                worker.wait_ready()
                worker.conn.send(request)
            except (_Dead, OSError, TimeoutError) as exc:
                # The job never started: one more try on a fresh process.
                log.warning("speech engine %s unusable (%s); starting another", worker.pid, exc)
                self._discard(worker)
                worker = self._new_worker()
                worker.wait_ready()
                worker.conn.send(request)
            began = time.monotonic()  # the engine's time: from the job sent to its answer
            deadline = began + timeout
            worker.jobs += 1
            msg = worker.recv(deadline)
            if msg[0] == "ok" and request[0] == "synth":
                pcm = worker.recv_bytes(deadline)
                healthy, outcome = True, "ok"
                return Speech(pcm=pcm, sample_rate=msg[1], words=[tuple(w) for w in msg[2]])
            if msg[0] == "ok" and request[0] == "synth_many":
                pcms = [worker.recv_bytes(deadline) for _ in msg[2]]
                healthy, outcome = True, "ok"
                return [Speech(pcm=pcm, sample_rate=msg[1], words=[tuple(w) for w in words])
                        for pcm, words in zip(pcms, msg[2])]
            if msg[0] == "ok":
                healthy = True
                return msg[1]
            if msg[0] == "error" and msg[1] == "ValueError":
                healthy = True
                raise ValueError(msg[2])
            raise EngineUnavailable(f"speech engine error: {msg[2] if len(msg) > 2 else msg}")
        except TimeoutError:
            outcome = "timeout"
            log.error("speech job over %gs: killing engine %s", timeout, worker.pid)
            raise EngineUnavailable(f"speech synthesis timed out after {timeout:g}s") from None
        except _Dead as exc:
            log.error("speech engine %s died: %s", worker.pid, exc)
            if began is not None:
                raise _DiedMidJob(f"engine {worker.pid}: {exc}") from None
            raise EngineUnavailable(f"speech engine died ({exc})") from None
        finally:
            if began is not None and request[0] in ("synth", "synth_many"):
                metrics.synthesis_job(time.monotonic() - began, outcome)
            self._release(worker, healthy)

    # -- public API
    def synthesize(self, text: str, voice: str | None = None, rate: int = 175) -> Speech:
        """Speak `text` with eSpeak NG through pyttsx3; blocks until done or the time limit."""
        if not isinstance(text, str):
            raise TypeError("text must be a str")
        _check_voice_and_rate(voice, rate)
        if not text.strip():
            return Speech(pcm=b"", sample_rate=22050, words=[])
        return self._call(("synth", text, voice, rate))

    def synthesize_many(self, texts: list[str], voice: str | None = None, rate: int = 175) -> list[Speech]:
        """Speak several texts in ONE job (one engine, in order), as `synthesize` would each,
        without a job's fork and engine start for every text. The samples of a text depend on the
        texts before it in the list (eSpeak's pitch flutter runs on), so the same list always
        gives the same samples; the first text's are those `synthesize` gives."""
        if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
            raise TypeError("texts must be a list of str")
        _check_voice_and_rate(voice, rate)
        spoken = [t for t in texts if t.strip()]
        said = iter(self._call(("synth_many", spoken, voice, rate)) if spoken else [])
        return [next(said) if t.strip() else Speech(pcm=b"", sample_rate=22050, words=[]) for t in texts]

    def prestart(self, wait: bool = False) -> None:
        """Start a worker process now if none is alive, rather than on the first job, so that the
        first listener does not wait for its Python and eSpeak NG to start (about 0.25 s): a web
        worker calls this as it starts. Returns at once; with `wait`, once its engine is ready.
        A worker that fails to start is logged and left to the first job to replace."""
        self._check_pid()
        with self._cond:
            if self._closed or self._count:
                return
            self._count += 1
        worker = None
        try:
            worker = self._new_worker()
            if wait:
                worker.wait_ready()
        except Exception as exc:  # _Dead, OSError, TimeoutError: the first job starts another
            log.warning("could not start a speech engine ahead of time: %s", exc)
            if worker is not None:
                self._discard(worker)
            with self._cond:
                self._count -= 1
                self._cond.notify()
            return
        self._release(worker, healthy=True)

    def voices(self) -> list[dict]:
        """eSpeak NG's voices: [{"id", "name", "languages"}] (ids as accepted by `voice`)."""
        if self._voices is None:
            self._voices = self._call(("voices",))
        return [dict(v, languages=list(v["languages"])) for v in self._voices]

    def worker_pids(self) -> list[int]:
        """PIDs of this pool's worker processes, idle or busy (for tests and diagnostics)."""
        self._check_pid()
        with self._cond:
            return sorted(w.pid for w in self._workers if w.pid is not None)

    def close(self) -> None:
        self._check_pid()
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._count -= len(idle)
            self._cond.notify_all()
        for worker in idle:
            self._stop(worker)

    def __enter__(self) -> "SynthesisPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --------------------------------------------------------------------------- per-process singleton

_pool: SynthesisPool | None = None
_pool_pid: int | None = None
_pool_lock = threading.Lock()


def _after_fork_in_child() -> None:
    global _pool, _pool_pid, _pool_lock
    _pool, _pool_pid, _pool_lock = None, None, threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def get_pool() -> SynthesisPool:
    """This process's pool (a new one after a fork), sized from the environment:
    NEWSREADER_SYNTH_WORKERS (default: the CPU count; processes start only as jobs overlap) and
    NEWSREADER_SYNTH_TIMEOUT seconds (default 120)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            size = int(os.environ.get("NEWSREADER_SYNTH_WORKERS") or os.cpu_count() or 1)
            timeout = float(os.environ.get("NEWSREADER_SYNTH_TIMEOUT") or 120)
            _pool, _pool_pid = SynthesisPool(size=max(1, size), timeout_s=timeout), os.getpid()
        return _pool


if __name__ == _WORKER_RUN_NAME:  # pragma: no cover - the synthesis worker process
    _worker_main(globals()["_WORKER_CONN"])
