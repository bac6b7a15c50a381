"""A private nginx (Debian's package) on 127.0.0.1 for tests and bench/load.py: its own config file
in a folder, no daemon, no access log, pid, logs and temp files in that folder, stopped on exit.

Two server bodies: `static_audio` serves a cache folder's MP3s itself (the ceiling bench/load.py
measures against), `accel_proxy` sits in front of `newsreader serve` with NEWSREADER_ACCEL_REDIRECT
set and sends the file the app points it at (the configuration README.md documents). No pytest
here, so the bench can use it too.
"""
from __future__ import annotations

import os
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from tests.gunicorn_server import free_port

ACCEL_PREFIX = "/_cache/"


def static_audio(cache: Path) -> tuple[str, str]:
    """nginx alone serving the cache folder's files at /audio/<key>.mp3 (server body, no extra)."""
    return f"location /audio/ {{ alias {cache}/; }}", ""


def accel_proxy(cache: Path, upstream: str, prefix: str = ACCEL_PREFIX) -> tuple[str, str]:
    """(server body, http extra): everything proxied to the app on kept-alive connections, and
    `prefix` an internal location (no client reaches it) serving the cache folder, where the app's
    X-Accel-Redirect points. nginx then sends the file (sendfile, Range, If-Range); the app has
    already answered 304s. Of the app's headers nginx keeps Content-Type and Cache-Control on a
    redirect and drops ETag, so the key's ETag is copied back and nginx's own turned off; nginx
    adds Accept-Ranges itself. A file evicted between the app's answer and nginx's open (the
    app's lock is gone by then) is a 404 here, which goes back to the app once (@app): it
    renders the file again and redirects anew. No open_file_cache, which would widen that gap."""
    app = """proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;"""
    return f"""location / {{
            {app}
        }}
        location @app {{
            {app}
        }}
        location {prefix} {{
            internal;
            alias {cache}/;
            etag off;
            add_header ETag $upstream_http_etag;
            add_header X-Content-Type-Options nosniff;
            error_page 404 = @app;
        }}""", f"upstream app {{ server {upstream}; keepalive 32; }}"


def write_conf(folder: Path, port: int, server_body: str, http_extra: str = "") -> Path:
    temp = folder / "nginx-temp"
    temp.mkdir(exist_ok=True)
    # As root, nginx's workers would drop to `nobody`, who cannot read the cache's 0600 files.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = folder / f"nginx-{port}.conf"
    conf.write_text(f"""{user}daemon off;
worker_processes 2;
pid {folder}/nginx-{port}.pid;
error_log {folder}/nginx-{port}-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types {{ audio/mpeg mp3; }}
    default_type application/octet-stream;
    client_body_temp_path {temp}/client;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    {http_extra}
    server {{
        listen 127.0.0.1:{port};
        {server_body}
    }}
}}
""")
    return conf


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def nginx(folder: Path, server_body: str, http_extra: str = ""):
    """Yields the base URL of an nginx running `server_body` (plus `http_extra` in its http
    block); its config, logs and pid under `folder`."""
    port = free_port()
    conf = write_conf(folder, port, server_body, http_extra)
    error_log = folder / f"nginx-{port}-error.log"
    proc = subprocess.Popen(["nginx", "-p", str(folder), "-e", str(error_log), "-c", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while not _listening(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {error_log.read_text() if error_log.exists() else ''}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
