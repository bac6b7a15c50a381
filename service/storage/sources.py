"""Followed sources in the database: each feed's poll state, the items already taken from it,
and the lease that lets one poller run per deployment.

The SQL is the same on SQLite and PostgreSQL (service/storage/engines.py); a source's id is a
hash of its URL, so adding one twice finds the first.
"""
from __future__ import annotations

import hashlib
import time

from service.storage.space import DATABASE, raising_full

FIELDS = "id, url, title, created_at, etag, last_modified, last_ok, last_error, failures, next_try"


def source_id(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]


def source_tag(sid: str) -> str:
    """The tag each article from the source carries (a valid tag: service/ingest.py TAG_RE)."""
    return f"source-{sid}"


class SourceStore:
    def __init__(self, db):
        self.engine = db.engine

    def _read(self, sql: str, params=()) -> list[dict]:
        with self.engine.connection() as conn:
            return conn.execute(sql, params).fetchall()

    def add(self, url: str, title: str | None = None) -> tuple[dict, bool]:
        """The source with this URL, stored first if new; returns (source, created)."""
        sid = source_id(url)
        with raising_full(DATABASE), self.engine.transaction() as conn:
            created = conn.execute(
                "INSERT INTO sources (id, url, title, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (sid, url, title or None, time.time())).rowcount == 1
        return self.get(sid), created

    def get(self, sid: str) -> dict | None:
        rows = self._read(f"SELECT {FIELDS} FROM sources WHERE id = ?", (sid,))
        return rows[0] if rows else None

    def all(self) -> list[dict]:
        return self._read(f"SELECT {FIELDS} FROM sources ORDER BY created_at, id")

    def due(self, now: float) -> list[dict]:
        return self._read(f"SELECT {FIELDS} FROM sources WHERE next_try <= ? ORDER BY next_try, id", (now,))

    def delete(self, sid: str) -> bool:
        """Stop following the source (its items' record goes with it; its articles stay)."""
        with raising_full(DATABASE), self.engine.transaction() as conn:
            return conn.execute("DELETE FROM sources WHERE id = ?", (sid,)).rowcount == 1

    def seen(self, sid: str, keys: list[str]) -> set[str]:
        """Which of these item keys were already taken from the source."""
        if not keys:
            return set()
        rows = self._read(f"SELECT item_key FROM source_items WHERE source_id = ? AND item_key IN"
                          f" ({', '.join('?' * len(keys))})", (sid, *keys))
        return {r["item_key"] for r in rows}

    def record_item(self, sid: str, key: str, article_id: str | None) -> None:
        with raising_full(DATABASE), self.engine.transaction() as conn:
            conn.execute("INSERT INTO source_items (source_id, item_key, article_id, added_at) VALUES (?, ?, ?, ?)"
                         " ON CONFLICT (source_id, item_key) DO NOTHING", (sid, key, article_id, time.time()))

    def item_counts(self, sids: list[str]) -> dict[str, int]:
        """How many items were taken from each of these sources, in one query (a listing's)."""
        if not sids:
            return {}
        rows = self._read(f"SELECT source_id, COUNT(*) AS n FROM source_items WHERE source_id IN"
                          f" ({', '.join('?' * len(sids))}) GROUP BY source_id", tuple(sids))
        return dict.fromkeys(sids, 0) | {r["source_id"]: r["n"] for r in rows}

    def polled(self, sid: str, *, title: str | None, etag: str | None, last_modified: str | None,
               next_try: float, error: str | None = None) -> None:
        """A poll that reached the feed (200 or 304): failures reset, the validators stored for
        the next poll's conditional request (None: ask unconditionally); `error` notes items that
        could not be read (the feed itself was fine)."""
        with raising_full(DATABASE), self.engine.transaction() as conn:
            conn.execute("UPDATE sources SET title = COALESCE(?, title), etag = ?,"
                         " last_modified = ?, last_ok = ?, last_error = ?,"
                         " failures = 0, next_try = ? WHERE id = ?",
                         (title or None, etag, last_modified, time.time(), error, next_try, sid))

    def failed(self, sid: str, error: str, next_try: float) -> None:
        with raising_full(DATABASE), self.engine.transaction() as conn:
            conn.execute("UPDATE sources SET last_error = ?, failures = failures + 1, next_try = ? WHERE id = ?",
                         (error, next_try, sid))

    # -- one poller per deployment
    def take_lease(self, name: str, holder: str, seconds: float) -> bool:
        """Hold the lease `name` for `seconds` if it is free, expired or already ours."""
        now = time.time()
        with raising_full(DATABASE), self.engine.transaction() as conn:
            conn.execute("INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                         (name, holder, now + seconds))
            conn.execute("UPDATE leases SET holder = ?, expires_at = ? WHERE name = ? AND (holder = ? OR expires_at < ?)",
                         (holder, now + seconds, name, holder, now))
            row = conn.execute("SELECT holder FROM leases WHERE name = ?", (name,)).fetchone()
        return row["holder"] == holder

    def drop_lease(self, name: str, holder: str) -> None:
        with raising_full(DATABASE), self.engine.transaction() as conn:
            conn.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder))
