"""A section keeps its heading's level (issue 15, point 7): the article's own h2 and h3 stay h2
and h3, an article whose top subheadings are h3 is shifted so they are h2 (h1 is the title),
a long subheading's later part sits one level below it, and articles stored before levels
existed still load, as h2, through the API and the page."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict

from service.articles.blocks import Block
from service.articles.segment import segment
from service.models import Section


def para(n_words: int, tag: str) -> str:
    return " ".join(f"{tag}{i}" for i in range(n_words - 1)) + " end."


def test_h2_and_h3_keep_their_levels_and_the_lead_is_top_level():
    blocks = [Block("p", "Lead paragraph."), Block("h", "Loans", level=2), Block("p", "How."),
              Block("h", "Checks", level=3), Block("p", "Who checks."), Block("h", "Next", level=2),
              Block("p", "Plans.")]
    assert [(s.heading if s.own_heading else None, s.level) for s in segment(blocks)] == [
        (None, 2), ("Loans", 2), ("Checks", 3), ("Next", 2)]


def test_top_subheadings_below_h2_are_shifted_to_h2():
    blocks = [Block("h", "A", level=3), Block("p", "a."), Block("h", "B", level=4), Block("p", "b."),
              Block("h", "C", level=3), Block("p", "c.")]
    assert [s.level for s in segment(blocks)] == [2, 3, 2]


def test_merged_headings_take_the_higher_level():
    blocks = [Block("h", "Part one", level=2), Block("h", "Background", level=3), Block("p", "Text.")]
    (section,) = segment(blocks)
    assert section.level == 2 and section.own_heading


def test_a_long_subheadings_later_parts_sit_one_level_below_it():
    body = [Block("p", para(180, f"p{i}")) for i in range(4)]
    sections = segment([Block("h", "Long story", level=2), *body])
    assert len(sections) > 1
    assert sections[0].level == 2 and sections[0].own_heading
    assert {s.level for s in sections[1:]} == {3} and not any(s.own_heading for s in sections[1:])


def test_a_section_stored_without_a_level_loads_as_h2():
    stored = asdict(Section("Old", ["Text."]))
    del stored["level"]
    assert Section(**stored).level == 2


def test_an_article_stored_before_levels_shows_h2_in_the_api_and_page(app, client):
    html = ("<html lang='en'><body><article><h1>Old record</h1><p>" + para(30, "a") + "</p>"
            "<h3>A subheading</h3><p>" + para(30, "b") + "</p></article></body></html>")
    created = client.post("/api/articles", json={"html": html}).get_json()
    assert [s["level"] for s in created["sections"]] == [2, 2]
    db_path = f"{app.config['DATA_DIR']}/newsreader.db"
    with sqlite3.connect(db_path) as conn:  # as an older version stored it: no level
        (data,) = conn.execute("SELECT data FROM articles WHERE id = ?", (created["id"],)).fetchone()
        record = json.loads(data)
        for s in record["sections"]:
            del s["level"]
        conn.execute("UPDATE articles SET data = ? WHERE id = ?", (json.dumps(record), created["id"]))
    again = client.get(f"/api/articles/{created['id']}").get_json()
    assert [s["level"] for s in again["sections"]] == [2, 2]
    page = client.get(f"/articles/{created['id']}").get_data(as_text=True)
    assert '<h2 id="section-2-heading" class="part-heading">A subheading</h2>' in page
