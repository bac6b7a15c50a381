"""Shared fixtures: a throwaway app per test (its own database and audio cache), the shared
fixture articles, and helpers to decode real audio.

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
