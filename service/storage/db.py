"""The article database: SQLite (the embedded default) or PostgreSQL, one schema, the same SQL.

Articles are stored whole as JSON (they are read whole); tracks have a row each because their
state changes as audio is rendered. The engine (service/storage/engines.py) is chosen by the
database URL and supplies connections and transactions; the schema comes from numbered
migrations (service/storage/migrations.py) applied when the database is opened. A write that
finds the disk full raises StorageFull (service/storage/space.py) with its transaction rolled
back: nothing half-written.
"""
from __future__ import annotations

import json
import time

from service.storage import migrations
from service.storage.engines import SQLITE_PREFIX, open_engine, sqlite_url
from service.storage.space import DATABASE, raising_full

FEED_CHANGED = "feed_changed"  # settings row: when the feeds last changed (epoch seconds)
WHOLE_INDEX = -1  # a track's idx for the whole article
PRONUNCIATION_FIELDS = "id, written, language, say, whole_word, case_sensitive"


class DuplicateEntry(ValueError):
    """Another pronunciation entry has this written form and language."""

    def __init__(self, written: str, language: str):
        super().__init__(f"there is already an entry for {written!r} in {language or 'every language'}")
        self.field = "written"


class Database:
    def __init__(self, url: str, pool_size: int = 10):
        """`url`: sqlite:///path or postgresql://...; a bare path means an SQLite file."""
        self.engine = open_engine(url if "://" in url else sqlite_url(url), pool_size)
        self.kind = self.engine.kind
        if self.kind == "sqlite":
            self.path = url[len(SQLITE_PREFIX):] if url.startswith(SQLITE_PREFIX) else url
        with raising_full(DATABASE):
            migrations.upgrade(self.engine)

    def _read(self, sql: str, params=()) -> list[dict]:
        with self.engine.connection() as conn:
            return conn.execute(sql, params).fetchall()

    def insert_article(self, article_id: str, record: dict, tracks: list[tuple[int, str]]) -> bool:
        """Store an article and its tracks in one transaction; False if the id already exists."""
        with raising_full(DATABASE), self.engine.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO articles (id, created_at, title, data) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (id) DO NOTHING",
                (article_id, time.time(), record["title"], json.dumps(record)),
            )
            created = cur.rowcount == 1
            if created:
                conn.executemany(
                    "INSERT INTO tracks (article_id, idx, key) VALUES (?, ?, ?)",
                    [(article_id, idx, key) for idx, key in tracks],
                )
        return created

    # -- settings decided once, and the feeds' change time
    def setting(self, name: str) -> str | None:
        rows = self._read("SELECT value FROM settings WHERE name = ?", (name,))
        return rows[0]["value"] if rows else None

    def setting_once(self, name: str, value: str) -> str:
        """The stored value of `name`, storing `value` first if there is none: whichever worker
        stores first decides, for every worker and every later run."""
        with raising_full(DATABASE), self.engine.transaction() as conn:
            conn.execute("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                         (name, value))
            return conn.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()["value"]

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
        value = max(now, float(row["value"]) + 1) if row else now
        conn.execute("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                     (FEED_CHANGED, repr(value)))
        # only upwards, even against a concurrent writer (PostgreSQL re-checks the row it locks)
        conn.execute("UPDATE settings SET value = ? WHERE name = ? AND CAST(value AS DOUBLE PRECISION) < ?",
                     (repr(value), FEED_CHANGED, value))

    def delete_article(self, article_id: str) -> list[str] | None:
        """Remove an article and its tracks (ON DELETE CASCADE) in one transaction; returns the
        cache keys it used that no remaining track uses, or None if there was no such article."""
        with raising_full(DATABASE), self.engine.transaction() as conn:
            keys = [r["key"] for r in conn.execute(
                "SELECT DISTINCT key FROM tracks WHERE article_id = ?", (article_id,)).fetchall()]
            deleted = conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount
            if deleted:
                self._feed_changed(conn)
            unused = [k for k in keys
                      if conn.execute("SELECT 1 AS used FROM tracks WHERE key = ? LIMIT 1", (k,)).fetchone() is None]
        return unused if deleted else None

    def get_article(self, article_id: str) -> dict | None:
        rows = self._read("SELECT data, created_at FROM articles WHERE id = ?", (article_id,))
        if not rows:
            return None
        record = json.loads(rows[0]["data"])
        record["created_at"] = rows[0]["created_at"]
        return record

    def articles_of(self, article_ids: list[str]) -> dict[str, dict]:
        """Several articles' records by id in one query (those that exist; a listing in an order
        of its own, like the queue, would otherwise ask once per article)."""
        if not article_ids:
            return {}
        rows = self._read(f"SELECT id, data, created_at FROM articles WHERE id IN ({', '.join('?' * len(article_ids))})",
                          tuple(article_ids))
        return {row["id"]: _record(row) for row in rows}

    def list_articles(self, limit: int, offset: int, listened: bool | None = None) -> tuple[list[dict], int]:
        """A page of articles, newest first, and how many there are; `listened` True or False
        keeps only those played to the end, or only the others (service/storage/listening.py)."""
        where = ""
        if listened is not None:
            where = (" WHERE" + ("" if listened else " NOT")
                     + " EXISTS (SELECT 1 FROM listened l WHERE l.article_id = articles.id)")
        with self.engine.connection() as conn:
            rows = conn.execute(
                f"SELECT id, data, created_at FROM articles{where} ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
            total = conn.execute(f"SELECT COUNT(*) AS n FROM articles{where}").fetchone()["n"]
        return [_record(row) for row in rows], total

    def ready_articles(self, limit: int, tag: str | None = None) -> list[dict]:
        """Articles whose whole-article audio is ready, newest first, with a tag if one is given
        (the podcast feed)."""
        sql = ("SELECT a.id, a.data, a.created_at FROM articles a JOIN tracks t"
               " ON t.article_id = a.id AND t.idx = -1 AND t.state = 'ready'")
        args: list = []
        if tag is not None:
            sql += " WHERE " + self.engine.has_tag_sql()
            args.append(tag)
        rows = self._read(sql + " ORDER BY a.created_at DESC, a.id LIMIT ?", (*args, limit))
        return [_record(row) for row in rows]

    def tracks(self, article_id: str) -> dict[int, dict]:
        return self.tracks_of([article_id]).get(article_id, {})

    def tracks_of(self, article_ids: list[str]) -> dict[str, dict[int, dict]]:
        """Several articles' tracks in one query (a listing would otherwise ask once per article)."""
        if not article_ids:
            return {}
        rows = self._read("SELECT article_id, idx, key, state, duration_s, error FROM tracks"
                          f" WHERE article_id IN ({', '.join('?' * len(article_ids))})", tuple(article_ids))
        out: dict[str, dict[int, dict]] = {}
        for row in rows:
            out.setdefault(row.pop("article_id"), {})[row["idx"]] = row
        return out

    def track_owner(self, key: str) -> dict | None:
        """Any (article, index) whose audio has this cache key: enough to render it."""
        rows = self._read("SELECT article_id, idx FROM tracks WHERE key = ? LIMIT 1", (key,))
        return rows[0] if rows else None

    def set_track_state(self, key: str, state: str, duration_s: float | None = None, error: str | None = None):
        """Set every track with this key; a whole article's audio becoming ready (or no longer
        ready) changes the feeds, which list only ready episodes."""
        with raising_full(DATABASE), self.engine.transaction() as conn:
            episodes = conn.execute("SELECT COUNT(*) AS n FROM tracks WHERE key = ? AND idx = -1 AND state != ?"
                                    " AND 'ready' IN (state, ?)", (key, state, state)).fetchone()["n"]
            conn.execute(
                "UPDATE tracks SET state = ?, duration_s = COALESCE(?, duration_s), error = ? WHERE key = ?",
                (state, duration_s, error, key),
            )
            if episodes:
                self._feed_changed(conn)

    def pending_article_ids(self) -> list[str]:
        rows = self._read("SELECT DISTINCT article_id FROM tracks WHERE state = 'pending'")
        return [r["article_id"] for r in rows]

    def export_articles(self) -> list[tuple[dict, list[dict]]]:
        """Every article's row (id, created_at, title, data) with its track rows, oldest first."""
        with self.engine.connection() as conn:
            articles = conn.execute("SELECT id, created_at, title, data FROM articles ORDER BY created_at, id").fetchall()
            tracks = conn.execute("SELECT article_id, idx, key, state, duration_s, error FROM tracks ORDER BY article_id, idx").fetchall()
        by_article: dict[str, list[dict]] = {}
        for row in tracks:
            by_article.setdefault(row["article_id"], []).append(row)
        return [(a, by_article.get(a["id"], [])) for a in articles]

    def import_articles(self, exported: list[tuple[dict, list[dict]]]) -> int:
        """Store exported articles as they were (ids, times, track states) in one transaction,
        leaving any id already here as it is; returns how many were added."""
        added = 0
        with raising_full(DATABASE), self.engine.transaction() as conn:
            for article, tracks in exported:
                cur = conn.execute("INSERT INTO articles (id, created_at, title, data) VALUES (?, ?, ?, ?)"
                                   " ON CONFLICT (id) DO NOTHING",
                                   (article["id"], article["created_at"], article["title"], article["data"]))
                if cur.rowcount == 1:
                    added += 1
                    conn.executemany(
                        "INSERT INTO tracks (article_id, idx, key, state, duration_s, error) VALUES (?, ?, ?, ?, ?, ?)",
                        [(t["article_id"], t["idx"], t["key"], t["state"], t["duration_s"], t["error"]) for t in tracks])
        return added

    # -- the pronunciation dictionary (rows as dicts: id, written, language, say, whole_word,
    # case_sensitive; service/pronunciations.py validates them)
    def pronunciations(self) -> list[dict]:
        rows = self._read(f"SELECT {PRONUNCIATION_FIELDS} FROM pronunciations ORDER BY LOWER(written), written, language")
        return [_entry(r) for r in rows]

    def pronunciation(self, entry_id: str) -> dict | None:
        rows = self._read(f"SELECT {PRONUNCIATION_FIELDS} FROM pronunciations WHERE id = ?", (entry_id,))
        return _entry(rows[0]) if rows else None

    def save_pronunciations(self, entries: list[dict]) -> None:
        """Store entries in one transaction, each by its id, or over the entry with its written form
        and language (an import's merge). Raises DuplicateEntry, storing nothing, when an entry
        would take another id's written form and language."""
        with raising_full(DATABASE), self.engine.transaction() as conn:
            for e in entries:
                held = conn.execute("SELECT id FROM pronunciations WHERE written = ? AND language = ?",
                                    (e["written"], e["language"])).fetchone()
                if held is not None and held["id"] != e["id"]:
                    if not e.get("merge"):
                        raise DuplicateEntry(e["written"], e["language"])
                    conn.execute("DELETE FROM pronunciations WHERE id = ?", (held["id"],))
                values = (e["written"], e["language"], e["say"], int(e["whole_word"]), int(e["case_sensitive"]),
                          time.time(), e["id"])
                if not conn.execute("UPDATE pronunciations SET written = ?, language = ?, say = ?, whole_word = ?,"
                                    " case_sensitive = ?, updated_at = ? WHERE id = ?", values).rowcount:
                    conn.execute("INSERT INTO pronunciations (written, language, say, whole_word, case_sensitive,"
                                 " updated_at, id) VALUES (?, ?, ?, ?, ?, ?, ?)", values)

    def delete_pronunciation(self, entry_id: str) -> bool:
        with raising_full(DATABASE), self.engine.transaction() as conn:
            return conn.execute("DELETE FROM pronunciations WHERE id = ?", (entry_id,)).rowcount == 1

    def set_track_keys(self, article_id: str, keys: dict[int, str]) -> None:
        """New keys for some of an article's tracks (what they say changed): pending again."""
        with raising_full(DATABASE), self.engine.transaction() as conn:
            conn.executemany("UPDATE tracks SET key = ?, state = 'pending', duration_s = NULL, error = NULL"
                             " WHERE article_id = ? AND idx = ?",
                             [(key, article_id, idx) for idx, key in keys.items()])
            if WHOLE_INDEX in keys:
                self._feed_changed(conn)

    def health(self, timeout_s: float = 2.0) -> dict:
        """{"kind", "status": "ok"} when a query answers, else "error" with the reason."""
        try:
            with self.engine.connection(timeout=timeout_s) as conn:
                conn.execute("SELECT 1 AS one").fetchone()
        except Exception as exc:  # any failure is the answer here, not an error of the check
            return {"kind": self.kind, "status": "error", "error": f"{type(exc).__name__}: {exc}".strip()}
        return {"kind": self.kind, "status": "ok"}

    def close(self) -> None:
        self.engine.close()


def _record(row: dict) -> dict:
    return dict(json.loads(row["data"]), id=row["id"], created_at=row["created_at"])


def _entry(row: dict) -> dict:
    """A pronunciation row with its flags as booleans (stored as integers, for both databases)."""
    return dict(row, whole_word=bool(row["whole_word"]), case_sensitive=bool(row["case_sensitive"]))
