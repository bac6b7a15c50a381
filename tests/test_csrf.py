"""The form's CSRF token: a post without it, with a forged, stale or someone else's token is a
400 page and stores nothing; the form's own token works, also when another gunicorn worker
served the form, because every worker signs with the same key."""
from __future__ import annotations

import multiprocessing
import os
import stat
import time

import pytest
import requests
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from service.web import csrf
from tests.feed_helpers import make_app, short_article
from tests.form_helpers import TOKEN_RE, csrf_token, post_form
from tests.gunicorn_server import gunicorn
from tests.worker_log import WORKER_LOG, answers

ARTICLE = short_article(1)["text"]


def total(client) -> int:
    return client.get("/api/articles").get_json()["total"]


def assert_refused(resp, client):
    assert resp.status_code == 400 and resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    assert "This form has expired or did not come from this site, so nothing was added." in html
    assert "Reload the page" in html
    assert total(client) == 0


def test_the_form_carries_a_token_and_a_session_cookie(client):
    resp = client.get("/")
    assert csrf_token(client)
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_forms_own_token_is_accepted(client):
    assert post_form(client, {"content": ARTICLE}).status_code == 303
    assert total(client) == 1


def test_a_post_without_a_token_is_refused(client):
    client.get("/")  # a session, but no token in the post
    assert_refused(client.post("/", data={"content": ARTICLE}), client)


def test_a_post_without_a_session_is_refused(client, app):
    token = csrf_token(app.test_client())  # a real token, from another visitor's session
    assert_refused(client.post("/", data={"content": ARTICLE, "csrf_token": token}), client)


@pytest.mark.parametrize("bad", ["x", "", "a" * 200, "IkFBQSI.aw9NOg.XhPdPvxpvpJ1ZcSuxA_3u4kmbsI"])
def test_a_forged_token_is_refused(client, bad):
    client.get("/")
    assert_refused(client.post("/", data={"content": ARTICLE, "csrf_token": bad}), client)


def test_a_token_signed_with_another_key_is_refused(client):
    csrf_token(client)
    with client.session_transaction() as session:
        value = session[csrf.FIELD]
    forged = URLSafeTimedSerializer("another key", salt="newsreader-form").dumps(value)
    assert_refused(client.post("/", data={"content": ARTICLE, "csrf_token": forged}), client)


def test_a_stale_token_is_refused(client, app):
    csrf_token(client)
    with client.session_transaction() as session:
        value = session[csrf.FIELD]

    class Yesterday(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - csrf.MAX_AGE_S - 60

    stale = URLSafeTimedSerializer(app.secret_key, salt="newsreader-form", signer=Yesterday).dumps(value)
    assert_refused(client.post("/", data={"content": ARTICLE, "csrf_token": stale}), client)


def test_the_refusal_comes_before_the_access_token(tmp_path):
    """A cross-site post must not learn whether its guessed access token was right."""
    locked = make_app(tmp_path, API_TOKEN="the-token").test_client()
    locked.get("/")
    assert_refused(locked.post("/", data={"content": ARTICLE, "token": "the-token"}), locked)


def test_an_error_page_carries_a_fresh_working_token(client):
    """The form shown again after an input error can be sent again as it is."""
    first = post_form(client, {"content": ""})
    assert first.status_code == 422
    token = TOKEN_RE.search(first.get_data(as_text=True)).group(1)
    assert client.post("/", data={"content": ARTICLE, "csrf_token": token}).status_code == 303


def _key_in(folder: str, queue) -> None:
    queue.put(csrf.load_secret_key(folder))


def test_concurrent_workers_agree_on_one_private_key(tmp_path):
    folder = str(tmp_path / "data")
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_key_in, args=(folder, queue)) for _ in range(8)]
    for p in procs:
        p.start()
    keys = [queue.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert len(set(keys)) == 1 and len(keys[0]) == 64
    path = os.path.join(folder, csrf.KEY_FILE)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert os.listdir(folder) == [csrf.KEY_FILE]  # no temporary file left
    assert csrf.load_secret_key(folder) == keys[0]  # kept: a restart signs with the same key


def test_a_configured_secret_key_wins(tmp_path):
    app = make_app(tmp_path, SECRET_KEY="from-the-environment")
    assert app.secret_key == "from-the-environment"
    assert not (tmp_path / "data" / csrf.KEY_FILE).exists()


def test_a_form_from_one_worker_is_accepted_by_another(tmp_path):
    """Fresh connections (no keep-alive) until a form served by one worker was posted to the
    other; every post is accepted."""
    with gunicorn(tmp_path, workers=2, NEWSREADER_PRERENDER="0", **WORKER_LOG) as base:
        browser = requests.Session()
        browser.headers["Connection"] = "close"
        for n in range(1, 41):
            page = browser.get(f"{base}/", timeout=10)
            token = TOKEN_RE.search(page.text)
            posted = browser.post(f"{base}/", data={"content": short_article(n)["text"], "csrf_token": token.group(1)},
                                  allow_redirects=False, timeout=30)
            assert posted.status_code == 303, posted.text
            log = answers(tmp_path, 2 * n, "/")
            if any(get[0] != post[0] for get, post in zip(log[::2], log[1::2])):
                break
        else:
            pytest.fail("40 forms were all posted back to the worker that served them")
        assert [(m, s) for _, m, s in log] == [("GET", 200), ("POST", 303)] * n
        assert requests.get(f"{base}/api/articles", timeout=10).json()["total"] == n
