"""Readability.js (service/articles/readability_js.py) as the body's decider and as the explain
view's second opinion: the real script in the real SpiderMonkey, from one thread and from many."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import lxml.html

from service.articles import explain, readability_js, readability_opinion
from service.articles.blocks import PARAGRAPH, Block
from service.articles.extract import extract

GOLDEN = Path(__file__).resolve().parent / "golden"
SIBLING = GOLDEN / "readability-body-begun-in-a-sibling"
FIRST_PART = "For more than a century, the lighthouse"


def _paragraphs(article) -> list[str]:
    return [p for s in article.sections for p in s.paragraphs]


def _page(name: str) -> str:
    return (GOLDEN / name / "source.html").read_text(encoding="utf-8")


def test_only_readability_finds_the_part_before_the_picture(monkeypatch):
    html = (SIBLING / "source.html").read_text(encoding="utf-8")
    monkeypatch.setenv("NEWSREADER_ARTICLE_BODY", "trafilatura")
    ours = _paragraphs(extract(html))
    monkeypatch.setenv("NEWSREADER_ARTICLE_BODY", "readability")
    theirs = _paragraphs(extract(html))
    assert not any(p.startswith(FIRST_PART) for p in ours)
    assert theirs[0].startswith(FIRST_PART) and len(theirs) == len(ours) + 2
    assert theirs[2:] == ours  # the rest in the same order, nothing else added


def test_readability_parse_gives_its_article_and_none_on_bad_input():
    got = readability_js.parse((SIBLING / "source.html").read_text(encoding="utf-8"))
    assert got["title"] == "The Lighthouse Keepers of Ardnamurchan"
    assert FIRST_PART in got["content"] and "The stonemasons" in got["content"]
    assert readability_js.parse(123) is None  # the script throws: no opinion, no exception
    assert readability_js.content("<html><body></body></html>") is None


def test_explain_says_for_every_block_whether_readability_kept_it():
    html = (SIBLING / "source.html").read_text(encoding="utf-8")
    with explain.tracing() as decisions:
        extract(html)
    kept = [d for d in decisions if d.stage == "trafilatura" and d.verdict == "kept"]
    opinion = {d.text: (d.verdict, d.reason) for d in decisions if d.stage == "readability"}
    assert len(kept) == 4 and all(d.text in opinion for d in kept)
    assert all(v == ("kept", "Readability.js keeps it too") for v in opinion.values())
    # a data table is compared by its cells, not by its spoken note
    table = ("<html><body><article>" + "".join(
        f"<p>Paragraph {i} of the story, long enough to count, with commas, and a full stop.</p>"
        for i in range(6)) + "<table><tr><th>Year</th><th>Ships past the point</th></tr>"
        "<tr><td>1900</td><td>12 a week</td></tr><tr><td>1901</td><td>14 a week</td></tr>"
        "</table></article></body></html>")
    with explain.tracing() as decisions:
        extract(table)
    assert {d.verdict for d in decisions if d.stage == "readability"} == {"kept"}


def test_a_block_readability_leaves_out_is_listed_as_dropped_by_it():
    root = lxml.html.fragment_fromstring("<p>The one paragraph Readability.js kept, long "
                                         "enough to have shingles.</p>", create_parent="div")
    blocks = [Block(PARAGRAPH, "The one paragraph Readability.js kept, long enough to have "
                    "shingles."), Block(PARAGRAPH, "Keep your browser in sync wherever you are.")]
    with explain.tracing() as decisions:
        readability_opinion.note_agreement(blocks, root)
    assert [(d.verdict, d.reason) for d in decisions] == [
        ("kept", readability_opinion.AGREES), ("dropped", readability_opinion.DISAGREES)]


@pytest.mark.parametrize("body", ["readability", "trafilatura"])
def test_eight_threads_at_once_give_the_articles_one_thread_gives(monkeypatch, body):
    monkeypatch.setenv("NEWSREADER_ARTICLE_BODY", body)
    pages = [_page(p.name) for p in sorted(GOLDEN.iterdir())
             if (p / "source.html").exists()][:8]
    alone = [_paragraphs(extract(h)) for h in pages]
    results: dict[int, list] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(i: int):
        try:
            start.wait()
            # each thread walks the pages from a different place, so calls overlap
            order = pages[i:] + pages[:i]
            got = [_paragraphs(extract(h)) for h in order]
            results[i] = got[-i:] + got[:-i] if i else got
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors
    assert [results[i] for i in range(8)] == [alone] * 8


def test_the_engine_never_runs_in_the_service_process():
    # not at import (a gunicorn master forks what it imported), nor after a page: the engine
    # lives in a helper process, in that process's main thread
    code = ("import json, os, sys; os.environ['NEWSREADER_ARTICLE_BODY'] = 'readability'; "
            "import service.web, service.articles.extract as x; "
            "before = [m for m in sys.modules if m.startswith('pythonmonkey')]; "
            "a = x.extract(open(sys.argv[1]).read()); "
            "print(json.dumps([before, [m for m in sys.modules if m.startswith('pythonmonkey')], "
            "a.sections[0].paragraphs[0]]))")
    out = subprocess.run([sys.executable, "-c", code, str(SIBLING / "source.html")],
                         capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.returncode == 0, out.stderr
    before, after, first = json.loads(out.stdout)
    assert before == [] and after == []
    assert first.startswith(FIRST_PART)  # and Readability.js did decide the body


def test_readability_lxml_and_python_readability_share_a_folder_and_both_load():
    # the bench's peer imports readability-lxml's own module; ours loads its script by path
    from readability.readability import Document
    assert Document("<html><body><p>One paragraph of text.</p></body></html>").summary()
    assert readability_js.parse("<html><body><p>x</p></body></html>") is not None


def test_a_helper_that_died_is_started_again():
    html = (SIBLING / "source.html").read_text(encoding="utf-8")
    assert readability_js.content(html)
    pid, helper = readability_js._helper
    helper.kill()
    helper.wait()
    assert readability_js.content(html) is not None  # a new helper, for the same answer
    assert readability_js._helper[1].pid != helper.pid


def test_the_helper_is_replaced_after_its_share_of_pages(monkeypatch):
    monkeypatch.setattr(readability_js, "RECYCLE_PAGES", 3)
    html = (SIBLING / "source.html").read_text(encoding="utf-8")
    first = readability_js.content(html)
    helpers = set()
    for _ in range(7):
        assert readability_js.content(html) == first
        helpers.add(readability_js._helper[1].pid)
    assert len(helpers) >= 2
