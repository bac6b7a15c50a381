"""The database under real conditions, on both engines where both apply:

- real gunicorn, 4 workers starting at once on an empty database (each upgrades the schema as
  it starts), then posts from 8 client threads while every worker's background renders write
  track states: every article stored once, a duplicate posted from many threads stored once,
  no state update lost, the schema recorded once;
- PostgreSQL whose tablespace (a small tmpfs) fills up: 507 `storage_full` with nothing
  stored, the stored articles still readable, and writes working again once space returns.
"""
from __future__ import annotations

import os
import random
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from service.storage import migrations
from service.storage.engines import open_engine, sqlite_url
from tests.databases import both_databases
from tests.feed_helpers import make_app
from tests.gunicorn_server import gunicorn, wait_until
from tests.test_faults import NO_WRITE_LIMIT, all_listed, all_ready, fill, post, short_text, tmpfs

ARTICLES = 24


def schema_rows(url: str) -> list[dict]:
    engine = open_engine(url)
    try:
        with engine.connection() as conn:
            return conn.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    finally:
        engine.close()


@both_databases
def test_workers_starting_and_writing_at_once_lose_nothing(tmp_path, database):
    with gunicorn(tmp_path, workers=4, NEWSREADER_PRERENDER="1", **NO_WRITE_LIMIT) as base:
        health = requests.get(f"{base}/healthz", timeout=10).json()
        assert health["database"] == {"kind": "postgresql" if database else "sqlite", "status": "ok"}
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda n: requests.post(
                f"{base}/api/articles", json={"text": short_text(n), "rate": 450}, timeout=120), range(ARTICLES)))
        assert [a.status_code for a in answers] == [201] * ARTICLES, [a.text for a in answers if a.status_code != 201]
        ids = [a.json()["id"] for a in answers]
        assert len(set(ids)) == ARTICLES
        assert sorted(all_listed(base, per_page=5)) == sorted(ids)

        same = short_text(1000)
        with ThreadPoolExecutor(8) as pool:
            dupes = list(pool.map(lambda _: requests.post(
                f"{base}/api/articles", json={"text": same, "rate": 450}, timeout=120), range(8)))
        assert sorted(d.status_code for d in dupes) == [200] * 7 + [201]
        assert len({d.json()["id"] for d in dupes}) == 1
        assert requests.get(f"{base}/api/articles", timeout=30).json()["total"] == ARTICLES + 1

        for article_id in ids:  # every background state update recorded
            wait_until(lambda: all_ready(base, article_id), 240, f"the audio of {article_id}")
    url = database or sqlite_url(str(tmp_path / "data" / "newsreader.db"))
    shipped = migrations.available("postgresql" if database else "sqlite")
    assert [(r["version"], r["name"]) for r in schema_rows(url)] == [(m.version, m.name) for m in shipped]


@pytest.fixture
def small_tablespace(postgres):
    """An empty database whose tables live on a 16 MiB tmpfs (the write-ahead log stays in the
    cluster's folder, as when a data volume fills up); yields (url, the tmpfs folder)."""
    folder = Path(tempfile.mkdtemp(prefix="newsreader-pg-space-"))  # /tmp: the server's user reaches it
    folder.chmod(0o755)
    with tmpfs(folder, "16m"):  # room for the copy of template1 (~8 MiB)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        name = folder.name.replace("-", "_")
        postgres.admin(f"CREATE TABLESPACE {name} LOCATION '{folder}'")
        postgres.admin(f'CREATE DATABASE "{name}" TABLESPACE {name}')
        try:
            yield postgres.url(name), folder
        finally:
            postgres.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            postgres.admin(f"DROP TABLESPACE IF EXISTS {name}")
    folder.rmdir()


def incompressible_article(seed: int) -> str:
    """~200 kB that PostgreSQL's TOAST compression cannot shrink into the pages it has."""
    rng = random.Random(seed)
    words = ["".join(rng.choice("bcdfghjklmnpqrstvwz") for _ in range(6)) for _ in range(30_000)]
    return "Harbour ledger in full\n\nBy A. Writer\n\n" + " ".join(words).capitalize() + "."


def test_a_full_postgresql_disk_answers_507_and_stores_nothing_half(tmp_path, small_tablespace):
    url, folder = small_tablespace
    app = make_app(tmp_path, DATABASE_URL=url, WRITE_LIMIT="off")
    client = app.test_client()
    try:
        stored = [client.post("/api/articles", json={"text": short_text(n), "rate": 450}).get_json() for n in range(3)]
        filler = fill(folder)
        big = {"text": incompressible_article(1), "rate": 450}
        answer = client.post("/api/articles", json=big)
        assert answer.status_code == 507, answer.get_data(as_text=True)
        error = answer.get_json()["error"]
        assert error["code"] == "storage_full" and "article database is full" in error["message"]
        listing = client.get("/api/articles?per_page=100").get_json()
        assert sorted(a["id"] for a in listing["articles"]) == sorted(a["id"] for a in stored)
        for article in stored:
            assert client.get(f"/api/articles/{article['id']}").get_json()["title"] == article["title"]
        assert client.get("/healthz").status_code == 200  # reading still works: the server is up

        filler.unlink()  # space returns
        again = client.post("/api/articles", json=big)
        assert again.status_code == 201, again.get_data(as_text=True)  # created: the 507 left nothing
        assert client.get("/api/articles").get_json()["total"] == 4
        assert len(again.get_json()["sections"]) >= 1
    finally:
        app.extensions["newsreader"]["db"].close()
