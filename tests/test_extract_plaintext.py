"""Plain text pasted from a page: the same noise rules, line by line."""
from __future__ import annotations

from service.articles.extract import extract

BODY = ("The city council voted on Tuesday to expand the bus network into the northern "
        "suburbs, a plan that has been debated for three years.")


def test_headline_and_byline_lines_become_metadata():
    a = extract(f"Council expands bus network\n\nBy Jane Q. Public and John Roe\n\n{BODY}\n")
    assert a.title == "Council expands bus network"
    assert a.byline == "Jane Q. Public and John Roe"
    assert a.paragraphs == [BODY]


def test_noise_lines_are_dropped():
    text = "\n\n".join([
        "Advertisement", "Council expands bus network", "By Jane Doe",
        "Buses wait at the depot. Photo by John Smith/City Times", BODY,
        "ADVERTISEMENT", "READ MORE: Council approves budget",
        "Read more: Why the buses are late", "Sign up for our newsletter to get the news first",
        "Share on Facebook", "We use cookies to improve your experience.",
        "The plan costs $40 million and starts in May.",
        "Copyright © 2024 City Times. All rights reserved.",
    ])
    a = extract(text)
    assert a.paragraphs == [BODY, "The plan costs $40 million and starts in May."]


def test_latest_headlines_rail_is_dropped_with_its_links():
    text = (f"Council expands bus network\n\n{BODY}\n\nLatest Headlines\n\n"
            "Mayor opens new bridge\nSchool board meets on Friday\n")
    assert extract(text).paragraphs == [BODY]


def test_hard_wrapped_paragraphs_are_joined():
    text = ("Council expands bus network\n\n"
            "The city council voted on Tuesday to expand the bus network into\n"
            "the northern suburbs, a plan that has been debated for three years\n"
            "and that opponents say costs too much.\n")
    a = extract(text)
    assert a.paragraphs == ["The city council voted on Tuesday to expand the bus network into "
                            "the northern suburbs, a plan that has been debated for three years "
                            "and that opponents say costs too much."]


def test_markdown_style_subheadings_become_sections():
    text = (f"# Council expands bus network\n\n{BODY}\n\n## What changes\n\n{BODY} Again.\n\n"
            f"## What it costs\n\nForty million dollars over five years, officials said.\n")
    a = extract(text)
    assert a.title == "Council expands bus network"
    assert [s.heading for s in a.sections][1:] == ["What changes", "What it costs"]
    assert [s.own_heading for s in a.sections] == [False, True, True]


def test_bulleted_lines_are_a_list():
    text = f"Council expands bus network\n\n{BODY}\n\n- Route 1 to Northgate\n- Route 2 to Elm Park\n"
    a = extract(text)
    assert a.paragraphs[1:] == ["A list of 2 items.", "Route 1 to Northgate.", "Route 2 to Elm Park."]
