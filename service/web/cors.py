"""Cross-origin reads of what podcast apps fetch: feeds, audio, transcripts, chapters, artwork.

Podcasting 2.0 asks that a feed and everything it links answer `Access-Control-Allow-Origin: *`,
so browser-based podcast apps and players embedded on other sites can load them. These are
public, read-only and sent without credentials, so any origin may read them; the pages, the API
and the form keep the browser's same-origin rule. A preflight (OPTIONS) names the methods and
the request headers a player sends (Range, conditional requests), and the response headers a
script may read (ranges, lengths, validators) are exposed.
"""
from __future__ import annotations

from flask import request

OPEN_ENDPOINTS = frozenset({
    "feed.whole_feed", "feed.tag_feed", "feed.artwork_png", "feed.tag_artwork_png",
    "audio.serve", "audio.transcript", "audio.chapters",
})
ALLOW_HEADERS = "Range, If-Range, If-None-Match, If-Modified-Since, Cache-Control"
EXPOSE_HEADERS = ("Accept-Ranges, Content-Range, Content-Length, Content-Encoding, ETag, "
                  "Last-Modified")
PREFLIGHT_MAX_AGE = 86400


def open_to_any_origin(response):
    if request.endpoint not in OPEN_ENDPOINTS:
        return response
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = "*"
    headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    headers["Cross-Origin-Resource-Policy"] = "cross-origin"  # embeddable under COEP too
    if request.method == "OPTIONS":
        headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def register(app) -> None:
    app.after_request(open_to_any_origin)
