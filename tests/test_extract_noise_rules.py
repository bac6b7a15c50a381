"""The noise table's newer kinds of rule, one by one: hidden elements, taxonomy links, teaser
cards, runs of link-only paragraphs, web addresses in short lines, a negated class name
("no_caption") that is no widget, and the declared language checked against the article's own
words. Golden pages show them on whole pages."""
from __future__ import annotations

import pytest

from service.articles import metadata as md
from service.articles import noise
from service.articles.blocks import PARAGRAPH, Block, clean_blocks
from service.articles.extract import extract
from service.articles.html_extract import find_noise, parse

PROSE = ("The council met on Tuesday evening to discuss the new bus routes, and most of the "
         "members who spoke said they would support the plan when it comes to a vote. ")


@pytest.mark.parametrize("attrib, hidden", [
    ({"style": "margin:0; DISPLAY: none"}, True),
    ({"style": "visibility:hidden"}, True),
    ({"hidden": ""}, True),
    ({"aria-hidden": "true"}, True),
    ({"aria-hidden": "false"}, False),
    ({"style": "display:block"}, False),
])
def test_hidden_attributes(attrib, hidden):
    assert (noise.hidden_by(attrib) is not None) is hidden


def test_hidden_blocks_are_found_but_not_hidden_words_inside_a_sentence():
    tree = parse(f"<html><body><article><p>{PROSE}Two <span aria-hidden='true'>extra</span> "
                 f"words.</p><div style='display:none'>Send to Email Address Your Name</div>"
                 f"<p>{PROSE}</p></article></body></html>")
    found = [(el.tag, reason) for el, reason in find_noise(tree)]
    assert found == [("div", "hidden style=display:none")]


def test_hidden_text_is_never_read():
    html = (f"<html><body><article><p>{PROSE}</p><div style='display:none'>Send to Email "
            f"Address Your Name</div><p>{PROSE}Again.</p></article></body></html>")
    assert "Send to Email" not in extract(html).text


@pytest.mark.parametrize("names, token", [
    ("item no_caption", None), ("buzz_attr_no_caption", None), ("non-sponsored", None),
    ("without-ads", None), ("caption", "caption"), ("photo-caption", "photo-caption"),
    ("notes-related", "notes-related"),  # "notes" is a word, not a negation
])
def test_a_negated_noise_word_names_a_state_not_a_widget(names, token):
    assert noise.noise_token(names) == token


def test_story_items_marked_no_caption_are_read():
    html = (f"<html><body><article><div class='item no_caption'><p>{PROSE}</p><p>The vote is "
            f"expected next month, after a final round of public hearings in each ward.</p>"
            f"</div><div class='item'><p>{PROSE}Again.</p></div></article></body></html>")
    assert "public hearings in each ward" in extract(html).text


def test_taxonomy_rel():
    assert noise.is_taxonomy_rel("category tag") and noise.is_taxonomy_rel("tag")
    assert not noise.is_taxonomy_rel("noopener noreferrer") and not noise.is_taxonomy_rel(None)


def test_a_tag_inside_a_sentence_is_kept():
    html = (f"<html><body><article><p>{PROSE}</p><p>Shares in <a rel='tag' href='/t/acme'>Acme"
            f"</a> rose sharply after the council announced the contract on Tuesday.</p>"
            f"<p>{PROSE}</p><p><strong>Tags<br><a rel='tag' href='/t/a'>buses</a>, "
            f"<a rel='tag' href='/t/b'>council news</a></strong></p></article></body></html>")
    text = extract(html).text
    assert "Shares in Acme rose sharply" in text
    assert "council news" not in text


def test_runs_of_linked_paragraphs_go_a_single_one_stays():
    blocks = [Block(PARAGRAPH, PROSE), Block(PARAGRAPH, "The full report", linked=True),
              Block(PARAGRAPH, PROSE + "Again."), Block(PARAGRAPH, "First headline", linked=True),
              Block(PARAGRAPH, "Second headline", linked=True)]
    got = [b.text for b in clean_blocks(blocks)]
    assert got == [PROSE.strip(), "The full report", PROSE + "Again."]


@pytest.mark.parametrize("line, kept", [
    ("More AP NBA: https://apnews.com/NBA and https://twitter.com/AP_Sports", ""),
    ("Follow our coverage of the election at https://example.com/election", ""),
    ("https://example.com/story-12345", ""),
    ("7) Ghostbusters Collection 1-2 (Steelbook) http://amzn.to/2B4BN",
     "7) Ghostbusters Collection 1-2 (Steelbook)"),
    ("Tonight the reading room stays open https://t.co/Qx81 pic.twitter.com/Pz0R— Town Library",
     "Tonight the reading room stays open — Town Library"),
])
def test_web_addresses_in_short_lines(line, kept):
    assert noise.strip_line(line) == kept


def test_a_long_paragraph_keeps_its_address():
    line = PROSE + "The plan is published at https://example.gov/plan for anyone to read."
    assert noise.strip_line(line) == line


EN = ("The river flowed uphill for a week and the farmers said they had never seen the water "
      "go the wrong way, but the engineers were not surprised by it at all. ") * 4
DE = ("Der Fluss floss eine Woche lang bergauf, und die Bauern sagten, dass sie das Wasser "
      "noch nie in die falsche Richtung fließen sahen, aber die Ingenieure waren nicht "
      "überrascht. ") * 4


def test_declared_language_overruled_only_by_plain_evidence():
    assert md.checked_language("de", EN) == "en"  # an English story in a German edition
    assert md.checked_language("en", DE) == "de"  # a German blog on an English theme
    assert md.checked_language("en", EN) == "en"
    assert md.checked_language("pl", EN) == "pl"  # no stopwords for Polish: trust the page
    assert md.checked_language(None, DE) == "de"
    assert md.checked_language("fr", "Oui.") == "fr"  # too little text to argue


@pytest.mark.parametrize("names, token", [
    ("InlineImage-imageEmbedCredit", "inlineimage-imageembedcredit"),
    ("newsCaption", "newscaption"),
    ("no-caption full-width", None),  # a state of the figure, not a caption
    ("captionless", None),
])
def test_camel_cased_caption_and_credit_classes(names, token):
    assert noise.noise_token(names) == token


@pytest.mark.parametrize("line, dropped", [
    ("Image copyright Getty Images", True),
    ("Image caption Taylor Swift at the awards in 2019", True),
    ("PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019", True),
    ("Astronauts on a space walk during construction of the station. (NASA via AP, File)", True),
    ("Comments are closed on this article.", True),
    ("Comments have been turned off for this story.", True),
    ("Comments are closed, the board said, until the review ends in May.", False),
    ("The image copyright belongs to the photographer, the court said on Monday.", False),
    ("Public comments are closed now, and the council votes on Friday.", False),
    ("She sent the files via AP style guides to every newsroom in the state.", False),
])
def test_picture_labels_credits_stamps_and_notices_read_out_as_lines(line, dropped):
    assert (noise.match_line(line) is not None) is dropped
