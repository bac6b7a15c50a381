"""What eSpeak NG would say for a text, as phonemes (deterministic; no audio).

``text_to_phonemes(text)`` runs eSpeak's own text front end (its abbreviation, number and
letter-spelling rules) through ``espeak_TextToPhonemes`` and returns eSpeak's ASCII phoneme
mnemonics. It is the ground truth for "what the listener hears": tests compare it between a
normalized text and the spoken text we expect, and between a raw text and its normalization.

eSpeak returns one clause per call; clauses are joined with `` | `` so that a clause break
(eSpeak's pause after "Jan." or "Sen.") shows up in the result.

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
        if lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, None, 0) < 0:
            raise RuntimeError("espeak_Initialize failed")
        _lib = lib
    return _lib


def text_to_phonemes(text: str, voice: str = "en-us", ipa: bool = False) -> str:
    """eSpeak NG's phonemes for ``text`` with ``voice``; clauses joined by `` | ``."""
    global _voice
    with _lock:
        lib = _library()
        if voice != _voice:
            if lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise ValueError(f"unknown eSpeak voice {voice!r}")
            _voice = voice
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
