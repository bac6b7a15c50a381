"""Deleting an article: its rows go at once, its audio files once no article uses them.

Audio files are named by what is spoken, so two articles (the same text posted with other tags,
or two articles sharing a section) can share a file: only keys no remaining track uses are
removed. A file is removed under its key's exclusive lock, so never while it is being rendered
or sent (a response holds the lock shared), and only if, under that lock, still no article uses
it (the same article may have been added again meanwhile). A key that is busy is left to a
background thread that waits for the lock, so the DELETE answers at once even while a slow
listener downloads the file. A render that was running for the deleted article checks the same
thing when it ends (jobs.py), so no file of a deleted article is left behind.
"""
from __future__ import annotations

import threading


def delete_article(db, cache, article_id: str) -> bool:
    """Delete an article and the audio only it used; False if there is no such article."""
    unused = db.delete_article(article_id)
    if unused is None:
        return False
    forget_unused(db, cache, unused)
    return True


def forget_unused(db, cache, keys: list[str]) -> None:
    """Remove the files of those `keys` no article uses; busy ones as soon as they are free."""
    busy = [key for key in keys if not _remove_if_unused(db, cache, key, blocking=False)]
    if busy:
        threading.Thread(target=_remove_when_free, args=(db, cache, busy), name="forget-audio",
                         daemon=True).start()


def _remove_when_free(db, cache, keys: list[str]) -> None:
    for key in keys:
        _remove_if_unused(db, cache, key, blocking=True)


def _remove_if_unused(db, cache, key: str, blocking: bool) -> bool:
    """False only if not blocking and the key is busy."""
    with cache.lock(key, blocking=blocking) as got:
        if not got:
            return False
        if db.track_owner(key) is None:
            cache.discard(key)
    return True
