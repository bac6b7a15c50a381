"""What every audio store shares, whichever holds the bytes (files here, S3 objects there).

A store keeps, per content-addressed key, an MP3 and its JSON sidecar from the same render (the
MP3's length and SHA-256, its timing); it answers `has` only when the MP3 matches its sidecar.
The per-key locks and the render log stay on this machine's disk (`folder`) in every store:
they coordinate the processes of one machine. `open` gives a binary file with `size` and
`mtime` that calls `on_close` once when closed (a response releases its shared lock so).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time

from service.storage.locks import KeyLocks

KEY_RE = re.compile(r"^[0-9a-f]{32}$")
RENDER_LOG = ".renders.log"
log = logging.getLogger(__name__)


class StoreUnavailable(RuntimeError):
    """The audio store cannot be reached or refused the request (not the listener's fault, and
    not a full store): answered 503 with Retry-After."""


def check_key(key: str) -> str:
    if not KEY_RE.match(key):
        raise ValueError(f"not a cache key: {key!r}")
    return key


def sidecar(data: bytes, meta: dict | None) -> dict:
    """The sidecar a render's MP3 is written with: its timing plus the MP3's length and hash."""
    return dict(meta or {}, mp3={"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})


def parse_sidecar(raw: bytes) -> dict | None:
    """A sidecar's content, or None when it is not one."""
    try:
        meta = json.loads(raw)
    except ValueError:
        return None
    return meta if isinstance(meta, dict) and isinstance(meta.get("mp3"), dict) else None


class ClosingCallsBack:
    """Mixin for an io class: `close` (a server's after the last byte, garbage collection's
    otherwise) calls `self._on_close` once, after closing."""

    _on_close = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            on_close, self._on_close = self._on_close, None
            if on_close is not None:
                on_close()


class AudioStore:
    """Locks and the render log, on local disk under `folder`."""

    kind = "abstract"

    def __init__(self, folder: str):
        self.folder = folder
        self._locks = KeyLocks(folder, check_key)

    def acquire(self, key: str, shared: bool = False, blocking: bool = True) -> int | None:
        return self._locks.acquire(key, shared=shared, blocking=blocking)

    @staticmethod
    def release(fd: int) -> None:
        KeyLocks.release(fd)

    def lock(self, key: str, blocking: bool = True):
        return self._locks.lock(key, blocking=blocking)

    def log_render(self, key: str, seconds: float, size: int) -> None:
        """One line per render (a synthesis), appended in a single write (O_APPEND). A line the
        disk has no room for is lost, not the render that is already written."""
        line = json.dumps({"key": key, "pid": os.getpid(), "seconds": round(seconds, 3),
                           "bytes": size, "at": round(time.time(), 3)}) + "\n"
        try:
            fd = os.open(os.path.join(self.folder, RENDER_LOG), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                os.write(fd, line.encode("utf-8"))
            finally:
                os.close(fd)
        except OSError as exc:
            log.warning("render of %s not logged: %s", key, exc)

    def read(self, key: str) -> bytes:
        """The MP3's bytes (the caller has checked `has`)."""
        with self.open(key) as f:
            return f.read()
