"""Shared fixtures: a throwaway app per test (its own database and audio cache), the shared
fixture articles, and helpers to decode real audio."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

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


@pytest.fixture
def app(tmp_path):
    from service import create_app

    return create_app({
        "TESTING": True,
        "DATA_DIR": str(tmp_path / "data"),
        "AUDIO_CACHE": str(tmp_path / "audio"),
        "PRERENDER": False,  # tests render on demand, so they see every synthesis
        "MAX_CONTENT_LENGTH": 512 * 1024,
    })


@pytest.fixture
def client(app):
    return app.test_client()
