"""Content-addressed audio files under one folder, written atomically.

A file's name is a hash of everything that changes its sound, so a published URL never
changes its bytes. Files are written to a temporary name and renamed, so a reader never sees
half a file; a lock file per key makes concurrent requests (threads or gunicorn workers)
render each file once.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import tempfile

KEY_RE = re.compile(r"^[0-9a-f]{32}$")


def cache_key(**parts) -> str:
    """A stable 32-hex-digit key from everything that changes the audio."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:32]


class AudioCache:
    def __init__(self, folder: str):
        self.folder = folder
        os.makedirs(os.path.join(folder, ".locks"), exist_ok=True)

    def path(self, key: str) -> str:
        if not KEY_RE.match(key):
            raise ValueError(f"not a cache key: {key!r}")
        return os.path.join(self.folder, f"{key}.mp3")

    def has(self, key: str) -> bool:
        try:
            return os.path.getsize(self.path(key)) > 0
        except OSError:
            return False

    def write(self, key: str, data: bytes) -> str:
        """Write atomically: temp file in the same folder, fsync, rename."""
        final = self.path(key)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".part")
        try:
            os.fchmod(fd, 0o644)  # mkstemp makes 0600; a front proxy (nginx) must read these
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

    @contextlib.contextmanager
    def lock(self, key: str):
        """Exclusive across threads and processes for one key (flock on a lock file)."""
        self.path(key)  # validates the key
        fd = os.open(os.path.join(self.folder, ".locks", f"{key}.lock"), os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
