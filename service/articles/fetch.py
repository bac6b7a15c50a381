"""Fetch an article page by URL, refusing what a public server must never fetch.

A URL from a stranger can point the server at itself or its network (SSRF). So:
- only http(s), no credentials in the URL;
- the host is resolved once per hop and EVERY address is checked (loopback, private, link-local,
  multicast, reserved, unspecified; IPv4 and IPv6, and IPv4 hidden inside IPv6: mapped,
  compatible, 6to4, Teredo, NAT64);
- the connection goes to the address that was checked (a urllib3 pool opened on the IP, with the
  name kept for the Host header, TLS SNI and certificate check), so a DNS answer that changes
  between check and connect (DNS rebinding) cannot redirect it;
- redirects are followed by hand, each hop checked the same way;
- connect and read time limits per socket operation, and a watchdog that cuts the socket when
  the total time is up (a server trickling one byte a second cannot hold a worker);
- the body is streamed and cut at a size cap; only HTML, XHTML and plain text are accepted;
- the charset comes from a BOM, the Content-Type header, the page's own declaration
  (<meta charset>, <?xml encoding?>), then detection (charset-normalizer).
"""
from __future__ import annotations

import codecs
import contextlib
import ipaddress
import re
import socket
import threading
import time
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# What followed sources serve (service/sources/); many sites label feeds text/xml or text/html.
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/x-opml+xml", "text/x-opml", *ACCEPTED_TYPES)
MAX_REDIRECTS = 5
REDIRECT_CODES = (301, 302, 303, 307, 308)
CONNECT_TIMEOUT_S = 5.0
CHUNK = 64 * 1024
USER_AGENT = "newsreader/0.1 (+text-to-speech news reader)"

# IPv6 ranges that carry an IPv4 address in their low 32 bits (NAT64 well-known and local-use).
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
# Special-purpose ranges (IANA registries), checked besides Python's flags, whose lists vary by
# Python version.
SPECIAL = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7",
    "fe80::/10", "fec0::/10", "ff00::/8")]


class FetchError(Exception):
    """The URL could not be fetched; the message says why (shown to the user, HTTP 502)."""


class RefusedURL(FetchError):
    """The URL is not allowed (bad scheme, private address); HTTP 422."""


@dataclass
class Page:
    url: str
    text: str
    content_type: str
    encoding: str = "utf-8"
    status: int = 200  # 304 when a conditional request found nothing new (text is then "")
    etag: str | None = None
    last_modified: str | None = None
    body: bytes = b""  # the bytes as sent (an XML parser reads its own encoding declaration)


# --- which addresses may be fetched ---------------------------------------------------------

def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address stands for (mapped, compatible, 6to4, Teredo, NAT64)."""
    found = []
    if ip.ipv4_mapped:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour:
        found.append(ip.sixtofour)
    if ip.teredo:
        found.extend(ip.teredo)  # (server, client)
    if ip in IPV4_COMPATIBLE or any(ip in net for net in NAT64):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def blocked_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why this address may not be fetched, or None when it is a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return blocked_reason(ip.ipv4_mapped)  # a connection to it goes to the IPv4 address
    for label, flag in (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
                        ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                        ("private", ip.is_private), ("reserved", ip.is_reserved),
                        ("not globally routable", not ip.is_global),
                        ("special-purpose", any(ip in net for net in SPECIAL if net.version == ip.version))):
        if flag:
            return label
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in embedded_ipv4(ip):
            reason = blocked_reason(inner)
            if reason:
                return f"{reason} (IPv4 {inner} inside IPv6)"
    return None


def _allowed_networks(allow_private) -> list | None:
    """None: nothing private allowed. A list: these networks allowed ([] never happens).
    True allows every address (tests only); an iterable of CIDR strings allows just those."""
    if not allow_private:
        return None
    if allow_private is True:
        return [ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")]
    if isinstance(allow_private, str):
        allow_private = allow_private.split(",")
    return [ipaddress.ip_network(n.strip(), strict=False) for n in allow_private if n.strip()]


def _split(url: str):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedURL("only http and https URLs with a host name can be fetched")
    if "%" in parts.hostname:
        raise RefusedURL("IPv6 zone identifiers are not fetched")
    if parts.username is not None or parts.password is not None:
        raise RefusedURL("URLs with a user name or password are not fetched")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise RefusedURL("the URL's port is not a number from 1 to 65535") from None
    return parts, port


def resolve(url: str, allow_private: bool | str | Iterable[str] = False) -> list[str]:
    """Check a URL and return the addresses to connect to; raises RefusedURL or FetchError.
    Every address the name resolves to must pass, not just the first."""
    parts, port = _split(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {parts.hostname!r}: {getattr(exc, 'strerror', exc)}") from exc
    allowed = _allowed_networks(allow_private)
    addresses = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        reason = blocked_reason(ip)
        if reason and not (allowed and any(ip.version == n.version and ip in n for n in allowed)):
            raise RefusedURL(f"refusing to fetch {parts.hostname!r}: it resolves to a {reason} address")
        if str(ip) not in addresses:
            addresses.append(str(ip))
    if not addresses:
        raise FetchError(f"cannot resolve host {parts.hostname!r}")
    return addresses


def check_form(url: str) -> None:
    """Raise RefusedURL unless `url` is one a fetch may try (http or https, a host, no
    credentials); its addresses are checked when it is fetched."""
    _split(url)


def check_url(url: str, allow_private: bool | str | Iterable[str] = False) -> None:
    """Raise RefusedURL (or FetchError) unless the URL may be fetched."""
    resolve(url, allow_private)


# --- connecting to the checked address, within the time limits --------------------------------

class _Watchdog:
    """Shuts down every socket it watches when the total time is up."""

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.fired = False
        self._timers: list[threading.Timer] = []

    def watch(self, sock) -> None:
        timer = threading.Timer(max(0.0, self.deadline - time.monotonic()), self._cut, (sock,))
        timer.daemon = True
        timer.start()
        self._timers.append(timer)

    def _cut(self, sock) -> None:
        self.fired = True
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        for timer in self._timers:
            timer.cancel()


class _Watched:
    """Connection mixin: hands its socket to the fetch's watchdog once connected."""

    def __init__(self, *args, watchdog: _Watchdog, **kwargs):
        self._watchdog = watchdog
        super().__init__(*args, **kwargs)

    def connect(self):
        super().connect()
        self._watchdog.watch(self.sock)


class _WatchedHTTP(_Watched, HTTPConnection):
    pass


class _WatchedHTTPS(_Watched, HTTPSConnection):
    pass


def _pinned_pool(scheme: str, hostname: str, ip: str, port: int, timeout, watchdog, ca_certs):
    """A one-connection pool to `ip`; TLS still names and verifies `hostname`."""
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            ip, port, timeout=timeout, retries=False, maxsize=1, cert_reqs="CERT_REQUIRED",
            ca_certs=ca_certs or certifi.where(), server_hostname=hostname, assert_hostname=hostname,
            watchdog=watchdog)
        pool.ConnectionCls = _WatchedHTTPS
    else:
        pool = urllib3.HTTPConnectionPool(ip, port, timeout=timeout, retries=False, maxsize=1,
                                          watchdog=watchdog)
        pool.ConnectionCls = _WatchedHTTP
    return pool


def _request(url: str, addresses: list[str], timeout, watchdog, ca_certs, accept=ACCEPTED_TYPES,
             conditional: dict | None = None):
    parts, port = _split(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host_header = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port:
        host_header += f":{parts.port}"
    headers = {"Host": host_header, "User-Agent": USER_AGENT, "Accept": ", ".join(accept),
               "Accept-Encoding": "gzip, deflate", **(conditional or {})}
    last = None
    for ip in addresses:  # the first address that accepts a connection
        pool = _pinned_pool(parts.scheme, parts.hostname, ip, port, timeout, watchdog, ca_certs)
        try:
            resp = pool.urlopen("GET", target, headers=headers, redirect=False,
                                preload_content=False, decode_content=True, assert_same_host=False)
            if watchdog.fired:  # cut mid-headers: what arrived is not a whole response
                pool.close()
                raise FetchError(f"{url} took longer than the time limit")
            return pool, resp
        except urllib3.exceptions.NewConnectionError as exc:
            last = exc
            pool.close()
        except urllib3.exceptions.HTTPError as exc:
            pool.close()
            raise _failure(url, exc, watchdog) from exc
    raise _failure(url, last, watchdog) from last


def _failure(url: str, exc: Exception, watchdog: _Watchdog) -> FetchError:
    if watchdog.fired:
        return FetchError(f"{url} took longer than the time limit")
    if isinstance(exc, urllib3.exceptions.SSLError):
        return FetchError(f"could not fetch {url}: TLS failed ({exc})")
    if isinstance(exc, (urllib3.exceptions.ConnectTimeoutError, urllib3.exceptions.ReadTimeoutError)):
        return FetchError(f"could not fetch {url}: timed out")
    return FetchError(f"could not fetch {url}: {exc.__class__.__name__}")


# --- the body and its charset ------------------------------------------------------------------

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)""", re.I)
XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.\-]+)""")
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _codec(name: str | None) -> str | None:
    """A Python codec name for a declared charset, or None when it is unknown."""
    if not name:
        return None
    try:
        found = codecs.lookup(name.strip().strip("'\"")).name
    except LookupError:
        return None
    # Browsers read pages labelled latin-1/ascii as windows-1252; so do we.
    return "cp1252" if found in ("latin-1", "iso8859-1", "ascii") else found


def detect_charset(body: bytes, content_type_header: str) -> str:
    """BOM, then the header's charset, then the page's declaration, then detection."""
    for bom, name in BOMS:
        if body.startswith(bom):
            return name
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type_header, re.I)
    declared = _codec(match.group(1)) if match else None
    if declared:
        return declared
    head = body[:4096]
    for pattern in (XML_ENCODING, META_CHARSET):
        found = pattern.search(head)
        if found and _codec(found.group(1).decode("ascii")):
            return _codec(found.group(1).decode("ascii"))
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    return _codec(best.encoding) if best else "cp1252"


def _read_capped(resp, url: str, max_bytes: int, watchdog: _Watchdog) -> bytes:
    body = bytearray()
    declared = resp.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url} is larger than {max_bytes} bytes")
    try:
        while chunk := resp.read1(CHUNK):
            body += chunk
            if len(body) > max_bytes:
                raise FetchError(f"{url} is larger than {max_bytes} bytes")
    except urllib3.exceptions.HTTPError as exc:
        raise _failure(url, exc, watchdog) from exc
    if watchdog.fired:
        raise FetchError(f"{url} took longer than the time limit")
    return bytes(body)


def fetch(url: str, *, timeout_s: float = 10.0, max_bytes: int = 5 * 1024 * 1024,
          allow_private: bool | str | Iterable[str] = False, read_timeout_s: float | None = None,
          ca_certs: str | None = None, accept: tuple[str, ...] = ACCEPTED_TYPES,
          conditional: dict | None = None) -> Page:
    """GET an HTML or text page (or another of the `accept` types); raises RefusedURL (422) or
    FetchError (502) with the reason. `conditional` headers (If-None-Match, If-Modified-Since)
    may make the answer a 304: a Page with status 304 and no text."""
    watchdog = _Watchdog(time.monotonic() + timeout_s)
    timeout = urllib3.Timeout(connect=min(CONNECT_TIMEOUT_S, timeout_s), read=read_timeout_s or timeout_s)
    try:
        for _ in range(MAX_REDIRECTS + 1):
            addresses = resolve(url, allow_private)
            if time.monotonic() > watchdog.deadline:
                raise FetchError(f"{url} took longer than {timeout_s:g} s")
            pool, resp = _request(url, addresses, timeout, watchdog, ca_certs, accept, conditional)
            try:
                if resp.status in REDIRECT_CODES and resp.headers.get("Location"):
                    url = urljoin(url, resp.headers["Location"])
                    continue
                validators = {"etag": resp.headers.get("ETag"), "last_modified": resp.headers.get("Last-Modified")}
                if resp.status == 304 and conditional:
                    return Page(url, "", "", status=304, **validators)
                if resp.status != 200:
                    raise FetchError(f"{url} answered HTTP {resp.status}")
                header = resp.headers.get("Content-Type", "")
                ctype = header.split(";")[0].strip().lower()
                if ctype not in accept:
                    raise FetchError(f"{url} is {ctype or 'of unknown type'}, not an HTML or text page"
                                     if accept == ACCEPTED_TYPES else f"{url} is {ctype or 'of unknown type'}, not a feed")
                body = _read_capped(resp, url, max_bytes, watchdog)
                encoding = detect_charset(body, header)
                return Page(url, body.decode(encoding, errors="replace"), ctype, encoding, body=body, **validators)
            finally:
                resp.release_conn()
                pool.close()
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")
    finally:
        watchdog.cancel()
