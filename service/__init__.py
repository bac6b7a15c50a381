"""newsreader: articles in, navigable speech out.

`extract` is the Python API for the text stage; `create_app` is the Flask app factory
(gunicorn: `service:create_app()`).
"""
from __future__ import annotations

import os

from flask import Flask

from service.articles.extract import extract
from service.config import PROJECT_ROOT, database_url, from_env

__all__ = ["create_app", "extract"]


def create_app(config: dict | None = None) -> Flask:
    from service.jobs import AudioJobs
    from service.storage.db import Database
    from service.storage.listening import Listening
    from service.storage.stores import open_audio_store
    from service.web import (access, api, audio, cors, errors, feed, metrics, pages, listening_api, listening_pages,
                             pronunciations_api, pronunciations_pages, proxy, security, send, sources)

    app = Flask(__name__, template_folder=os.path.join(PROJECT_ROOT, "templates"),
                static_folder=os.path.join(PROJECT_ROOT, "static"))
    app.config.update(from_env())
    app.config.update(config or {})
    app.json.sort_keys = False

    db = Database(database_url(app.config), app.config["DATABASE_POOL_SIZE"])  # schema upgraded here
    cache = open_audio_store(app.config)
    if app.config["QUEUE_URL"]:  # rendering in `newsreader worker` processes (render_queue.py)
        from service.render_queue import QueuedAudioJobs

        jobs = QueuedAudioJobs(db, cache, app.config)
    else:
        jobs = AudioJobs(db, cache)
    app.extensions["newsreader"] = {"db": db, "cache": cache, "jobs": jobs, "listening": Listening(db)}
    if app.config["PRERENDER"]:
        jobs.prestart_engine()  # this worker's first synthesis process starts now, not on a request
        jobs.resume()  # tracks left pending by the last run (each gunicorn worker; see jobs.py)

    for module in (pages, api, audio, feed, listening_api, listening_pages, pronunciations_api, pronunciations_pages,
                   sources, send):
        app.register_blueprint(module.bp)
    access.install(app)  # who may write: token, CSRF, rate limit
    errors.register(app)
    proxy.install(app)
    security.register(app)
    cors.register(app)
    metrics.register(app)
    if not app.testing:  # tests poll when they choose to
        from service.sources import schedule

        schedule.start(app)
    return app
