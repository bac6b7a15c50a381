"""fetch() against a real HTTP(S) server on 127.0.0.1: each refusal and each limit shown.

Private addresses are refused by default, so most tests allow exactly 127.0.0.1/32 (the explicit
FETCH_ALLOW_PRIVATE setting) and show that anything else, even 127.0.0.2, is still refused.
The server records each request's path and Host header, so a test can show nothing was sent.
"""
from __future__ import annotations

import gzip
import socket
import ssl
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from service.articles import fetch as fetch_module
from service.articles.fetch import FetchError, RefusedURL, fetch

LOOPBACK_ONLY = ["127.0.0.1/32"]
ARTICLE = "<html><head><title>T</title></head><body><p>Hello reader.</p></body></html>"


def send(handler, status=200, headers=None, body=b""):
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    if "Content-Length" not in (headers or {}) and "Transfer-Encoding" not in (headers or {}):
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def trickle(handler, seconds=6.0):
    """Headers at once, then a byte every 0.1 s (bounded, so the server thread ends)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        handler.wfile.write(b"a")
        handler.wfile.flush()
        time.sleep(0.1)


def trickle_headers(handler):
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for _ in range(60):
        handler.wfile.write(b"X-Slow: 1\r\n")
        handler.wfile.flush()
        time.sleep(0.1)


def stall(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    handler.wfile.flush()
    time.sleep(3)


def chunked(handler, total=400_000):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    piece = b"<p>" + b"a" * 9_993 + b"</p>"
    for _ in range(total // len(piece)):
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
    handler.wfile.write(b"0\r\n\r\n")


RUSSIAN = ("Москва - столица России, крупнейший по численности населения город страны. "
           "Город расположен на реке Москве в центре Восточно-Европейской равнины. ") * 4

ROUTES = {
    "/ok": lambda h: send(h, 200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE.encode()),
    "/text": lambda h: send(h, 200, {"Content-Type": "text/plain"}, b"Plain words."),
    "/xhtml": lambda h: send(h, 200, {"Content-Type": "application/xhtml+xml"},
                             f'<?xml version="1.0" encoding="windows-1251"?><html><p>{RUSSIAN}</p></html>'.encode("cp1251")),
    "/png": lambda h: send(h, 200, {"Content-Type": "image/png"}, b"\x89PNG"),
    "/json": lambda h: send(h, 200, {"Content-Type": "application/json"}, b"{}"),
    "/untyped": lambda h: send(h, 200, {}, b"<p>x</p>"),
    "/to-other-loopback": lambda h: send(h, 302, {"Location": f"http://127.0.0.2:{h.server.server_port}/ok"}),
    "/to-file": lambda h: send(h, 301, {"Location": "file:///etc/passwd"}),
    "/to-metadata": lambda h: send(h, 307, {"Location": "http://169.254.169.254/latest/meta-data/"}),
    "/to-ok": lambda h: send(h, 303, {"Location": "/ok"}),
    "/declared-huge": lambda h: send(h, 200, {"Content-Type": "text/html", "Content-Length": "999999999"}),
    "/chunked-huge": chunked,
    "/gzip-bomb": lambda h: send(h, 200, {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                                 gzip.compress(b"<p>" + b"\0" * 20_000_000)),
    "/gzip-ok": lambda h: send(h, 200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
                               gzip.compress(ARTICLE.encode())),
    "/trickle": trickle,
    "/trickle-headers": trickle_headers,
    "/stall": stall,
    "/header-charset": lambda h: send(h, 200, {"Content-Type": "text/html; charset=windows-1251"},
                                      f"<p>{RUSSIAN}</p>".encode("cp1251")),
    "/meta-charset": lambda h: send(h, 200, {"Content-Type": "text/html"},
                                    f'<html><head><meta charset="windows-1251"></head><p>{RUSSIAN}</p>'.encode("cp1251")),
    "/http-equiv": lambda h: send(h, 200, {"Content-Type": "text/html"},
                                  ('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
                                   f"<p>{RUSSIAN}</p>").encode("koi8_r")),
    "/header-beats-meta": lambda h: send(h, 200, {"Content-Type": "text/html; charset=utf-8"},
                                         f'<meta charset="iso-8859-1"><p>{RUSSIAN}</p>'.encode()),
    "/undeclared": lambda h: send(h, 200, {"Content-Type": "text/html"}, f"<p>{RUSSIAN}</p>".encode("cp1251")),
    "/bom16": lambda h: send(h, 200, {"Content-Type": "text/html"}, f"<p>{RUSSIAN}</p>".encode("utf-16")),
    "/latin1-label": lambda h: send(h, 200, {"Content-Type": "text/html; charset=iso-8859-1"},
                                    "<p>It costs \u20ac5 \u2014 “quoted”</p>".encode("cp1252")),
}


class Server(ThreadingHTTPServer):
    daemon_threads = True


@contextmanager
def http_server(tls: ssl.SSLContext | None = None):
    seen: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            seen.append((self.path, self.headers.get("Host")))
            route = ROUTES.get(self.path, lambda h: send(h, 404, {"Content-Type": "text/plain"}, b"no"))
            try:
                route(self)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass

        def log_message(self, *args):
            pass

    server = Server(("127.0.0.1", 0), Handler)
    if tls:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_port, seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def server():
    with http_server() as (port, seen):
        yield f"http://127.0.0.1:{port}", port, seen


# --- refusals -----------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::ffff:127.0.0.1]", "2130706433"])
def test_loopback_is_refused_by_default_and_nothing_is_sent(server, host):
    _, port, seen = server
    with pytest.raises(RefusedURL, match="loopback"):
        fetch(f"http://{host}:{port}/ok")
    assert seen == []


def test_allow_list_fetches_only_its_network(server):
    base, port, seen = server
    assert "Hello reader." in fetch(f"{base}/ok", allow_private=LOOPBACK_ONLY).text
    with pytest.raises(RefusedURL):
        fetch(f"http://127.0.0.2:{port}/ok", allow_private=LOOPBACK_ONLY)
    assert [p for p, _ in seen] == ["/ok"]


@pytest.mark.parametrize("path", ["/to-other-loopback", "/to-file", "/to-metadata"])
def test_each_redirect_hop_is_checked(server, path):
    base, _, seen = server
    with pytest.raises(RefusedURL):
        fetch(f"{base}{path}", allow_private=LOOPBACK_ONLY)
    assert [p for p, _ in seen] == [path]  # the next hop was never requested


def test_allowed_redirect_is_followed(server):
    base, _, seen = server
    page = fetch(f"{base}/to-ok", allow_private=LOOPBACK_ONLY)
    assert page.url == f"{base}/ok" and [p for p, _ in seen] == ["/to-ok", "/ok"]


@pytest.mark.parametrize("path, words", [
    ("/png", "image/png"), ("/json", "application/json"), ("/untyped", "unknown type"),
])
def test_only_html_xhtml_and_text_are_accepted(server, path, words):
    with pytest.raises(FetchError, match=words):
        fetch(f"{server[0]}{path}", allow_private=LOOPBACK_ONLY)


def test_text_and_xhtml_are_accepted(server):
    assert fetch(f"{server[0]}/text", allow_private=LOOPBACK_ONLY).text == "Plain words."
    page = fetch(f"{server[0]}/xhtml", allow_private=LOOPBACK_ONLY)
    assert page.content_type == "application/xhtml+xml" and "Москва" in page.text


# --- the connection goes to the checked address -------------------------------------------------

def test_name_is_resolved_once_and_the_checked_address_is_used(server, monkeypatch):
    """A rebinding DNS answer: 127.0.0.1 when checked, 127.0.0.2 afterwards. The fetch must
    connect to the address it checked (nothing listens on 127.0.0.2) and ask DNS once."""
    _, port, seen = server
    real, asked = socket.getaddrinfo, []

    def rebinding(host, *args, **kwargs):
        if host != "rebind.test":
            return real(host, *args, **kwargs)
        asked.append(host)
        return real("127.0.0.1" if len(asked) == 1 else "127.0.0.2", *args, **kwargs)

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", rebinding)
    page = fetch(f"http://rebind.test:{port}/ok", allow_private=LOOPBACK_ONLY)
    assert "Hello reader." in page.text
    assert asked == ["rebind.test"]
    assert seen == [("/ok", f"rebind.test:{port}")]  # the name kept for the Host header


def test_https_to_a_pinned_address_keeps_sni_and_verifies_the_certificate(tmp_path):
    import trustme  # a [test] dependency
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    for name, ok in (("localhost", True), ("elsewhere.example", False)):
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert(name).configure_cert(ctx)
        with http_server(tls=ctx) as (port, seen):
            url = f"https://localhost:{port}/ok"
            if ok:
                assert "Hello reader." in fetch(url, allow_private=LOOPBACK_ONLY, ca_certs=str(ca_file)).text
                assert seen == [("/ok", f"localhost:{port}")]
            else:
                with pytest.raises(FetchError, match="TLS"):
                    fetch(url, allow_private=LOOPBACK_ONLY, ca_certs=str(ca_file))


# --- size and time limits -----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/declared-huge", "/chunked-huge", "/gzip-bomb"])
def test_size_cap_holds_however_the_body_comes(server, path):
    with pytest.raises(FetchError, match="larger than 200000 bytes"):
        fetch(f"{server[0]}{path}", allow_private=LOOPBACK_ONLY, max_bytes=200_000)


def test_compressed_page_is_decoded(server):
    assert "Hello reader." in fetch(f"{server[0]}/gzip-ok", allow_private=LOOPBACK_ONLY).text


@pytest.mark.parametrize("path", ["/trickle", "/trickle-headers"])
def test_total_time_limit_cuts_a_trickling_server(server, path):
    start = time.monotonic()
    with pytest.raises(FetchError, match="longer than"):
        fetch(f"{server[0]}{path}", allow_private=LOOPBACK_ONLY, timeout_s=1.0)
    assert time.monotonic() - start < 2.5


def test_read_time_limit(server):
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"{server[0]}/stall", allow_private=LOOPBACK_ONLY, timeout_s=10, read_timeout_s=0.5)
    assert time.monotonic() - start < 2.5


# --- charset ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, encoding", [
    ("/header-charset", "cp1251"), ("/meta-charset", "cp1251"), ("/http-equiv", "koi8-r"),
    ("/header-beats-meta", "utf-8"), ("/undeclared", "cp1251"), ("/bom16", "utf-16"),
])
def test_charset_is_found(server, path, encoding):
    page = fetch(f"{server[0]}{path}", allow_private=LOOPBACK_ONLY)
    assert page.encoding == encoding
    assert "Москва - столица России" in page.text


def test_latin1_label_is_read_as_windows_1252(server):
    page = fetch(f"{server[0]}/latin1-label", allow_private=LOOPBACK_ONLY)
    assert "\u20ac5 \u2014 “quoted”" in page.text


# --- through the API ----------------------------------------------------------------------------

def test_api_refuses_loopback_by_default_and_stores_nothing(client, server):
    _, port, seen = server
    resp = client.post("/api/articles", json={"url": f"http://localhost:{port}/ok"})
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "url_refused"
    assert client.get("/api/articles").get_json()["total"] == 0 and seen == []
