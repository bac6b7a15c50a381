"""Property tests for segment(): sections never cut a sentence, every paragraph lands in exactly
one section in reading order, no section is empty or unheaded, and the article's own
subheadings head their sections.

Derandomized like tests/test_extract_props.py (same inputs every run; bench/fuzz.py explores).
The expected grouping is worked out independently in tests/article_checks.py, and each
generated paragraph carries its own sentences, so a cut is judged against how the paragraph was
written, not against segment's own sentence splitter.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.articles.blocks import PARAGRAPH, Block
from service.articles.segment import MAX_WORDS, segment
from tests import article_inputs as gen
from tests.article_checks import check_segmentation

PROPS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.filter_too_much])


@PROPS
@given(gen.body_blocks())
def test_generated_bodies_keep_every_paragraph_and_every_sentence_whole(case):
    blocks, sentences = case
    check_segmentation(blocks, segment(blocks), sentences)


@PROPS
@given(st.lists(st.one_of(gen.paragraph, gen.long_sentences.map(" ".join)), max_size=20))
def test_plain_paragraph_strings_are_accepted_too(paragraphs):
    sections = segment(paragraphs)
    check_segmentation(paragraphs, sections)
    assert [p for s in sections for p in s.paragraphs if p in paragraphs] == [
        p for p in paragraphs if len(p.split()) <= MAX_WORDS]


@PROPS
@given(st.lists(gen.raw_block, max_size=12))
def test_any_blocks_give_sections_that_hold_exactly_their_paragraphs(blocks):
    check_segmentation(blocks, segment(blocks), sanitized=False)


@settings(max_examples=20, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["", " ", "\n", "\t\u00a0"]), max_size=5))
def test_a_body_with_nothing_to_read_has_no_sections(texts):
    assert segment([Block(PARAGRAPH, t) for t in texts]) == []
