"""Title and byline on hand-made pages: one test per kind of miss seen on articles-dev's tune half."""
from __future__ import annotations

import pytest

from service.articles.extract import extract
from service.articles.metadata import clean_byline
from service.ingest import article_from_record, article_record
from service.speech.tracks import plan_tracks

LONG = ("This paragraph of the story is long enough to be prose, with commas, clauses and a "
        "full stop at its end, number {}.")


def _doc(body: str, head: str = "") -> str:
    paragraphs = "".join(f"<p>{LONG.format(i)}</p>" for i in range(3))
    return f"<html><head>{head}</head><body>{body}{paragraphs}</body></html>"


def test_a_page_without_a_title_is_said_to_have_none_but_keeps_a_label():
    article = extract(_doc("<article></article>", "<meta name='description' content='x'>"))
    assert article.title_found is False
    assert article.title.startswith("This paragraph of the story")


def test_the_label_of_an_untitled_page_is_not_spoken_before_its_lead():
    untitled = extract(_doc("<article></article>"))
    # stored and read back, as the renderer gets it
    stored = article_from_record(article_record(untitled, "en-us", 175, "html"))
    whole = plan_tracks(stored, "en-us", 175)[-1]
    assert whole.pieces[0].text.written.startswith("This paragraph of the story")
    assert whole.pieces[0].section == 0
    titled = extract(_doc("", "<meta property='og:title' content='A declared headline'>"))
    assert plan_tracks(titled, "en-us", 175)[-1].pieces[0].text.written == "A declared headline"


def test_a_declared_title_is_found():
    article = extract(_doc("", "<meta property='og:title' content='A declared headline'>"))
    assert (article.title, article.title_found) == ("A declared headline", True)


def _ld(data: str) -> str:
    return f"<script type='application/ld+json'>{data}</script>"


def test_the_first_article_object_of_a_json_ld_graph_names_the_page():
    # Readability takes the first: later ones are teasers for other stories
    graph = ('{"@context": "https://schema.org", "@graph": ['
             '{"@type": "WebPage", "name": "Site"},'
             '{"@type": "NewsArticle", "headline": "The story", "author": {"name": "Ann Lee"}},'
             '{"@type": "NewsArticle", "headline": "Another story", "author": {"name": "Bo Kim"}}]}')
    article = extract(_doc("", _ld(graph)))
    assert (article.title, article.byline) == ("The story", "Ann Lee")


def test_json_ld_headline_beats_a_name_that_is_only_the_site_in_the_title():
    # <title> "Headline - Site": the site's name is in the whole title, not in the cut one
    head = ("<title>Rain floods the valley again - Daily Site</title>" + _ld(
        '{"@context": "https://schema.org", "@type": "NewsArticle", "name": "Daily Site", '
        '"headline": "Rain floods the valley again"}'))
    assert extract(_doc("", head)).title == "Rain floods the valley again"


def test_a_byline_elements_itemprop_name_child_is_the_name_without_its_role():
    body = ("<article><h1>A story</h1><div class='byline'><span itemprop='name'>Ann Lee</span> "
            "Chief Science Officer</div></article>")
    assert extract(_doc(body, "<title>A story</title>")).byline == "Ann Lee"


@pytest.mark.parametrize("printed, names", [
    ("Jane Doe, Health Writer", ["Jane Doe"]),  # a role after a comma
    ("Greg Beacham, AP Sports Writer", ["Greg Beacham"]),
    ("Jane Doe Contributing Writer", ["Jane Doe"]),  # ... or glued on
    ("Senior Reporter Jane Doe", ["Jane Doe"]),  # ... or before the name
    ("Jane Doe - Special to The Post", ["Jane Doe"]),
    ("Jane Doe for CNN", ["Jane Doe"]),  # the outlet she writes for
    ("By Jane Doe on March 3, 2020", ["Jane Doe"]),  # a date, and its "on"
    ("Written by Rob Smith\n  Edited by Betsy Jones", ["Rob Smith", "Betsy Jones"]),  # two roles
    ("Photos by Ann Lee; words by Bo Kim", ["Ann Lee", "Bo Kim"]),
    ("Rachael Link, MS, RD", ["Rachael Link"]),  # degrees are no people
    ("John Smith, Jr.", ["John Smith Jr."]),  # a suffix belongs to the name before it
    ("By Jane Doe, CNN", ["Jane Doe", "CNN"]),  # an acronym is not title-cased
    ("JANE DOE", ["Jane Doe"]),
    ("Kim On", ["Kim On"]),  # a surname that is also a preposition
    ("Jose Altoveros View More Articles", ["Jose Altoveros"]),  # a link after the name
    ("Jeff Foust Monday, November 18, 2019", ["Jeff Foust"]),  # a weekday with the date
    ("Sarah E. Needleman", ["Sarah E. Needleman"]),  # an initial "E." joins no two names
    ("Juan y Pedro", ["Juan", "Pedro"]),  # ... the word "y" does
    ("Analysis by Chris Cillizza", ["Chris Cillizza"]),
    ("Martin Untersinger (avec Damien Leloup et Morgane Tual)",
     ["Martin Untersinger", "Damien Leloup", "Morgane Tual"]),
    ("Richard (R.J.) Eskow", ["Richard (R.J.) Eskow"]),
    ("Troy L. Smith, cleveland.com", ["Troy L. Smith"]),  # a site is no author
])
def test_a_byline_as_printed_becomes_the_names_in_it(printed, names):
    assert clean_byline(printed) == names


def test_a_comment_forms_name_field_is_no_byline():
    body = ("<article><h1>A story</h1></article><form><p class='comment-form-author'>"
            "<label for='author'>Name *</label><input id='author' name='author'></p></form>")
    assert extract(_doc(body, "<title>A story</title>")).byline is None


def test_a_byline_elements_pieces_are_not_glued_together():
    body = ("<article><h1>A story</h1><div class='author-box'>Jane Doe<a href='/jd'>View More "
            "Articles</a></div></article>")
    assert extract(_doc(body, "<title>A story</title>")).byline == "Jane Doe"


def test_a_commenter_in_a_recent_comments_widget_is_no_byline():
    body = ("<article><h1>A story</h1></article><aside id='recent-comments-2'><ul><li>"
            "<span class='comment-author-link'>Vera Ivanova</span> on A story</li></ul></aside>")
    assert extract(_doc(body, "<title>A story</title>")).byline is None


def test_a_role_word_that_is_a_surname_stays_a_name():
    # a role alone is no name, but "Writer" or "Producer" can be someone's surname
    assert clean_byline("By Ann Writer") == ["Ann Writer"]
    assert clean_byline("Jane Doe, Photographer") == ["Jane Doe"]
    assert clean_byline("Writer") == []
    assert clean_byline("Jane Doe, AP Writer") == ["Jane Doe"]
    assert clean_byline("By Jane Doe, Reuters Photographer") == ["Jane Doe"]
    assert clean_byline("Jane Doe and John Smith") == ["Jane Doe", "John Smith"]
