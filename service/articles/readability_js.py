"""Mozilla Readability.js, the scorer Firefox's Reader View uses, run from Python.

python-readability ships Readability.js (with a DOM for it) as one script, ``parse.cjs``, and
runs it in SpiderMonkey through pythonmonkey; no node is needed. Three things make it safe to
call from the service:

* **Lazy**: the engine starts on the first page, in the process that reads it, never at import
  (a gunicorn master that imported it would fork a started JS engine into every worker).
* **One lock**: SpiderMonkey is not thread-safe, and gthread workers extract from several
  threads at once: every call holds one process-wide lock.
* **Never fatal**: any failure (the package missing, the script throwing, a page it cannot
  parse) gives None, and the extractor answers without this opinion.

The package's module is also named ``readability``, like readability-lxml's (the benchmark's
peer): both install into one ``readability/`` folder and whichever was installed last owns its
``__init__.py``. So the script is loaded by its file path, found through the distribution's
record, and ``import readability`` is never used here.
"""
from __future__ import annotations

import logging
import threading

_SCRIPT = "readability/impl/parse.cjs"
_lock = threading.Lock()
_parse = None  # Readability.js's parse(html, options), once loaded
_failed = False  # the engine could not be loaded: do not try again on every page

log = logging.getLogger(__name__)


def _load():
    from importlib import metadata

    from pythonmonkey.require import require
    script = metadata.distribution("python-readability").locate_file(_SCRIPT)
    return require(str(script))["parse"]


def parse(html: str, keep_classes: tuple[str, ...] = ()) -> dict | None:
    """Readability.js's article for a page: {"title", "byline", "content" (HTML), ...} with
    JS null as None, or None when there is none or anything failed. ``keep_classes``: the
    class names its content keeps (it strips all others)."""
    global _parse, _failed
    if _failed:
        return None
    with _lock:
        try:
            if _parse is None:
                _parse = _load()
            result = (_parse(html, {"classesToPreserve": list(keep_classes)}) if keep_classes
                      else _parse(html))
            if result is None or not hasattr(result, "items"):
                return None
            return {k: _plain(v) for k, v in result.items()}
        except ImportError as e:  # the package or its engine is not installed
            _failed = True
            log.warning("Readability.js unavailable: %s", e)
            return None
        except Exception as e:  # noqa: BLE001 - a JS error on an odd page: no second opinion
            log.debug("Readability.js failed: %s", e)
            return None


def _plain(v):
    """A JS value as Python: null and undefined as None, strings and numbers as they are."""
    return v if isinstance(v, (str, int, float, bool)) else None


def content(html: str, keep_classes: tuple[str, ...] = ()) -> str | None:
    """The HTML of the article Readability.js finds in the page, or None."""
    result = parse(html, keep_classes)
    text = result.get("content") if result else None
    return text if text and text.strip() else None
