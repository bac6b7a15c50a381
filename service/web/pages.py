"""Pages for people: the paste/URL form with recent articles, and the article's player page."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from service.articles.fetch import FetchError, RefusedURL
from service.i18n import catalogue
from service.ingest import InputError, Submission, parse_rate, parse_tags, parse_voice, paste_kind
from service.models import ExtractionError
from service.storage.listening import up_next
from service.web import access
from service.web.context import add_article, load, parts, present
from service.web.params import listened_filter

bp = Blueprint("pages", __name__)


def _recent(listened: bool | None = None) -> list[dict]:
    """The newest articles, each with whether it was heard and its place in the queue (or None)."""
    p = parts()
    records, _ = p["db"].list_articles(current_app.config["PAGE_SIZE"], 0, listened)
    tracks = p["db"].tracks_of([r["id"] for r in records])
    heard = p["listening"].listened_of([r["id"] for r in records])
    queued = {article_id: n for n, article_id in enumerate(p["listening"].queue(), 1)}
    return [dict(present(r["id"], r, tracks[r["id"]]), listened=r["id"] in heard, queued=queued.get(r["id"]))
            for r in records]


def index_page(form, error, status=200):
    """The start page: the form (filled with `form`, showing `error`) above the newest articles."""
    listened = listened_filter()
    return render_template("index.html", recent=_recent(listened), listened=listened, form=form, error=error,
                           t=catalogue(None)), status


@bp.get("/")
def index():
    return index_page({}, None)


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
        return index_page(form, {"field": field, "message": str(exc)}, status)
    return redirect(url_for("pages.article", article_id=article_id), 303)


@bp.get("/articles/<article_id>")
def article(article_id):
    data = load(article_id)
    if data is None:
        abort(404, description="There is no article at this address.")
    order = parts()["listening"].queue()
    after = up_next(order, article_id)
    return render_template("article.html", article=data, t=catalogue(data["language"]),
                           queued=order.index(article_id) + 1 if article_id in order else None,
                           up_next=load(after) if after else None)
