"""One lock per audio key on local disk (flock), shared by threads and processes of one machine.

A render holds a key's lock exclusively, so concurrent requests on this machine synthesize a
file once; a response being sent holds it shared, so eviction and deletion (which take it
exclusively) never remove a file being written or served. Whatever store holds the audio (files
or S3), the lock files live under `<folder>/.locks/`: across machines, one render per key is the
job queue's guarantee, not this module's.
"""
from __future__ import annotations

import contextlib
import fcntl
import os


class KeyLocks:
    def __init__(self, folder: str, check_key):
        self.folder = os.path.join(folder, ".locks")
        self._check_key = check_key  # raises ValueError for a name that is not a key
        os.makedirs(self.folder, exist_ok=True)

    def acquire(self, key: str, shared: bool = False, blocking: bool = True) -> int | None:
        """flock the key's lock file; returns the fd to `release`, or None if not blocking and busy."""
        self._check_key(key)
        fd = os.open(os.path.join(self.folder, f"{key}.lock"), os.O_CREAT | os.O_RDWR, 0o644)
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
