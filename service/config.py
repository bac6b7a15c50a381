"""Settings from NEWSREADER_* environment variables, with embedded defaults.

Every setting has a default that works on a fresh machine: SQLite under ./data, audio under
./audio_cache (S3 only when NEWSREADER_AUDIO_STORE names a bucket), eSpeak NG from its wheel.
create_app(config) may override any key (tests do).
"""
from __future__ import annotations

import os

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def from_env() -> dict:
    """Flask config keys, read once when the app is created."""
    return {
        "DATA_DIR": os.environ.get("NEWSREADER_DATA_DIR", os.path.join(PROJECT_ROOT, "data")),
        # sqlite:///<path> or postgresql://user:password@host:port/dbname; none: the SQLite file
        # newsreader.db under DATA_DIR (service/storage/engines.py). Connections per process
        # in PostgreSQL's pool: keep workers x this within the server's max_connections.
        "DATABASE_URL": os.environ.get("NEWSREADER_DATABASE_URL") or None,
        "DATABASE_POOL_SIZE": _int("NEWSREADER_DATABASE_POOL_SIZE", 10),
        "AUDIO_CACHE": os.environ.get("NEWSREADER_AUDIO_CACHE", os.path.join(PROJECT_ROOT, "audio_cache")),
        # Where MP3s and sidecars live: none for files under AUDIO_CACHE; s3://bucket/prefix for
        # object storage (boto3's AWS_* environment names the endpoint and credentials). With S3,
        # AUDIO_CACHE keeps only this machine's lock files and render log.
        "AUDIO_STORE": os.environ.get("NEWSREADER_AUDIO_STORE") or None,
        # Request bodies (pasted HTML, JSON) over this are refused with 413.
        "MAX_CONTENT_LENGTH": _int("NEWSREADER_MAX_BODY_BYTES", 5 * 1024 * 1024),
        "FETCH_MAX_BYTES": _int("NEWSREADER_FETCH_MAX_BYTES", 5 * 1024 * 1024),
        "FETCH_TIMEOUT_S": _float("NEWSREADER_FETCH_TIMEOUT", 10.0),
        # Off by default: a public server must never fetch loopback or private addresses.
        "FETCH_ALLOW_PRIVATE": _bool("NEWSREADER_FETCH_ALLOW_PRIVATE", False),
        "DEFAULT_RATE": _int("NEWSREADER_RATE", 175),
        "DEFAULT_VOICE": os.environ.get("NEWSREADER_VOICE") or None,
        "SYNTH_WORKERS": _int("NEWSREADER_SYNTH_WORKERS", os.cpu_count() or 1),
        "SYNTH_TIMEOUT_S": _float("NEWSREADER_SYNTH_TIMEOUT", 120.0),
        # Render audio in the background as soon as an article is added.
        "PRERENDER": _bool("NEWSREADER_PRERENDER", True),
        # GET /metrics (Prometheus); off: no route and no per-request counting.
        "METRICS": _bool("NEWSREADER_METRICS", True),
        "PAGE_SIZE": _int("NEWSREADER_PAGE_SIZE", 20),
        # Audio cache cap in bytes (least recently used files go first); 0: no cap.
        "CACHE_MAX_BYTES": _int("NEWSREADER_CACHE_MAX_BYTES", 2 * 1024**3),
        # Absolute URLs: a fixed public base (e.g. https://news.example.org/listen), or the
        # X-Forwarded-* headers of this many trusted reverse proxies (0: headers ignored).
        "PUBLIC_URL": os.environ.get("NEWSREADER_PUBLIC_URL", "").rstrip("/") or None,
        "PROXY_FIX": _int("NEWSREADER_PROXY_FIX", 0),
        # Behind nginx: answer an MP3 with `X-Accel-Redirect: <this prefix><key>.mp3` (an internal
        # location aliasing AUDIO_CACHE) and let nginx send the file; none: the app sends it.
        "ACCEL_REDIRECT": os.environ.get("NEWSREADER_ACCEL_REDIRECT") or None,
        # Who may write (service/web/access.py): the bearer token adding and deleting need (none:
        # anyone may); the key signing the form's CSRF token (none: one kept in DATA_DIR); writes
        # per client address ("off": unlimited) and where they are counted (memory:// is per
        # worker process, redis://host:port/ is shared by all).
        "API_TOKEN": os.environ.get("NEWSREADER_API_TOKEN") or None,
        "SECRET_KEY": os.environ.get("NEWSREADER_SECRET_KEY") or None,
        "WRITE_LIMIT": os.environ.get("NEWSREADER_WRITE_LIMIT", "30 per minute"),
        "RATELIMIT_STORAGE_URI": os.environ.get("NEWSREADER_RATELIMIT_STORAGE", "memory://"),
        # The podcast feed (/feed.xml) and its channel.
        "FEED_TITLE": os.environ.get("NEWSREADER_FEED_TITLE", "newsreader"),
        "FEED_DESCRIPTION": os.environ.get("NEWSREADER_FEED_DESCRIPTION", "News articles, read aloud."),
        "FEED_LANGUAGE": os.environ.get("NEWSREADER_FEED_LANGUAGE", "en"),
        "FEED_AUTHOR": os.environ.get("NEWSREADER_FEED_AUTHOR", "newsreader"),
        "FEED_OWNER_NAME": os.environ.get("NEWSREADER_FEED_OWNER_NAME", "newsreader"),
        "FEED_OWNER_EMAIL": os.environ.get("NEWSREADER_FEED_OWNER_EMAIL", "newsreader@example.org"),
        "FEED_CATEGORY": os.environ.get("NEWSREADER_FEED_CATEGORY", "News"),
        "FEED_SUBCATEGORY": os.environ.get("NEWSREADER_FEED_SUBCATEGORY", "Daily News"),
        "FEED_EXPLICIT": _bool("NEWSREADER_FEED_EXPLICIT", False),
        "FEED_MAX_ITEMS": _int("NEWSREADER_FEED_MAX_ITEMS", 100),
        "FEED_IMAGE_SIZE": _int("NEWSREADER_FEED_IMAGE_SIZE", 1400),  # px, 1400 to 3000
        "FEED_IMAGE_URL": os.environ.get("NEWSREADER_FEED_IMAGE_URL") or None,  # your own artwork
        "FEED_GUID": os.environ.get("NEWSREADER_FEED_GUID") or None,  # default: stored UUIDv5 of the feed URL
        # The base URL every feed has moved to (itunes:new-feed-url = it + the feed's path).
        "FEED_NEW_URL": os.environ.get("NEWSREADER_FEED_NEW_URL", "").rstrip("/") or None,
        # podcast:locked yes: platforms may not import the feeds (owner: FEED_OWNER_EMAIL).
        "FEED_LOCKED": _bool("NEWSREADER_FEED_LOCKED", False),
        # Render jobs (service/render_queue.py): none renders in each web worker; redis://... hands
        # them to `newsreader worker` processes. A listener waits this long for audio a worker is
        # rendering (then 503 with Retry-After); a job may run this long (0: from SYNTH_TIMEOUT);
        # a worker reports every WORKER_HEARTBEAT seconds and is taken for dead after three missed.
        "QUEUE_URL": os.environ.get("NEWSREADER_QUEUE_URL") or None,
        "QUEUE_WAIT_S": _float("NEWSREADER_QUEUE_WAIT", 25.0),
        "JOB_TIMEOUT_S": _int("NEWSREADER_JOB_TIMEOUT", 0),
        "WORKER_HEARTBEAT_S": _int("NEWSREADER_WORKER_HEARTBEAT", 10),
        # Followed sources (service/sources/): each feed is polled this often (0: the server
        # runs no poller; `newsreader sources poll` from cron still does), requests to one host
        # are this far apart, and a failing feed is retried after SOURCES_RETRY_S, doubling
        # with each failure in a row up to SOURCES_RETRY_MAX_S.
        "SOURCES_POLL_INTERVAL_S": _float("NEWSREADER_SOURCES_POLL_INTERVAL", 1800.0),
        "SOURCES_HOST_INTERVAL_S": _float("NEWSREADER_SOURCES_HOST_INTERVAL", 2.0),
        "SOURCES_RETRY_S": _float("NEWSREADER_SOURCES_RETRY", 300.0),
        "SOURCES_RETRY_MAX_S": _float("NEWSREADER_SOURCES_RETRY_MAX", 86400.0),
    }


def database_url(config) -> str:
    """The configured database, or the SQLite file under DATA_DIR."""
    from service.storage.engines import sqlite_url

    return config["DATABASE_URL"] or sqlite_url(os.path.join(config["DATA_DIR"], "newsreader.db"))
