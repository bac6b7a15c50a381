"""Fetch an article page by URL, refusing what a public server must never fetch.

Only http(s); every address a host resolves to is checked (no loopback, private, link-local,
multicast, reserved or unspecified, including IPv4-mapped IPv6); redirects are followed by hand
so each hop is checked; the body is streamed with a size cap and a total time limit; only HTML,
XHTML and plain text are accepted.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
MAX_REDIRECTS = 5
USER_AGENT = "newsreader/0.1 (+text-to-speech news reader)"


class FetchError(Exception):
    """The URL could not be fetched; the message says why (shown to the user, HTTP 502)."""


class RefusedURL(FetchError):
    """The URL is not allowed (bad scheme, private address); HTTP 422."""


@dataclass
class Page:
    url: str
    text: str
    content_type: str


def _blocked(ip: ipaddress._BaseAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified


def check_url(url: str, allow_private: bool = False) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedURL("only http and https URLs with a host name can be fetched")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {parts.hostname!r}: {exc.strerror}") from exc
    for info in infos:
        if _blocked(ipaddress.ip_address(info[4][0].split("%")[0])):
            raise RefusedURL(f"refusing to fetch {parts.hostname!r}: it resolves to a non-public address")


def fetch(url: str, *, timeout_s: float = 10.0, max_bytes: int = 5 * 1024 * 1024,
          allow_private: bool = False) -> Page:
    deadline = time.monotonic() + timeout_s
    session = requests.Session()
    session.trust_env = False  # no proxies from the environment
    for _ in range(MAX_REDIRECTS + 1):
        check_url(url, allow_private)
        try:
            resp = session.get(url, stream=True, allow_redirects=False, timeout=(5, timeout_s),
                               headers={"User-Agent": USER_AGENT, "Accept": ", ".join(ACCEPTED_TYPES)})
        except requests.RequestException as exc:
            raise FetchError(f"could not fetch {url}: {exc.__class__.__name__}") from exc
        with resp:
            if resp.is_redirect:
                url = urljoin(url, resp.headers.get("Location", ""))
                continue
            if resp.status_code != 200:
                raise FetchError(f"{url} answered HTTP {resp.status_code}")
            ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if ctype not in ACCEPTED_TYPES:
                raise FetchError(f"{url} is {ctype or 'of unknown type'}, not an HTML or text page")
            body = bytearray()
            for chunk in resp.iter_content(64 * 1024):
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(f"{url} is larger than {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url} took longer than {timeout_s:g} s")
            encoding = resp.encoding if "charset" in resp.headers.get("Content-Type", "") else None
            encoding = encoding or resp.apparent_encoding or "utf-8"
            return Page(url, bytes(body).decode(encoding, errors="replace"), ctype)
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")
