"""Running out of disk space: one error for the audio store and the article database alike.

A full disk is not a bug in the service and not the listener's fault: it is answered `507
Insufficient Storage` (service/web/errors.py), says which store is full, and clears by itself
once space returns (nothing is marked as permanently broken). The OS says ENOSPC (or EDQUOT
over a quota); SQLite says SQLITE_FULL ("database or disk is full"); PostgreSQL says SQLSTATE
53100 (disk_full, psycopg.errors.DiskFull). All become StorageFull here, so callers need not
know which library wrote.
"""
from __future__ import annotations

import contextlib
import errno
import sqlite3

AUDIO = "audio store"
DATABASE = "article database"
PG_DISK_FULL = "53100"


class StorageFull(RuntimeError):
    """A write failed for want of space; `store` is AUDIO or DATABASE."""

    def __init__(self, store: str):
        super().__init__(f"the {store} is full: nothing was written; try again once space is freed")
        self.store = store


def is_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(exc, sqlite3.Error):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    return getattr(exc, "sqlstate", None) == PG_DISK_FULL  # psycopg, imported only when used


@contextlib.contextmanager
def raising_full(store: str):
    """Turn a full disk met inside the block into StorageFull(store); other errors pass."""
    try:
        yield
    except Exception as exc:
        if is_full(exc):
            raise StorageFull(store) from exc
        raise
