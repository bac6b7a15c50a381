"""Security headers on every response: the browser's second line of defence.

Every field is escaped by Jinja's autoescape and article markup only ever passes bleach; if one
of those ever slipped, the Content-Security-Policy still forbids inline script, inline style,
event-handler attributes, plugins, <base> and framing, and lets the page load scripts, styles,
images and audio from this origin only. Set in one after_request hook (errors and static files
included), and only where a view has not chosen its own value.
"""
from __future__ import annotations

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate CSP 2
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def register(app) -> None:
    app.after_request(add_headers)
