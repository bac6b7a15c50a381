"""A private PostgreSQL cluster from Debian's `postgresql` package, for tests and benches.

initdb and pg_ctl in a temporary folder, listening on 127.0.0.1 on a free port (and a Unix
socket in that folder, not the system's), trust authentication for its one superuser
(`newsreader`): nothing outside the folder is touched and nothing outside this machine can
reach it. PostgreSQL refuses to run as root, so as root (CI, these containers) it runs as the
`postgres` user the package creates. fsync is off unless asked for (bench/db_api.py does, to
compare with SQLite's synced commits): a test cluster is thrown away, and the machine's disk is
shared; everything else is the server's default. `create_database()` gives each test an empty
database of its own.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from tests.gunicorn_server import free_port

USER = "newsreader"


def bin_dir() -> str:
    """Debian keeps the server binaries per version under /usr/lib/postgresql/<version>/bin."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    if initdb:
        return os.path.dirname(os.path.realpath(initdb))
    raise RuntimeError("PostgreSQL's initdb is missing: bash .ci/install installs Debian's postgresql")


def _as_server_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@dataclass
class Cluster:
    host: str
    port: int
    folder: str

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{USER}@{self.host}:{self.port}/{dbname}"

    def admin(self, sql: str, params=()):
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            cur = conn.execute(sql, params)
            return cur.fetchall() if cur.description else None

    def create_database(self) -> str:
        """An empty database; returns its URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def restart(self) -> None:
        """Stop and start the server (fast: its connections are cut), as in a failover."""
        data, log = os.path.join(self.folder, "data"), os.path.join(self.folder, "server.log")
        subprocess.run(_as_server_user([f"{bin_dir()}/pg_ctl", "-D", data, "-l", log, "-m", "fast", "-w",
                                        "restart"]), check=True, capture_output=True)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def postgres_cluster(fsync: bool = False):
    binaries = bin_dir()
    folder = tempfile.mkdtemp(prefix="newsreader-pg-")  # /tmp: the server's user can reach it
    data, log = os.path.join(folder, "data"), os.path.join(folder, "server.log")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync={'on' if fsync else 'off'}"
    try:
        subprocess.run(_as_server_user([f"{binaries}/initdb", "-D", data, "-U", USER, "-A", "trust",
                                        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                       check=True, capture_output=True)
        started = subprocess.run(_as_server_user([f"{binaries}/pg_ctl", "-D", data, "-l", log, "-o", options,
                                                  "-w", "-t", "60", "start"]), capture_output=True, text=True)
        if started.returncode != 0:
            with open(log, encoding="utf-8", errors="replace") as f:
                raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{f.read()[-2000:]}")
        yield Cluster("127.0.0.1", port, folder)
    finally:
        subprocess.run(_as_server_user([f"{binaries}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"]),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
