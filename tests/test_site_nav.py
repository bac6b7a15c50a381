"""Every page links every other (the start page, the queue, sources, pronunciations) in one site
navigation after the content, in the page's interface language, marking the page you are on."""
from __future__ import annotations

import re

import pytest

from tests.form_helpers import post_form

PAGES = {"/": "Add an article", "/queue": "Listening queue", "/sources": "Your sources",
         "/pronunciations": "Your pronunciations"}


def site_nav(html: str) -> str:
    footer = re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S)
    assert footer, "no site navigation"
    assert html.index("</main>") < footer.start()  # after the content: no Tab stops before the text
    return footer.group(1)


def links(nav: str) -> list[tuple[str, str, bool]]:
    return [(href, label, bool(current))
            for href, current, label in re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)]


@pytest.mark.parametrize("path", PAGES)
def test_each_new_page_links_all_of_them_and_marks_itself(client, path):
    resp = client.get(path)
    assert resp.status_code == 200
    nav = site_nav(resp.get_data(as_text=True))
    assert re.search(r'<nav aria-label="Site">', nav)
    assert links(nav) == [(href, label, href == path) for href, label in PAGES.items()]


def test_the_article_and_error_pages_have_it_with_nothing_current(client):
    resp = post_form(client, {"content": "A short article.\n\nIt has two paragraphs of text."})
    article = client.get(resp.headers["Location"]).get_data(as_text=True)
    missing = client.get("/articles/no-such-article")
    assert missing.status_code == 404
    for html in (article, missing.get_data(as_text=True)):
        assert links(site_nav(html)) == [(href, label, False) for href, label in PAGES.items()]


def test_it_speaks_the_readers_language_on_the_pronunciations_page(client):
    html = client.get("/pronunciations", headers={"Accept-Language": "de"}).get_data(as_text=True)
    nav = site_nav(html)
    assert '<nav aria-label="Website">' in nav  # the page is lang="de": no lang of its own
    assert [label for _, label, _ in links(nav)] == ["Artikel hinzufügen", "Hörliste", "Ihre Quellen",
                                                      "Ihre Aussprachen"]


def test_an_article_in_an_uncatalogued_language_marks_the_english_nav(client):
    text = "Dit is een kort artikel in het Nederlands.\n\nHet heeft twee alinea's met wat tekst erin."
    resp = post_form(client, {"content": text})
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert '<html lang="nl"' in html  # no Dutch catalogue: the interface stays English
    assert '<nav aria-label="Site" lang="en">' in site_nav(html)
