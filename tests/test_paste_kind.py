"""A paste is read as what it is: text stays text even with angle brackets in it; HTML is a
whole page's source, or whatever its sender says is HTML (the API's html field, the form's
format). The same story sent as HTML and as text is one article."""
from __future__ import annotations

from service.articles.extract import extract, is_html_document
from service.ingest import InputError, paste_kind
from tests.form_helpers import post_form

BODY = ("The city council voted on Tuesday to expand the bus network to the eastern suburbs, "
        "a plan that has been debated for more than a decade and will cost about 40 million.")
TEXT_WITH_TAGS = (
    "Browsers now block script injection\n\nBy Dana Example\n\n"
    "Security researchers said a page that echoes <script>alert(1)</script> back to its reader "
    "is no longer a threat in the newest browsers. " + BODY + "\n\n"
    "They tested <b>bold</b> claims and <img src=x onerror=alert(1)> payloads on each. " + BODY)


def test_only_a_whole_document_is_taken_for_html():
    assert is_html_document("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert is_html_document("\ufeff <!-- saved --> <html lang='en'><p>x</p></html>")
    assert is_html_document("<?xml version='1.0'?>\n<html><body>x</body></html>")
    assert not is_html_document(TEXT_WITH_TAGS)
    assert not is_html_document("<p>A fragment is not a document.</p>")
    assert not is_html_document("I <3 news. a < b and b > c.")


def test_paste_kind_follows_what_the_sender_declared():
    assert paste_kind(TEXT_WITH_TAGS) == "text"
    assert paste_kind("<p>fragment</p>", "html") == "html"
    assert paste_kind("<!doctype html><html></html>", "text") == "text"
    assert paste_kind("<!doctype html><html></html>", None) == "html"
    try:
        paste_kind("x", "pdf")
    except InputError as exc:
        assert exc.field == "format"
    else:
        raise AssertionError("an unknown format is refused")


def test_text_with_tags_keeps_its_title_and_byline():
    article = extract(TEXT_WITH_TAGS, as_html=False)
    assert article.title == "Browsers now block script injection"
    assert article.byline == "Dana Example"
    # read as text: every paragraph kept, the words inside the tags too (sanitize.clean_text still
    # drops anything tag-shaped from every field, whatever the input, before it reaches a page)
    assert len(article.paragraphs) == 2 and "echoes alert(1) back" in article.text


def test_api_text_field_is_text(client):
    r = client.post("/api/articles", json={"text": TEXT_WITH_TAGS})
    assert r.status_code == 201, r.get_json()
    data = r.get_json()
    assert data["title"] == "Browsers now block script injection"
    assert data["byline"] == "Dana Example"
    assert len(data["sections"][0]["paragraphs"]) == 2
    page = client.get(f"/articles/{data['id']}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "onerror" not in page


def test_form_paste_with_tags_is_text_unless_it_says_html(client):
    r = post_form(client, {"content": TEXT_WITH_TAGS})
    assert r.status_code == 303
    article = client.get(r.headers["Location"].replace("/articles/", "/api/articles/")).get_json()
    assert article["byline"] == "Dana Example"
    fragment = f"<h1>Council expands buses</h1><p>{BODY}</p><p>{BODY}</p>"
    r = post_form(client, {"content": fragment, "format": "html"})
    assert r.status_code == 303
    article = client.get(r.headers["Location"].replace("/articles/", "/api/articles/")).get_json()
    assert article["title"] == "Council expands buses"
    r = post_form(client, {"content": fragment, "format": "pdf"})
    assert r.status_code == 422


def test_same_story_as_html_and_as_text_is_one_article(client):
    html = ("<!doctype html><html><head><title>Council expands buses</title></head><body><article>"
            "<h1>Council expands buses</h1><p class='byline'>By Jane Roe</p>"
            f"<p>{BODY}</p><p>{BODY.replace('Tuesday', 'Wednesday')}</p></article></body></html>")
    text = f"Council expands buses\n\nBy Jane Roe\n\n{BODY}\n\n{BODY.replace('Tuesday', 'Wednesday')}\n"
    first = client.post("/api/articles", json={"html": html})
    second = client.post("/api/articles", json={"text": text})
    assert first.status_code == 201 and second.status_code == 200, (first.get_json(), second.get_json())
    assert first.get_json()["id"] == second.get_json()["id"]
    assert client.get("/api/articles").get_json()["total"] == 1
