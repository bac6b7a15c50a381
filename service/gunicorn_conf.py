"""gunicorn's settings module for `newsreader serve`: metrics that add up across workers.

prometheus_client's multiprocess mode (see service/metrics.py) needs three things from the
master: PROMETHEUS_MULTIPROC_DIR in the environment before any process first imports
prometheus_client, so it is set when gunicorn reads this module (before a worker forks, and
before an app loaded with --preload); an empty folder at start, or a previous run's counts would
be added in; and a dead worker's live gauges removed when gunicorn reaps it (`child_exit`), or a
killed worker's queued jobs would be counted for ever. Its counters stay: what it counted happened.

The folder is PROMETHEUS_MULTIPROC_DIR if set, else `<NEWSREADER_DATA_DIR>/metrics`; nothing
is set up when NEWSREADER_METRICS=0. gunicorn takes every public module-level name here as a
setting, hence the underscores.

Also: a stopping worker lets its queue of background renders go (`worker_exit`), so a restart
is not held up; what is left is resumed at the next start. And each worker reserves its metrics
files' disk space when it starts (`post_fork`): prometheus_client maps sparse files, and the
first write to a page of one on a full disk is a SIGBUS that kills the worker, then each
replacement as it boots, taking the whole service down instead of answering 507.
"""
from __future__ import annotations

import errno as _errno
import glob as _glob
import os as _os
import sys as _sys

from service.config import from_env as _from_env


def _multiproc_dir() -> str | None:
    settings = _from_env()
    if not settings["METRICS"]:
        return None
    return _os.environ.get("PROMETHEUS_MULTIPROC_DIR") or _os.path.join(settings["DATA_DIR"], "metrics")


_DIR = _multiproc_dir()
if _DIR:
    _os.environ["PROMETHEUS_MULTIPROC_DIR"] = _DIR
# prometheus_client's per-process files (<kind>_<pid>.db) for the metric kinds service/metrics.py
# defines, and room for far more series than its fixed label sets can make.
_METRIC_FILES = ("counter", "histogram", "gauge_livesum")
_METRIC_FILE_BYTES = 512 * 1024


def on_starting(server):
    """Start from an empty folder (only prometheus_client's *.db files are removed)."""
    if _DIR:
        _os.makedirs(_DIR, exist_ok=True)
        for path in _glob.glob(_os.path.join(_DIR, "*.db")):
            _os.remove(path)


def post_fork(server, worker):
    """In the new worker, before the app (and prometheus_client) is loaded: allocate its metrics
    files for real. Without room even for that, this worker counts in its own memory only (a
    scrape it answers shows only itself) rather than crash."""
    if not _DIR:
        return
    paths = [_os.path.join(_DIR, f"{kind}_{worker.pid}.db") for kind in _METRIC_FILES]
    try:
        for path in paths:
            fd = _os.open(path, _os.O_RDWR | _os.O_CREAT, 0o644)
            try:
                _os.posix_fallocate(fd, 0, _METRIC_FILE_BYTES)
            finally:
                _os.close(fd)
    except OSError as exc:
        if exc.errno not in (_errno.ENOSPC, _errno.EDQUOT):
            return  # cannot reserve here (no fallocate): the files work as they did
        for path in paths:
            if _os.path.exists(path):
                _os.remove(path)
        _os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        if "prometheus_client.values" in _sys.modules:  # imported before the fork (child_exit):
            from prometheus_client import values  # its value store was picked then; pick again

            values.ValueClass = values.get_value_class()
        server.log.warning("no room for worker %s's metrics files in %s: it counts in memory only",
                           worker.pid, _DIR)


def worker_exit(server, worker):
    """In the exiting worker, before Python waits for its threads: background renders stop after
    the track in hand (the rest stay pending, resumed at the next start; see service/jobs.py)."""
    from service.jobs import stop_background

    stop_background()


def child_exit(server, worker):
    """A worker is gone (exited, killed or replaced): drop its live gauges, keep its counts."""
    if _DIR:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid, _DIR)
