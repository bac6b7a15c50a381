"""Load eSpeak NG from the espeakng-loader wheel so no system package is needed.

pyttsx3's espeak driver looks the library up by its soname ("libespeak-ng.so.1") when its
module is first imported; loading the wheel's copy first with RTLD_GLOBAL makes that lookup
find it, and ESPEAK_DATA_PATH points eSpeak at the wheel's voice data. Call load_espeak()
before importing pyttsx3, and only in the process that will synthesize (never at import time
of the web app: engines must be created after gunicorn forks).
"""
from __future__ import annotations

import ctypes
import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def load_espeak() -> ctypes.CDLL:
    import espeakng_loader

    os.environ["ESPEAK_DATA_PATH"] = str(espeakng_loader.get_data_path())
    folder = Path(espeakng_loader.get_library_path()).parent
    return ctypes.CDLL(str(folder / "libespeak-ng.so.1"), mode=ctypes.RTLD_GLOBAL)


def espeak_version() -> str:
    """The eSpeak NG version string, e.g. '1.52.0' (part of every audio cache key)."""
    import espeakng_loader

    folder = Path(espeakng_loader.get_library_path()).parent
    names = sorted(p.name for p in folder.glob("libespeak-ng.so.*.*"))  # libespeak-ng.so.1.52.0
    return names[-1].split(".so.")[-1] if names else "unknown"
