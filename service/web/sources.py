"""Followed sources on the web: the JSON API (/api/sources), the /sources page with its forms
(no JavaScript needed), and each source's own podcast feed (/sources/<id>/feed.xml)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for

from service.i18n import catalogue
from service.ingest import InputError
from service.sources.present import present_source
from service.sources.subscribe import feed_url, opml_feeds, subscribe
from service.storage.sources import SourceStore, source_tag
from service.web import access
from service.web.context import parts

bp = Blueprint("sources", __name__)
OPML_TYPES = ("text/x-opml", "application/x-opml+xml", "application/xml", "text/xml")


def _store() -> SourceStore:
    return SourceStore(parts()["db"])


def _shown(sources: list[dict]) -> list[dict]:
    counts = _store().item_counts([s["id"] for s in sources])
    return [present_source(s, counts[s["id"]]) for s in sources]


def _found(source_id: str) -> dict:
    source = _store().get(source_id)
    if source is None:
        abort(404, description=f"no source with id {source_id!r}")
    return source


def _api_feeds() -> list[tuple[str, str | None]]:
    """From the request: one {"url"} (JSON), or an OPML file as the body (its XML type) or as
    {"opml": "<opml ...>"}."""
    if request.mimetype in OPML_TYPES:
        return opml_feeds(request.get_data())
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise InputError('send JSON {"url": "<feed URL>"} or {"opml": "<OPML text>"}, or an OPML file'
                         " with Content-Type text/x-opml")
    if isinstance(payload.get("opml"), str):
        return opml_feeds(payload["opml"].encode("utf-8"))
    return [(feed_url(payload.get("url")), None)]


@bp.post("/api/sources")
def create_source():
    added = subscribe(parts()["db"], _api_feeds())
    body = {"sources": _shown([s for s, _ in added]), "created": sum(created for _, created in added)}
    resp = jsonify(body)
    resp.status_code = 201 if body["created"] else 200
    if len(added) == 1:
        resp.headers["Location"] = url_for("sources.get_source", source_id=added[0][0]["id"], _external=True)
    return resp


@bp.get("/api/sources")
def list_sources():
    return jsonify({"sources": _shown(_store().all())})


@bp.get("/api/sources/<source_id>")
def get_source(source_id):
    return jsonify(_shown([_found(source_id)])[0])


@bp.delete("/api/sources/<source_id>")
def delete_source(source_id):
    """Stop following it; the articles it brought stay."""
    if not _store().delete(source_id):
        abort(404, description=f"no source with id {source_id!r}")
    return "", 204


def render_page(form=None, error=None, status=200, bookmarklet_url=None):
    """The /sources page; the bookmarklet is on it unless an access token must be given first."""
    from service.web.send import bookmarklet

    if bookmarklet_url is None and not current_app.config.get("API_TOKEN"):
        bookmarklet_url = bookmarklet()
    sources = _shown(_store().all())
    return render_template("sources.html", sources=sources, form=form or {}, error=error,
                           bookmarklet_url=bookmarklet_url, t=catalogue("en")), status


@bp.get("/sources")
def page():
    return render_page()


def _form_feeds() -> list[tuple[str, str | None]]:
    upload = request.files.get("opml")
    if upload and upload.filename:
        return opml_feeds(upload.read())
    return [(feed_url(request.form.get("url")), None)]


@bp.post("/sources")
def submit():
    try:
        access.check_form_token(request.form)
        subscribe(parts()["db"], _form_feeds())
    except InputError as exc:
        status = getattr(exc, "status", 422)
        field = exc.field if exc.field in ("token", "opml") else "url"
        return render_page(request.form, {"field": field, "message": str(exc)}, status)
    return redirect(url_for("sources.page"), 303)


@bp.post("/sources/<source_id>/delete")
def remove(source_id):
    try:
        access.check_form_token(request.form)
    except InputError as exc:
        return render_page(request.form, {"field": f"token-{source_id}", "message": str(exc)}, exc.status)
    _store().delete(source_id)
    return redirect(url_for("sources.page"), 303)


@bp.get("/sources/<source_id>/feed.xml")
def feed(source_id):
    """The podcast feed of the stories this source brought (the articles tagged with it)."""
    from service.web.feed import channel, tag_feed_response

    source, tag = _found(source_id), source_tag(source_id)
    title = f"{current_app.config['FEED_TITLE']}: {source['title'] or source['url']}"
    return tag_feed_response(tag, channel(title, "sources.feed", {"source_id": source_id}, tag))
