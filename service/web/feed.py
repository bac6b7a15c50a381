"""The podcast feeds (/feed.xml, /tags/<tag>/feed.xml) and their cover art.

A feed is polled often, so it is cheap to ask again: its ETag hashes the exact bytes and its
Last-Modified is the stored time the feeds last changed (an episode ready, an article deleted),
which only rises, so a poll with either gets a 304 while nothing changed and never after a
change (`Cache-Control: no-cache` makes caches ask every time). It is gzipped for clients that
ask (`Vary: Accept-Encoding`, an ETag of its own). Its guid is decided once and stored
(service/feed/identity.py), so no Host header moves it. Only articles whose
whole-article audio is ready are episodes, and each enclosure's length is the size of the very
file /audio/ serves. Artwork is served like audio: a URL per picture, ranges, ETag, immutable.
"""
from __future__ import annotations

import gzip
import os
import tempfile

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, send_file, url_for

from service.feed import artwork, build, identity
from service.ingest import TAG_RE
from service.speech.tracks import WHOLE
from service.web.context import parts, present

bp = Blueprint("feed", __name__)
ONE_YEAR = 365 * 24 * 3600
RSS_TYPE = "application/rss+xml; charset=utf-8"


def _check_tag(tag: str) -> None:
    if not TAG_RE.match(tag):
        abort(404, description=f"no feed for tag {tag!r}")


def _artwork_url(tag: str | None) -> str:
    config = current_app.config
    if config["FEED_IMAGE_URL"]:
        return config["FEED_IMAGE_URL"]
    digest = artwork.artwork_digest(config["FEED_TITLE"], tag, config["FEED_IMAGE_SIZE"])
    if tag is None:
        return url_for("feed.artwork_png", digest=digest, _external=True)
    return url_for("feed.tag_artwork_png", tag=tag, digest=digest, _external=True)


def channel(title: str, endpoint: str, args: dict, tag: str | None = None,
            configured_guid: str | None = None) -> build.Channel:
    """The channel of the feed served at `endpoint` (with `args`), its artwork `tag`'s."""
    config, db = current_app.config, parts()["db"]
    feed_url = url_for(endpoint, _external=True, **args)
    path = url_for(endpoint, **args)[len(request.script_root):]  # without a proxy's prefix
    moved = config["FEED_NEW_URL"]
    return build.Channel(
        title=title, description=config["FEED_DESCRIPTION"], link=url_for("pages.index", _external=True),
        feed_url=feed_url, image_url=_artwork_url(tag), language=config["FEED_LANGUAGE"],
        author=config["FEED_AUTHOR"], owner_name=config["FEED_OWNER_NAME"],
        owner_email=config["FEED_OWNER_EMAIL"], category=config["FEED_CATEGORY"],
        subcategory=config["FEED_SUBCATEGORY"] or None, explicit=config["FEED_EXPLICIT"],
        guid=identity.feed_guid(db, path, feed_url, configured_guid),
        new_feed_url=f"{moved}{path}" if moved else None,
        locked=config["FEED_LOCKED"])


def _channel(tag: str | None) -> build.Channel:
    title = current_app.config["FEED_TITLE"]
    if tag:
        return channel(f"{title}: {tag}", "feed.tag_feed", {"tag": tag}, tag)
    return channel(title, "feed.whole_feed", {}, configured_guid=current_app.config["FEED_GUID"])


def episodes_of(records: list[dict]) -> list[build.Episode]:
    """An episode for each of these article records whose whole-article audio is ready, in
    their order, each with the size and time of its file."""
    p = parts()
    db, cache = p["db"], p["cache"]
    out = []
    tracks_of = db.tracks_of([r["id"] for r in records])  # one query, not one per episode
    for record in records:
        tracks = tracks_of[record["id"]]
        if tracks[WHOLE]["state"] != "ready":
            continue
        stat = cache.stat(tracks[WHOLE]["key"])
        if stat is None:  # removed from the cache: render it again, list it next time
            p["jobs"].submit(record["id"])
            continue
        article = present(record["id"], record, tracks)
        timing = cache.meta(tracks[WHOLE]["key"]) or {}
        out.append(build.episode(article, record["created_at"], *stat, timing))
    return out


def tag_feed_response(tag: str | None, feed: build.Channel | None = None) -> Response:
    """The feed of the ready articles with `tag` (every article without one), newest first, in
    `feed`'s channel (by default the tag's own, at /tags/<tag>/feed.xml)."""
    db = parts()["db"]
    episodes = episodes_of(db.ready_articles(current_app.config["FEED_MAX_ITEMS"], tag))
    return feed_response(feed or _channel(tag), episodes, db.feed_changed_at() or build.last_modified(episodes))


def feed_response(channel: build.Channel, episodes: list[build.Episode], modified: float | None) -> Response:
    """The feed's XML, gzipped when asked, answering a conditional request with 304."""
    body = render_template("feed.xml", channel=channel, episodes=episodes,
                           last_build=build.rfc2822(modified) if modified else None,
                           chapters_type=build.CHAPTERS_TYPE).encode("utf-8")
    etag = build.etag(body)
    resp = Response(body, content_type=RSS_TYPE)
    resp.vary.add("Accept-Encoding")
    if "gzip" in request.accept_encodings:
        # mtime=0: the same feed gzips to the same bytes, so its ETag (its own) holds
        resp.set_data(gzip.compress(body, mtime=0))
        resp.content_encoding, etag = "gzip", f"{etag}-gzip"
    resp.set_etag(etag)
    if modified:
        resp.last_modified = int(modified)
    resp.headers["Cache-Control"] = "no-cache"
    return resp.make_conditional(request)


@bp.get("/feed.xml")
def whole_feed():
    tag = request.args.get("tag")
    if tag:  # one canonical URL per feed (its atom:link self and podcast:guid name it)
        _check_tag(tag)
        return redirect(url_for("feed.tag_feed", tag=tag, _external=True), 301)
    return tag_feed_response(None)


@bp.get("/tags/<tag>/feed.xml")
def tag_feed(tag):
    _check_tag(tag)
    return tag_feed_response(tag)


def _artwork_file(digest: str, tag: str | None) -> str:
    """The PNG on disk under DATA_DIR/artwork, drawn once (atomically: workers may race)."""
    folder = os.path.join(current_app.config["DATA_DIR"], "artwork")
    path = os.path.join(folder, f"{digest}.png")
    if not os.path.exists(path):
        os.makedirs(folder, exist_ok=True)
        data = artwork.draw_artwork(current_app.config["FEED_TITLE"], tag, current_app.config["FEED_IMAGE_SIZE"])
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    return path


def _serve_artwork(digest: str, tag: str | None):
    config = current_app.config
    if digest != artwork.artwork_digest(config["FEED_TITLE"], tag, config["FEED_IMAGE_SIZE"]):
        abort(404, description="no such artwork")
    resp = send_file(_artwork_file(digest, tag), mimetype="image/png", conditional=True, etag=digest,
                     max_age=ONE_YEAR)
    resp.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    resp.headers["Accept-Ranges"] = "bytes"
    return resp


@bp.route("/artwork/<digest>.png", methods=["GET", "HEAD"])
def artwork_png(digest):
    return _serve_artwork(digest, None)


@bp.route("/tags/<tag>/artwork/<digest>.png", methods=["GET", "HEAD"])
def tag_artwork_png(tag, digest):
    _check_tag(tag)
    return _serve_artwork(digest, tag)
