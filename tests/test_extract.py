"""The text stage's public API on the shared fixtures and on the bad inputs issue 2 names."""
from __future__ import annotations


import pytest

from service.articles.extract import extract, looks_like_html
from service.models import Article, ExtractionError


def _everything_shown_or_spoken(article: Article) -> str:
    parts = [article.title, article.byline or ""]
    for s in article.sections:
        parts.append(s.heading)
        parts.extend(s.paragraphs)
    return "\n".join(parts)


@pytest.mark.parametrize("kind", ["html", "text"])
def test_fixture_gives_exactly_the_expected_article(kind, upi_html, upi_text, upi_expected):
    article = extract(upi_html if kind == "html" else upi_text)
    assert article.title == upi_expected["title"]
    assert article.byline == upi_expected["byline"] == "Doug G. Ware"
    assert article.paragraphs == upi_expected["paragraphs"]
    assert article.text == "\n\n".join(upi_expected["paragraphs"])
    if kind == "html":
        assert article.published == upi_expected["published"]
        assert article.language == "en"
    else:
        assert article.published is None
        assert article.language == "en"  # detected: plain text has no markup to say so


@pytest.mark.parametrize("kind", ["html", "text"])
def test_fixture_never_speaks_the_noise(kind, upi_html, upi_text, upi_expected):
    article = extract(upi_html if kind == "html" else upi_text)
    blob = _everything_shown_or_spoken(article)
    for junk in upi_expected["never_spoken"]:
        assert junk not in blob, junk


def test_fixture_sections_are_labelled_runs(upi_html):
    article = extract(upi_html, url="https://www.upi.com/x")
    assert article.url == "https://www.upi.com/x"
    assert len(article.sections) >= 1
    first = article.sections[0]
    assert first.own_heading is False
    assert first.heading == "The Pentagon on Monday denied…"
    assert all(s.paragraphs for s in article.sections)


def test_from_service_import_extract():
    from service import extract as public
    from service.articles.extract import extract as ours
    assert public is ours


def test_paragraphs_are_plain_text_without_markup():
    html = ("<html><head><title>A test story - Site</title></head><body><article>"
            "<h1>A test story</h1>"
            + "".join(f"<p>Paragraph {i} has <b>bold</b> and <a href='/x'>a link</a> "
                      f"and &amp; an entity, with   odd\n spacing, in a sentence long enough "
                      f"to count as prose for the extractor.</p>" for i in range(6))
            + "<p>&lt;script&gt;alert(1)&lt;/script&gt; is what the bug looked like.</p>"
            + "</article></body></html>")
    article = extract(html)
    assert article.title == "A test story"
    for p in article.paragraphs:
        assert "<b>" not in p and "<a" not in p and "  " not in p and "\n" not in p
    assert "Paragraph 0 has bold and a link and & an entity, with odd spacing" in article.text
    # text that looks like a tag is stripped too: nothing tag-shaped ever leaves extraction
    assert "alert(1) is what the bug looked like." in article.paragraphs
    assert "<script" not in article.text


@pytest.mark.parametrize("bad", ["", "   \n\t ", None])
def test_empty_input_is_an_extraction_error(bad):
    with pytest.raises(ExtractionError, match="(?i)empty|no input"):
        extract(bad)


def test_binary_input_is_unreadable():
    with pytest.raises(ExtractionError, match="(?i)unreadable"):
        extract("\x00\x01\x02\x03\ufffd\ufffd" * 200)


@pytest.mark.parametrize("page", [
    "<html><body><nav><a href='/'>Home</a></nav><footer>Copyright 2020</footer></body></html>",
    "<html><head><script>var x = 1;</script></head><body></body></html>",
    "<div class='ad'>Advertisement</div>",
])
def test_page_without_body_is_an_extraction_error(page):
    with pytest.raises(ExtractionError, match="(?i)no article body"):
        extract(page)


def test_plain_text_only_noise_is_an_extraction_error():
    with pytest.raises(ExtractionError):
        extract("Advertisement\n\nShare on Facebook\n\nAdvertisement")


def test_html_detection():
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("<p>Just a fragment.</p>")
    assert not looks_like_html("I <3 news. a < b and b > c.")
    assert not looks_like_html("Plain text\n\nBy Someone\n\nA paragraph.")


def test_small_html_fragment_is_read():
    article = extract("<p>The council approved the budget on Tuesday after a long debate.</p>"
                      "<p>It takes effect in July.</p>")
    assert article.paragraphs == ["The council approved the budget on Tuesday after a long "
                                  "debate.", "It takes effect in July."]


def test_never_fetches(monkeypatch, upi_html):
    import socket

    def no_network(*a, **k):
        raise AssertionError("extraction tried to use the network")
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    extract(upi_html, url="https://www.upi.com/Top_News/World-News/2017/01/23/x/")


def test_markup_that_trips_the_date_library_still_extracts():
    """htmldate asserts on a tree rooted in an <svg>; a pasted vector like this was a 500."""
    filler = "The council met on Tuesday to discuss the new budget for schools and roads."
    article = extract(f"<svg><script href=data:,alert(1) />\n\nBy someone\n\n{filler} {filler}")
    assert filler in article.text


def test_language_from_markup_else_detected():
    body = "".join(f"<p>Der Bundestag hat am Dienstag nach einer langen Debatte das neue Gesetz "
                   f"beschlossen, das im Juli in Kraft treten wird. Satz {i}.</p>" for i in range(5))
    assert extract(f"<html lang='de-DE'><body><article>{body}</article></body></html>").language == "de"
    assert extract(f"<html><body><article>{body}</article></body></html>").language == "de"
