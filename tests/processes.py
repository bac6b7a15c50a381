"""The server's process tree, read from /proc: the fault tests kill one process of it (a speech
engine, a job's child) and check which others survived.

gunicorn master -> gunicorn workers -> synthesis workers (multiprocessing spawn: their command
line runs `spawn_main`; the same worker may also start multiprocessing's resource tracker) ->
one short-lived child per synthesis job. Reading /proc needs no package (no psutil, no `ps`)
and works wherever the service runs: Linux.
"""
from __future__ import annotations

import os
from pathlib import Path


def _stat(pid: int) -> list[str] | None:
    """/proc/<pid>/stat after "pid (comm)": [state, ppid, pgrp, ...]; None once gone. comm may
    hold spaces and brackets, hence the split after the last ')'."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _live() -> dict[int, list[str]]:
    stats = {int(e): _stat(int(e)) for e in os.listdir("/proc") if e.isdigit()}
    return {pid: st for pid, st in stats.items() if st is not None and st[0] != "Z"}


def alive(pid: int) -> bool:
    """Running: not gone and not a zombie waiting to be reaped."""
    st = _stat(pid)
    return st is not None and st[0] != "Z"


def children(pid: int) -> list[int]:
    return sorted(p for p, st in _live().items() if int(st[1]) == pid)


def group(pgid: int) -> list[int]:
    """Live processes of a process group (a server started with a group of its own)."""
    return sorted(p for p, st in _live().items() if int(st[2]) == pgid)


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def synthesis_workers(web_worker: int) -> list[int]:
    """A gunicorn worker's speech engine processes (not the resource tracker)."""
    return [p for p in children(web_worker) if "spawn_main" in command_line(p)]
