"""The queue tests' servers and workers: redis-server, real gunicorn and `newsreader worker`
processes sharing one database and audio folder, as separate machines would share the
database server and the audio store.

`database_url` is the one place the tests name their database (SQLite in the shared folder for
now; a PostgreSQL URL there runs the same tests on PostgreSQL). Each worker runs in a session
of its own, so a test can SIGKILL one and the teardown can reach everything it started.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from service.storage.cache import RENDER_LOG
from tests.gunicorn_server import ROOT, wait_until
from tests.processes import alive, group
from tests.redis_server import redis_server

HEARTBEAT = 1  # seconds: a killed worker is found dead after 3 and its job retried at once


@pytest.fixture
def database_url(tmp_path, database) -> str:
    """The test's database (conftest's `database`): a PostgreSQL database of its own when the
    test is parametrized so, else the SQLite file every process of the test shares."""
    return database or f"sqlite:///{tmp_path / 'data' / 'newsreader.db'}"


@pytest.fixture
def queue_env(tmp_path, database_url):
    """NEWSREADER_* settings every process of a test shares, with a redis-server of its own."""
    with redis_server(tmp_path) as url:
        yield {"NEWSREADER_QUEUE_URL": url, "NEWSREADER_DATABASE_URL": database_url,
               "NEWSREADER_WORKER_HEARTBEAT": str(HEARTBEAT), "NEWSREADER_WRITE_LIMIT": "off"}


def worker_env(folder: Path, env: dict) -> dict:
    outer = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    return dict(outer, NEWSREADER_DATA_DIR=str(folder / "data"), NEWSREADER_AUDIO_CACHE=str(folder / "audio"), **env)


def start_worker(folder: Path, env: dict, name: str, *args: str) -> subprocess.Popen:
    """`newsreader worker` logging to folder/<name>.log."""
    with open(folder / f"{name}.log", "w") as log:
        return subprocess.Popen([sys.executable, "-m", "service.cli", "worker", "--name", name, *args],
                                env=worker_env(folder, env), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)


def stop_worker(proc: subprocess.Popen) -> None:
    """SIGTERM (RQ's warm shutdown), then SIGKILL for whatever is left of its session."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
    for pid in group(proc.pid):
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    proc.wait(timeout=10)


@contextmanager
def workers(folder: Path, env: dict, base: str, count: int):
    """`count` workers, named worker-1..., once /healthz at `base` counts them all live."""
    procs = [start_worker(folder, env, f"worker-{n}") for n in range(1, count + 1)]
    try:
        wait_until(lambda: requests.get(f"{base}/healthz", timeout=5).json()["queue"]["workers"] == count,
                   30, f"{count} live workers (see {folder}/worker-*.log)")
        yield procs
    finally:
        for proc in procs:
            stop_worker(proc)


def render_lines(folder: Path) -> list[dict]:
    """The audio folder's render log: a line per file written ({"key", "pid", ...})."""
    path = folder / "audio" / RENDER_LOG
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
