"""GET /metrics for Prometheus, and every request counted and timed on its way out.

On by default (the server listens on 127.0.0.1 unless told otherwise); the page holds counts and
timings only, never article text, addresses or keys, but a public server may hide it with
NEWSREADER_METRICS=0: then there is no route (404) and no request hook. Requests are labelled by
their Flask rule (`/audio/<key>.mp3`), so any number of paths makes a bounded set of series.
"""
from __future__ import annotations

import time

from flask import Blueprint, current_app, g, request

from service import metrics

bp = Blueprint("metrics", __name__)


@bp.route("/metrics")
def scrape():
    body, content_type = metrics.exposition()
    return current_app.response_class(body, content_type=content_type,
                                      headers={"Cache-Control": "no-store"})


def _start() -> None:
    g.metrics_began = time.perf_counter()


def _record(response):
    began = g.get("metrics_began")  # absent if an earlier hook answered before ours ran
    rule = request.url_rule.rule if request.url_rule is not None else None
    metrics.request_done(request.method, rule, response.status_code,
                         None if began is None else time.perf_counter() - began)
    return response


def register(app) -> None:
    if not app.config["METRICS"]:
        return
    app.before_request_funcs.setdefault(None, []).insert(0, _start)  # first, so the timing covers the others
    app.after_request(_record)
    app.register_blueprint(bp)
