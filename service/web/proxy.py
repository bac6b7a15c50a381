"""Absolute URLs that are right behind a reverse proxy: feeds and the API hand them to other programs.

Two ways, both WSGI middleware so every `url_for(..., _external=True)` agrees:
- NEWSREADER_PROXY_FIX=N trusts the X-Forwarded-For/Proto/Host/Port/Prefix headers of N proxies
  (Werkzeug's ProxyFix). Off by default: anyone could send those headers to a bare server.
- NEWSREADER_PUBLIC_URL=https://host/prefix fixes scheme, host and path prefix whatever the
  request says; it wins over forwarded headers. A prefix the proxy did not strip is stripped here.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.middleware.proxy_fix import ProxyFix


class PublicURL:
    """Every request looks as if it arrived at the configured public base URL."""

    def __init__(self, app, base_url: str):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"NEWSREADER_PUBLIC_URL must be an http(s) URL, not {base_url!r}")
        self.app = app
        self.scheme, self.host, self.prefix = parts.scheme, parts.netloc, parts.path.rstrip("/")

    def __call__(self, environ, start_response):
        environ["wsgi.url_scheme"] = self.scheme
        environ["HTTP_HOST"] = self.host
        if self.prefix:
            path = environ.get("PATH_INFO", "")
            if path == self.prefix or path.startswith(self.prefix + "/"):
                environ["PATH_INFO"] = path[len(self.prefix):]
            environ["SCRIPT_NAME"] = self.prefix
        return self.app(environ, start_response)


def install(app) -> None:
    """Wrap the app's WSGI callable as configured (PUBLIC_URL innermost, so it has the last word)."""
    if app.config.get("PUBLIC_URL"):
        app.wsgi_app = PublicURL(app.wsgi_app, app.config["PUBLIC_URL"])
    hops = app.config.get("PROXY_FIX") or 0
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)
