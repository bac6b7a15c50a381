"""Shared fixtures: a throwaway app per test (its own database and audio cache), the shared
fixture articles, and helpers to decode real audio.

The database: SQLite under the test's folder unless a module runs on both engines
(`pytestmark = both_databases`, from tests/databases.py): its tests run once on SQLite and once
on an empty PostgreSQL database of their own, in one private cluster per session, chosen the
way a deployment chooses it, by NEWSREADER_DATABASE_URL (gunicorn started by a test inherits it).

The app keeps its audio in files unless a module overrides `store_config`; a module whose
tests must hold for every audio store runs each on both with

    @pytest.fixture
    def store_config(any_store):
        return any_store
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.s3_server import s3_bucket, s3_endpoint  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"  # copies of ../shared/fixtures


def fixture_text(name: str) -> str:
    path = FIXTURES / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing from the repository")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def upi_html() -> str:
    return fixture_text("upi-syria-airstrike.html")


@pytest.fixture(scope="session")
def upi_text() -> str:
    return fixture_text("upi-syria-airstrike.txt")


@pytest.fixture(scope="session")
def upi_expected() -> dict:
    return json.loads(fixture_text("upi-syria-airstrike.expected.json"))


@pytest.fixture(params=["files", "s3"])
def any_store(request) -> dict:
    """The settings of each audio store in turn: files under AUDIO_CACHE, then a fresh bucket
    on moto's S3 server (tests/s3_server.py)."""
    if request.param == "files":
        return {}
    return {"AUDIO_STORE": f"s3://{request.getfixturevalue('s3_bucket')}/audio"}


@pytest.fixture
def store_config() -> dict:
    return {}  # files under AUDIO_CACHE


@pytest.fixture
def app(tmp_path, store_config):
    from service import create_app

    return create_app({
        "TESTING": True,
        "DATA_DIR": str(tmp_path / "data"),
        "AUDIO_CACHE": str(tmp_path / "audio"),
        "PRERENDER": False,  # tests render on demand, so they see every synthesis
        "MAX_CONTENT_LENGTH": 512 * 1024,
        **store_config,
    })


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def postgres():
    """One private PostgreSQL cluster for the session (tests/postgres_server.py)."""
    from tests.postgres_server import postgres_cluster

    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture(autouse=True)
def database(request, monkeypatch):
    """"sqlite" (the default) or "postgresql" when parametrized; yields the database URL, or
    None for the SQLite file under DATA_DIR."""
    kind = getattr(request, "param", "sqlite")
    if kind == "sqlite":
        monkeypatch.delenv("NEWSREADER_DATABASE_URL", raising=False)
        yield None
        return
    from service.storage.engines import close_pools

    cluster = request.getfixturevalue("postgres")
    url = cluster.create_database()
    monkeypatch.setenv("NEWSREADER_DATABASE_URL", url)
    yield url
    close_pools()  # this process's pools: the test's apps are done with them
    cluster.drop_database(url)
