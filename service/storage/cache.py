"""Content-addressed audio files under one folder: written atomically, checked, capped in size.

A file's name is a hash of everything that changes its sound, so a published URL never changes
its bytes. Each `<key>.mp3` has a sidecar `<key>.json` from the same render: the MP3's length and
SHA-256 (so a truncated or corrupt file is found and rebuilt, never served) and its timing (the
WebVTT transcript, chapters). Both are written to a temporary name and renamed, sidecar first, so
an MP3 never exists without its sidecar.

One lock file per key (flock, so threads and gunicorn workers alike): a render holds it
exclusively, so concurrent requests synthesize a file once; a response being sent holds it
shared, so eviction (which only takes locks it can get at once) never removes a file being
written or served. Eviction is least recently used by access time, which every read sets
explicitly (mounts with noatime/relatime would not). `.renders.log` gets a line per render.

A full disk (service/storage/space.py) raises StorageFull from `write` and leaves no trace of
the attempt: no temporary file, and no sidecar without its MP3.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import tempfile
import time

from service.storage.space import AUDIO, raising_full

KEY_RE = re.compile(r"^[0-9a-f]{32}$")
RENDER_LOG = ".renders.log"
log = logging.getLogger(__name__)


def cache_key(**parts) -> str:
    """A stable 32-hex-digit key from everything that changes the audio."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:32]


class AudioCache:
    def __init__(self, folder: str, max_bytes: int = 0):
        self.folder = folder
        self.max_bytes = max_bytes  # 0: no cap
        self._verified: dict[str, tuple] = {}  # key -> (inode, size, mtime) whose hash matched
        os.makedirs(os.path.join(folder, ".locks"), exist_ok=True)

    # -- names
    def path(self, key: str) -> str:
        if not KEY_RE.match(key):
            raise ValueError(f"not a cache key: {key!r}")
        return os.path.join(self.folder, f"{key}.mp3")

    def meta_path(self, key: str) -> str:
        return self.path(key)[:-4] + ".json"

    # -- reading
    def exists(self, key: str) -> bool:
        """Both files are there (cheap: no content check)."""
        return os.path.exists(self.path(key)) and os.path.exists(self.meta_path(key))

    def meta(self, key: str) -> dict | None:
        """The sidecar, or None when it is missing or unreadable."""
        try:
            with open(self.meta_path(key), encoding="utf-8") as f:
                meta = json.load(f)
        except (OSError, ValueError):
            return None
        return meta if isinstance(meta, dict) and isinstance(meta.get("mp3"), dict) else None

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

    def touch(self, key: str) -> None:
        """Mark a file used now (its access time; its modification time stays)."""
        with contextlib.suppress(OSError):
            st = os.stat(self.path(key))
            os.utime(self.path(key), ns=(time.time_ns(), st.st_mtime_ns))

    # -- writing
    def write(self, key: str, data: bytes, meta: dict | None = None) -> str:
        """Write the sidecar (with the MP3's length and hash), then the MP3, each atomically;
        then evict least recently used files while the cache is over its cap."""
        meta = dict(meta or {}, mp3={"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
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

    # -- locks
    def acquire(self, key: str, shared: bool = False, blocking: bool = True) -> int | None:
        """flock the key's lock file; returns the fd to `release`, or None if not blocking and busy."""
        self.path(key)  # validates the key
        fd = os.open(os.path.join(self.folder, ".locks", f"{key}.lock"), os.O_CREAT | os.O_RDWR, 0o644)
        mode = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if blocking else fcntl.LOCK_NB)
        try:
            fcntl.flock(fd, mode)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        return fd

    @staticmethod
    def release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    @contextlib.contextmanager
    def lock(self, key: str, blocking: bool = True):
        """Exclusive across threads and processes for one key; yields False if not blocking and busy."""
        fd = self.acquire(key, blocking=blocking)
        try:
            yield fd is not None
        finally:
            if fd is not None:
                self.release(fd)

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
