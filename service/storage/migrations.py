"""Versioned schema upgrades: an ordered list of SQL files, each applied once, recorded in a table.

Why not Alembic: the code speaks plain SQL with no ORM and no SQLAlchemy, and the schema is two
tables; Alembic would bring SQLAlchemy into the embedded default for what a folder of numbered
files and twenty lines do. Each file is plain SQL a reviewer reads as is, the same file runs on
SQLite and PostgreSQL, and adding a migration is adding a file.

Files live in service/storage/migrations/ as `NNNN_what_it_does.sql`; where the two engines
need different SQL, `NNNN_what_it_does.sqlite.sql` and `NNNN_what_it_does.postgresql.sql`
stand in for it. Never edit an applied file: append the next number.

`upgrade` runs at every start (every gunicorn worker) and from `newsreader db upgrade`.
Concurrent upgraders are serialised by the engine's migration transaction (an advisory lock on
PostgreSQL, the write lock of BEGIN IMMEDIATE on SQLite): the first applies what is missing and
records it in `schema_migrations` in the same transaction (DDL is transactional on both), the
others then find nothing to do. A database newer than this code is refused rather than guessed at.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+?)(?:\.(sqlite|postgresql))?\.sql$")

TABLE = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at DOUBLE PRECISION NOT NULL
)"""


class SchemaTooNew(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: str

    def sql(self) -> str:
        with open(self.path, encoding="utf-8") as f:
            return f.read()


def available(kind: str, folder: str = FOLDER) -> list[Migration]:
    """The migrations for engine `kind`, in order: a version's `.<kind>.sql` wins over its
    plain `.sql`."""
    chosen: dict[int, tuple[int, Migration]] = {}
    for filename in sorted(os.listdir(folder)):
        match = _NAME.match(filename)
        if not match:
            continue
        version, name, dialect = int(match[1]), match[2], match[3]
        if dialect not in (None, kind):
            continue
        rank = 1 if dialect else 0
        held = chosen.get(version)
        if held and held[1].name != name:
            raise ValueError(f"two migrations numbered {version:04d}: {held[1].name} and {name}")
        if held is None or rank > held[0]:
            chosen[version] = (rank, Migration(version, name, os.path.join(folder, filename)))
    return [m for _, (_, m) in sorted(chosen.items())]


def applied_versions(conn) -> set[int]:
    return {row["version"] for row in conn.execute("SELECT version FROM schema_migrations").fetchall()}


def upgrade(engine, folder: str = FOLDER) -> list[Migration]:
    """Apply every migration the database lacks, in order, in one transaction; returns them."""
    wanted = available(engine.kind, folder)
    with engine.migration_transaction() as conn:
        conn.execute(TABLE)
        done = applied_versions(conn)
        unknown = done - {m.version for m in wanted}
        if unknown:
            raise SchemaTooNew(f"the database has schema version {max(unknown)}, newer than this "
                               f"newsreader knows ({wanted[-1].version if wanted else 0}): upgrade newsreader")
        todo = [m for m in wanted if m.version not in done]
        for migration in todo:
            engine.run_script(conn, migration.sql())
            conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                         (migration.version, migration.name, time.time()))
    return todo


def current_version(engine) -> int:
    with engine.migration_transaction() as conn:
        conn.execute(TABLE)
        return max(applied_versions(conn), default=0)
