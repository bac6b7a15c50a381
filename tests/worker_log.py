"""Which gunicorn worker answered each request: the tests that show state is shared across
workers (CSRF signing key, rate-limit counts) need proof that more than one worker took part.

`gunicorn(folder, **WORKER_LOG)` makes the access log (in folder/server.log) one line per
request, `<pid> METHOD /path STATUS`; `answers(folder, n)` waits until n such lines are there
(gunicorn logs a request just after sending its response) and returns them in order.
"""
from __future__ import annotations

import re
from pathlib import Path

from tests.gunicorn_server import wait_until

WORKER_LOG = {"GUNICORN_CMD_ARGS": "--access-logformat '%(p)s %(m)s %(U)s %(s)s'"}
LINE = re.compile(r"^<(\d+)> ([A-Z]+) (\S+) (\d{3})$", re.M)


def answers(folder: Path, count: int, path: str) -> list[tuple[int, str, int]]:
    """The first `count` logged (pid, method, status) of requests for `path`."""
    def logged():
        found = [(int(pid), method, int(status))
                 for pid, method, logged_path, status in LINE.findall((folder / "server.log").read_text())
                 if logged_path == path]
        return found[:count] if len(found) >= count else None
    return wait_until(logged, 20, f"{count} logged requests in {folder / 'server.log'}")
