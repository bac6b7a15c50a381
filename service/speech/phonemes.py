"""What eSpeak NG would say for a text, as phonemes (deterministic; no audio).

``text_to_phonemes(text)`` runs eSpeak's own text front end (its abbreviation, number and
letter-spelling rules) through ``espeak_TextToPhonemes`` and returns eSpeak's ASCII phoneme
mnemonics. It is the ground truth for "what the listener hears": tests compare it between a
normalized text and the spoken text we expect, and between a raw text and its normalization.

eSpeak returns one clause per call; clauses are joined with `` | `` so that a clause break
(eSpeak's pause after "Jan." or "Sen.") shows up in the result.

``sounded_phonemes(text, voice, rate)`` is the other side: the phonemes eSpeak's synthesizer
actually sounds at a speaking rate (its phoneme events, Sonic speed-up included above 450 words
a minute), each with where it starts in the audio, so a test can see that a fast rate says the
same phonemes as the normal one and that none of them is squeezed to nothing.

eSpeak is loaded and initialised lazily on the first call, in the calling process, and calls
are serialised with a lock (the library keeps global state). Never import this from code that
runs at web-app import time expecting no eSpeak: importing is free, calling loads the library.
"""
from __future__ import annotations

import ctypes
import threading

AUDIO_OUTPUT_SYNCHRONOUS = 0x02
espeakCHARS_UTF8 = 1
#: phonememode: 0 = eSpeak ASCII phoneme names; 0x02 would be IPA.
PHONEMES_ASCII = 0
PHONEMES_IPA = 0x02

espeakRATE = 1
EVENT_LIST_TERMINATED, EVENT_PHONEME = 0, 7

_lock = threading.Lock()
_lib: ctypes.CDLL | None = None
_voice: str | None = None


def _library() -> ctypes.CDLL:
    global _lib
    if _lib is None:
        from service.speech.espeak_lib import load_espeak

        lib = load_espeak()
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_TextToPhonemes.argtypes = [
            ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
        lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                     ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetPhonemeTrace.argtypes = [ctypes.c_int, ctypes.c_void_p]
        if lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, None, 0) < 0:
            raise RuntimeError("espeak_Initialize failed")
        _lib = lib
    return _lib


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):  # espeak_EVENT
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _EventId)]


_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                                  ctypes.POINTER(_Event))


def _use_voice(lib: ctypes.CDLL, voice: str) -> None:
    global _voice
    if voice != _voice:
        if lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise ValueError(f"unknown eSpeak voice {voice!r}")
        _voice = voice


def _synthesize(lib: ctypes.CDLL, text: str, voice: str, rate: int, flags: int, callback) -> None:
    """One synchronous synthesis of ``text`` with ``callback`` seeing its audio and events (the
    caller holds the lock). The rate is set every time: it is global and would carry over."""
    _use_voice(lib, voice)
    lib.espeak_SetParameter(espeakRATE, int(rate), 0)
    lib.espeak_SetSynthCallback(callback)
    data = text.replace("\x00", " ").encode("utf-8")
    try:
        lib.espeak_Synth(data, len(data) + 1, 0, 1, 0, espeakCHARS_UTF8 | flags, None, None)
    finally:
        lib.espeak_SetSynthCallback(None)


def sounded_phonemes(text: str, voice: str = "en-us", rate: int = 175) -> tuple[list[tuple[int, str]], float]:
    """The phonemes eSpeak sounds for ``text`` at ``rate`` words a minute, as (start in the
    audio in ms, ASCII mnemonic), and the audio's length in seconds."""
    said: list[tuple[int, str]] = []
    samples = [0]

    def collect(wav, count, events):
        samples[0] += max(count, 0)
        i = 0
        while events[i].type != EVENT_LIST_TERMINATED:
            if events[i].type == EVENT_PHONEME:
                said.append((events[i].audio_position, events[i].id.string.decode("ascii", "replace")))
            i += 1
        return 0

    with _lock:
        lib = _library()
        lib.espeak_ng_SetPhonemeEvents(1, 0)
        try:
            _synthesize(lib, text, voice, rate, 0, _SynthCallback(collect))
        finally:
            lib.espeak_ng_SetPhonemeEvents(0, 0)
        return said, samples[0] / lib.espeak_ng_GetSampleRate()


def text_to_phonemes(text: str, voice: str = "en-us", ipa: bool = False) -> str:
    """eSpeak NG's phonemes for ``text`` with ``voice``; clauses joined by `` | ``."""
    with _lock:
        lib = _library()
        _use_voice(lib, voice)
        data = text.replace("\x00", " ").encode("utf-8")
        buf = ctypes.create_string_buffer(data)  # NUL-terminated, kept alive below
        ptr = ctypes.c_char_p(ctypes.addressof(buf))
        clauses: list[str] = []
        mode = PHONEMES_IPA if ipa else PHONEMES_ASCII
        while ptr.value is not None:
            before = ptr.value
            out = lib.espeak_TextToPhonemes(ctypes.byref(ptr), espeakCHARS_UTF8, mode)
            if out:
                piece = out.decode("utf-8", "replace").strip()
                if piece:
                    clauses.append(piece)
            if ptr.value is not None and ptr.value == before:  # no progress: stop, never spin
                break
        del buf
        return " | ".join(clauses)


_discard_audio = _SynthCallback(lambda wav, samples, events: 0)
espeakPHONEMES_INPUT = 0x100  # synth flag: text in [[...]] is phonemes (as the engine speaks)
espeakPHONEMES_SHOW = 0x01  # trace mode: write the phonemes spoken


def spoken_phonemes(text: str, voice: str = "en-us", rate: int = 175) -> str:
    """The phonemes eSpeak NG speaks when it synthesizes ``text`` as the engine does (phoneme
    input on, so a pronunciation's ``[[...]]`` counts), from its phoneme trace; the audio is
    discarded. text_to_phonemes cannot say this: it reads ``[[`` as punctuation."""
    import os
    import tempfile

    libc = ctypes.CDLL(None)
    libc.fopen.restype, libc.fopen.argtypes = ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_char_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    with _lock, tempfile.TemporaryDirectory() as folder:
        lib = _library()
        path = os.path.join(folder, "trace")
        stream = libc.fopen(path.encode(), b"w")
        try:
            lib.espeak_SetPhonemeTrace(espeakPHONEMES_SHOW, stream)
            _synthesize(lib, text, voice, rate, espeakPHONEMES_INPUT, _discard_audio)
        finally:
            lib.espeak_SetPhonemeTrace(0, None)
            libc.fclose(stream)
        with open(path, encoding="utf-8", errors="replace") as f:
            return " | ".join(line.strip() for line in f if line.strip())
