"""Who polls the followed sources, and when: one background thread per server process, of which
only the holder of the database lease polls, so a deployment polls once however many workers
and machines it runs (`newsreader sources poll` from cron takes the same lease)."""
from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

from service.sources.poll import Poller
from service.storage.sources import SourceStore

LEASE = "sources-poll"
TICK_S = 60.0  # how often a thread looks for due sources
log = logging.getLogger(__name__)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def poll_once(db, config: dict, voices=None, on_added=None, holder: str | None = None,
              lease_s: float = 3 * TICK_S) -> list | None:
    """Poll the due sources if this holder gets the lease; None when another holds it. The
    lease outlives a crashed holder by at most `lease_s`."""
    store, holder = SourceStore(db), holder or holder_name()
    if not store.take_lease(LEASE, holder, lease_s):
        return None
    try:
        return Poller(db, config, voices, on_added).poll_due()
    finally:
        store.drop_lease(LEASE, holder)


def start(app) -> threading.Thread | None:
    """The server's polling thread (none when SOURCES_POLL_INTERVAL_S is 0)."""
    if not app.config["SOURCES_POLL_INTERVAL_S"]:
        return None
    parts, holder, stop = app.extensions["newsreader"], holder_name(), threading.Event()

    def loop():
        while not stop.wait(min(TICK_S, app.config["SOURCES_POLL_INTERVAL_S"])):
            try:
                with app.app_context():
                    from service.web.context import known_voices

                    submit = parts["jobs"].submit if app.config["PRERENDER"] else None
                    poll_once(parts["db"], app.config, known_voices(), submit, holder)
            except Exception:  # a bad poll must not end the thread: the next tick tries again
                log.exception("polling the followed sources failed")

    thread = threading.Thread(target=loop, name="sources-poll", daemon=True)
    thread.stop = stop
    thread.start()
    return thread
