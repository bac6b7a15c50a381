"""Debian's redis-server for the tests that need one: on 127.0.0.1, a free port, nothing kept on
disk, stopped afterwards. A context manager (so one fixture or a bench can share a server)."""
from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import redis

from tests.gunicorn_server import free_port, wait_until


@contextmanager
def redis_server(folder: Path):
    """Yields the server's URL (database 0)."""
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: bash .ci/install installs it"
    port = free_port()
    proc = subprocess.Popen([server, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                             "--appendonly", "no", "--dir", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: _ping(port), 10, "redis-server to answer")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _ping(port: int) -> bool:
    try:
        return redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping()
    except redis.RedisError:
        return False
