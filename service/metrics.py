"""Prometheus metrics: what the service counts, and the exposition text a scraper reads.

Under gunicorn every worker is its own process, so one process's registry would show only what
the worker answering the scrape happened to see. With PROMETHEUS_MULTIPROC_DIR set (gunicorn_conf
sets it in the master, before any worker exists) prometheus_client keeps each process's values in
memory-mapped files in that folder and `exposition()` merges them: counters and histograms over
every worker that ever ran (a dead worker's counts still happened), the queue gauge over live
workers only. Without it (the Flask test client, `flask run`) the process's own registry is read.

The stages call the small functions below, so speech and storage need no Flask and no server.
Every label takes its value from a small fixed set (the Flask rule, not the path), so hostile
requests cannot grow the number of series.
"""
from __future__ import annotations

import os

# prometheus_client picks its value store once, when first imported: decide the same way here.
MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None
if MULTIPROC_DIR:
    os.makedirs(MULTIPROC_DIR, exist_ok=True)  # must exist before the first value is made

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

# The classic text format generate_latest writes (prometheus_client's CONTENT_TYPE_LATEST now names 1.0.0).
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"  # the endpoint label of a request no route matched (404, 405)

HTTP_REQUESTS = Counter("newsreader_http_requests_total", "HTTP requests answered",
                        ["method", "endpoint", "status"])
HTTP_SECONDS = Histogram("newsreader_http_request_duration_seconds",
                         "Time to produce an HTTP response (streaming a file not included)",
                         ["method", "endpoint"],
                         buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120))
SYNTHESES = Counter("newsreader_syntheses_total", "Audio files rendered (one per file written)", ["kind"])
CACHE_HITS = Counter("newsreader_audio_cache_hits_total", "Audio files served as they were in the cache")
CACHE_MISSES = Counter("newsreader_audio_cache_misses_total", "Audio files that had to be rendered first")
SYNTHESIS_SECONDS = Histogram("newsreader_synthesis_job_duration_seconds",
                              "Speech engine jobs, from handing the text to a synthesis process to its answer",
                              ["outcome"],
                              buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120))
RENDER_QUEUE = Gauge("newsreader_render_queue_length", "Background render jobs queued or running",
                     multiprocess_mode="livesum")


def request_done(method: str, endpoint: str | None, status: int, seconds: float | None) -> None:
    method = method if method in METHODS else "other"
    endpoint = endpoint or UNMATCHED
    HTTP_REQUESTS.labels(method, endpoint, str(status)).inc()
    if seconds is not None:
        HTTP_SECONDS.labels(method, endpoint).observe(seconds)


def synthesis_done(kind: str) -> None:
    """A file was rendered and written; kind is "section" or "article" (the whole article)."""
    SYNTHESES.labels(kind).inc()


def audio_served(rendered_first: bool) -> None:
    (CACHE_MISSES if rendered_first else CACHE_HITS).inc()


def synthesis_job(seconds: float, outcome: str) -> None:
    """One engine job; outcome is "ok", "timeout" or "error"."""
    SYNTHESIS_SECONDS.labels(outcome).observe(seconds)


def render_queued() -> None:
    RENDER_QUEUE.inc()


def render_finished() -> None:
    RENDER_QUEUE.dec()


def exposition() -> tuple[bytes, str]:
    """The text format over every worker (multiprocess mode) or this process; and its type."""
    if MULTIPROC_DIR:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, MULTIPROC_DIR)
    else:
        registry = REGISTRY
    return generate_latest(registry), CONTENT_TYPE
