"""Pages for people: the paste/URL form with recent articles, and the article's player page."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from service.articles.fetch import FetchError, RefusedURL
from service.i18n import catalogue
from service.ingest import InputError, Submission, parse_rate, parse_tags, parse_voice, paste_kind
from service.models import ExtractionError
from service.web import access
from service.web.context import add_article, load, parts, present

bp = Blueprint("pages", __name__)


def recent() -> list[dict]:
    db = parts()["db"]
    records, _ = db.list_articles(current_app.config["PAGE_SIZE"], 0)
    tracks = db.tracks_of([r["id"] for r in records])
    return [present(r["id"], r, tracks[r["id"]]) for r in records]


@bp.get("/")
def index():
    return render_template("index.html", recent=recent(), form={}, error=None)


@bp.post("/")
def submit():
    form = request.form
    url, content = form.get("url", "").strip(), form.get("content", "").strip()
    try:
        access.check_form_token(form)
        if bool(url) == bool(content):
            raise InputError("Paste an article or give its URL (one of the two).", "content" if not url else "url")
        kind = "url" if url else paste_kind(content, form.get("format", "auto"))
        sub = Submission(kind, url or content, parse_voice(form.get("voice")), parse_rate(form.get("rate")),
                         parse_tags(form.get("tags")))
        article_id, _ = add_article(sub)
    except (InputError, ExtractionError, RefusedURL, FetchError) as exc:
        status = getattr(exc, "status", None) or (
            502 if isinstance(exc, FetchError) and not isinstance(exc, RefusedURL) else 422)
        field = getattr(exc, "field", None) or ("url" if url else "content")
        return render_template("index.html", recent=recent(), form=form,
                               error={"field": field, "message": str(exc)}), status
    return redirect(url_for("pages.article", article_id=article_id), 303)


@bp.get("/articles/<article_id>")
def article(article_id):
    data = load(article_id)
    if data is None:
        abort(404, description="There is no article at this address.")
    return render_template("article.html", article=data, t=catalogue(data["language"]))
