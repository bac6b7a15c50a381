"""siblings.py: Readability's content score and sibling join decide the text just after the
article container; recover.py brings a joined sibling's prose back and says why."""
from __future__ import annotations

import lxml.html

from service.articles import explain, siblings
from service.articles.blocks import LIST, PARAGRAPH, Block
from service.articles.recover import recover


def sentence(tag: str, n: int = 14, comma: bool = False) -> str:
    words = [f"{tag}{i}" + ("," if comma and i % 3 == 2 else "") for i in range(n)]
    return " ".join(words) + "."


def page(body: str):
    return lxml.html.document_fromstring(f"<html><body>{body}</body></html>")


def body_div(n: int = 5) -> str:
    return '<div class="article-body">' + "".join(
        f"<p>{sentence('a' + str(i), 30, comma=True)}</p>" for i in range(n)) + "</div>"


def test_a_paragraph_scores_one_plus_commas_plus_a_point_per_hundred_characters():
    assert siblings.paragraph_score("x" * 99) == 1
    assert siblings.paragraph_score("a, b, c " + "x" * 300) == 1 + 2 + 3
    assert siblings.paragraph_score("x" * 1000) == 1 + 3  # the length part is capped at 3


def test_scores_reach_the_parent_in_full_the_grandparent_by_half():
    t = page(f"<div id='g'><article id='p'><p>{'x' * 200}</p></article></div>")
    scores = siblings.content_scores(t.body)
    # <p> of 200 characters: 3; <article> (base 0) gets 3, the <div> (base 5) 3 / 2
    assert scores[t.get_element_by_id("p")] == 3
    assert scores[t.get_element_by_id("g")] == 5 + 1.5
    assert t.body.find(".//p") not in scores  # nothing scored below it


def test_class_weight_and_link_density_scale_a_score():
    t = page(f"<div class='comments'><p>{'x' * 200}</p></div>"
             f"<div class='story'><p><a href='/a'>{'y' * 100}</a>{'x' * 100}</p></div>")
    scores = siblings.content_scores(t.body)
    comments, story = t.body.findall("div")
    assert scores[comments] == (3 + 5 - 25)
    assert scores[story] == (3 + 5 + 25) * 0.5


def test_siblings_after_the_container_join_by_score_or_as_a_paragraph():
    t = page(body_div() + "<div class='coda'>" + f"<p>{sentence('c', 30, comma=True)}</p>" * 3
             + "</div>" + f"<p>{sentence('long', 20)}</p><p>Short and done.</p>"
             + "<p>Short, <a href='/x'>with a link</a>.</p><p>no full stop here</p>")
    container = t.body.find("div")
    joined = siblings.joined_siblings(container)
    got = {el.text_content()[:4]: why for el, why in joined.items()}
    assert got.keys() == {sentence("c")[:4], "long", "Shor"}
    assert got[sentence("c")[:4]].startswith("content score")
    assert got["long"].startswith("a <p> of")
    assert got["Shor"] == "a short <p> with no links that ends like a sentence"


def test_what_readability_strips_and_what_stands_before_the_body_never_join():
    strong = "<p>" + sentence("s", 30, comma=True) + "</p>"
    t = page(f"<div class='kicker'>{strong * 3}</div>" + body_div()
             + f"<div class='site-footer'>{strong * 3}</div><nav>{strong * 3}</nav>"
             + f"<div class='photo-wrap'>{strong * 3}</div><div role='dialog'>{strong * 3}</div>")
    container = t.body.find("div[@class='article-body']")
    assert siblings.joined_siblings(container) == {}


def test_a_sibling_below_the_threshold_stays_out():
    # a single short-ish sentence in a <div>: scored 1 + 5 (div), under max(10, 0.2 x top)
    t = page(body_div() + f"<div><p>{sentence('w', 6)} more words here</p></div>")
    assert siblings.joined_siblings(t.body.find("div")) == {}


def test_recover_brings_a_joined_sibling_back_and_says_why():
    coda = [sentence("c" + str(i), 30, comma=True) for i in range(3)]
    t = page(body_div(4) + "<div class='coda'>" + "".join(f"<p>{c}</p>" for c in coda) + "</div>")
    kept = [Block(PARAGRAPH, p.text_content()) for p in t.body.find("div").findall("p")]
    with explain.tracing() as decisions:
        got = recover(t, kept)
    assert [b.text for b in got] == [b.text for b in kept] + coda
    reasons = [d.reason for d in decisions if d.stage == "recover"]
    assert len(reasons) == 3
    assert all(r.startswith("joined as the container's sibling: content score") for r in reasons)


def test_the_rest_of_a_partly_kept_list_comes_back_in_place_when_readability_keeps_the_list():
    items = [sentence("item" + str(i), 6) for i in range(4)]
    t = page(f"<article><p>{sentence('a')}</p><ul>" + "".join(f"<li>{i}</li>" for i in items)
             + f"</ul><p>{sentence('d')}</p></article>")
    kept = [Block(PARAGRAPH, sentence("a")), Block(LIST, items=[items[0], items[2]]),
            Block(PARAGRAPH, sentence("d"))]
    with explain.tracing() as decisions:
        got = recover(t, kept)
    assert got[1].items == items
    assert sum(d.reason.startswith("the rest of a partly kept list") for d in decisions) == 2


def test_a_short_item_already_read_is_not_added_again():
    items = ["GPS", "Optical heart sensor", "Swim proof to fifty metres"]
    t = page(f"<article><p>{sentence('a')}</p><ul>" + "".join(f"<li>{i}</li>" for i in items)
             + f"</ul><p>{sentence('d')}</p></article>")
    kept = [Block(PARAGRAPH, sentence("a")), Block(LIST, items=items),
            Block(PARAGRAPH, sentence("d"))]
    assert recover(t, kept)[1].items == items


def test_the_rest_of_a_list_of_links_stays_out():
    items = [f"<a href='/p{i}'>{sentence('link' + str(i), 6)}</a>" for i in range(4)]
    t = page(f"<article><p>{sentence('a')}</p><ul>" + "".join(f"<li>{i}</li>" for i in items)
             + f"</ul><p>{sentence('d')}</p></article>")
    first = sentence("link0", 6)
    kept = [Block(PARAGRAPH, sentence("a")), Block(LIST, items=[first]),
            Block(PARAGRAPH, sentence("d"))]
    with explain.tracing() as decisions:
        assert recover(t, kept)[1].items == [first]
    assert any("links are 100% of the list" in d.reason for d in decisions)


def test_a_display_formula_between_kept_text_comes_back_as_its_note_even_outside_the_container():
    from service.articles import formulas
    body = "".join(f"<p>{sentence('a' + str(i), 20)}</p>" for i in range(5))
    t = page(f"<div class='main'>{body}</div>"
             f"<div><pre class='{formulas.FORMULA_CLASS}'>{formulas.MARK}x^2 + 1</pre></div>"
             f"<div class='more'><p>{sentence('b', 20)}</p></div>"
             f"<dl><dd><pre class='{formulas.FORMULA_CLASS}'>{formulas.MARK}y_0</pre></dd></dl>"
             f"<div class='more'><p>{sentence('c', 20)}</p></div>")
    kept = [Block(PARAGRAPH, p.text_content()) for p in t.body.iter("p")]
    got = recover(t, kept)
    notes = [b for b in got if b.note == "formula"]
    assert [b.html for b in notes] == ["<pre><code>x^2 + 1</code></pre>"]  # not the <dd> one
    assert got.index(notes[0]) == 5  # after the container's paragraphs, before 'b'


def test_a_sibling_that_does_not_join_says_why_in_the_explain_view():
    caption = sentence("caption", 20)
    t = page(body_div(4) + f"<div class='photo-block'><p>{caption}</p></div>")
    kept = [Block(PARAGRAPH, p.text_content()) for p in t.body.find("div").findall("p")]
    with explain.tracing() as decisions:
        assert [b.text for b in recover(t, kept)] == [b.text for b in kept]
    assert [d.reason for d in decisions if d.text == caption] == [
        "left out; not recovered: outside the article container; a sibling that does not "
        "join: a picture's caption"]


def test_text_outside_the_container_says_where_it_is():
    stand = sentence("stand", 20)
    t = page(f"<div class='top'><p>{stand}</p></div><div class='main'>{body_div(4)}</div>")
    body = t.body.find(".//div[@class='article-body']")
    kept = [Block(PARAGRAPH, p.text_content()) for p in body]
    with explain.tracing() as decisions:
        recover(t, kept)
    assert [d.reason for d in decisions if d.text == stand] == [
        "left out; not recovered: outside the article container; before the body, 2 levels up"]


def test_a_heading_trafilatura_left_out_between_kept_prose_is_in_the_explain_view():
    t = page(f"<article><p>{sentence('a')}</p><h2>Early years</h2><h3>Childhood</h3>"
             f"<p>{sentence('b')}</p></article>")
    kept = [Block(PARAGRAPH, sentence("a")), Block(PARAGRAPH, sentence("b"))]
    with explain.tracing() as decisions:
        assert [b.text for b in recover(t, kept)] == [b.text for b in kept]
    reasons = {d.text: d.reason for d in decisions}
    assert reasons["Early years"] == "left out; not recovered: a heading before another heading"
    assert reasons["Childhood"] == "left out; not recovered: a heading before text trafilatura " \
                                   "kept"


def test_a_unit_partly_in_the_text_says_how_much_of_it_is():
    lead = sentence("lead", 20)
    partly = " ".join(lead.rstrip(".").split()[:8] + [f"new{i}" for i in range(12)]) + "."
    t = page(f"<article><p>{lead}</p><p>{partly}</p><p>{sentence('b')}</p></article>")
    kept = [Block(PARAGRAPH, lead), Block(PARAGRAPH, sentence("b"))]
    with explain.tracing() as decisions:
        recover(t, kept)
    assert [d.reason for d in decisions if d.text == partly] == [
        "left out; not recovered: partly in the text already (29% of it is)"]
