"""The listening queue for people: the /queue page with a form per change (no script needed),
the "Add to the queue" form the index and the player page carry, the player's "listened"
post, and the queue as a podcast feed (/queue/feed.xml, in the queue's order).

Each form is a POST answered with a 303 back to the page it came from (`back`: one of a few
names, never a URL, so no form can send a visitor elsewhere). The forms carry the CSRF token
and, with NEWSREADER_API_TOKEN set, an unlocked session (access.py checks both): a visitor
first unlocks the queue once for the session with that token (access.unlock_session), so the
many small forms need no field.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from service.feed import build
from service.i18n import catalogue
from service.ingest import InputError
from service.storage.listening import NotQueued, UnknownArticle
from service.web import access
from service.web.context import parts
from service.web.listening_api import is_listening_token, listening, queue_body
from service.web.feed import channel, episodes_of, feed_response

bp = Blueprint("listening", __name__)
MOVES = {"up": -1, "down": 1}
NO_ARTICLE = "There is no article with this id."


def entries() -> list[dict]:
    """The queue, in order: each article, whether it was heard (and its place), as the API has it."""
    return queue_body()["queue"]


def back_to(article_id: str | None):
    """303 to where the form was: the queue (at the entry), an article's page, or the index."""
    where = request.form.get("back", "queue")
    if where == "article" and article_id:
        return redirect(url_for("pages.article", article_id=article_id), 303)
    if where == "index":
        return redirect(url_for("pages.index"), 303)
    done = request.form.get("done")
    args = {"done": done, "id": article_id} if done and article_id else {}
    return redirect(url_for("listening.queue_page", **args) + (f"#entry-{article_id}" if article_id else ""), 303)


def require_article(article_id: str) -> None:
    if parts()["db"].get_article(article_id) is None:  # its record is enough: not presented
        abort(404, description=NO_ARTICLE)


@bp.get("/queue")
def queue_page():
    t = catalogue(None)
    message = None
    done, done_id = request.args.get("done"), request.args.get("id")
    if done in ("added", "moved", "removed") and done_id:
        record = parts()["db"].get_article(done_id)  # only its title: not presented
        if record is not None:
            message = t.format(f"queue_{done}", title=record["title"])
    return render_template("queue.html", t=t, entries=entries(), message=message,
                           listening_token=listening().token() if access.session_may_write() else None)


@bp.post("/queue/unlock")
def unlock():
    t = catalogue(None)
    try:
        access.unlock_session(request.form)
    except access.FormTokenError as exc:
        return render_template("queue.html", t=t, entries=entries(), message=None, listening_token=None,
                               error={"field": "token", "message": str(exc)}), 403
    return redirect(url_for("listening.queue_page"), 303)


@bp.post("/queue")
def add():
    article_id = request.form.get("article_id", "")
    try:
        listening().add(article_id)
    except UnknownArticle:
        abort(404, description=NO_ARTICLE)
    return back_to(article_id)


@bp.post("/queue/<article_id>/move")
def move(article_id):
    direction = request.form.get("direction")
    if direction not in MOVES:
        raise InputError("direction must be up or down", "direction")
    try:
        listening().step(article_id, MOVES[direction])
    except NotQueued:
        abort(404, description="This article is not in the queue.")
    return back_to(article_id)


@bp.post("/queue/<article_id>/remove")
def remove(article_id):
    require_article(article_id)
    listening().remove(article_id)  # already gone (another tab): the queue shows it gone
    return back_to(article_id)


@bp.post("/articles/<article_id>/listened")
def listened(article_id):
    """The player posts here when an article was played to the end."""
    try:
        listening().mark_listened(article_id)
    except UnknownArticle:
        abort(404, description=NO_ARTICLE)
    return back_to(article_id)


@bp.get("/queue/feed.xml")
def queue_feed():
    """The queue as a serial podcast (itunes:type serial): episodes numbered and dated in the
    queue's order; only articles whose audio is ready are in it. With `?listen=<listening
    token>` each episode's page link carries the token (positions across devices)."""
    listen = request.args.get("listen")
    if listen is not None and not is_listening_token(listen):
        abort(404, description="no queue feed under this listening token")
    db = parts()["db"]
    order = listening().queue()
    records = db.articles_of(order)  # an id missing: deleted meanwhile
    episodes = episodes_of([records[article_id] for article_id in order if article_id in records])
    changed = listening().queue_changed_at() or 0.0
    for number, episode in enumerate(episodes, 1):
        episode.number = number
        # Most apps order by date, not by itunes:episode: each episode's date is its place in
        # the queue (a minute apart, the first the oldest, ending at the queue's last change),
        # so an app playing oldest first plays the queue in order.
        episode.published = changed - 60 * (len(episodes) - number)
        if listen:  # its page opens with the token, so the player shares positions with ours
            episode.link = f"{episode.link}?{urlencode({'listen': listen})}"
    feed = channel(f"{current_app.config['FEED_TITLE']}: {catalogue(None).queue_title}", "listening.queue_feed", {})
    feed.serial = True
    changes = [t for t in (changed, db.feed_changed_at()) if t]
    return feed_response(feed, episodes, max(changes) if changes else build.last_modified(episodes))
