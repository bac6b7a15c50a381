"""What the listener does with articles: the ordered queue ("Up next"), which articles were
played to the end, and where each was left under a listening token (positions across devices).

The queue is one ordered list per server, like the feeds. Its order is a dense 0..n-1
`position`, rewritten whole in the transaction of each change: the queue is short (people
queue tens of articles, not thousands), so a move is a few small updates and the order never
has gaps or ties. Every change first bumps the `queue_changed` settings row: on PostgreSQL
that row lock serialises concurrent reorderings (two moves read and rewrite the order one
after the other, never interleaved), on SQLite BEGIN IMMEDIATE already does; the value is
also the queue feed's Last-Modified.
"""
from __future__ import annotations

import secrets
import time

from service.storage.space import DATABASE, raising_full

QUEUE_CHANGED = "queue_changed"  # settings row: when the queue last changed (epoch seconds)
LISTENING_TOKEN = "listening_token"  # settings row: the private token of the positions and feed


class NotQueued(LookupError):
    """The article is not in the queue."""


class UnknownArticle(LookupError):
    """There is no article with this id."""


class Listening:
    def __init__(self, db):
        self.db = db
        self.engine = db.engine

    # -- the queue
    def queue(self) -> list[str]:
        """The queued article ids, first to be played first."""
        with self.engine.connection() as conn:
            return _order(conn)

    def queue_changed_at(self) -> float | None:
        value = self.db.setting(QUEUE_CHANGED)
        return float(value) if value is not None else None

    def add(self, article_id: str) -> bool:
        """Queue an article at the end; False (and nothing moves) if it is queued already."""
        with raising_full(DATABASE), self.engine.transaction() as conn:
            _require(conn, article_id)
            _changed(conn)
            order = _order(conn)
            if article_id in order:
                return False
            conn.execute("INSERT INTO queue_entries (article_id, position, added_at) VALUES (?, ?, ?)",
                         (article_id, len(order), time.time()))
        return True

    def move(self, article_id: str, to: int) -> list[str]:
        """Put a queued article at position `to` (0 is first; past the end means last); returns
        the new order. NotQueued if it is not queued."""
        with raising_full(DATABASE), self.engine.transaction() as conn:
            _changed(conn)
            order = _order(conn)
            if article_id not in order:
                raise NotQueued(article_id)
            order.remove(article_id)
            order.insert(max(0, min(to, len(order))), article_id)
            _renumber(conn, order)
        return order

    def step(self, article_id: str, by: int) -> list[str]:
        """Move a queued article `by` places (-1: up one, 1: down one), stopping at either end."""
        with self.engine.connection() as conn:
            order = _order(conn)
        if article_id not in order:
            raise NotQueued(article_id)
        # move() re-reads the order under the lock; a position computed from a stale read only
        # moves the article to where the listener saw it going
        return self.move(article_id, max(0, order.index(article_id) + by))

    def remove(self, article_id: str) -> bool:
        """Take an article out of the queue; False if it was not in it."""
        with raising_full(DATABASE), self.engine.transaction() as conn:
            _changed(conn)
            removed = conn.execute("DELETE FROM queue_entries WHERE article_id = ?", (article_id,)).rowcount
            if removed:
                _renumber(conn, _order(conn))
        return bool(removed)

    def after(self, article_id: str) -> str | None:
        return up_next(self.queue(), article_id)

    # -- played to the end
    def mark_listened(self, article_id: str, listened: bool = True) -> None:
        with raising_full(DATABASE), self.engine.transaction() as conn:
            _require(conn, article_id)
            if listened:
                conn.execute("INSERT INTO listened (article_id, listened_at) VALUES (?, ?)"
                             " ON CONFLICT (article_id) DO NOTHING", (article_id, time.time()))
            else:
                conn.execute("DELETE FROM listened WHERE article_id = ?", (article_id,))

    def listened_of(self, article_ids: list[str]) -> set[str]:
        """Which of these articles were played to the end (one query for a listing)."""
        if not article_ids:
            return set()
        with self.engine.connection() as conn:
            rows = conn.execute(f"SELECT article_id FROM listened WHERE article_id IN"
                                f" ({', '.join('?' * len(article_ids))})", tuple(article_ids)).fetchall()
        return {r["article_id"] for r in rows}

    # -- positions across devices
    def token(self) -> str:
        """The private listening token, made once (the first caller's wins)."""
        return self.db.setting_once(LISTENING_TOKEN, secrets.token_urlsafe(24))

    def save_position(self, token: str, article_id: str, seconds: float) -> None:
        with raising_full(DATABASE), self.engine.transaction() as conn:
            _require(conn, article_id)
            conn.execute("INSERT INTO positions (token, article_id, seconds, updated_at) VALUES (?, ?, ?, ?)"
                         " ON CONFLICT (token, article_id) DO UPDATE SET seconds = excluded.seconds,"
                         " updated_at = excluded.updated_at", (token, article_id, seconds, time.time()))

    def position(self, token: str, article_id: str) -> dict | None:
        with self.engine.connection() as conn:
            row = conn.execute("SELECT seconds, updated_at FROM positions WHERE token = ? AND article_id = ?",
                               (token, article_id)).fetchone()
        return row


def up_next(order: list[str], article_id: str) -> str | None:
    """The queued article to play once `article_id` ends: the one after it when it is
    queued, else the first of the queue (never itself)."""
    if article_id in order:
        i = order.index(article_id)
        return order[i + 1] if i + 1 < len(order) else None
    return order[0] if order else None


def _require(conn, article_id: str) -> None:
    if conn.execute("SELECT 1 AS found FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
        raise UnknownArticle(article_id)


def _order(conn) -> list[str]:
    rows = conn.execute("SELECT article_id FROM queue_entries ORDER BY position, added_at, article_id").fetchall()
    return [r["article_id"] for r in rows]


def _renumber(conn, order: list[str]) -> None:
    conn.executemany("UPDATE queue_entries SET position = ? WHERE article_id = ?",
                     [(i, article_id) for i, article_id in enumerate(order)])


def _changed(conn) -> None:
    """Bump the queue's change time (a whole second past the last, as the feeds' is); taking
    this row's lock first is what serialises queue writers on PostgreSQL."""
    row = conn.execute("SELECT value FROM settings WHERE name = ?", (QUEUE_CHANGED,)).fetchone()
    now = float(int(time.time()))
    value = max(now, float(row["value"]) + 1) if row else now
    conn.execute("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE"
                 " SET value = excluded.value", (QUEUE_CHANGED, repr(value)))
