"""`newsreader serve` (real gunicorn, 2 workers unless asked) on 127.0.0.1 for tests that need real HTTP
clients, and a poll-until helper. A context manager, so a module or session fixture can share
one server: starting it and synthesizing audio are the slow parts. `gunicorn_process` yields the
running server itself (its master process too), for tests that stop, kill or restart it."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, seconds: float, what: str):
    """check()'s first truthy result; request errors count as 'not yet'."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except requests.RequestException:  # not listening yet, or busy starting
            pass
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@dataclass
class Server:
    base: str
    proc: subprocess.Popen  # the gunicorn master (`newsreader serve` execs it)


@contextmanager
def gunicorn(folder: Path, workers: int = 2, **env):
    """Yields the base URL of a server keeping its database and audio cache under `folder`
    (and its metrics files, in folder/data/metrics); `env` adds NEWSREADER_* settings."""
    with gunicorn_process(folder, workers, **env) as server:
        yield server.base
        # nobody stops this server but us: one that is gone already died under its tests, and
        # its log (which goes with the temporary folder) is the only account of why
        if server.proc.poll() is not None:
            pytest.fail(f"the server exited ({server.proc.returncode}) before its tests ended; "
                        f"its log ends:\n{(folder / 'server.log').read_text(errors='replace')[-6000:]}")


@contextmanager
def gunicorn_process(folder: Path, workers: int = 2, own_group: bool = False, **env):
    """`gunicorn` yielding a Server. With own_group the server and every process it starts form
    a process group of their own (os.killpg(server.proc.pid, ...) reaches them all). Stopping
    is skipped if the test has already stopped it."""
    port = free_port()
    outer = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}  # never shared
    full_env = dict(outer, NEWSREADER_DATA_DIR=str(folder / "data"),
                    NEWSREADER_AUDIO_CACHE=str(folder / "audio"), **env)
    with open(folder / "server.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1",
                                 "--port", str(port), "--workers", str(workers)],
                                env=full_env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=own_group)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until(lambda: requests.get(f"{base}/healthz", timeout=1).ok, 20,
                       f"the server to start (see {folder / 'server.log'})")
            yield Server(base, proc)
        except BaseException:
            # the server's side of a failure (a worker killed, a traceback) is only in its log,
            # which goes with the test's temporary folder: print it into the failure's report
            log.flush()
            print((folder / "server.log").read_text(errors="replace")[-6000:])
            raise
        finally:
            proc.terminate()
            proc.wait(timeout=30)
