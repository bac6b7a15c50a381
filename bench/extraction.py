"""Extraction benchmark: ours beside trafilatura and readability-lxml, in one run.

    python bench/extraction.py CORPUS_DIR [--pages N] [--only NAME] [--worst N] [--leaks]
                                          [--diff ID_PREFIX]...

``--worst N`` lists our N worst pages with the text we lost (in the reference, not in ours) and
the text we added (ours, not in the reference), as runs of tokens; ``--diff ID`` does the same
for chosen pages (an id prefix is enough).

CORPUS_DIR holds ``ground-truth.json`` ({id: {"articleBody", "url"}}) and ``html/<id>.html.gz``
(the news-dev layout). Never copy corpus pages into this repository.

Scores, per the corpus README (the Scrapinghub article-extraction benchmark's own metric):
tokens are ``\\w+`` matches; shingles are the multiset of 4-token tuples; per page TP/FP/FN are
normalised to sum to 1; precision is the mean over pages with output, recall the mean over all
pages (no output = recall 0); F1 is the harmonic mean of the two means.

Which text is scored: for ours, the article's text as the page shows it
(``segment.shown_text``): the subheadings we read aloud and the paragraphs, without the
announcements we add for listeners ("A list of 3 items.", "Quote: ... End of quote."), and with a
data table's or code listing's own text (carried in ``Section.shown``) in place of its spoken
note ("A table with 41 rows follows, shown on the page."). That is the same kind of text the
reference and the other extractors give: trafilatura and readability-lxml both return table
cells. What a listener actually hears (``spoken_text``: notes and announcements in, table cells
out) is scored too, on the row "ours (spoken)", from the same extraction (same timing).
Leaks are counted on each row's own text, so the shown row also checks table cells.

Leaks: occurrences of junk phrases (captions and credits, ad labels, related-link lists, share,
newsletter, subscribe, cookie, paywall and comment widgets) in an extractor's text that the
page's reference text does not have. This list is deliberately independent of our noise table
(service/articles/noise.py), so our extractor cannot pass by construction.

Titles: the corpus has no reference titles. We report, as a proxy, how often an extractor's title
equals the page's own declared headline (og:title / twitter:title / schema.org headline, with the
site name cut off) on pages that declare one.

Speed: every extractor runs on every page in the same process, interleaved page by page, after
one warm-up page; pages/second is pages divided by the extractor's summed wall time.
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TOKEN = re.compile(r"\w+")

# Junk phrases a listener must never hear, by kind. Case-sensitive where the label is.
LEAK_PATTERNS = [
    ("caption/credit", re.compile(r"Photo(graph)? by|AP Photo|Getty Images|File Photo|"
                                  r"License Photo|\((Graphic|Illustration|Photo) by|"
                                  r"Photo( credit)?: |Image( credit)?: |Credit: |/Reuters\b|"
                                  r"/AFP\b|/AP\b|Shutterstock|iStock")),
    ("ad", re.compile(r"\bAdvertisement\b|\bADVERTISEMENT\b|Sponsored Content|"
                      r"Story continues below|\bAdvertising\b")),
    ("related", re.compile(r"RECOMMENDED|Read more:|READ MORE|Read More:|More from |"
                           r"Related (Articles|Stories|Content|Coverage)|Related:|RELATED|"
                           r"Latest Headlines|You may also like|Most (Read|Popular)|"
                           r"Read next|Also read|See also:")),
    ("share", re.compile(r"Share (on|this|via)|Share to |Tweet this|Copy link|"
                         r"Click to share|Pin it")),
    ("newsletter", re.compile(r"[Nn]ewsletter|Sign up for|[Ii]n your inbox")),
    ("subscribe/paywall", re.compile(r"\bSubscribe\b|\bsubscriber[s]? only|"
                                     r"Already a subscriber|to continue reading|Log in to")),
    ("cookie", re.compile(r"\bcookies?\b", re.IGNORECASE)),
    ("comments", re.compile(r"\b\d+ [Cc]omments\b|Leave a (comment|reply)|Comments \(\d+\)|"
                            r"Join the (conversation|discussion)|Post a comment|Reply\b ?$",
                            re.MULTILINE)),
    ("copyright", re.compile(r"Copyright ©|©\s?\d{4}|All rights reserved", re.IGNORECASE)),
]


def shingles(text: str) -> Counter:
    tokens = TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < 4:
        return Counter([tuple(tokens)])
    return Counter(zip(tokens, tokens[1:], tokens[2:], tokens[3:]))


def page_score(pred: str, ref: str) -> tuple[float, float, float]:
    p, r = shingles(pred), shingles(ref)
    tp = sum((p & r).values())
    fp = sum(p.values()) - tp
    fn = sum(r.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def diff_runs(pred: str, ref: str, min_tokens: int = 4) -> tuple[list[str], list[str]]:
    """Runs of at least min_tokens tokens only in ref (lost) and only in pred (extra), in order."""
    import difflib
    p, r = TOKEN.findall(pred or ""), TOKEN.findall(ref or "")
    lost, extra = [], []
    sm = difflib.SequenceMatcher(None, r, p, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op in ("delete", "replace") and i2 - i1 >= min_tokens:
            lost.append(" ".join(r[i1:i2]))
        if op in ("insert", "replace") and j2 - j1 >= min_tokens:
            extra.append(" ".join(p[j1:j2]))
    return lost, extra


def _print_diff(pid: str, pred: str, ref: str, width: int = 300) -> None:
    lost, extra = diff_runs(pred, ref)
    for label, runs in (("lost", lost), ("extra", extra)):
        for run in runs:
            n = len(run.split())
            text = run if len(run) <= width else run[:width // 2] + " … " + run[-width // 2:]
            print(f"    {label} ({n} tokens): {text}")


def leaks(pred: str, ref: str) -> list[str]:
    out = []
    for kind, rx in LEAK_PATTERNS:
        ref_count = len(rx.findall(ref or ""))
        hits = list(rx.finditer(pred or ""))
        for m in hits[ref_count:]:
            start = max(0, m.start() - 40)
            ctx = (pred[start:m.end() + 40]).replace("\n", " ")
            out.append(f"[{kind}] …{ctx}…")
    return out


# ------------------------------------------------------------------------------ extractors

def spoken_text(article) -> str:
    """What a listener hears of the body: each section's own subheading (read aloud, see
    Section.own_heading) and its paragraphs. Generated labels are not spoken, so not scored."""
    parts = []
    for s in article.sections:
        if s.own_heading:
            parts.append(s.heading)
        parts.extend(s.paragraphs)
    return "\n\n".join(parts)


def ours(html: str, url: str):
    """Scored: the article's text as the page shows it (segment.shown_text). Also returned,
    as a third value, what a listener hears (spoken_text), reported on its own row."""
    from service.articles.extract import extract
    from service.articles.segment import shown_text
    from service.models import ExtractionError
    try:
        a = extract(html, url=url)
    except ExtractionError:
        return "", None, ""
    return shown_text(a), a.title, spoken_text(a)


def trafilatura_default(html: str, url: str):
    import trafilatura
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return "", None
    return doc.text or "", doc.title


def readability_lxml(html: str, url: str):
    import lxml.html
    from readability import Document
    try:
        d = Document(html, url=url)
        summary = d.summary(html_partial=True)
        title = d.short_title()
    except Exception:
        return "", None
    root = lxml.html.fromstring(summary) if summary.strip() else None
    if root is None:
        return "", title
    blocks = []
    for el in root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote",
                        "td", "div"):
        if el.tag == "div" and el.find(".//p") is not None:
            continue
        text = " ".join(el.text_content().split())
        if text:
            blocks.append(text)
    # drop duplicated nesting (li inside blockquote etc.): keep order, first occurrence
    seen, text = set(), []
    for b in blocks:
        if b not in seen:
            seen.add(b)
            text.append(b)
    return "\n".join(text), title


EXTRACTORS = {"ours": ours, "trafilatura": trafilatura_default, "readability-lxml": readability_lxml}


# ------------------------------------------------------------------------------ titles

def declared_title(html: str) -> str | None:
    """The page's own declared headline (og:title etc.), site name cut off; None if absent."""
    import lxml.html
    from service.articles.metadata import strip_site_name
    try:
        tree = lxml.html.fromstring(html.encode("utf-8"),
                                    parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception:
        return None
    for xp in ('//meta[@property="og:title"]/@content', '//meta[@name="twitter:title"]/@content',
               '//meta[@property="twitter:title"]/@content', '//*[@itemprop="headline"]/@content'):
        vals = tree.xpath(xp)
        if vals and vals[0].strip():
            site = tree.xpath('//meta[@property="og:site_name"]/@content')
            return strip_site_name(vals[0], site[0] if site else None)
    return None


def _norm_title(t: str | None) -> str:
    return " ".join(TOKEN.findall((t or "").lower()))


# ------------------------------------------------------------------------------ main

def load_corpus(corpus: Path, limit: int | None):
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    for pid in ids:
        with gzip.open(corpus / "html" / f"{pid}.html.gz", "rt", encoding="utf-8",
                       errors="replace") as f:
            yield pid, f.read(), truth[pid].get("articleBody") or "", truth[pid].get("url")


def run(corpus: Path, names: list[str], limit: int | None = None):
    logging.disable(logging.CRITICAL)  # trafilatura and readability log per page
    pages = list(load_corpus(corpus, limit))
    for name in names:  # warm-up: imports, compiled patterns
        EXTRACTORS[name](pages[0][1], pages[0][3])
    rows = names + (["ours (spoken)"] if "ours" in names else [])
    results = {n: {"pages": [], "time": 0.0, "leaks": [], "titles": [0, 0]} for n in rows}
    for pid, html, ref, url in pages:
        declared = declared_title(html)
        for name in names:
            t0 = time.perf_counter()
            text, title, *spoken = EXTRACTORS[name](html, url)
            elapsed = time.perf_counter() - t0
            outputs = [(name, text)] + [("ours (spoken)", t) for t in spoken]
            for row, text in outputs:
                res = results[row]
                res["time"] += elapsed
                tp, fp, fn = page_score(text, ref)
                res["pages"].append((pid, tp, fp, fn, bool(text.strip())))
                res.setdefault("texts", {})[pid] = (text, ref)
                res["leaks"].extend(f"{pid[:10]} {leak}" for leak in leaks(text, ref))
                if declared:
                    res["titles"][1] += 1
                    res["titles"][0] += _norm_title(title) == _norm_title(declared)
    return pages, results


def summarise(res) -> dict:
    rows = res["pages"]
    with_output = [r for r in rows if r[4]]
    precision = sum(tp / (tp + fp) if tp + fp else 0 for _, tp, fp, _, _ in with_output) \
        / max(1, len(with_output))
    recall = sum(tp / (tp + fn) if tp + fn else 0 for _, tp, _, fn, _ in rows) / max(1, len(rows))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    ok, n = res["titles"]
    return {"f1": f1, "precision": precision, "recall": recall, "leaks": len(res["leaks"]),
            "leak_pages": len({leak.split()[0] for leak in res["leaks"]}),
            "title": ok / n if n else None, "title_n": n,
            "pps": len(rows) / res["time"] if res["time"] else 0.0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--pages", type=int, help="only the first N pages (sorted by id)")
    ap.add_argument("--only", action="append", choices=list(EXTRACTORS),
                    help="run only this extractor (repeatable)")
    ap.add_argument("--worst", type=int, default=0, help="list our N worst pages")
    ap.add_argument("--leaks", action="store_true", help="list every leaked string")
    ap.add_argument("--diff", action="append", default=[], metavar="ID",
                    help="show lost/extra text for pages whose id starts with ID (repeatable)")
    args = ap.parse_args(argv)
    names = args.only or list(EXTRACTORS)
    pages, results = run(args.corpus, names, args.pages)
    names = list(results)
    summary = {n: summarise(results[n]) for n in names}
    print(f"{len(pages)} pages from {args.corpus}\n")
    print(f"{'extractor':<18}{'F1':>7}{'prec':>7}{'recall':>8}{'leaks':>7}{'(pages)':>8}"
          f"{'title*':>8}{'pages/s':>9}")
    for n in names:
        s = summary[n]
        title = f"{s['title']:.3f}" if s["title"] is not None else "n/a"
        print(f"{n:<18}{s['f1']:>7.3f}{s['precision']:>7.3f}{s['recall']:>8.3f}{s['leaks']:>7}"
              f"{s['leak_pages']:>8}{title:>8}{s['pps']:>9.1f}")
    if "ours" in summary and "trafilatura" in summary and summary["trafilatura"]["pps"]:
        print(f"\nspeed: ours at {summary['ours']['pps'] / summary['trafilatura']['pps']:.2f}x "
              f"trafilatura's pages/second")
    n_titles = summary[names[0]]["title_n"]
    print(f"* title: the corpus has no reference titles; agreement with the page's declared "
          f"headline (og:title etc.) on the {n_titles} pages that declare one.")
    for n in names:
        if results[n]["leaks"] and (args.leaks or n.startswith("ours")):
            print(f"\nleaks, {n} ({len(results[n]['leaks'])}):")
            for leak in results[n]["leaks"]:
                print("  " + leak)
    if args.worst and "ours" in results:
        print(f"\nour {args.worst} worst pages (tp, fp, fn):")
        for pid, tp, fp, fn, _ in sorted(results["ours"]["pages"], key=lambda r: r[1])[:args.worst]:
            print(f"  {pid[:16]}  {tp:.2f} {fp:.2f} {fn:.2f}")
            _print_diff(pid, *results["ours"]["texts"][pid])
    if args.diff and "ours" in results:
        for pid, tp, fp, fn, _ in results["ours"]["pages"]:
            if any(pid.startswith(d) for d in args.diff):
                print(f"\n{pid[:16]}  tp {tp:.2f} fp {fp:.2f} fn {fn:.2f}")
                _print_diff(pid, *results["ours"]["texts"][pid])
    return 0


if __name__ == "__main__":
    sys.exit(main())
