"""The article database: SQLite in WAL mode, one connection per thread and process.

WAL plus a busy timeout lets several gunicorn workers write at once without losing rows.
Articles are stored whole as JSON (they are read whole); tracks have a row each because
their state changes as audio is rendered. A write that finds the disk full raises StorageFull
(service/storage/space.py) with its transaction rolled back: nothing half-written.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time

from service.storage.space import DATABASE, raising_full

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    title TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_created ON articles (created_at DESC);
CREATE TABLE IF NOT EXISTS tracks (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,          -- section index; -1 for the whole article
    key TEXT NOT NULL,             -- audio cache key (file name without .mp3)
    state TEXT NOT NULL DEFAULT 'pending',
    duration_s REAL,
    error TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX IF NOT EXISTS tracks_key ON tracks (key);
-- small facts decided once and kept: the feeds' identity (guids, public base URL) and
-- the time the feeds last changed, which only ever rises
CREATE TABLE IF NOT EXISTS settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
FEED_CHANGED = "feed_changed"


class Database:
    def __init__(self, path: str):
        self.path = path
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        self._local = threading.local()
        with self._conn() as conn:
            conn.executescript(SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    @contextlib.contextmanager
    def _transaction(self):
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error. SQLite may already have rolled
        back itself (it does on some SQLITE_FULL errors): then a ROLLBACK would fail and hide
        the real error."""
        conn = self._conn()
        with raising_full(DATABASE):
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def insert_article(self, article_id: str, record: dict, tracks: list[tuple[int, str]]) -> bool:
        """Store an article and its tracks in one transaction; False if the id already exists."""
        with self._transaction() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO articles (id, created_at, title, data) VALUES (?, ?, ?, ?)",
                (article_id, time.time(), record["title"], json.dumps(record)),
            )
            if cur.rowcount:
                conn.executemany(
                    "INSERT INTO tracks (article_id, idx, key) VALUES (?, ?, ?)",
                    [(article_id, idx, key) for idx, key in tracks],
                )
        return bool(cur.rowcount)

    # -- settings decided once, and the feeds' change time
    def setting(self, name: str) -> str | None:
        row = self._conn().execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def setting_once(self, name: str, value: str) -> str:
        """The stored value of `name`, storing `value` first if there is none: whichever worker
        stores first decides, for every worker and every later run."""
        with self._transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)", (name, value))
            return conn.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()[0]

    def feed_changed_at(self) -> float | None:
        value = self.setting(FEED_CHANGED)
        return float(value) if value is not None else None

    @staticmethod
    def _feed_changed(conn) -> None:
        """Move the feeds' change time on, at least a whole second past the last one (HTTP dates
        count seconds): a feed's Last-Modified never goes backwards or stands still on a change,
        even when the change removed its newest episode."""
        row = conn.execute("SELECT value FROM settings WHERE name = ?", (FEED_CHANGED,)).fetchone()
        now = float(int(time.time()))
        value = max(now, float(row[0]) + 1) if row else now
        conn.execute("INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)", (FEED_CHANGED, repr(value)))

    def delete_article(self, article_id: str) -> list[str] | None:
        """Remove an article and its tracks (ON DELETE CASCADE) in one transaction; returns the
        cache keys it used that no remaining track uses, or None if there was no such article."""
        with self._transaction() as conn:
            keys = [r[0] for r in conn.execute("SELECT DISTINCT key FROM tracks WHERE article_id = ?", (article_id,))]
            deleted = conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount
            if deleted:
                self._feed_changed(conn)
            unused = [k for k in keys
                      if conn.execute("SELECT 1 FROM tracks WHERE key = ? LIMIT 1", (k,)).fetchone() is None]
        return unused if deleted else None

    def get_article(self, article_id: str) -> dict | None:
        row = self._conn().execute(
            "SELECT data, created_at FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        record = json.loads(row["data"])
        record["created_at"] = row["created_at"]
        return record

    def list_articles(self, limit: int, offset: int) -> tuple[list[dict], int]:
        conn = self._conn()
        rows = conn.execute(
            "SELECT id, data, created_at FROM articles ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
        total = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        out = []
        for row in rows:
            record = json.loads(row["data"])
            record["id"], record["created_at"] = row["id"], row["created_at"]
            out.append(record)
        return out, total

    def ready_articles(self, limit: int, tag: str | None = None) -> list[dict]:
        """Articles whose whole-article audio is ready, newest first, with a tag if one is given
        (the podcast feed)."""
        sql = ("SELECT a.id, a.data, a.created_at FROM articles a JOIN tracks t"
               " ON t.article_id = a.id AND t.idx = -1 AND t.state = 'ready'")
        args: list = []
        if tag is not None:
            sql += " WHERE EXISTS (SELECT 1 FROM json_each(a.data, '$.tags') WHERE value = ?)"
            args.append(tag)
        rows = self._conn().execute(sql + " ORDER BY a.created_at DESC, a.id LIMIT ?", (*args, limit)).fetchall()
        return [dict(json.loads(row["data"]), id=row["id"], created_at=row["created_at"]) for row in rows]

    def tracks(self, article_id: str) -> dict[int, sqlite3.Row]:
        rows = self._conn().execute(
            "SELECT idx, key, state, duration_s, error FROM tracks WHERE article_id = ?", (article_id,)
        ).fetchall()
        return {row["idx"]: row for row in rows}

    def track_owner(self, key: str) -> sqlite3.Row | None:
        """Any (article, index) whose audio has this cache key: enough to render it."""
        return self._conn().execute(
            "SELECT article_id, idx FROM tracks WHERE key = ? LIMIT 1", (key,)
        ).fetchone()

    def set_track_state(self, key: str, state: str, duration_s: float | None = None, error: str | None = None):
        """Set every track with this key; a whole article's audio becoming ready (or no longer
        ready) changes the feeds, which list only ready episodes."""
        with self._transaction() as conn:
            episodes = conn.execute("SELECT COUNT(*) FROM tracks WHERE key = ? AND idx = -1 AND state != ?"
                                    " AND 'ready' IN (state, ?)", (key, state, state)).fetchone()[0]
            conn.execute(
                "UPDATE tracks SET state = ?, duration_s = COALESCE(?, duration_s), error = ? WHERE key = ?",
                (state, duration_s, error, key),
            )
            if episodes:
                self._feed_changed(conn)

    def pending_article_ids(self) -> list[str]:
        rows = self._conn().execute(
            "SELECT DISTINCT article_id FROM tracks WHERE state = 'pending'"
        ).fetchall()
        return [r[0] for r in rows]
