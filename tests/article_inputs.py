"""Hypothesis strategies for article input: generated news that must come through extraction
whole, and hostile input that may only ever give the documented error.

Shared by the property tests (tests/test_extract_props.py, tests/test_segment_props.py) and the
long fuzz run (bench/fuzz.py seeds its corpus from them), so the fuzzer starts from the very
pages the tests check.

The prose is kept clear of the noise LINE rules on purpose: no "Photo by ...", "Share",
"Read more", "Advertisement", dates with clock times, URLs, e-mail addresses, "comment" or
"subscribe", and no paragraph opening with "By". A paragraph those rules drop is dropped
legitimately; this generator is for paragraphs that must survive. ``paragraph`` still filters
on ``noise.match_line`` so that a new rule can never turn these properties into a test of the
rule table. Paragraphs are 15 to 60 words of one to five sentences, each ending in a full stop,
with names carrying abbreviations ("Dr.", "Sen.", "U.S.") the sentence splitter must not cut at.
"""
from __future__ import annotations

import html
import json
import random
import re

from hypothesis import strategies as st

from service.articles import noise
from service.articles.blocks import HEADING, LIST, PARAGRAPH, QUOTE, Block

NAMES = ["Maria Alvarez", "Tom Okafor", "Zoë Brandt", "José Núñez", "Anna O'Neill", "Li Wei",
         "Priya Raman", "Jean-Luc Morel", "Dr. Ruth Adler", "Sen. Mark Ortiz", "Gov. Dana Hale",
         "Mr. Kowalski", "Ms. Ito", "Samuel J. Barnes", "Chioma Eze", "Sven Lindqvist"]
AUTHORS = ["Maria Alvarez", "Tom Okafor", "Zoë Brandt", "José Núñez", "Anna O'Neill",
           "Priya Raman", "Chioma Eze", "Sven Lindqvist"]
GROUPS = ["the council", "the mayor", "the committee", "the ministry", "farmers", "residents",
          "the company", "officials", "voters", "the court", "scientists", "the hospital",
          "teachers", "the union", "engineers", "the city", "investors", "the school board",
          "the police", "the river authority", "U.S. officials", "Smith & Sons", "the AT&T staff",
          "the region's growers", "the board of St. Mary's"]
VERBS = ["approved", "rejected", "discussed", "reviewed", "announced", "delayed", "funded",
         "defended", "criticized", "welcomed", "questioned", "proposed", "expanded", "closed",
         "opened", "repaired", "studied", "measured", "described", "praised", "doubled",
         "postponed", "inspected", "rebuilt"]
ADJECTIVES = ["new", "old", "small", "large", "local", "regional", "public", "private", "early",
              "careful", "modest", "ambitious", "quiet", "narrow", "northern", "southern",
              "rural", "urban", "annual", "costly", "crowded", "fragile"]
THINGS = ["budget", "plan", "proposal", "bridge", "library", "road", "report", "contract",
          "season", "water supply", "harvest", "station", "housing project", "tax", "park",
          "museum", "ferry route", "clinic", "dam", "market", "rail line", "schedule", "café"]
PHRASES = ["on Tuesday", "after a long debate", "in the northern suburbs", "near the river",
           "for the third time", "despite strong objections", "during the winter",
           "across the region", "with little warning", "before the vote",
           "at the end of the month", "in São Paulo", "in the U.S. capital", "along the coast",
           "under the new rules", "by a narrow margin", "for about 40 families",
           "over three years", "in Zürich", "at a cost of $2.5 million", "within weeks",
           "on Jan. 23", "in No. 4 district"]
JOINS = [", and", ", but", ", while", " because", " although", " after", " before"]
HEADINGS = ["What comes next", "The cost of repairs", "A long debate", "Reactions in town",
            "Some background", "The vote", "Questions remain", "Looking ahead", "How it works",
            "Who pays", "A second plan", "Voices from the river", "The numbers", "Why it matters",
            "Earlier attempts", "The road to São Paulo"]
# (two words at least: pasted text documents a one-word line as a paragraph, not a subheading)

_NON_WORD = re.compile(r"\W+")


def words(text: str) -> int:
    return len(text.split())


def key(text: str) -> str:
    """What de-duplication compares (blocks._norm_key): case and punctuation do not count."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def noun_phrase(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.25:
        return rng.choice(NAMES)
    if pick < 0.5:
        return rng.choice(GROUPS)
    adjectives = rng.sample(ADJECTIVES, rng.randint(0, 2))
    return " ".join([rng.choice(["the", "a", "its", "their", "this"]), *adjectives,
                     rng.choice(THINGS)])


def make_clause(rng: random.Random) -> str:
    return " ".join([noun_phrase(rng), rng.choice(VERBS), noun_phrase(rng),
                     *rng.sample(PHRASES, rng.randint(0, 3))])


def make_sentence(rng: random.Random) -> str:
    """One sentence ending in a full stop: a clause, two joined, or a quote with a speaker."""
    form = rng.choice(["plain", "joined", "quoted"])
    first = make_clause(rng)
    if form == "joined":
        first += rng.choice(JOINS) + " " + make_clause(rng)
    elif form == "quoted":
        return f'"{_cap(first)}," said {rng.choice(NAMES)}.'
    return _cap(first) + "."


# Fixed pools, the same on every run, drawn from with one choice each: hypothesis spends tens
# of microseconds per choice, and building every word with its own choice made generating a
# page slower than extracting it. Shrinking still works (towards the pools' first entries).
SENTENCES = [t for t in (make_sentence(random.Random(i)) for i in range(6000)) if words(t) <= 30]
HEADLINES = [t for t in (_cap(make_clause(random.Random(10**6 + i))) for i in range(2000))
             if 3 <= words(t) <= 14]
sentence = st.sampled_from(SENTENCES)


@st.composite
def sentences(draw, low: int = 15, high: int = 60) -> list[str]:
    """Sentences of one paragraph, low..high words in all (no sentence is over 30 words)."""
    target = draw(st.integers(low, high))
    out: list[str] = []
    n = 0
    while n < target:
        s = draw(sentence)
        if out and n + words(s) > high:
            break
        out.append(s)
        n += words(s)
    return out


paragraph = sentences().map(" ".join).filter(lambda p: noise.match_line(p) is None)


def paragraphs(min_size: int = 1, max_size: int = 12):
    # distinct as de-duplication sees them: a generated repeat is not what this is testing
    return st.lists(paragraph, min_size=min_size, max_size=max_size, unique_by=key)


headline = st.sampled_from(HEADLINES).filter(lambda t: noise.match_line(t) is None)

byline_names = st.lists(st.sampled_from(AUTHORS), min_size=1, max_size=2, unique=True)


def joined_names(names: list[str]) -> str:
    return " and ".join(names)


@st.composite
def headings_for(draw, n_paragraphs: int, title: str) -> dict[int, str]:
    """Subheadings keyed by the paragraph they stand before (never the first: a heading above
    the body is the headline's kicker, not a section)."""
    if n_paragraphs < 2:
        return {}
    at = draw(st.lists(st.integers(1, n_paragraphs - 1), max_size=4, unique=True))
    texts = draw(st.lists(st.sampled_from(HEADINGS), min_size=len(at), max_size=len(at),
                          unique=True))
    return {i: t for i, t in zip(sorted(at), texts) if key(t) != key(title)}


# ------------------------------------------------------------------------------ simple pages

JUNK = {
    "nav": '<nav><ul><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>'
           '<li><a href="/weather">Weather forecast for the weekend</a></li></ul></nav>',
    "header": '<header><a href="/" class="logo">The Daily Example</a><nav><a href="/">Home</a> '
              '<a href="/local">Local news</a></nav></header>',
    "aside": '<aside><h3>Most read</h3><ul><li><a href="/a">Storm closes the harbour road '
             'again</a></li><li><a href="/b">Ten places to eat by the sea</a></li></ul></aside>',
    "footer": '<footer><p>Copyright 2024 The Daily Example. All rights reserved.</p>'
              '<p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></p></footer>',
}
# words of the junk blocks that must never reach an article
JUNK_PHRASES = ["Weather forecast for the weekend", "Local news", "Storm closes the harbour road",
                "Ten places to eat by the sea", "All rights reserved", "Most read"]


def _esc(s: str) -> str:
    return html.escape(s, quote=False)


def html_page(title: str, body: list[str], headings: dict[int, str] | None = None, *,
              container: str = "article", junk: tuple[str, ...] = (),
              byline: str | None = None) -> str:
    """A plain news page: <title>, optional site furniture, and the story in `container`."""
    headings = headings or {}
    parts = [f"<h1>{_esc(title)}</h1>"]
    if byline:
        parts.append(f'<p class="byline">By <a rel="author" href="/people/x">{_esc(byline)}'
                     f"</a></p>")
    for i, p in enumerate(body):
        if i in headings:
            parts.append(f"<h2>{_esc(headings[i])}</h2>")
        parts.append(f"<p>{_esc(p)}</p>")
    story = "\n".join(parts)
    if container == "div-in-main":
        story = f'<main><div class="story-body">{story}</div></main>'
    else:
        story = f"<{container}>{story}</{container}>"
    before = "".join(JUNK[j] for j in junk if j in ("header", "nav"))
    after = "".join(JUNK[j] for j in junk if j in ("aside", "footer"))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{_esc(title)}</title></head>\n<body>{before}\n{story}\n{after}</body></html>")


def text_page(title: str, body: list[str], headings: dict[int, str] | None = None, *,
              byline: str | None = None, ad_lines: frozenset[int] = frozenset()) -> str:
    """An article pasted as text: headline, "By ..." line, blank-line separated paragraphs,
    subheadings on lines of their own and, where asked, an "Advertisement" slot."""
    headings = headings or {}
    lines = [title]
    if byline:
        lines.append(f"By {byline}")
    for i, p in enumerate(body):
        if i in headings:
            lines.append(headings[i])
        if i in ad_lines:
            lines.append("Advertisement")
        lines.append(p)
    return "\n\n".join(lines) + "\n"


@st.composite
def simple_article(draw, max_paragraphs: int = 12) -> dict:
    """The parts of a generated article: title, byline, body paragraphs and subheadings."""
    title = draw(headline)
    body = draw(paragraphs(1, max_paragraphs).filter(
        lambda ps: all(key(p) != key(title) for p in ps)))
    with_headings = draw(st.booleans())
    return {"title": title,
            "byline": joined_names(draw(byline_names)) if draw(st.booleans()) else None,
            "body": body,
            "headings": draw(headings_for(len(body), title)) if with_headings else {}}


@st.composite
def simple_html(draw) -> tuple[dict, str]:
    a = draw(simple_article())
    page = html_page(a["title"], a["body"], a["headings"],
                     container=draw(st.sampled_from(["article", "main", "div-in-main"])),
                     junk=tuple(draw(st.lists(st.sampled_from(sorted(JUNK)), unique=True))),
                     byline=a["byline"])
    return a, page


@st.composite
def simple_text(draw) -> tuple[dict, str]:
    a = draw(simple_article())
    ads = frozenset(draw(st.lists(st.integers(0, len(a["body"]) - 1), max_size=2)))
    return a, text_page(a["title"], a["body"], a["headings"], byline=a["byline"], ad_lines=ads)


# ------------------------------------------------------------------------------ bodies to segment

# a paragraph too long to hear in one go (segment cuts it between sentences), and a short one
long_sentences = sentences(200, 700)
short_sentences = sentences(3, 14)


@st.composite
def body_blocks(draw) -> tuple[list[Block], dict[str, list[str]]]:
    """Blocks as clean_blocks hands them to segment(): paragraphs of every length, subheadings
    (in runs, first, last), lists and quotes; with each paragraph's own sentences, so a test
    can tell a cut between sentences from one inside a sentence."""
    blocks: list[Block] = []
    sents: dict[str, list[str]] = {}
    kinds = draw(st.lists(st.sampled_from(["p", "p", "p", "long", "short", "h", "list",
                                           "quote"]), min_size=1, max_size=25))
    for kind in kinds:
        if kind == "h":
            blocks.append(Block(HEADING, draw(st.sampled_from(HEADINGS))))
        elif kind == "list":
            blocks.append(Block(LIST, items=draw(st.lists(sentence, min_size=2, max_size=5)),
                                ordered=draw(st.booleans())))
        elif kind == "quote":
            blocks.append(Block(QUOTE, draw(sentence)))
        else:
            parts = draw({"long": long_sentences, "short": short_sentences}.get(kind,
                                                                                sentences()))
            text = " ".join(parts)
            sents[text] = parts
            blocks.append(Block(PARAGRAPH, text))
    return blocks, sents


# ------------------------------------------------------------------------------ hostile input

TAGS = ["p", "div", "span", "article", "main", "section", "h1", "h2", "h3", "a", "b", "em",
        "br", "img", "ul", "ol", "li", "table", "tr", "td", "th", "blockquote", "pre", "code",
        "script", "style", "noscript", "template", "iframe", "svg", "math", "nav", "aside",
        "header", "footer", "figure", "figcaption", "form", "button", "textarea", "select",
        "title", "head", "body", "html", "meta", "time", "font", "center", "frameset", "object"]
ATTRIBUTES = ['', ' class="ad"', ' class="story-body"', ' class="related-links"',
              ' class="caption"', ' style="display:none"', ' style="visibility: hidden"',
              ' hidden', ' aria-hidden="true"', ' role="navigation"', ' role="main"',
              ' itemprop="articleBody"', ' itemprop="author"', ' rel="tag"', ' rel="author"',
              ' lang="xx-INVALID-@@"', ' href="javascript:alert(1)"', ' id="comments"',
              ' onload="x()"', ' datetime="2017-02-30"', ' datetime="99999-01-01"',
              ' src="data:text/html,<script>"', ' class=' + "a-" * 30, ' x=">"',
              ' class="' + "widget " * 50 + '"']
ENTITIES = ["&amp;", "&lt;", "&gt;", "&nbsp;", "&#0;", "&#x0;", "&#xD800;", "&#xDFFF;",
            "&#x110000;", "&#99999999999;", "&bogus;", "&", "&#", "&#x;", "&copy;", "&shy;",
            "&#8203;", "&#x202E;", "&NotANamedEntityAtAll;", "&#1;", "&#x1F;", "&#12",
            "&#xFFFE;", "&#65535;", "&#x0000000001;", "&#" + "9" * 30 + ";"]
ODD_CHARACTERS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u200b",
                  "\ufeff", "\u202e", "\ufffd", "\ud800", "\udfff", "\U0001F600", "\u0301",
                  "\r", "\r\n", "\t", "\u2028", "\u00a0", "\uffff", "\U0010FFFF"]
MARKUP_BITS = ["<", ">", "</", "/>", "<!--", "-->", "<![CDATA[", "]]>", "<?xml version='1.0'?>",
               "<!DOCTYPE html>", "<!DOCTYPE>", "</p>", "</div></div></div>", "<p", "<br/>",
               "<a href=", '"', "'", "=", "<html", "<body>"]

odd_bit = st.sampled_from(ENTITIES + ODD_CHARACTERS + MARKUP_BITS)
# st.text leaves out lone surrogates; JSON ("\ud800") lets a client send them, so add them
any_character_text = st.text(
    st.one_of(st.characters(), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)),
    max_size=60)
text_piece = st.one_of(any_character_text, odd_bit, paragraph, st.sampled_from(HEADINGS))


def _attribute_value(name: str):
    return st.builds(lambda v, quoted: f' {name}="{html.escape(v)}"' if quoted
                     else f" {name}={v}", st.one_of(any_character_text, st.sampled_from(
                         ["2017-01-23T12:00:00Z", "0000-00-00", "2017-13-45", "yesterday",
                          "1e400", "-1", "en", "zz-ZZ", "x" * 300])), st.booleans())


attribute = st.one_of(st.sampled_from(ATTRIBUTES), _attribute_value("content"),
                      _attribute_value("datetime"), _attribute_value("lang"),
                      _attribute_value("class"), _attribute_value("alt"))


def _element(tag: str, attrs: list[str], children: list[str], close: str) -> str:
    inner = "".join(children)
    opening = f"<{tag}{''.join(attrs)}>"
    if close == "none":
        return opening + inner
    if close == "wrong":
        return opening + inner + "</" + ("div" if tag != "div" else "span") + ">"
    return opening + inner + f"</{tag}>"


markup = st.recursive(
    text_piece,
    lambda children: st.builds(_element, st.sampled_from(TAGS), st.lists(attribute, max_size=3),
                               st.lists(children, max_size=5),
                               st.sampled_from(["right", "right", "none", "wrong"])),
    max_leaves=40)

json_ld = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), any_character_text),
    lambda c: st.one_of(st.lists(c, max_size=4),
                        st.dictionaries(st.sampled_from(
                            ["@type", "@graph", "headline", "author", "name", "datePublished",
                             "articleBody", "inLanguage", "@context"]), c, max_size=5)),
    max_leaves=20)


def _json_text(value, broken: bool) -> str:
    s = json.dumps(value, ensure_ascii=False)
    return s[: len(s) // 2] if broken else s


metadata = st.one_of(
    st.builds(lambda v, b: f'<script type="application/ld+json">{_json_text(v, b)}</script>',
              json_ld, st.booleans()),
    st.builds(lambda name, v: f'<meta property="{name}"{v}>',
              st.sampled_from(["og:title", "og:site_name", "article:published_time", "author",
                               "og:locale", "datePublished", "twitter:title"]),
              _attribute_value("content")),
    st.builds(lambda v: f"<time{v}>when</time>", _attribute_value("datetime")),
    st.builds(lambda v: f"<title>{v}</title>", any_character_text))


@st.composite
def deep_nesting(draw) -> str:
    """Markup nested far deeper than any page (bounded so a run stays quick)."""
    depth = draw(st.integers(50, 3000))
    tag = draw(st.sampled_from(["div", "span", "b", "p", "li", "table", "a"]))
    inner = draw(st.one_of(paragraph, any_character_text))
    closed = draw(st.booleans())
    return f"<{tag}>" * depth + _esc(inner) + (f"</{tag}>" * depth if closed else "")


@st.composite
def html_document(draw) -> str:
    head = "".join(draw(st.lists(metadata, max_size=4)))
    body = "".join(draw(st.lists(markup, max_size=6)))
    lang = draw(st.one_of(st.just(""), _attribute_value("lang")))
    if draw(st.booleans()):
        return f"<!DOCTYPE html><html{lang}><head>{head}</head><body>{body}</body></html>"
    return head + body


ENCODINGS = ["utf-8", "utf-16", "utf-16-be", "latin-1", "cp1252", "shift_jis", "koi8-r",
             "gb18030", "big5", "iso-8859-7", "utf-32"]


def _mojibake(s: str, enc: str) -> str:
    """Text decoded with the wrong codec, as copy and paste from a mislabelled page gives."""
    return s.encode("utf-8", "surrogatepass").decode(enc, "replace")


def _encoded(s: str, enc: str) -> bytes:
    return s.encode(enc, "replace")


plain_lines = st.lists(st.one_of(paragraph, headline, text_piece,
                                 st.sampled_from(["Advertisement", "By Maria Alvarez", ". ",
                                                  "Read more: elsewhere", "Comments", "##",
                                                  "> quoted", "- item", "1. first", ""])),
                       max_size=12)
pasted_text = st.builds(lambda lines, sep: sep.join(lines), plain_lines,
                        st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\r", " "]))

hostile_text = st.one_of(st.text(), any_character_text, pasted_text,
                         st.builds(_mojibake, pasted_text, st.sampled_from(["latin-1", "cp1252",
                                                                             "koi8-r"])))
hostile_html = st.one_of(html_document(), markup, deep_nesting(),
                         st.builds(_mojibake, html_document(), st.sampled_from(["latin-1",
                                                                                "cp1252"])),
                         simple_html().map(lambda t: t[1]).flatmap(
                             lambda page: st.builds(lambda i, bit: page[:i] + bit + page[i:],
                                                    st.integers(0, len(page)), markup)))
hostile_bytes = st.one_of(st.binary(max_size=300),
                          st.builds(_encoded, st.one_of(pasted_text, html_document()),
                                    st.sampled_from(ENCODINGS)))
not_text = st.one_of(st.none(), st.integers(), st.floats(), st.lists(st.text(max_size=5)),
                     st.dictionaries(st.text(max_size=5), st.text(max_size=5)),
                     st.just(object()), st.just(memoryview(b"<p>x</p>")))

# hundreds of odd words: past MAX_WORDS, so the sentence splitter sees arbitrary text
_SPLITTER_BITS = ["word", "Word", ".", ". ", "? ", "! ", "… ", "Dr.", "U.S.", "J.", "No. 5", "\n",
                  "“Quoted.”", "'", "(Aside.)", "]", "\u00a0", "\u2028", "  ", "A.B.C.", "3.5",
                  "Mr", "end.\"", "ÉCOLE", "Москва."]
long_raw_text = st.lists(st.one_of(st.sampled_from(_SPLITTER_BITS), sentence), min_size=150,
                         max_size=400).map(" ".join)

# headings as clean_blocks leaves them: with a word character in them
raw_block = st.one_of(
    st.builds(lambda t: Block(PARAGRAPH, t), st.one_of(st.text(max_size=400), text_piece,
                                                       long_raw_text)),
    st.builds(lambda t: Block(HEADING, t), st.text(min_size=1, max_size=40).filter(
        lambda t: re.search(r"\w", t))),
    st.builds(lambda items: Block(LIST, items=items), st.lists(st.text(min_size=1), max_size=4)),
    st.builds(lambda t: Block(QUOTE, t), st.text(min_size=1, max_size=200)))
