"""Render jobs on a Redis queue (RQ): web workers enqueue, `newsreader worker` processes render.

With NEWSREADER_QUEUE_URL=redis://... a web worker never synthesizes: adding an article enqueues
one job per audio file, and a listener asking for a file not rendered yet enqueues it if needed
and waits (at most QUEUE_WAIT_S) for a worker to finish it, then gets `503` with `Retry-After`
(not `202`: a 503 with Retry-After tells any HTTP client "come back then", while a 202 is a
success whose JSON body a player fetching an .mp3 would take for the audio). Workers run
service/render_worker.py.

Why RQ (not Dramatiq or Celery): its worker is a plain loop over Redis lists we can subclass,
which lets a job run in the worker process itself (rq's SimpleWorker), so the worker keeps its
synthesis pool and its fresh-engine-per-job fork (service/speech/engine.py) from job to job.
RQ's default fork per job, Celery's prefork pool and Dramatiq's forked worker processes would
each start a new synthesis process (~0.25 s) per job or leave eSpeak in a process that forks.
It also gives what the issue asks without home-made parts: priority by queue order (a worker
pops from the sections queue before the whole-articles queue), deterministic job ids with an
atomic unique enqueue (one job per cache key at a time), time limits, retries, and the registry
of started jobs whose worker stopped sending heartbeats (retried, then failed).

A job is one cache key, its id `render-<key>`. Its state stays in the database (pending, ready,
failed); RQ only carries the work. A job whose own render fails (the engine crashed, a full
disk) records `failed` and ends as a finished job, not retried, as in-process: the same text
would fail again. A job whose worker died, or that overran its time limit, is retried twice,
then failed (render_worker.job_failed records it). A failed track asked for again is requeued.
"""
from __future__ import annotations

import time
from datetime import datetime, timezone

from service.jobs import AudioJobs
from service.speech.engine import EngineUnavailable
from service.speech.tracks import WHOLE

SECTIONS, ARTICLES = "newsreader-sections", "newsreader-articles"
PRIORITY = (SECTIONS, ARTICLES)  # a worker pops from these in this order
RETRIES = 2  # after a worker died or a time limit: then failed
JOB_FUNC = "service.render_worker.render_job"
FAILED_FUNC = "service.render_worker.job_failed"
FAILED_TTL = 24 * 3600  # a failed job is kept (for a look with `rq info`) until requeued or this
LIVE = {"queued", "started", "deferred", "scheduled"}
POLL_S = 0.1


class AudioPending(RuntimeError):
    """A worker has not rendered the file within the wait: 503, retry after `retry_after` s."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def job_id(key: str) -> str:
    return f"render-{key}"


def job_timeout(config: dict) -> int:
    """A job's time limit: NEWSREADER_JOB_TIMEOUT, else room for three synthesis jobs (a whole
    article may speak its title and sections missing from the cache)."""
    return int(config["JOB_TIMEOUT_S"] or 3 * config["SYNTH_TIMEOUT_S"])


def job_class():
    """RQ's Job, but reading a job's executions skips those whose record expired.

    RQ 3.0 keeps an execution's id in the job's execution registry 60 s longer than the record
    itself, and reading the record then raises ValueError: a job retried within that minute of
    its worker's death (as it is here, with short heartbeats) could not be finished or deleted.
    """
    from rq.executions import Execution, ExecutionRegistry
    from rq.job import Job

    class LiveExecutions(ExecutionRegistry):
        def get_executions(self, start: int = 0, end: int = -1) -> list:
            found = []
            for execution_id in self.get_execution_ids(start, end):
                try:
                    found.append(Execution.fetch(id=execution_id, job_id=self.job_id, connection=self.connection))
                except ValueError:  # expired with its worker: forget it
                    self.connection.zrem(self.key, execution_id)
            return found

    class RenderJob(Job):
        @property
        def execution_registry(self) -> ExecutionRegistry:
            return LiveExecutions(self.id, connection=self.connection)

    global _job_class
    _job_class = _job_class or RenderJob
    return _job_class


_job_class = None


def connect(url: str):
    from redis import Redis

    return Redis.from_url(url, socket_connect_timeout=5, health_check_interval=30)


class RenderQueue:
    """The Redis side both web and worker processes use: enqueue a key once, look at its job."""

    def __init__(self, url: str, timeout_s: int):
        self.url, self.timeout_s = url, timeout_s
        self._redis = None

    @property
    def redis(self):
        if self._redis is None:  # made on first use: after gunicorn forks
            self._redis = connect(self.url)
        return self._redis

    def queue(self, name: str):
        from rq import Queue

        return Queue(name, connection=self.redis, default_timeout=self.timeout_s, job_class=job_class())

    def enqueue(self, key: str, index: int) -> str:
        """Make sure a job will render `key` (a section before any whole article); returns its
        status: "queued" for a new or requeued job, else the status of the one already there."""
        from rq import Callback, Retry
        from rq.exceptions import DuplicateJobError, InvalidJobOperation, NoSuchJobError

        queue = self.queue(ARTICLES if index == WHOLE else SECTIONS)
        for _ in range(3):  # a job ending between our looks: look again
            try:
                queue.enqueue_call(JOB_FUNC, args=(key,), job_id=job_id(key), unique=True,
                                   timeout=self.timeout_s, result_ttl=0, failure_ttl=FAILED_TTL,
                                   retry=Retry(max=RETRIES), on_failure=Callback(FAILED_FUNC),
                                   description=f"render {key}")
                return "queued"
            except DuplicateJobError:
                pass
            try:
                job = self.job(key)
                status = getattr(job.get_status(refresh=False), "value", None) if job else None
                if status is None or status in LIVE:
                    return status or "gone"
                if status == "failed":  # asked for again: try it again (ZREM: one requeuer wins)
                    job.retries_left = RETRIES
                    job.requeue()
                    return "queued"
                job.delete()  # finished (kept by mistake), stopped or canceled: a fresh job
            except (NoSuchJobError, InvalidJobOperation):
                continue
        return "gone"

    def job(self, key: str):
        from rq.exceptions import NoSuchJobError

        try:
            return job_class().fetch(job_id(key), connection=self.redis)
        except NoSuchJobError:
            return None

    def status(self, key: str) -> str | None:
        """The job's status, None once it is gone (rendered jobs are deleted at once)."""
        raw = self.redis.hget(f"rq:job:{job_id(key)}", "status")
        return raw.decode() if raw else None

    def workers(self, lost_after_s: float) -> list:
        """RQ workers on these queues that sent a heartbeat within `lost_after_s`."""
        from rq import Worker

        cutoff = datetime.now(timezone.utc).timestamp() - lost_after_s
        found = {}
        for name in PRIORITY:
            for worker in Worker.all(queue=self.queue(name)):
                beat = worker.last_heartbeat
                if beat is not None and beat.replace(tzinfo=beat.tzinfo or timezone.utc).timestamp() >= cutoff:
                    found[worker.name] = worker
        return list(found.values())

    def lengths(self) -> dict[str, int]:
        return {name: self.queue(name).count for name in PRIORITY}


class QueuedAudioJobs(AudioJobs):
    """AudioJobs whose rendering happens in `newsreader worker` processes."""

    def __init__(self, db, cache, config: dict):
        super().__init__(db, cache)
        self.queue = RenderQueue(config["QUEUE_URL"], job_timeout(config))
        self.wait_s = float(config["QUEUE_WAIT_S"])
        self.lost_after_s = 3 * int(config["WORKER_HEARTBEAT_S"])

    def submit(self, article_id: str) -> None:
        """Queue every file of the article that is not ready (sections, then the whole)."""
        for index, track in sorted(self.db.tracks(article_id).items(), key=lambda kv: kv[0] == WHOLE):
            if track["state"] != "ready" or not self.cache.exists(track["key"]):
                self.queue.enqueue(track["key"], index)

    def prestart_engine(self) -> None:
        """Nothing: web workers do not synthesize (the voices list starts an engine when asked)."""

    def render_key(self, key: str) -> bool:
        """Enqueue the key if no job has it, and wait for a worker to render it. False if no
        article owns the key; AudioPending past the wait; EngineUnavailable if its render failed."""
        owner = self.db.track_owner(key)
        if owner is None:
            return False
        self.queue.enqueue(key, owner["idx"])
        deadline = time.monotonic() + self.wait_s
        while self.queue.status(key) in LIVE:
            if time.monotonic() >= deadline:
                raise AudioPending("the audio is being rendered; ask again in a few seconds", 5)
            time.sleep(POLL_S)
        if not self.cache.has(key):
            track = self.db.tracks(owner["article_id"]).get(owner["idx"])
            reason = track["error"] if track is not None and track["state"] == "failed" else None
            raise EngineUnavailable(reason or "the audio could not be rendered")
        return True

    def health(self) -> dict:
        """Redis reachable, and how many workers sent a heartbeat lately."""
        try:
            self.queue.redis.ping()
            return {"redis": "ok", "workers": len(self.queue.workers(self.lost_after_s)),
                    "queued": self.queue.lengths()}
        except Exception as exc:  # redis.RedisError, OSError: reported, not raised
            return {"redis": f"unreachable: {exc}", "workers": None}


def queue_health(jobs) -> dict | None:
    """/healthz's queue part: None without a queue (rendering in the web workers)."""
    return jobs.health() if isinstance(jobs, QueuedAudioJobs) else None
