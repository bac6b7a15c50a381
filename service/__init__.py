"""newsreader: articles in, navigable speech out.

`extract` is the Python API for the text stage; `create_app` is the Flask app factory
(gunicorn: `service:create_app()`).
"""
from __future__ import annotations

import os

from flask import Flask

from service.articles.extract import extract
from service.config import PROJECT_ROOT, from_env

__all__ = ["create_app", "extract"]


def create_app(config: dict | None = None) -> Flask:
    from service.jobs import AudioJobs
    from service.storage.cache import AudioCache
    from service.storage.db import Database
    from service.web import access, api, audio, errors, feed, metrics, pages, proxy, security

    app = Flask(__name__, template_folder=os.path.join(PROJECT_ROOT, "templates"),
                static_folder=os.path.join(PROJECT_ROOT, "static"))
    app.config.update(from_env())
    app.config.update(config or {})
    app.json.sort_keys = False

    db = Database(os.path.join(app.config["DATA_DIR"], "newsreader.db"))
    cache = AudioCache(app.config["AUDIO_CACHE"], app.config["CACHE_MAX_BYTES"])
    if app.config["QUEUE_URL"]:  # rendering in `newsreader worker` processes (render_queue.py)
        from service.render_queue import QueuedAudioJobs

        jobs = QueuedAudioJobs(db, cache, app.config)
    else:
        jobs = AudioJobs(db, cache)
    app.extensions["newsreader"] = {"db": db, "cache": cache, "jobs": jobs}
    if app.config["PRERENDER"]:
        jobs.prestart_engine()  # this worker's first synthesis process starts now, not on a request
        jobs.resume()  # tracks left pending by the last run (each gunicorn worker; see jobs.py)

    for module in (pages, api, audio, feed):
        app.register_blueprint(module.bp)
    access.install(app)  # who may write: token, CSRF, rate limit
    errors.register(app)
    proxy.install(app)
    security.register(app)
    metrics.register(app)
    return app
