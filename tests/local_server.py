"""A small HTTP server on 127.0.0.1 for fetch tests: fixed routes, each a (status, headers, body),
or a function from the request path to one (with `with_headers`, from the path and the
request's headers, for conditional requests)."""
from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NOT_FOUND = (404, {"Content-Type": "text/plain"}, b"not found")


@contextmanager
def serve_routes(routes: dict[str, tuple[int, dict, bytes]] | Callable[..., tuple[int, dict, bytes]],
                 with_headers: bool = False):
    answer = routes if callable(routes) else lambda path: routes.get(path, NOT_FOUND)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, headers, body = answer(self.path, self.headers) if with_headers else answer(self.path)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
