"""Known XSS vectors (tests/data/xss_vectors.txt) through every input, then the pages opened in
real Chromium: no script may run, and nothing injected may be in the DOM.

Each vector goes in as an HTML article (title, byline, subheading, paragraph, attribute), as a
plain-text article (title line, byline line, paragraph) and as a URL (path and query of a page
on a local fetch server that also carries it in its HTML); the form echoes it back after an
error. The pages are opened with CSP bypassed, so escaping alone must hold; an init script traps
alert/confirm/prompt/print, dialogs are recorded, requests to any other origin are recorded and
refused. A separate test shows the CSP itself blocks inline script on our real pages.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.local_server import serve_routes


VECTORS = [line for line in (Path(__file__).parents[1] / "data" / "xss_vectors.txt").read_text("utf-8").splitlines()
           if line and not line.startswith("# ")]
FILLER = ("The council met on Tuesday to discuss the new budget for schools and roads. "
          "Members argued for hours before agreeing on a plan that pleased nobody entirely.")

TRAP = """
window.__xss = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  const record = (...args) => { window.__xss.push(name + '(' + args.join(',') + ')'); };
  Object.defineProperty(window, name, {value: record, writable: false, configurable: false});
}
document.addEventListener('securitypolicyviolation',
  e => window.__xss.push('csp ' + e.violatedDirective + ' ' + e.blockedURI));
"""

# What the DOM may not contain: elements only script or plugins need, handlers, script URLs.
INJECTED = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['iframe', 'frame', 'object', 'embed', 'base', 'svg', 'math', 'style', 'template', 'image',
         'xss', 'isindex', 'keygen', 'bgsound', 'marquee', 'frameset', 'link'].includes(tag)
        && !(tag === 'link' && (el.href.startsWith(location.origin + '/static/')
                                || el.href === location.origin + '/manifest.webmanifest')))  // base.html's own
      bad.push('<' + tag + '>');
    if (tag === 'script' && !el.src.startsWith(location.origin + '/static/')) bad.push('<script>');
    if (tag === 'meta' && el.httpEquiv) bad.push('<meta http-equiv>');
    for (const a of el.attributes) {
      if (a.name === 'value' && (tag === 'input' || tag === 'textarea')) continue;  // an echoed form value is text
      if (/^on/i.test(a.name)) bad.push(tag + ' ' + a.name);
      if (/^\\s*(javascript|vbscript|data):/i.test(a.value) && !a.name.startsWith('data-')) bad.push(tag + ' ' + a.name + '=' + a.value);
      if (a.name === 'style' || a.name === 'autofocus' || a.name === 'formaction') bad.push(tag + ' ' + a.name);
    }
  }
  return bad;
}"""


def html_page(v: str) -> str:
    attr = v.replace("&", "&amp;").replace('"', "&quot;")
    return (f'<html><head><title>{v} headline</title><meta name="author" content="{attr}">'
            f'<meta property="og:title" content="{attr}"></head><body><article>'
            f'<h1>{v} headline</h1><p class="byline">By {v}</p>'
            f"<p>{FILLER} {v} {FILLER}</p><h2>{v} part two</h2><p>{FILLER}</p>"
            f'<p><a href="{attr}" title="{attr}">{v}</a> {FILLER}</p></article></body></html>')


def text_page(v: str) -> str:
    return f"{v}\n\nBy {v}\n\n{FILLER} {v}\n\n{FILLER}\n\n{v}"


def url_safe(v: str) -> str:
    """The vector as raw as an HTTP request line allows (only controls, space, # and % encoded)."""
    return re.sub(r"[\x00-\x20\x7f#%]", lambda m: f"%{ord(m.group()):02X}", v)


@pytest.fixture(scope="module")
def fetch_server():
    """Pages at /v/<n>/...: vector n's HTML page, whatever the rest of the path and query."""
    def page(path: str):
        body = html_page(VECTORS[int(path.split("/")[2])]).encode()
        return 200, {"Content-Type": "text/html; charset=utf-8"}, body

    with serve_routes(page) as base:
        yield base


@pytest.fixture(scope="module")
def site(tmp_path_factory, fetch_server):
    """The app on a real HTTP server, with every vector's articles added; yields (base, pages)."""
    from service import create_app

    tmp = tmp_path_factory.mktemp("xss")
    app = create_app({"DATA_DIR": str(tmp / "data"), "AUDIO_CACHE": str(tmp / "audio"), "PRERENDER": False,
                      "FETCH_ALLOW_PRIVATE": ["127.0.0.1/32"], "PAGE_SIZE": 1000,
                      "RATELIMIT_ENABLED": False})
    client = app.test_client()
    pages, refused = [], []
    for n, v in enumerate(VECTORS):
        for kind, payload in (("html", {"html": html_page(v)}), ("text", {"text": text_page(v)}),
                              ("url", {"url": f"{fetch_server}/v/{n}/{url_safe(v)}?q={url_safe(v)}"})):
            resp = client.post("/api/articles", json=payload)
            if resp.status_code in (200, 201):
                pages.append((kind, n, f"/articles/{resp.get_json()['id']}"))
            else:  # refused as unusable input, never a server error
                assert resp.status_code == 422, (kind, n, v, resp.status_code)
                refused.append((kind, n, resp.get_json()["error"]["message"]))
    # Nearly every vector must reach a page, or the test would prove little.
    assert len(refused) <= len(VECTORS) // 10, refused
    class Quiet(WSGIRequestHandler):
        def log_request(self, *args):
            pass

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", pages
    server.shutdown()


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's Chromium (tests/browser/conftest.py): one Playwright per process."""
    return browser


def trapped_page(chromium, base: str, bypass_csp: bool):
    """A page whose script-like events land in page.hits; other origins are refused and recorded."""
    context = chromium.new_context(bypass_csp=bypass_csp)
    context.add_init_script(TRAP)
    page = context.new_page()
    page.hits = []
    page.on("dialog", lambda d: (page.hits.append(f"dialog {d.type} {d.message}"), d.dismiss()))
    origin = urlsplit(base).netloc

    def gate(route):
        url = urlsplit(route.request.url)
        if url.netloc == origin and url.path.startswith("/audio/"):
            route.abort()  # the audio is not under test, and rendering it would take minutes
        elif url.netloc == origin:
            route.continue_()
        else:
            page.hits.append(f"request to {route.request.url}")
            route.abort()

    page.route("**/*", gate)
    return context, page


def findings(page) -> list[str]:
    page.wait_for_timeout(0)
    return page.hits + page.evaluate("window.__xss") + page.evaluate(INJECTED)


def test_no_vector_runs_or_injects_markup_on_any_page(chromium, site):
    base, pages = site
    context, page = trapped_page(chromium, base, bypass_csp=True)
    failures, seen, literal = [], set(), set()
    for kind, n, path in [("index", -1, "/")] + pages:
        if path in seen:  # vectors that extract to the same article
            continue
        seen.add(path)
        page.goto(base + path, wait_until="load")
        for found in findings(page):
            failures.append(f"{kind} vector {n} {VECTORS[n] if n >= 0 else ''!r}: {found}")
        page.hits.clear()
        if n >= 0 and set(page.inner_text("h1")) & set("<>\"'"):
            literal.add(n)  # markup characters reached the page, as text
    context.close()
    assert not failures, "\n".join(failures)
    # Not a vacuous pass: many distinct pages (vectors that sanitise to the same text are one
    # article), and many titles showing markup characters as text.
    assert len(seen) >= 60 and len(literal) >= 20, (len(seen), len(literal))


def test_form_echoes_vectors_safely(chromium, site):
    """The form, after an error, shows what was typed: in an input value and a textarea."""
    base, _ = site
    context, page = trapped_page(chromium, base, bypass_csp=True)
    failures = []
    page.goto(base + "/", wait_until="domcontentloaded")
    for n, v in enumerate(VECTORS):  # each error page holds the form again
        page.fill("#url", v)
        page.fill("#content", v)
        page.click("button[type=submit]")
        page.wait_for_selector("[role=alert]")
        assert page.input_value("#content") == v.replace("\r\n", "\n")
        failures += [f"vector {n} {v!r}: {found}" for found in findings(page)]
        page.hits.clear()
    context.close()
    assert not failures, "\n".join(failures)


def test_csp_blocks_inline_script_that_gets_in(chromium, site):
    """With the CSP on, our pages raise no violation of their own, and markup injected into
    them (as if escaping had failed) cannot run its handlers or inline scripts."""
    base, pages = site
    context, page = trapped_page(chromium, base, bypass_csp=False)
    for path in ("/", pages[0][2]):
        page.goto(base + path, wait_until="load")
        assert findings(page) == []
    page.evaluate("""() => {
        document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="alert(1)">');
        const s = document.createElement('script'); s.textContent = 'alert(2)'; document.body.append(s);
    }""")
    page.wait_for_function("window.__xss.length >= 2")
    page.wait_for_timeout(200)
    hits = page.evaluate("window.__xss")
    context.close()
    assert not any(h.startswith("alert") for h in hits), hits
    assert any(h.startswith("csp script-src") for h in hits), hits
