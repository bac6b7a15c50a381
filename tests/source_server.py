"""A news site on 127.0.0.1 for the followed-sources tests: an RSS feed (and an Atom one) of
stories it can add to, each story a real article page, with ETag/Last-Modified answers to
conditional requests; every request is logged with the headers it came with."""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
from xml.sax.saxutils import escape

from tests.local_server import NOT_FOUND, serve_routes

LAST_MODIFIED = "Thu, 03 Dec 2026 10:00:00 GMT"
PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body><article>
<h1>{title}</h1><p>By Ana Lima</p>{paragraphs}</article></body></html>"""


def story_page(title: str) -> bytes:
    body = "".join(f"<p>{escape(title)}: the council met on Tuesday and paragraph {n} of the report says"
                   " what the town will build before winter comes to the valley.</p>" for n in range(6))
    return PAGE.format(title=escape(title), paragraphs=body).encode()


class NewsSite:
    def __init__(self):
        self.stories: list[tuple[str, str]] = []  # (slug, title), oldest first
        self.requests: list[tuple[str, dict]] = []
        self.feed_status: int | None = None  # set: the feed answers with this status
        self.broken: set[str] = set()  # slugs whose pages answer 404 while listed in the feed

    def add(self, slug: str, title: str) -> None:
        self.stories.append((slug, title))

    def rss(self, base: str) -> bytes:
        items = "".join(f"<item><title>{escape(t)}</title><link>{base}/stories/{s}</link>"
                        f"<guid isPermaLink=\"false\">story-{s}</guid></item>" for s, t in reversed(self.stories))
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Valley News</title>'
                f"<link>{base}/</link><description>Local news</description>{items}</channel></rss>").encode()

    def atom(self, base: str) -> bytes:
        entries = "".join(f'<entry><title>{escape(t)}</title><link href="/stories/{s}"/><id>urn:story:{s}</id>'
                          f"<updated>2026-12-03T10:00:00Z</updated></entry>" for s, t in reversed(self.stories))
        return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>Valley News (Atom)</title><id>urn:valley</id><updated>2026-12-03T10:00:00Z</updated>"
                f"{entries}</feed>").encode()

    def feed_requests(self) -> list[dict]:
        return [h for path, h in self.requests if path.startswith("/feed")]

    def answer(self, base: str, path: str, headers) -> tuple[int, dict, bytes]:
        self.requests.append((path, dict(headers)))
        if path in ("/feed.xml", "/atom.xml"):
            if self.feed_status:
                return self.feed_status, {"Content-Type": "text/plain"}, b"down for maintenance"
            body = self.rss(base) if path == "/feed.xml" else self.atom(base)
            tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if headers.get("If-None-Match") == tag:
                return 304, {"ETag": tag}, b""
            ctype = "application/rss+xml" if path == "/feed.xml" else "application/atom+xml"
            return 200, {"Content-Type": ctype, "ETag": tag, "Last-Modified": LAST_MODIFIED}, body
        for slug, title in self.stories:
            if path == f"/stories/{slug}" and slug not in self.broken:
                return 200, {"Content-Type": "text/html; charset=utf-8"}, story_page(title)
        return NOT_FOUND


@contextmanager
def news_site():
    site = NewsSite()
    holder = {}
    with serve_routes(lambda path, headers: site.answer(holder["base"], path, headers), with_headers=True) as base:
        holder["base"] = base
        site.base = base
        yield site
