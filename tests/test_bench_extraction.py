"""bench/extraction.py's --lost-by-reason: lost recall is charged to the decision that dropped it."""
from __future__ import annotations

from bench import extraction as bench
from service.articles import explain

BODY = ("The council met on Monday to talk about the roads and the schools of the town, and it "
        "voted to mend them all by spring after a long and lively evening of debate.")
CAPTION = "The old bridge over the river at dawn seen from the northern bank of the town"
PAGE = (f"<html><head><title>Roads</title></head><body><article><h1>Roads</h1>"
        f"<p>{BODY}</p><figure><img src='a.jpg'><figcaption>{CAPTION}</figcaption></figure>"
        f"<p>{BODY.replace('Monday', 'Tuesday')}</p></article></body></html>")


def test_reason_kind_drops_page_figures():
    assert bench.reason_kind("trafilatura: left out; not recovered: a list item "
                             "(links are 72% of the list)") == \
        "trafilatura: left out; not recovered: a list item"
    assert bench.reason_kind("noise: class/id pb-caption") == "noise: class/id pb-caption"


def test_lost_caption_is_charged_to_the_figcaption_rule(capsys):
    ref = f"{BODY}\n{CAPTION}\n{BODY.replace('Monday', 'Tuesday')}"
    page = bench.Page("caption-page", PAGE, ref)
    pred = bench.ours(page.html, page.url)[0]
    assert CAPTION not in pred  # the noise rule drops captions
    bench.print_lost_by_reason([page], {page.pid: (pred, ref)})
    out = capsys.readouterr().out
    part = bench.half(page.pid)
    section = out.split(f"recall lost by reason, {part}")[1].split("recall lost by reason")[0]
    line = next(ln for ln in section.splitlines() if "figcaption" in ln)
    # the caption's share of the reference's tokens, the one page being the whole half
    share = float(line.split("%")[0]) / 100
    lost = len(bench.TOKEN.findall(CAPTION)) / len(bench.TOKEN.findall(ref))
    assert abs(share - lost) < 0.01


def test_listener_reference_takes_out_captions_and_credits_only():
    expected = (f"<div><p>{BODY}</p><figure><img src='a.jpg'><figcaption>{CAPTION}</figcaption>"
                "</figure><p>Photo by <span class='image-credit'>Jo Doe</span></p>"
                "<div id='story-caption'>A boat at sea</div><p>The end of the story.</p></div>")
    full = bench.reference_text(expected)
    listener = bench.reference_text(expected, listener=True)
    assert CAPTION in full and "Jo Doe" in full and "A boat at sea" in full
    assert CAPTION not in listener and "Jo Doe" not in listener and "A boat at sea" not in listener
    assert BODY in listener and "The end of the story." in listener
    assert bench.reference_text("  ") == ""


def test_a_lost_run_of_short_texts_is_charged_to_the_decision_on_them():
    link = explain.Decision(explain.DROPPED, "link-run", "3 link-only paragraphs in a row", "link")
    other = explain.Decision(explain.DROPPED, "noise", "element nav", "Home News")
    assert bench._why_lost("link link link link", [other, link]) == \
        "link-run: 3 link-only paragraphs in a row"
    assert bench._why_lost("Sports Weather", [other]).startswith("no drop decision holds it")


def test_a_run_our_text_has_in_another_place_is_said_to_have_moved():
    run = "the council voted to mend the roads by spring"
    pred = f"A first paragraph of the story, and then {run}."
    assert bench._why_lost(run, [], pred) == bench.MOVED
    assert bench._why_lost(run, [], "A first paragraph of the story.") != bench.MOVED
