"""Sending a page in from wherever the reader is: the bookmarklet (it posts the page as the
browser shows it, so a page behind a login works too), and the Web App Manifest whose
share_target puts "newsreader" in a phone's Share menu once the site is installed."""
from __future__ import annotations

import json
import re

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from service.articles.fetch import RefusedURL, check_form
from service.ingest import InputError, Submission
from service.web import access
from service.web.context import add_article

bp = Blueprint("send", __name__)
URL_IN_TEXT = re.compile(r"https?://\S+")
# Posts the page's HTML and address, with this server's key, in a new tab (the page itself
# stays as it was). Built with JSON strings, so no value can break out of the script.
BOOKMARKLET = ("javascript:(function(){{var f=document.createElement('form');f.method='post';"
               "f.action={action};f.target='_blank';f.acceptCharset='utf-8';"
               "[['html',document.documentElement.outerHTML],['url',location.href],['key',{key}]]"
               ".forEach(function(p){{var i=document.createElement('input');i.type='hidden';i.name=p[0];"
               "i.value=p[1];f.appendChild(i);}});document.body.appendChild(f);f.submit();f.remove();}})();")


def bookmarklet() -> str:
    """The bookmarklet's javascript: URL, with this server's address and send key in it."""
    return BOOKMARKLET.format(action=json.dumps(url_for("send.receive", _external=True)),
                              key=json.dumps(access.send_key()))


@bp.post("/send")
def receive():
    """The bookmarklet's post (its key checked in access.py): the page becomes an article."""
    page_url = request.form.get("url", "").strip()
    try:
        check_form(page_url)
    except RefusedURL as exc:
        raise InputError(f"the page's address cannot be kept: {exc}", "url") from None
    article_id, _ = add_article(Submission("html", request.form.get("html", ""), None, None, (), page_url))
    return redirect(url_for("pages.article", article_id=article_id), 303)


@bp.post("/send/bookmarklet")
def bookmarklet_for_token():
    """With an access token set, the bookmarklet is given to whoever brings the token."""
    from service.web.sources import render_page

    try:
        access.check_form_token(request.form)
    except InputError as exc:
        return render_page(request.form, {"field": "token-send", "message": str(exc)}, exc.status)
    return render_page(bookmarklet_url=bookmarklet())


@bp.get("/manifest.webmanifest")
def manifest():
    body = {
        "name": current_app.config["FEED_TITLE"],
        "short_name": current_app.config["FEED_TITLE"],
        "description": current_app.config["FEED_DESCRIPTION"],
        "start_url": url_for("pages.index"),
        "scope": url_for("pages.index"),
        "display": "standalone",
        "icons": [{"src": url_for("static", filename="cover.png"), "sizes": "192x192", "type": "image/png"}],
        "share_target": {"action": url_for("send.share"), "method": "GET",
                         "params": {"title": "title", "text": "text", "url": "url"}},
    }
    return current_app.response_class(json.dumps(body), mimetype="application/manifest+json")


def shared_url(args) -> str:
    """The address a share brings: its url field, else the first URL in its text (Android
    apps often share the link as text)."""
    url = args.get("url", "").strip()
    if url:
        return url
    found = URL_IN_TEXT.search(args.get("text", ""))
    return found.group(0) if found else ""


@bp.get("/share")
def share():
    """The share target: the start page's form, filled in, to confirm with one press (a GET
    writes nothing; the form's post carries its CSRF token and, if set, the access token)."""
    from service.web.pages import index_page

    url = shared_url(request.args)
    form = {"url": url} if url else {"content": request.args.get("text", "").strip()}
    return index_page(form, None)
