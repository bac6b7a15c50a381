"""SQLite or PostgreSQL behind one small interface, chosen by a database URL.

service/storage/db.py writes its SQL once, with `?` placeholders and SQL both engines speak
(`INSERT ... ON CONFLICT DO NOTHING`, `LIMIT ? OFFSET ?`); an engine supplies what differs:
connections, transactions, the lock that serialises schema upgrades, and the one query
fragment that reads JSON (the article's tags). Rows come back as plain dicts from both.

- `sqlite:///relative/path.db`, `sqlite:////absolute/path.db` (SQLAlchemy's spelling): the
  embedded default. One connection per thread and process, WAL so readers never wait for the
  writer, a 30 s busy timeout so gunicorn workers writing at once queue instead of failing,
  and `BEGIN IMMEDIATE` so a transaction takes the write lock before it reads.
- `postgresql://user:password@host:port/dbname` (libpq's URI; `postgres://` too): psycopg 3
  with a psycopg_pool pool per process, made on first use, so after gunicorn forks (a pool's
  sockets and threads must never be shared across a fork). Connections are in autocommit;
  writes that belong together run in an explicit transaction. A pooled connection idle for
  over IDLE_CHECK_S is checked (one round trip) before it is handed out, so a server restarted
  meanwhile costs no request an error; one in steady use is not, as the check would add a
  round trip to every query (about 30% of a one-row read). A server that cannot be reached
  within POOL_WAIT_S, or that drops the connection mid-query, raises DatabaseUnavailable.
"""
from __future__ import annotations

import atexit
import contextlib
import functools
import logging
import os
import sqlite3
import threading
import time

SQLITE_PREFIX = "sqlite:///"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")
# Any fixed 64-bit number: the advisory lock every process takes to upgrade the schema.
MIGRATION_LOCK_ID = 0x6E657773  # "news"
IDLE_CHECK_S = 2.0
POOL_WAIT_S = 10.0  # for a free connection, or for the server to come back: then 503
CONNECT_TIMEOUT_S = 10  # libpq waits for ever on an unreachable host without one
# psycopg_pool retries a failed connect with a doubling delay until this much time has passed,
# then leaves the next request to start afresh: kept short, so that a server back after a long
# outage is used at once, not after a delay as long as the outage.
RECONNECT_S = 5.0
log = logging.getLogger(__name__)


class DatabaseUnavailable(RuntimeError):
    """The database server cannot be reached or dropped the connection (answered 503)."""


class UnknownDatabaseURL(ValueError):
    pass


def sqlite_url(path: str) -> str:
    """The URL of the SQLite file at `path` (absolute paths give four slashes)."""
    return SQLITE_PREFIX + path


def open_engine(url: str, pool_size: int = 10):
    if url.startswith(SQLITE_PREFIX):
        return SqliteEngine(url[len(SQLITE_PREFIX):])
    if url.startswith(POSTGRES_PREFIXES):
        return PostgresEngine(url, pool_size)
    raise UnknownDatabaseURL(
        f"NEWSREADER_DATABASE_URL must start with sqlite:/// or postgresql:// (got {redact(url)!r})")


def redact(url: str) -> str:
    """The URL without its password, fit for logs and /healthz."""
    scheme, sep, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    if not at or ":" not in creds:
        return url
    return f"{scheme}{sep}{creds.split(':', 1)[0]}:***@{host}"


def _dict_row(cursor, row) -> dict:
    return {col[0]: value for col, value in zip(cursor.description, row)}


_LOCK_WAIT_S = 30.0


def _use_wal(conn: sqlite3.Connection) -> None:
    """Write-ahead logging, waiting for a lock held elsewhere: SQLite answers a journal-mode
    change "database is locked" at once, without its busy handler, while another process holds
    the write lock (a second gunicorn worker booting while the first migrates the schema), and
    that worker then failed to boot and took the server down."""
    deadline = time.monotonic() + _LOCK_WAIT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class SqliteEngine:
    kind = "sqlite"

    def __init__(self, path: str):
        self.path = path
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = _dict_row
            _use_wal(conn)
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    @contextlib.contextmanager
    def connection(self, timeout: float | None = None):
        """This thread's connection, each statement its own transaction (`timeout` is for
        PostgreSQL's pool: a file is always at hand)."""
        yield self._conn()

    @contextlib.contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error. SQLite may already have rolled
        back itself (it does on some SQLITE_FULL errors): then a ROLLBACK would fail and hide
        the real error."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # The write lock BEGIN IMMEDIATE takes already keeps a second upgrader out.
    migration_transaction = transaction

    @staticmethod
    def run_script(conn, script: str) -> None:
        """Each statement of `script` inside the caller's transaction (executescript would
        COMMIT first)."""
        for statement in split_statements(script):
            conn.execute(statement)

    @staticmethod
    def has_tag_sql() -> str:
        return "EXISTS (SELECT 1 FROM json_each(a.data, '$.tags') WHERE value = ?)"

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None and self._local.pid == os.getpid():
            conn.close()
            self._local.conn = None


def split_statements(script: str) -> list[str]:
    """SQL statements of a script, split where sqlite3 says a statement is complete (so a `;`
    inside a string literal does not split it)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if any(line.strip() and not line.strip().startswith("--") for line in current.splitlines()):
        raise ValueError(f"an SQL statement does not end with ';': {current.strip()[:80]!r}")
    return statements


@functools.lru_cache(maxsize=256)
def _pg_sql(sql: str) -> str:
    """`?` placeholders as psycopg's `%s` (a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class _PgConnection:
    """A psycopg connection that takes db.py's `?` placeholders."""

    def __init__(self, conn):
        self.raw = conn

    def execute(self, sql: str, params=()):
        return self.raw.execute(_pg_sql(sql), params)

    def executemany(self, sql: str, rows):
        with self.raw.cursor() as cur:
            cur.executemany(_pg_sql(sql), rows)


_pools: list = []  # every pool this process opened, closed at exit: the server sees a clean goodbye


def close_pools() -> None:
    while _pools:
        _pools.pop().close()


atexit.register(close_pools)


def _check_if_idle(conn) -> None:
    """The pool's `check`: ask the server only about a connection that sat idle a while."""
    if time.monotonic() - getattr(conn, "returned_at", 0.0) > IDLE_CHECK_S:
        conn.execute("")  # what ConnectionPool.check_connection does, for an autocommit connection


def _mark_returned(conn) -> None:
    """The pool's `reset`, run as a connection comes back."""
    conn.returned_at = time.monotonic()


@functools.cache
def _timed_connection_class():
    import psycopg

    class TimedConnection(psycopg.Connection):
        """A connection that remembers when it was last given back to the pool."""

    return TimedConnection


class PostgresEngine:
    kind = "postgresql"

    def __init__(self, url: str, pool_size: int = 10):
        try:
            import psycopg  # noqa: F401  (a missing driver fails at start, not at the first request)
            import psycopg_pool  # noqa: F401
        except ImportError as exc:
            raise RuntimeError(f"{redact(url)} needs psycopg 3: pip install 'newsreader[postgres]'") from exc

        self.url = url
        self.pool_size = pool_size
        self._pool = None
        self._pid = None
        self._lock = threading.Lock()

    def _connect_kwargs(self) -> dict:
        from psycopg.rows import dict_row

        return {"autocommit": True, "row_factory": dict_row, "connect_timeout": CONNECT_TIMEOUT_S}

    def _get_pool(self):
        with self._lock:
            if self._pool is None or self._pid != os.getpid():
                from psycopg_pool import ConnectionPool

                self._pool = ConnectionPool(
                    self.url, connection_class=_timed_connection_class(), min_size=1, max_size=self.pool_size,
                    kwargs=self._connect_kwargs(), check=_check_if_idle, reset=_mark_returned,
                    reconnect_timeout=RECONNECT_S, open=True,
                    name=f"newsreader-{os.getpid()}")
                self._pid = os.getpid()
                _pools.append(self._pool)
            return self._pool

    @contextlib.contextmanager
    def connection(self, timeout: float | None = None):
        import psycopg
        from psycopg_pool import PoolTimeout

        from service.storage.space import is_full

        try:
            with self._get_pool().connection(timeout=POOL_WAIT_S if timeout is None else timeout) as conn:
                yield _PgConnection(conn)
        except (PoolTimeout, psycopg.OperationalError) as exc:
            if is_full(exc):  # DiskFull is an OperationalError too: StorageFull's, not ours
                raise
            log.warning("the article database cannot be reached: %s: %s", type(exc).__name__, exc)
            # the server's own words name hosts and users: logged, not answered to the public
            raise DatabaseUnavailable("the article database cannot be reached; try again shortly") from exc

    @contextlib.contextmanager
    def transaction(self):
        with self.connection() as conn, conn.raw.transaction():
            yield conn

    @contextlib.contextmanager
    def migration_transaction(self):
        """A connection of its own (upgrades run before the pool is needed), in a transaction
        holding the advisory lock: concurrent upgraders wait for the first, then find its work
        done. The lock goes with the transaction."""
        import psycopg

        with psycopg.connect(self.url, **self._connect_kwargs()) as raw, raw.transaction():
            raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_ID,))
            yield _PgConnection(raw)

    @staticmethod
    def run_script(conn, script: str) -> None:
        for statement in split_statements(script):
            conn.raw.execute(statement)

    @staticmethod
    def has_tag_sql() -> str:
        return ("EXISTS (SELECT 1 FROM jsonb_array_elements_text(a.data::jsonb -> 'tags') AS t(value)"
                " WHERE t.value = ?)")

    def close(self) -> None:
        if self._pool is not None and self._pid == os.getpid():
            self._pool.close()
            with contextlib.suppress(ValueError):
                _pools.remove(self._pool)
            self._pool = None
