"""`newsreader worker`: a process that renders audio files from the Redis queue.

Run any number, on any machine that reaches Redis, the database and the audio store. Each is
one process running rq's SimpleWorker loop, so a job runs in the worker itself: the worker keeps
one synthesis pool (service/speech/engine.py: a spawned process that loaded eSpeak NG but never
started it, forking a fresh engine per synthesis) from job to job, instead of a new one per job.
It takes its parts from create_app (the database and audio store the web uses, whatever engines
the configuration picks) and renders through AudioJobs and the Renderer, writing through the
AudioCache interface, exactly as a web worker renders without a queue.

Liveness: RQ's SimpleWorker sends no heartbeat while a job runs and gives the job's entry in the
started-jobs registry a life of its time limit plus 60 s, so a worker killed mid-job would leave
its job unnoticed for minutes. Here a thread beats while the job runs (every WORKER_HEARTBEAT
seconds, as RQ's forking Worker does from its parent), an entry lives three beats, and every
idle worker runs RQ's maintenance each beat: a job whose worker fell silent is retried there
(Retry: twice) or failed, and `job_failed` records the failure in the database.
At start a worker also enqueues every track not ready (a unique enqueue: a job already there
is left alone), so none is lost if Redis lost its data or a worker died between popping a job
and registering it.
"""
from __future__ import annotations

import logging
import os
import secrets
import socket
import threading

from rq.worker import SimpleWorker, WorkerStatus

from service.jobs import AudioJobs
from service.render_queue import PRIORITY, job_class
from service.speech.engine import EngineUnavailable, get_pool
from service.storage.space import StorageFull

log = logging.getLogger(__name__)
_parts: dict | None = None  # this worker's database, audio store and in-process renderer


def parts() -> dict:
    """db, cache, jobs (renders here) and queued (enqueues), made once per process."""
    global _parts
    if _parts is None:
        from service import create_app

        app = create_app({"PRERENDER": False})
        made = app.extensions["newsreader"]
        _parts = {"db": made["db"], "cache": made["cache"], "queued": made["jobs"],
                  "jobs": AudioJobs(made["db"], made["cache"]), "config": app.config}
    return _parts


def render_job(key: str) -> str:
    """The job: render one cache key. Its own failures are the track's state (`failed`, set by
    AudioJobs), not a failed job: retrying the same text would fail the same way."""
    try:
        rendered = parts()["jobs"].render_key(key)
    except (EngineUnavailable, StorageFull) as exc:
        log.warning("audio %s failed: %s", key, exc)
        return f"failed: {exc}"
    return "rendered" if rendered else "no article owns it"


def job_failed(job, connection, exc_type, exc, traceback) -> None:
    """RQ's failure callback: after a time limit, an abandoned job (its worker died) or an
    unexpected error. Retried while it has retries; after the last the track is `failed`,
    unless its file was written (RQ failed the job after the render: the track is ready)."""
    key = job.args[0]
    if job.retries_left or parts()["cache"].has(key):  # to be tried again, or failed after the file was made
        return
    reason = f"{exc_type.__name__}: {exc}" if exc_type else "render job failed"
    parts()["db"].set_track_state(key, "failed", error=f"render job failed ({reason})")


class RenderWorker(SimpleWorker):
    """SimpleWorker with heartbeats while a job runs and a started job's entry living three."""

    heartbeat_s = 10

    def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
        return 3 * self.heartbeat_s

    def execute_job(self, job, queue):
        execution = self.prepare_execution(job)
        done = threading.Event()
        beat = threading.Thread(target=self._beat, args=(job, execution, done), name="rq-heartbeat", daemon=True)
        beat.start()
        try:
            self.perform_job(job, queue, execution)
        finally:
            done.set()
            beat.join()
        self.set_state(WorkerStatus.IDLE)

    def _beat(self, job, execution, done: threading.Event) -> None:
        while not done.wait(self.heartbeat_s):
            try:
                self.maintain_heartbeats(job, execution)
            except Exception:  # Redis away for a moment: the next beat tries again
                log.exception("heartbeat for job %s failed", job.id)


def default_name() -> str:
    """host.pid plus a random part: a worker restarted in a container (pid 1 again) must not
    take the name its killed predecessor still holds in Redis (RQ refuses a live name)."""
    return f"{socket.gethostname()}.{os.getpid()}.{secrets.token_hex(3)}"


def make_worker(config: dict, name: str | None = None) -> RenderWorker:
    from service.render_queue import connect

    beat = max(1, int(config["WORKER_HEARTBEAT_S"]))
    queued = parts()["queued"]
    worker = RenderWorker([queued.queue.queue(n) for n in PRIORITY], connection=connect(config["QUEUE_URL"]),
                          name=name or default_name(), job_class=job_class(),
                          worker_ttl=beat + 15,  # RQ blocks on Redis for ttl - 15 s between beats when idle
                          maintenance_interval=beat, job_monitoring_interval=beat)
    worker.heartbeat_s = beat
    return worker


def run(burst: bool = False, name: str | None = None) -> int:
    """The `newsreader worker` command: work until stopped (SIGTERM: after the job in hand),
    or with `burst` until the queues are empty."""
    config = parts()["config"]
    if not config["QUEUE_URL"]:
        raise SystemExit("newsreader worker: set NEWSREADER_QUEUE_URL=redis://host:6379/0")
    worker = make_worker(config, name)
    get_pool().prestart()  # the synthesis process starts now, not on the first job
    db, queued = parts()["db"], parts()["queued"]
    for article_id in db.pending_article_ids():
        queued.submit(article_id)
    try:
        worker.work(burst=burst, logging_level="INFO")
    finally:
        get_pool().close()
    return 0
