"""Mozilla Readability.js, the scorer Firefox's Reader View uses, run from Python.

python-readability ships Readability.js (with a DOM for it) as one script, ``parse.cjs``, and
runs it in SpiderMonkey through pythonmonkey; no node is needed. SpiderMonkey does not sit well
in a threaded server: it is not thread-safe, it may only be called from the thread that started
it (its stack limit is that thread's: from any other, every page fails with "too much
recursion"), and an engine started outside the main thread crashes the interpreter as it exits.
gthread workers extract from several request threads at once, none of them the main thread.

So the engine runs in a helper process of its own, in that process's main thread: this file
run as a script (``python readability_js.py --serve``), reading pages from its stdin and
writing articles to its stdout. In the service:

* **Lazy**: the helper starts on the first page, in the process that reads it, never at import
  (a gunicorn master never starts one; a forked worker starts its own).
* **One lock**: a process has one helper, and each call holds one lock while it asks it.
* **Never fatal**: any failure (the package missing, the script throwing, the helper dying or
  taking longer than TIMEOUT_S) gives None, and the extractor answers without this opinion;
  a helper that died is started again on the next page.

The package's module is also named ``readability``, like readability-lxml's (the benchmark's
peer): both install into one ``readability/`` folder and whichever was installed last owns its
``__init__.py``. So the script is loaded by its file path, found through the distribution's
record, and ``import readability`` is never used.
"""
from __future__ import annotations

import gc
import itertools
import json
import logging
import os
import select
import struct
import subprocess
import sys
import threading
import time

_SCRIPT = "readability/impl/parse.cjs"
TIMEOUT_S = 30  # a page the helper takes longer over gets no opinion (and a new helper)
_HEADER = struct.Struct(">I")  # each message: its length, then that many bytes of JSON
# The helper grows with every page (78 MB at start, 416 MB after 372 pages, measured): it
# collects its garbage every COLLECT_EVERY pages (367 MB after 372; no slower), and is replaced
# after RECYCLE_PAGES, which bounds the rest (a new one starts in about 0.5 s)
COLLECT_EVERY = 20
RECYCLE_PAGES = 300

_lock = threading.Lock()
_helper: tuple[int, subprocess.Popen] | None = None  # (the pid that started it, the helper)
_pages = 0  # pages the current helper has read
_failed = False  # the helper cannot run here: do not try again on every page

log = logging.getLogger(__name__)


def parse(html: str, keep_classes: tuple[str, ...] = ()) -> dict | None:
    """Readability.js's article for a page: {"title", "byline", "content" (HTML), ...} with
    JS null as None, or None when there is none or anything failed. ``keep_classes``: the
    class names its content keeps (it strips all others)."""
    if _failed or not isinstance(html, str):
        return None
    with _lock:
        try:
            helper = _running_helper()
            _send(helper.stdin, {"html": html, "keep": list(keep_classes)})
            reply = _receive(helper.stdout, TIMEOUT_S)
        except (OSError, ValueError, EOFError, TimeoutError) as e:
            log.warning("Readability.js helper failed: %s", e)
            _stop_helper()
            return None
    if reply.get("unavailable"):
        _disable(reply["unavailable"])
        return None
    return reply.get("article")


def content(html: str, keep_classes: tuple[str, ...] = ()) -> str | None:
    """The HTML of the article Readability.js finds in the page, or None."""
    result = parse(html, keep_classes)
    text = result.get("content") if result else None
    return text if text and text.strip() else None


# ------------------------------------------------------------------------------ the service side

def _running_helper() -> subprocess.Popen:
    """This process's helper, started if there is none (or only the one a parent started)."""
    global _helper, _pages
    if _pages >= RECYCLE_PAGES:
        _stop_helper()
    if _helper is None or _helper[0] != os.getpid() or _helper[1].poll() is not None:
        _pages = 0
        proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)
        _helper = (os.getpid(), proc)
    _pages += 1
    return _helper[1]


def _stop_helper() -> None:
    global _helper
    if _helper is not None and _helper[0] == os.getpid():
        _helper[1].kill()
        _helper[1].wait()
    _helper = None


def _disable(why: str) -> None:
    global _failed
    _failed = True
    log.warning("Readability.js unavailable: %s", why)
    _stop_helper()


def _send(stream, message) -> None:
    data = json.dumps(message).encode("utf-8")
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read_exactly(stream, n: int, deadline: float | None) -> bytes:
    fd, out = stream.fileno(), b""
    while len(out) < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError("Readability.js took too long")
        chunk = os.read(fd, n - len(out))
        if not chunk:
            raise EOFError("the Readability.js helper exited")
        out += chunk
    return out


def _receive(stream, timeout: float | None):
    deadline = None if timeout is None else time.monotonic() + timeout
    (n,) = _HEADER.unpack(_read_exactly(stream, _HEADER.size, deadline))
    return json.loads(_read_exactly(stream, n, deadline))


# ------------------------------------------------------------------------------ the helper side

def _plain(v):
    """A JS value as JSON: null and undefined as None, strings and numbers as they are."""
    return v if isinstance(v, (str, int, float, bool)) else None


def _serve() -> None:
    """The helper's loop, in its main thread: a page in, its article (or null) out."""
    stdin = sys.stdin.buffer
    # the replies get a descriptor of their own: whatever the engine prints goes to stderr
    stdout = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        from importlib import metadata

        import pythonmonkey
        from pythonmonkey.require import require
        script = metadata.distribution("python-readability").locate_file(_SCRIPT)
        js_parse = require(str(script))["parse"]
    except Exception as e:  # noqa: BLE001 - not installed or not loadable: say so, then stop
        _send(stdout, {"unavailable": f"{type(e).__name__}: {e}"})
        return
    for n in itertools.count(1):
        try:
            message = _receive(stdin, None)
        except EOFError:
            return  # the service closed the pipe (or exited): so does the helper
        result = None
        try:
            keep = message.get("keep") or []
            result = (js_parse(message["html"], {"classesToPreserve": keep}) if keep
                      else js_parse(message["html"]))
            article = ({k: _plain(v) for k, v in result.items()}
                       if result is not None and hasattr(result, "items") else None)
        except Exception:  # noqa: BLE001 - a JS error on an odd page: no opinion on it
            article = None
        _send(stdout, {"article": article})
        if n % COLLECT_EVERY == 0:
            result = None
            gc.collect()  # the Python proxies first, so the JS objects they hold can go
            pythonmonkey.collect()


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    _serve()
