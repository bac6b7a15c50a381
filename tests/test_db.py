"""The article database on SQLite and on PostgreSQL (a private cluster): every method, the
numbered migrations (applied once, recorded, rolled back whole when one fails, safe when many
processes start at once, refused when the database is newer than the code), a database made
before migrations upgraded without loss, `newsreader db upgrade`, and the health check."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.storage import migrations
from service.storage.db import Database
from service.storage.engines import open_engine, sqlite_url
from tests.databases import both_databases, only_postgresql
from tests.gunicorn_server import wait_until
ROOT = Path(__file__).resolve().parents[1]
BEFORE_MIGRATIONS = ROOT / "tests" / "data" / "newsreader-before-migrations.sql"


@pytest.fixture
def url(database, tmp_path) -> str:
    return database or sqlite_url(str(tmp_path / "newsreader.db"))


@pytest.fixture
def db(url):
    database = Database(url)
    yield database
    database.close()


def record(title: str, tags=None) -> dict:
    return {"title": title, "byline": "By Ann Writer", "published": None, "language": "en", "url": None,
            "voice": "en-us", "rate": 175, "tags": tags or [],
            "sections": [{"heading": title, "paragraphs": [f"{title}: the first paragraph."]}]}


@both_databases
def test_insert_get_and_list_newest_first(db):
    assert db.insert_article("a1", record("First", ["world"]), [(0, "k" * 32), (-1, "w" * 32)])
    assert db.insert_article("a2", record("Second"), [(0, "j" * 32), (-1, "v" * 32)])
    assert not db.insert_article("a1", record("Changed"), [(0, "x" * 32)])  # the first stays
    got = db.get_article("a1")
    assert got["title"] == "First" and got["tags"] == ["world"]
    assert isinstance(got["created_at"], float)
    assert db.tracks("a1") == {
        0: {"idx": 0, "key": "k" * 32, "state": "pending", "duration_s": None, "error": None},
        -1: {"idx": -1, "key": "w" * 32, "state": "pending", "duration_s": None, "error": None}}
    page, total = db.list_articles(1, 0)
    assert total == 2 and [r["id"] for r in page] == ["a2"]
    assert [r["id"] for r in db.list_articles(10, 1)[0]] == ["a1"]
    assert db.get_article("nope") is None and db.tracks("nope") == {}
    both = db.tracks_of(["a1", "a2", "nope"])
    assert both.keys() == {"a1", "a2"} and both["a1"] == db.tracks("a1") and both["a2"][0]["key"] == "j" * 32
    assert db.tracks_of([]) == {}
    found = db.articles_of(["a2", "nope", "a1"])
    assert found.keys() == {"a1", "a2"} and found["a1"] == dict(got, id="a1") and found["a2"]["title"] == "Second"
    assert db.articles_of([]) == {}


@both_databases
def test_times_and_durations_keep_double_precision(db):
    """PostgreSQL's REAL is 4 bytes: a Unix time would come back rounded to minutes."""
    db.insert_article("a1", record("First"), [(-1, "w" * 32)])
    stored = db.get_article("a1")["created_at"]
    assert abs(stored - time.time()) < 60 and stored != round(stored)
    db.set_track_state("w" * 32, "ready", duration_s=61.337)
    assert db.tracks("a1")[-1]["duration_s"] == 61.337


@both_databases
def test_track_states_owner_and_pending(db):
    db.insert_article("a1", record("First"), [(0, "k" * 32), (-1, "w" * 32)])
    db.insert_article("a2", record("Second"), [(0, "k" * 32), (-1, "v" * 32)])  # shares section 0's file
    assert sorted(db.pending_article_ids()) == ["a1", "a2"]
    db.set_track_state("k" * 32, "ready", duration_s=3.5)
    db.set_track_state("w" * 32, "failed", error="the speech engine died")
    assert db.tracks("a2")[0]["state"] == "ready" and db.tracks("a2")[0]["duration_s"] == 3.5
    assert db.tracks("a1")[-1]["error"] == "the speech engine died"
    db.set_track_state("k" * 32, "pending")  # COALESCE: a state change keeps the duration
    assert db.tracks("a1")[0]["duration_s"] == 3.5
    assert db.track_owner("k" * 32)["article_id"] in {"a1", "a2"}
    assert db.track_owner("v" * 32) == {"article_id": "a2", "idx": -1}
    assert db.track_owner("z" * 32) is None
    db.set_track_state("k" * 32, "ready")
    db.set_track_state("v" * 32, "ready")
    assert db.pending_article_ids() == []


@both_databases
def test_ready_articles_by_tag(db):
    for n, tags in enumerate([["world", "climate"], ["world"], [], ["climate"]]):
        db.insert_article(f"a{n}", record(f"Story {n}", tags), [(0, f"{n}" * 32), (-1, f"{n}w".ljust(32, "w"))])
    for n in (0, 1, 2):
        db.set_track_state(f"{n}w".ljust(32, "w"), "ready", duration_s=1.0)
    db.set_track_state("3" * 32, "ready")  # a section only: not an episode
    assert [r["id"] for r in db.ready_articles(10)] == ["a2", "a1", "a0"]
    assert [r["id"] for r in db.ready_articles(10, "world")] == ["a1", "a0"]
    assert [r["id"] for r in db.ready_articles(10, "climate")] == ["a0"]
    assert db.ready_articles(10, "wor") == [] and db.ready_articles(10, "%") == []
    assert [r["id"] for r in db.ready_articles(1)] == ["a2"]
    assert db.ready_articles(10, "world")[0]["tags"] == ["world"]


@both_databases
def test_delete_returns_the_keys_nobody_else_uses(db):
    db.insert_article("a1", record("First"), [(0, "k" * 32), (-1, "w" * 32)])
    db.insert_article("a2", record("Second"), [(0, "k" * 32), (-1, "v" * 32)])
    assert db.delete_article("a1") == ["w" * 32]
    assert db.get_article("a1") is None and db.tracks("a1") == {}
    assert db.delete_article("a1") is None
    assert sorted(db.delete_article("a2")) == ["k" * 32, "v" * 32]
    assert db.list_articles(10, 0) == ([], 0)


@both_databases
def test_a_fresh_database_records_every_migration_once(db, url):
    versions = [m.version for m in migrations.available(db.kind)]
    assert versions == list(range(1, len(versions) + 1))
    assert migrations.upgrade(db.engine) == []  # nothing left to do
    Database(url).close()  # a second start changes nothing
    with db.engine.connection() as conn:
        rows = conn.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert [r["version"] for r in rows] == versions
    assert rows[0]["name"] == "articles_and_tracks"


SHIPPED = len(migrations.available("sqlite"))  # the newest shipped version (numbered 1, 2, ...)
NEXT = f"{SHIPPED + 1:04d}"  # what a test appends


def migration_folder(tmp_path: Path, **extra: str) -> Path:
    """The shipped migrations plus `extra` files (name -> SQL)."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrations.FOLDER, folder)
    for name, sql in extra.items():
        (folder / name).write_text(sql)
    return folder


@both_databases
def test_an_appended_migration_runs_once_and_a_dialect_file_wins(db, tmp_path):
    folder = migration_folder(
        tmp_path, **{f"{NEXT}_add_feed_state.sql": "CREATE TABLE feed_state (id INTEGER PRIMARY KEY, changes INTEGER NOT NULL);\n"
                                                "INSERT INTO feed_state (id, changes) VALUES (1, 0);\n",
                     f"{NEXT}_add_feed_state.{db.kind}.sql": "CREATE TABLE feed_state (id INTEGER PRIMARY KEY, changes INTEGER NOT NULL);\n"
                                                           "INSERT INTO feed_state (id, changes) VALUES (1, 7); -- a ';' here\n"})
    applied = migrations.upgrade(db.engine, str(folder))
    assert [(m.version, m.name) for m in applied] == [(SHIPPED + 1, "add_feed_state")]
    assert migrations.upgrade(db.engine, str(folder)) == []
    with db.engine.connection() as conn:
        assert conn.execute("SELECT changes FROM feed_state").fetchall() == [{"changes": 7}]
    assert migrations.current_version(db.engine) == SHIPPED + 1


@both_databases
def test_a_failing_migration_leaves_nothing_behind(db, tmp_path):
    """DDL is transactional on both engines: the half that worked is rolled back with the rest."""
    folder = migration_folder(tmp_path, **{f"{NEXT}_broken.sql": "CREATE TABLE half_done (x INTEGER);\n"
                                                              "ALTER TABLE no_such_table ADD COLUMN y INTEGER;\n"})
    with pytest.raises(Exception, match="no_such_table"):
        migrations.upgrade(db.engine, str(folder))
    assert migrations.current_version(db.engine) == SHIPPED
    with db.engine.connection() as conn:
        with pytest.raises(Exception, match="half_done"):
            conn.execute("SELECT * FROM half_done")
    db.insert_article("a1", record("Still works"), [(-1, "w" * 32)])
    assert db.get_article("a1")["title"] == "Still works"


@both_databases
def test_a_database_newer_than_the_code_is_refused(db, url):
    with db.engine.connection() as conn:
        conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)")
    with pytest.raises(migrations.SchemaTooNew, match="schema version 999"):
        Database(url)


SLOW = {  # long enough that every process starting at once meets the first one's upgrade
    "sqlite": "CREATE TABLE filler AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
              " WHERE x < 400000) SELECT x FROM c;\n",
    "postgresql": "SELECT pg_sleep(1);\nCREATE TABLE filler (x INTEGER);\n",
}
UPGRADER = """
import sys
from service.storage import migrations
from service.storage.engines import open_engine
engine = open_engine(sys.argv[1])
print(len(migrations.upgrade(engine, sys.argv[2])))
"""


@both_databases
def test_many_processes_upgrading_at_once_apply_each_migration_once(url, database, tmp_path):
    """6 processes start on an empty database at once; the appended migration has no IF NOT
    EXISTS, so a second application would fail that process. Exactly one applies them all; the
    others wait and find nothing to do."""
    kind = "postgresql" if database else "sqlite"
    folder = migration_folder(tmp_path, **{f"{NEXT}_slow.sql": SLOW[kind]})
    procs = [subprocess.Popen([sys.executable, "-c", UPGRADER, url, str(folder)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(6)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert [r[2] for r in results] == [0] * 6, [r[1] for r in results]
    assert sorted(int(r[0]) for r in results) == [0, 0, 0, 0, 0, SHIPPED + 1]
    engine = open_engine(url)
    try:
        assert migrations.current_version(engine) == SHIPPED + 1
    finally:
        engine.close()


def test_a_database_made_before_migrations_upgrades_without_loss(tmp_path):
    """Today's SQLite file (tests/data/newsreader-before-migrations.sql, made by the code before
    this change) opened by the new code: adopted as version 1, every row as it was. (Only
    SQLite files were made before migrations.)"""
    path = tmp_path / "newsreader.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(BEFORE_MIGRATIONS.read_text())
    before = dump(path)
    db = Database(str(path))
    assert migrations.current_version(db.engine) == SHIPPED
    after = dump(path)
    assert after.pop("schema_migrations")[0] == (1, "articles_and_tracks")
    assert all(after.pop(new) == [] for new in set(after) - set(before))  # later tables start empty
    assert after == before
    assert [r["id"] for r in db.ready_articles(10, "roads")] == ["aaaaaaaaaaaaaaaa"]
    assert db.tracks("bbbbbbbbbbbbbbbb")[0]["error"] == "the speech engine died"
    assert db.delete_article("aaaaaaaaaaaaaaaa") == ["22222222222222222222222222222222"]  # 1111 is shared
    assert db.pending_article_ids() == ["bbbbbbbbbbbbbbbb"]
    assert db.insert_article("cccccccccccccccc", record("New"), [(-1, "5" * 32)])
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def dump(path: Path) -> dict:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
    if "schema_migrations" in out:
        out["schema_migrations"] = [row[:2] for row in out["schema_migrations"]]
    return out


@both_databases
def test_db_upgrade_command(url, database, tmp_path):
    env = dict(os.environ, NEWSREADER_DATA_DIR=str(tmp_path / "data"))
    if database is None:
        env["NEWSREADER_DATABASE_URL"] = url
    run = [sys.executable, "-m", "service.cli", "db", "upgrade"]
    first = subprocess.run(run, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == "applied 0001 articles_and_tracks"
    again = subprocess.run(run, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and again.stdout.strip().endswith(f"schema version {SHIPPED} (already up to date)")
    assert Database(url).list_articles(1, 0) == ([], 0)


@both_databases
def test_health_reports_the_kind(db):
    assert db.health() == {"kind": db.kind, "status": "ok"}


@only_postgresql
def test_health_reports_a_database_that_stopped_answering(db, url, postgres):
    """The server refuses the database's connections (as when it is down or its limit is
    reached): the check says error, with the server's reason, within its time limit."""
    assert db.health()["status"] == "ok"
    name = url.rsplit("/", 1)[1]
    postgres.admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    postgres.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
    health = db.health(timeout_s=2)
    assert health["kind"] == "postgresql" and health["status"] == "error"
    assert health["error"]
    postgres.admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')



@only_postgresql
def test_an_unreachable_database_answers_503_and_comes_back(tmp_path, database, postgres, monkeypatch):
    from service.storage import engines
    from tests.feed_helpers import make_app

    monkeypatch.setattr(engines, "POOL_WAIT_S", 1.0)
    app = make_app(tmp_path)
    client = app.test_client()
    try:
        assert client.get("/api/articles").status_code == 200
        name = database.rsplit("/", 1)[1]
        postgres.admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        postgres.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        for path in ("/api/articles", "/healthz"):
            resp = client.get(path)
            assert resp.status_code == 503 and resp.headers["Retry-After"] == "30", path
        assert client.get("/api/articles").get_json()["error"] == {
            "code": "database_unavailable", "message": "the article database cannot be reached; try again shortly"}
        assert client.get("/healthz").get_json()["database"]["status"] == "error"
        postgres.admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        back = time.monotonic()
        wait_until(lambda: client.get("/api/articles").status_code == 200, 30, "the pool to reconnect")
        assert time.monotonic() - back < engines.RECONNECT_S + 5  # not a doubling delay
        assert client.get("/healthz").get_json()["status"] == "ok"
    finally:
        app.extensions["newsreader"]["db"].close()


@only_postgresql
def test_a_restarted_server_costs_no_request_an_error(db, postgres, monkeypatch):
    """Pooled connections the restart cut are found by the idle check and replaced."""
    from service.storage import engines

    db.insert_article("a1", record("Before the restart"), [(-1, "w" * 32)])
    monkeypatch.setattr(engines, "IDLE_CHECK_S", 0.0)  # as if every pooled connection had sat idle
    postgres.restart()
    assert db.get_article("a1")["title"] == "Before the restart"
    assert db.health()["status"] == "ok"


@only_postgresql
def test_db_copy_moves_an_sqlite_file_into_postgresql(database, tmp_path):
    """`newsreader db copy`: every article with its id, time and track states, once."""
    path = tmp_path / "newsreader.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(BEFORE_MIGRATIONS.read_text())
    source = Database(str(path))
    env = dict(os.environ, NEWSREADER_DATA_DIR=str(tmp_path / "data"))  # NEWSREADER_DATABASE_URL: the target
    run = [sys.executable, "-m", "service.cli", "db", "copy", str(path)]
    first = subprocess.run(run, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith("2 articles added, 0 already there")
    target = Database(database)
    try:
        assert target.export_articles() == source.export_articles()
        assert target.list_articles(10, 0) == source.list_articles(10, 0)
        assert [r["id"] for r in target.ready_articles(10, "roads")] == ["aaaaaaaaaaaaaaaa"]
        assert target.tracks("bbbbbbbbbbbbbbbb") == source.tracks("bbbbbbbbbbbbbbbb")
        again = subprocess.run(run, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert again.stdout.strip().endswith("0 articles added, 2 already there")
        assert len(target.export_articles()) == 2
    finally:
        target.close()


def test_a_connection_waits_for_a_write_lock_held_elsewhere(tmp_path):
    # a second gunicorn worker booting while the first migrates: SQLite refused the journal-mode
    # change at once ("database is locked"), the worker failed to boot and the server stopped
    import threading

    from service.storage.engines import SqliteEngine

    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    outcome = {}

    def connect():
        started = time.monotonic()
        try:
            conn = SqliteEngine(str(path))._conn()
            outcome["mode"] = conn.execute("PRAGMA journal_mode").fetchone()["journal_mode"]
        except sqlite3.Error as exc:
            outcome["error"] = exc
        outcome["waited"] = time.monotonic() - started

    worker = threading.Thread(target=connect)
    worker.start()
    time.sleep(0.5)
    holder.execute("COMMIT")  # the other process's migration ends
    worker.join(10)
    assert "error" not in outcome, outcome
    assert outcome["mode"] == "wal" and outcome["waited"] >= 0.4
