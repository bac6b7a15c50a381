"""Sections: own subheadings first, else runs of whole paragraphs of listenable length."""
from __future__ import annotations

from service.articles.blocks import Block
from service.articles.segment import MAX_WORDS, chunk_paragraphs, label, segment, split_sentences


def para(n_words: int, tag: str = "w") -> str:
    return " ".join(f"{tag}{i}" for i in range(n_words - 1)) + " end."


def test_short_article_is_one_section():
    sections = segment(["One short paragraph.", "Another one."])
    assert len(sections) == 1
    assert sections[0].paragraphs == ["One short paragraph.", "Another one."]
    assert sections[0].own_heading is False
    assert sections[0].heading == "One short paragraph."


def test_long_article_runs_are_whole_paragraphs_of_listenable_length():
    paras = [para(60, f"p{i}x") for i in range(20)]  # 1200 words
    sections = segment(paras)
    assert len(sections) > 1
    assert [p for s in sections for p in s.paragraphs] == paras  # nothing split, lost or moved
    for s in sections:
        words = sum(len(p.split()) for p in s.paragraphs)
        assert 100 <= words <= MAX_WORDS + 60, words
        assert s.own_heading is False
    # labelled by their first words: no "Part N", nothing the section does not say
    assert [s.heading for s in sections] == [" ".join(s.paragraphs[0].split()[:5]) + "…"
                                             for s in sections]


def test_own_subheadings_are_section_boundaries():
    blocks = [Block("p", "Lead paragraph."), Block("h", "Background"), Block("p", "Old news."),
              Block("h", "What next"), Block("p", "New news."), Block("p", "More.")]
    sections = segment(blocks)
    assert [(s.heading, s.own_heading, s.paragraphs) for s in sections] == [
        ("Lead paragraph.", False, ["Lead paragraph."]),
        ("Background", True, ["Old news."]),
        ("What next", True, ["New news.", "More."]),
    ]


def test_consecutive_headings_merge_and_no_section_is_empty():
    blocks = [Block("h", "Part one"), Block("h", "Background"), Block("p", "Text."),
              Block("h", "Trailing")]
    sections = segment(blocks)
    assert [(s.heading, s.paragraphs) for s in sections] == [("Part one: Background", ["Text."])]
    assert all(s.paragraphs for s in sections)


def test_very_long_paragraph_is_split_between_sentences():
    sentences = [f"Sentence number {i} has exactly eight words here." for i in range(80)]
    long = " ".join(sentences)  # 640 words
    runs = chunk_paragraphs([long])
    assert len(runs) >= 2
    pieces = [p for r in runs for p in r]
    assert " ".join(pieces) == long
    for p in pieces:
        assert p.endswith("here.")  # cut only at sentence ends


def test_sentence_splitter_respects_abbreviations():
    assert split_sentences("Mr. Smith went to Washington. He met Sen. Jones. U.S. troops left.") \
        == ["Mr. Smith went to Washington.", "He met Sen. Jones.", "U.S. troops left."]


def test_label_skips_the_dateline():
    assert label(["Jan. 23 (UPI) -- The Pentagon on Monday denied a claim."]) == \
        "The Pentagon on Monday denied…"
    assert label(["WASHINGTON — Senators voted."]) == "Senators voted."


def test_a_long_subheaded_part_goes_on_under_its_first_words_not_continued():
    paras = [para(120, f"q{i}x") for i in range(6)]  # 720 words under one subheading
    sections = segment([Block("h", "Background")] + [Block("p", p) for p in paras])
    assert sections[0].heading == "Background" and sections[0].own_heading
    assert len(sections) > 1
    for s in sections[1:]:
        assert not s.own_heading and "continued" not in s.heading
        assert s.heading == label(s.paragraphs)


def test_at_least_one_section_for_any_body():
    assert len(segment([Block("p", "x")])) == 1


def test_a_note_carries_the_markup_shown_in_its_place():
    from service.articles.blocks import NOTE
    from service.articles.segment import shown_text
    from service.models import Article
    table = "<table><tr><th>Route</th></tr><tr><td>31</td></tr></table>"
    blocks = [Block("p", para(300, "a")), Block(NOTE, "A table with 1 row follows, shown on "
                                                      "the page.", html=table),
              Block("p", para(200, "b")), Block("list", items=["one", "two"])]
    sections = segment(blocks)
    for s in sections:
        assert s.shown is None or len(s.shown) == len(s.paragraphs)
    pairs = [(p, m) for s in sections for p, m in zip(s.paragraphs, s.shown or [None] * 99)]
    assert ("A table with 1 row follows, shown on the page.", table) in pairs
    assert sum(1 for _, m in pairs if m) == 1
    text = shown_text(Article("T", None, None, None, sections))
    assert "Route\n31" in text and "A table with" not in text and "A list of" not in text
