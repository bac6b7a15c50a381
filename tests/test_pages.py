"""The pages people use: the form, the article page, error pages."""
from __future__ import annotations

import re

from tests.databases import both_databases
from tests.form_helpers import post_form

pytestmark = both_databases  # every test on SQLite and on PostgreSQL


def test_index_has_a_labelled_form(client):
    resp = client.get("/")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert '<label for="url">' in html and '<label for="content">' in html
    assert "No articles yet." in html


def test_paste_and_listen_lands_on_the_article_page(client, upi_html, upi_expected):
    resp = post_form(client, {"content": upi_html})
    assert resp.status_code == 303
    page = client.get(resp.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert re.search(r"<h1>\s*U\.S\. denies teaming up", html)
    assert "By Doug G. Ware" in html
    assert 'datetime="2017-01-23"' in html
    data = client.get("/api/articles").get_json()["articles"][0]
    nav = html.split("<nav", 1)[1].split("</nav>", 1)[0]
    assert nav.count("<li>") == len(data["sections"])
    assert html.count("<audio") == len(data["sections"]) + 1
    for section in data["sections"]:
        assert f">{section['heading']}</h2>" in html.replace("&#39;", "'")
    for paragraph in upi_expected["paragraphs"]:
        assert f"<p>{paragraph}</p>" in html.replace("&#34;", '"').replace("&#39;", "'")
    assert "recent" in client.get("/").get_data(as_text=True)


def test_form_error_is_tied_to_its_field(client):
    resp = post_form(client, {"content": "", "url": ""})
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'role="alert"' in html
    assert 'aria-invalid="true" aria-describedby="content-error"' in html
    assert 'id="content-error"' in html


def test_bad_rate_in_form(client, upi_text):
    resp = post_form(client, {"content": upi_text, "rate": "9000"})
    assert resp.status_code == 422
    assert 'aria-describedby="rate-error"' in resp.get_data(as_text=True)


def test_missing_article_page_is_a_404_page(client):
    resp = client.get("/articles/nope")
    assert resp.status_code == 404
    assert "<h1>" in resp.get_data(as_text=True) and resp.mimetype == "text/html"


def test_page_escapes_article_fields(client):
    text = "<script>alert(1)</script> Headline here\n\nBy Someone\n\n" + "A paragraph of ordinary words. " * 12
    client.post("/api/articles", json={"text": text})
    page = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
