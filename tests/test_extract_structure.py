"""Issue 11's cases, each on a small hand-written page: formulas, link lists, repeated
paragraphs, table headers, hidden text on small pages and the title and byline a page declares."""
from __future__ import annotations

import lxml.html
import pytest

from service.articles import announce, formulas
from service.articles.blocks import HEADING, LIST, PARAGRAPH, QUOTE, Block, clean_blocks
from service.articles.declared_metadata import title_from_head
from service.articles.extract import extract
from service.articles.recover import recover

LONG = ("This paragraph of the story is long enough to be prose, with commas, clauses and a "
        "full stop at its end, number {}.")


def _body(n: int = 4, start: int = 0) -> str:
    return "".join(f"<p>{LONG.format(i)}</p>" for i in range(start, start + n))


def _doc(body: str, head: str = "<title>A story</title>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


# ---------------------------------------------------------------------------- formulas

def _tree(body: str):
    return lxml.html.document_fromstring(_doc(body))


def test_mathjax_source_becomes_one_note_and_its_rendered_copies_go():
    t = _tree("<p>Before.</p><div><span class='MathJax_Preview'>∑ 1/k</span>"
              "<span class='MathJax'>∑<sub>k</sub></span>"
              "<script type='math/tex; mode=display'>\\sum_k 1/k</script></div>")
    assert formulas.mark_formulas(t) == 1
    pre = t.xpath(f"//pre[@class='{formulas.FORMULA_CLASS}']")
    assert [formulas.formula_tex(p.text) for p in pre] == ["\\sum_k 1/k"]
    assert "∑" not in t.text_content()


def test_inline_mathml_reads_as_the_word_formula():
    t = _tree("<p>The sum is <math alttext='x+1'><mi>x</mi><mo>+</mo><mn>1</mn></math>, "
              "or more.</p>")
    formulas.mark_formulas(t)
    assert " ".join(t.find(".//p").text_content().split()) == "The sum is (formula), or more."


def test_katex_keeps_its_tex_annotation():
    t = _tree("<p><span class='katex'><span class='katex-mathml'><math><semantics><mi>y</mi>"
              "<annotation encoding='application/x-tex'>y^2</annotation></semantics></math>"
              "</span><span class='katex-html'>y²</span></span></p>")
    formulas.mark_formulas(t)
    assert [formulas.formula_tex(p.text) for p in t.iter("pre")] == ["y^2"]  # alone in its paragraph: a note
    assert "²" not in t.text_content()


def test_a_page_with_a_display_formula_says_so_and_shows_it():
    html = _doc("<article><h1>Sums</h1>" + _body(2)
                + "<script type='math/tex; mode=display'>\\int_1^n 1/x\\,dx</script>"
                + _body(2, 2) + "</article>")
    article = extract(html)
    said = announce.note("en", "formula")
    assert said in article.paragraphs
    i = next(s for s in article.sections if said in s.paragraphs)
    shown = i.shown[i.paragraphs.index(said)]
    assert "\\int_1^n" in shown and "<pre><code>" in shown


# ---------------------------------------------------------------------------- link lists

def test_a_list_whose_every_item_is_a_link_is_not_read():
    items = ["Grouping the terms", "The integral test", "How slowly it grows"]
    contents = Block(LIST, items=items, linked=True)
    kept = clean_blocks([Block(PARAGRAPH, LONG.format(1)), contents,
                         Block(LIST, items=["Ten terms", "A thousand terms"]),
                         Block(PARAGRAPH, LONG.format(2))])
    assert [b.kind for b in kept] == [PARAGRAPH, LIST, PARAGRAPH]
    assert kept[1].items == ["Ten terms", "A thousand terms"]


def test_contents_linking_to_the_pages_own_headings_are_marked_on_a_real_page():
    toc = ("<ul><li><a href='#a'>First part of the story</a></li>"
           "<li><a href='#b'>Second part of the story</a></li>"
           "<li><a href='#c'>Third part of the story</a></li></ul>")
    html = _doc(f"<article><h1>A story</h1>{_body(1)}{toc}<h2 id='a'>First part</h2>{_body(3, 1)}"
                "<ul><li>A plain item of the list, not a link.</li><li>Another plain item.</li></ul>"
                "</article>")
    article = extract(html)
    text = "\n".join(article.paragraphs)
    assert "Second part of the story" not in text
    assert "A plain item of the list, not a link." in text


# ---------------------------------------------------------------------------- repeats

def test_a_paragraph_printed_twice_side_by_side_is_read_twice():
    p = f"<p>{LONG.format('twice')}</p>"
    article = extract(_doc(f"<article><h1>A story</h1>{p}{p}{_body(2)}</article>"))
    assert article.paragraphs.count(LONG.format("twice")) == 2


def test_a_repeat_under_a_new_subheading_is_read_again_but_a_pull_quote_once():
    blocks = [Block(PARAGRAPH, LONG.format(1)), Block(HEADING, "Part two"),
              Block(PARAGRAPH, LONG.format(1)),
              Block(QUOTE, "long enough to be prose, with commas, clauses")]
    kept = clean_blocks(blocks)
    assert [b.kind for b in kept] == [PARAGRAPH, HEADING, PARAGRAPH]


def test_recover_brings_back_a_side_by_side_copy_but_not_a_copy_elsewhere():
    copy = LONG.format("copy")
    kept = [Block(PARAGRAPH, copy)] + [Block(PARAGRAPH, LONG.format(i)) for i in range(3)]
    elsewhere = _tree(f"<article><div class='a'><p>{copy}</p>{_body(3)}</div>"
                      f"<div class='b'><p>{copy}</p></div></article>")
    assert [b.text for b in recover(elsewhere, list(kept))] == [b.text for b in kept]
    beside = _tree(f"<article><div class='a'><p>{copy}</p><p>{copy}</p>{_body(3)}</div></article>")
    got = recover(beside, list(kept))
    assert [b.text for b in got] == [copy, copy] + [LONG.format(i) for i in range(3)]
    assert got[1].copy


# ---------------------------------------------------------------------------- tables, hidden

def test_a_table_column_called_comment_does_not_end_the_article():
    rows = "".join(f"<tr><td>field_{i}</td><td>What field {i} holds, in a few words.</td></tr>"
                   for i in range(4))
    table = ("<table><tr><td>Column</td><td>Comment</td></tr>" + rows.replace(
        "a few words.", "a few words, long enough to make this cell read as prose rather "
        "than as data in a grid of values, which it is not.") + "</table>")
    html = _doc(f"<article><h1>A story</h1>{_body(2)}{table}{_body(2, 2)}</article>")
    assert LONG.format(3) in extract(html).paragraphs


def test_what_a_small_page_hides_is_not_read():
    hidden = f"<p style='display: none'>{LONG.format('hidden')}</p>"
    html = _doc(f"<article><h1>A story</h1>{_body(2)}{hidden}<p hidden>{LONG.format('h2')}</p>"
                f"</article>")
    text = extract(html).text
    assert "hidden" not in text and "h2" not in text and LONG.format(1) in text


# ---------------------------------------------------------------------------- metadata

def test_declared_title_and_byline_in_readabilitys_order():
    head = ("<title>Title Element</title><meta name='title' content='Meta name title'>"
            "<meta property='og:title' content='Open Graph title'>"
            "<meta property='x:title dc:title' content='Dublin Core title'>"
            "<meta name='author' content='Meta Author'>"
            "<meta property='dc:creator' content='Dublin Core Author'>")
    article = extract(_doc(f"<article><h1>Headline</h1>{_body(3)}</article>", head))
    assert article.title == "Dublin Core title"
    assert article.byline == "Dublin Core Author"


def test_json_ld_in_cdata_names_the_article():
    head = ("<title>Matrix - Encyclopedia</title><meta property='og:title' content='OG'>"
            "<script type='application/ld+json'><![CDATA[{\"@context\": \"https://schema.org\", "
            "\"@type\": \"Article\", \"name\": \"Hermitian matrix\", "
            "\"author\": {\"@type\": \"Person\", \"name\": \"Ada Byron\"}}]]></script>")
    article = extract(_doc(f"<article>{_body(3)}</article>", head))
    assert (article.title, article.byline) == ("Hermitian matrix", "Ada Byron")


@pytest.mark.parametrize("head_title, h1, expected", [
    ("Get your code covered | Code | Jane Doe", "Get your code covered", "Get your code covered | Code"),
    ("Mozilla - Wikipedia", "Mozilla", "Mozilla - Wikipedia"),  # a one-word cut is no title
    ("A test story - Site", "A test story", "A test story"),  # a short cut an <h1> confirms
    ("A test story - Site", "Something else", "A test story - Site"),
    ("Lorem ipsum dolor sit amet – My website", "", "Lorem ipsum dolor sit amet"),
])
def test_the_title_element_is_cut_as_readability_cuts_it(head_title, h1, expected):
    tree = lxml.html.document_fromstring(_doc(f"<h1>{h1}</h1>" if h1 else "<p>x</p>",
                                              f"<title>{head_title}</title>"))
    assert title_from_head(tree) == expected


def test_a_byline_element_found_the_way_readability_finds_it():
    html = _doc("<article><h1>A story</h1><div class='post-author'>By\n\t\tScott Cunningham"
                f"</div>{_body(3)}</article>")
    assert extract(html).byline == "Scott Cunningham"
