"""recover.py: paragraphs of the article the main extractor dropped come back; furniture does not."""
from __future__ import annotations

import lxml.html

from service.articles.blocks import HEADING, LIST, PARAGRAPH, QUOTE, Block
from service.articles.recover import recover, text_units


def sentence(tag: str, n: int = 14) -> str:
    return " ".join(f"{tag}{i}" for i in range(n)) + "."


def tree(body: str):
    return lxml.html.document_fromstring(f"<html><body>{body}</body></html>")


def texts(blocks):
    return [b.text for b in blocks]


def test_a_hole_between_kept_paragraphs_is_filled_in_reading_order():
    t = tree(f"<article><p>{sentence('a')}</p><div>{sentence('b')}<br><br>{sentence('c')}</div>"
             f"<p>{sentence('d')}</p></article>")
    got = recover(t, [Block(PARAGRAPH, sentence("a")), Block(PARAGRAPH, sentence("d"))])
    assert texts(got) == [sentence(x) for x in "abcd"]


def test_teasers_links_and_furniture_after_the_body_stay_out():
    t = tree(f"<article><p>{sentence('a')}</p><a href='/x'><p>{sentence('teaser')}</p></a>"
             f"<p>{' '.join('<a href=/y>link</a>' for _ in range(14))} words.</p>"
             f"<p>short line.</p><p>{sentence('d')}</p><p>{sentence('bio')}</p></article>")
    kept = [Block(PARAGRAPH, sentence("a")), Block(PARAGRAPH, sentence("d"))]
    assert texts(recover(t, kept)) == texts(kept)


def test_a_later_part_of_a_split_body_comes_back():
    part = '<div class="grid"><div class="body">{}</div><div class="rail">{}</div></div>'
    t = tree("<article>" + part.format(f"<p>{sentence('a')}</p><p>{sentence('b')}</p>",
                                       f"<p>{sentence('rail')}</p>")
             + part.format(f"<p>{sentence('c')}</p>", f"<p>{sentence('rail2')}</p>")
             + "</article>")
    got = recover(t, [Block(PARAGRAPH, sentence("a")), Block(PARAGRAPH, sentence("b"))])
    assert texts(got) == [sentence(x) for x in "abc"]


def test_running_text_in_a_div_is_cut_at_blank_lines():
    units = text_units(tree("<div>One <em>two</em> three<br>four<br><br>five<p>six</p>seven</div>"))
    assert [u.text for u in units] == ["One two three four", "five", "six", "seven"]


def test_the_bodys_own_lead_comes_back_but_not_a_standfirst():
    # the lead written straight into the body's <div> before <br><br> (trafilatura drops it);
    # a standfirst with its own class is left to the page's metadata
    t = tree(f"<article><p class='dek'>{sentence('dek')}</p>"
             f"<div class='content'>{sentence('lead')}<br><br>{sentence('b')}<br><br>"
             f"{sentence('c')}</div></article>")
    got = recover(t, [Block(PARAGRAPH, sentence("b")), Block(PARAGRAPH, sentence("c"))])
    assert texts(got) == [sentence(x) for x in ("lead", "b", "c")]


def test_an_embedded_post_comes_back_as_a_quote_in_reading_order():
    tweet = " ".join(f"t{i}" for i in range(14)) + " — Someone (@someone) June 3, 2023"
    t = tree(f"<article><p>{sentence('a')}</p><ul><li>{sentence('item')}</li></ul>"
             f"<blockquote class='twitter-tweet'><p>{tweet}</p></blockquote>"
             f"<p>{sentence('d')}</p></article>")
    kept = [Block(PARAGRAPH, sentence("a")), Block(PARAGRAPH, sentence("item")),
            Block(PARAGRAPH, sentence("d"))]
    got = recover(t, kept)
    assert texts(got) == [sentence("a"), sentence("item"), tweet, sentence("d")]
    assert got[2].kind == QUOTE


def test_list_items_are_landmarks_never_recovered_as_paragraphs():
    t = tree(f"<article><p>{sentence('a')}</p><ul><li>{sentence('x')}</li></ul>"
             f"<p>{sentence('d')}</p></article>")
    kept = [Block(PARAGRAPH, sentence("a")), Block(PARAGRAPH, sentence("d"))]
    assert texts(recover(t, kept)) == texts(kept)


def test_a_list_left_out_whole_comes_back_as_a_list_but_not_a_list_of_links():
    items = "".join(f"<li>{sentence('item' + str(i), 6)}</li>" for i in range(3))
    links = "".join(f"<li><a href='/p{i}'>{sentence('link' + str(i), 6)}</a></li>" for i in range(3))
    t = tree(f"<article><p>{sentence('a')}</p><ul>{items}</ul><ol>{links}</ol>"
             f"<p>{sentence('d')}</p></article>")
    got = recover(t, [Block(PARAGRAPH, sentence("a")), Block(PARAGRAPH, sentence("d"))])
    assert [b.kind for b in got] == [PARAGRAPH, LIST, PARAGRAPH]
    assert got[1].items == [sentence("item" + str(i), 6) for i in range(3)] and not got[1].ordered


def test_a_short_list_left_out_whole_comes_back_when_it_has_a_sentence_in_it():
    # one sentence cut into two items: 11 words in all, under a paragraph's minimum
    items = ["I've heard it before; and", "I didn't care the first time."]
    t = tree(f"<article><p>{sentence('a')}</p><ul>" + "".join(f"<li>{i}</li>" for i in items)
             + f"</ul><p>{sentence('d')}</p><ul><li>Share</li><li>Print</li></ul>"
             f"<p>{sentence('e')}</p></article>")
    kept = [Block(PARAGRAPH, sentence(x)) for x in "ade"]
    got = recover(t, kept)
    assert [b.kind for b in got] == [PARAGRAPH, LIST, PARAGRAPH, PARAGRAPH]
    assert got[1].items == items


def test_a_short_sentence_between_kept_paragraphs_comes_back_but_not_a_caption_or_a_label():
    short = "But there are two problems with this."
    caption = "The best new character this year."
    t = tree(f"<article><p>{sentence('a')}</p><p>{short}</p><p>{sentence('b')}</p>"
             f"<div><img src='x.jpg'><br><em>{caption}</em></div><p>Read the full story</p>"
             "<div class='x'><span>Scroll down for the video.</span></div>"
             f"<p><a href='/next'>Next: the same thing again.</a></p><p>{sentence('c')}</p>"
             "</article>")
    kept = [Block(PARAGRAPH, sentence(x)) for x in "abc"]
    assert texts(recover(t, kept)) == [sentence("a"), short, sentence("b"), sentence("c")]


def test_a_heading_drawn_with_a_prefixed_class_comes_back_but_not_a_teasers_headline():
    t = tree(f"<article><p>{sentence('a')}</p><div class='pf_subheadline'>Who pays the cost?</div>"
             f"<p>{sentence('b')}</p><a href='/next'><span class='card-headline'>Another story"
             f"</span></a><p>{sentence('c')}</p></article>")
    kept = [Block(PARAGRAPH, sentence(x)) for x in "abc"]
    got = recover(t, kept)
    assert [(b.kind, b.text) for b in got] == [
        (PARAGRAPH, sentence("a")), (HEADING, "Who pays the cost?"), (PARAGRAPH, sentence("b")),
        (PARAGRAPH, sentence("c"))]
