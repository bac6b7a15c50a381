"""`newsreader extract FILE --explain`: every block with the rule or score that kept or dropped it."""
from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

from service.articles import explain
from service.articles.extract import extract

GOLDEN = Path(__file__).resolve().parent / "golden"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "service.cli", *args], capture_output=True,
                          text=True, timeout=120)


def _page(sentences: int = 5) -> str:
    body = "".join(f"<p>Paragraph {i} of the story says something long enough to be prose, "
                   f"with commas, clauses and a full stop at its end.</p>" for i in range(sentences))
    return ("<html><head><title>A story</title></head><body><article><h1>A story</h1>"
            f"{body}<div class='ad-slot'><p>Buy the new phone now, with a discount!</p></div>"
            "<p>Advertisement</p>"
            f"<div>A lead-in run written straight into a div, long enough to be a paragraph of "
            f"this story, ending with a full stop.<br><br>{body}</div>"
            "</article><aside><p>Most read: a story about something else entirely.</p></aside>"
            "</body></html>")


def test_each_decision_names_its_stage_and_rule():
    with explain.tracing() as decisions:
        extract(_page())
    got = {(d.verdict, d.stage, d.reason) for d in decisions}
    assert ("dropped", "noise", "element aside") in got
    assert ("dropped", "noise", "class/id ad-slot") in got
    assert any(v == "kept" and s == "trafilatura" for v, s, _ in got)
    assert any(v == "dropped" and s == "line" and "ad slots" in r for v, s, r in got)
    texts = {d.text for d in decisions if d.stage == "noise"}
    assert any("Buy the new phone" in t for t in texts)


def test_no_trace_is_kept_outside_tracing():
    assert not explain.active()
    extract(_page())  # nothing to collect into, nothing raised
    with explain.tracing() as decisions:
        assert explain.active()
    assert not explain.active() and decisions == []


def test_recovered_paragraphs_say_why_they_came_back():
    # trafilatura keeps the paragraphs; the second copy of a paragraph printed twice side by
    # side comes back from recover.py, and the listing says so
    p = ("<p>The council met on Tuesday and voted to build four new bus routes, ending a debate "
         "that had run for three years.</p>")
    html = f"<html><body><article><h1>Buses</h1>{p}{p}</article></body></html>"
    with explain.tracing() as decisions:
        article = extract(html)
    assert len(article.paragraphs) == 2
    assert any(d.stage == "recover" and "a copy beside the first" in d.reason
               for d in decisions)


def test_cli_lists_every_block_then_the_article(tmp_path):
    result = run_cli("extract", "--explain", str(GOLDEN / "related-links" / "source.html"))
    assert result.returncode == 0, result.stderr
    listing, article = result.stdout.split("\ntitle: ", 1)
    lines = [line for line in listing.splitlines() if line.strip()]
    assert lines and all(line.split()[0] in ("kept", "dropped") for line in lines)
    assert any("'Read more: ...'" in line for line in lines)  # the LINE rule's own words
    assert article.startswith("Council expands bus network to northern suburbs")
    assert "\n## " in article


def test_cli_reads_a_gzipped_page_and_without_explain_prints_only_the_article(tmp_path):
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(_page().encode()))
    result = run_cli("extract", str(page))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("title: A story\n")
    assert "Buy the new phone" not in result.stdout and "Most read" not in result.stdout


def test_cli_reports_a_page_without_an_article(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    result = run_cli("extract", "--explain", str(page))
    assert result.returncode == 2 and "No article body" in result.stderr
    assert "element nav" in result.stdout  # the listing still shows what was dropped
    missing = run_cli("extract", str(tmp_path / "nope.html"))
    assert missing.returncode == 2 and "nope.html" in missing.stderr


def test_what_a_line_rule_cuts_out_of_a_paragraph_is_in_the_explain_view():
    page = _page().replace("</article>", "<p>Watch the launch here pic.twitter.com/AbC123 "
                           "as it happened over the bay on Monday night.</p></article>")
    with explain.tracing() as decisions:
        extract(page)
    cuts = [d for d in decisions if d.stage == "line" and d.reason.startswith("strip: ")]
    assert [d.text for d in cuts] == ["pic.twitter.com/AbC123"]
