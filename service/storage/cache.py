"""Content-addressed audio files under one folder: written atomically, checked, capped in size.

A file's name is a hash of everything that changes its sound, so a published URL never changes
its bytes. Each `<key>.mp3` has a sidecar `<key>.json` from the same render: the MP3's length and
SHA-256 (so a truncated or corrupt file is found and rebuilt, never served) and its timing (the
WebVTT transcript, chapters). Both are written to a temporary name and renamed, sidecar first, so
an MP3 never exists without its sidecar.

The per-key locks (service/storage/locks.py) keep eviction, which only takes locks it can get at
once, from removing a file being written or served. Eviction is least recently used by access
time, which every read sets explicitly (mounts with noatime/relatime would not). `.renders.log` gets a line per render.
This is the embedded default; service/storage/s3.py keeps the same interface in object storage.

A full disk (service/storage/space.py) raises StorageFull from `write` and leaves no trace of
the attempt: no temporary file, and no sidecar without its MP3.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
import time

from service.storage.audio_store import (KEY_RE, RENDER_LOG, AudioStore, ClosingCallsBack, check_key, parse_sidecar,
                                         sidecar)
from service.storage.space import AUDIO, raising_full

__all__ = ["KEY_RE", "RENDER_LOG", "AudioCache", "cache_key"]


def cache_key(**parts) -> str:
    """A stable 32-hex-digit key from everything that changes the audio."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:32]


class OpenedFile(ClosingCallsBack, io.FileIO):
    """An MP3 opened for reading, with its size and modification time."""

    def __init__(self, path: str, on_close=None):
        self._on_close = on_close
        try:
            super().__init__(path, "rb")
            st = os.fstat(self.fileno())
        except BaseException:  # not opened: on_close now, once
            self.close()
            raise
        self.size, self.mtime = st.st_size, st.st_mtime


class AudioCache(AudioStore):
    kind = "files"

    def __init__(self, folder: str, max_bytes: int = 0):
        super().__init__(folder)
        self.max_bytes = max_bytes  # 0: no cap
        self._verified: dict[str, tuple] = {}  # key -> (inode, size, mtime) whose hash matched

    # -- names
    def path(self, key: str) -> str:
        return os.path.join(self.folder, f"{check_key(key)}.mp3")

    def meta_path(self, key: str) -> str:
        return self.path(key)[:-4] + ".json"

    # -- reading
    def exists(self, key: str) -> bool:
        """Both files are there (cheap: no content check)."""
        return os.path.exists(self.path(key)) and os.path.exists(self.meta_path(key))

    def meta(self, key: str) -> dict | None:
        """The sidecar, or None when it is missing or unreadable."""
        try:
            with open(self.meta_path(key), "rb") as f:
                return parse_sidecar(f.read())
        except OSError:
            return None

    def has(self, key: str) -> bool:
        """The MP3 is whole: its length and SHA-256 match its sidecar (hash checked once per
        file version in this process)."""
        meta = self.meta(key)
        try:
            st = os.stat(self.path(key))
        except OSError:
            return False
        if meta is None or st.st_size != meta["mp3"].get("bytes"):
            return False
        identity = (st.st_ino, st.st_size, st.st_mtime_ns)
        if self._verified.get(key) != identity:
            with open(self.path(key), "rb") as f:
                if hashlib.file_digest(f, "sha256").hexdigest() != meta["mp3"].get("sha256"):
                    return False
            self._verified[key] = identity
        return True

    def open(self, key: str, on_close=None) -> OpenedFile:
        """The MP3 opened for reading (FileNotFoundError if missing; on_close is called then too)."""
        return OpenedFile(self.path(key), on_close)

    def stat(self, key: str) -> tuple[int, float] | None:
        """(bytes, modification time) of the MP3, or None if missing."""
        try:
            st = os.stat(self.path(key))
        except FileNotFoundError:
            return None
        return st.st_size, st.st_mtime

    def keys(self) -> set[str]:
        """Keys with an MP3 stored."""
        return {k for k, ext in (n.partition(".")[::2] for n in os.listdir(self.folder))
                if ext == "mp3" and KEY_RE.match(k)}

    def health(self) -> dict:
        """For /healthz: the folder is there and writable."""
        return {"kind": self.kind, "reachable": os.access(self.folder, os.W_OK | os.X_OK)}

    def touch(self, key: str) -> None:
        """Mark a file used now (its access time; its modification time stays)."""
        with contextlib.suppress(OSError):
            st = os.stat(self.path(key))
            os.utime(self.path(key), ns=(time.time_ns(), st.st_mtime_ns))

    # -- writing
    def write(self, key: str, data: bytes, meta: dict | None = None) -> str:
        """Write the sidecar (with the MP3's length and hash), then the MP3, each atomically;
        then evict least recently used files while the cache is over its cap."""
        meta = sidecar(data, meta)
        with raising_full(AUDIO):
            self._write_atomic(self.meta_path(key), json.dumps(meta, ensure_ascii=False).encode("utf-8"))
            try:
                final = self._write_atomic(self.path(key), data)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):  # no sidecar for an MP3 not written
                    os.unlink(self.meta_path(key))
                raise
        if self.max_bytes:
            self.evict(keep={key})
        return final

    def _write_atomic(self, final: str, data: bytes) -> str:
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, final)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        return final

    def discard(self, key: str) -> None:
        """Remove a key's files; the caller holds its lock exclusively (so none is being written
        or served)."""
        for path in (self.path(key), self.meta_path(key)):  # MP3 first: no MP3 without sidecar
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        self._verified.pop(key, None)

    # -- size cap
    def _entries(self) -> dict[str, list]:
        """key -> [last access time, bytes] over MP3s and sidecars."""
        entries: dict[str, list] = {}
        with os.scandir(self.folder) as it:
            for e in it:
                key, dot, ext = e.name.partition(".")
                if not dot or ext not in ("mp3", "json") or not KEY_RE.match(key):
                    continue
                with contextlib.suppress(OSError):
                    st = e.stat()
                    entry = entries.setdefault(key, [float("inf"), 0])
                    entry[1] += st.st_size
                    if ext == "mp3":
                        entry[0] = st.st_atime
        for entry in entries.values():  # a sidecar without its MP3 is evicted first
            entry[0] = 0.0 if entry[0] == float("inf") else entry[0]
        return entries

    def size(self) -> int:
        return sum(size for _, size in self._entries().values())

    def evict(self, keep: set[str] = frozenset()) -> list[str]:
        """Remove least recently used files until the cache fits its cap. A key locked by a render
        or a response is skipped, as are `keep`. Returns the keys removed."""
        entries = self._entries()
        total = sum(size for _, size in entries.values())
        removed = []
        for key, (_, size) in sorted(entries.items(), key=lambda kv: kv[1][0]):
            if total <= self.max_bytes:
                break
            if key in keep:
                continue
            with self.lock(key, blocking=False) as got:
                if not got:
                    continue
                self.discard(key)
            total -= size
            removed.append(key)
        return removed
