"""Extraction benchmark: ours beside trafilatura and readability-lxml, in one run.

    python bench/extraction.py CORPUS_DIR... [--pages N] [--only NAME] [--worst N] [--half H]
                                             [--leaks] [--meta] [--why] [--listener-ref] [--diff ID_PREFIX]...

``--worst N`` lists our N worst pages with the text we lost (in the reference, not in ours) and
the text we added (ours, not in the reference), as runs of tokens; ``--diff ID`` does the same
for chosen pages (an id prefix is enough); ``--why`` adds, under each lost run, the decision
that dropped it (the rule or reason recorded by service/articles/explain.py; a text of under 4
tokens by containment, having no shingle; "in our text, elsewhere" when ours has the run in
another place: the diff follows the reading order, the score does not). ``--lost-by-reason``
sums, per half, the recall each kind of decision costs (the rule or reason without its
page-specific figures; each page's lost tokens over its reference tokens, averaged as the metric
averages): how much each rule, and "no decision", costs -- aggregated, to guide general changes.

CORPUS_DIR is either the news-dev layout (``ground-truth.json`` {id: {"articleBody", "url"}} and
``html/<id>.html.gz``) or the articles-dev layout (``pages/<id>/source.html.gz``, the expected
article ``expected.html.gz``, scored as its lxml ``text_content()``, and where present
``expected-metadata.json.gz`` with the expected ``title`` and ``byline``). Several corpora may be
given; each gets its own tables. Never copy corpus pages into this repository.

Split: every page belongs, for good, to the *tune* half or the *confirm* half (see ``half``: the
first 8 hex digits of the SHA-256 of its id, modulo 100, below 60 is tune). Rules are tuned on
the tune half only; each table is printed for tune, confirm and the whole corpus.

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

Titles and bylines: where the corpus gives the expected metadata (articles-dev), the title rate is
how often an extractor's title equals the expected one after collapsing whitespace and case, and
the byline rate, on pages whose expected byline is not empty, how often every name an extractor
gives is in the expected byline (Readability keeps the byline as printed, "By Kelli Miller
WebMD Health News"; we give names, "Kelli Miller"). news-dev has no
reference titles: there we report, as a proxy, agreement with the page's own declared headline
(og:title / twitter:title / schema.org headline, with the site name cut off) on pages that declare
one, and no byline rate.

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


def _print_diff(pid: str, pred: str, ref: str, width: int = 300, why=None) -> None:
    lost, extra = diff_runs(pred, ref)
    for label, runs in (("lost", lost), ("extra", extra)):
        for run in runs:
            n = len(run.split())
            text = run if len(run) <= width else run[:width // 2] + " … " + run[-width // 2:]
            print(f"    {label} ({n} tokens): {text}")
            if label == "lost" and why is not None:
                print(f"      why: {_why_lost(run, why, pred)}")


def lost_reasons(html: str, url: str | None):
    """Our decisions on a page (service/articles/explain.py), to say why a run was lost."""
    from service.articles import explain
    from service.articles.extract import extract
    from service.models import ExtractionError
    with explain.tracing() as decisions:
        try:
            extract(html, url=url)
        except ExtractionError:
            pass
    return [d for d in decisions if d.verdict == explain.DROPPED]


_FIGURES = re.compile(r"\s*\([^)]*\)|\d+")


def reason_kind(why: str) -> str:
    """A drop reason without its page-specific figures ('links are 72% of the list')."""
    return _FIGURES.sub("", why).strip()


def print_lost_by_reason(pages, texts: dict) -> None:
    """Per half: the recall each kind of drop decision costs, as the metric averages it (each
    page's lost tokens over its reference tokens, averaged over the half's pages)."""
    shares = {"tune": Counter(), "confirm": Counter()}
    count = Counter(half(page.pid) for page in pages)
    for page in pages:
        pred, ref = texts[page.pid]
        lost, _ = diff_runs(pred, ref)
        if not lost:
            continue
        decisions = lost_reasons(page.html, page.url)
        ref_n = len(TOKEN.findall(ref or ""))
        for run in lost:
            kind = reason_kind(_why_lost(run, decisions, pred))
            shares[half(page.pid)][kind] += len(run.split()) / ref_n / count[half(page.pid)]
    for part, by_kind in shares.items():
        print(f"\nrecall lost by reason, {part} ({count[part]} pages):")
        for kind, share in by_kind.most_common(15):
            print(f"  {share:>7.2%}  {kind}")


MOVED = "in our text, elsewhere (the reading order differs)"


def _why_lost(run: str, decisions, pred: str = "") -> str:
    """The drop decision whose text shares most shingles with a lost run; or, when our text has
    the run in another place, that (the diff follows the order, the score does not)."""
    if len(TOKEN.findall(run)) >= 8 and \
            f" {run} " in " " + " ".join(TOKEN.findall(pred or "")) + " ":
        return MOVED
    want = set(shingles(run))
    best, best_n = None, 0
    for d in decisions:
        n = len(want & set(shingles(d.text)))
        if n > best_n:
            best, best_n = d, n
    if best is None:
        best = _short_decision(run, decisions)
    if best is None:
        return "no drop decision holds it (trafilatura left it out and recover.py never saw it)"
    return f"{best.stage}: {best.reason}"


def _short_decision(run: str, decisions):
    """A decision sharing no shingle with the run but whose words are in it, or it in them
    (a text of under 4 tokens has no shingle of 4: "link", "Mozilla Corporation"); the
    longest such text."""
    words = " " + " ".join(TOKEN.findall(run)) + " "
    best, best_n = None, 0
    for d in decisions:
        tokens = TOKEN.findall(d.text)
        text = " " + " ".join(tokens) + " "
        if tokens and (text in words or words in text) and len(tokens) > best_n:
            best, best_n = d, len(tokens)
    return best


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
        return "", None, None, ""
    # the title the page gives: none when our title is only a label made from the lead
    return shown_text(a), a.title if a.title_found else "", a.byline, spoken_text(a)


def trafilatura_default(html: str, url: str):
    import trafilatura
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return "", None, None
    return doc.text or "", doc.title, doc.author


def readability_lxml(html: str, url: str):
    import lxml.html
    # readability-lxml's own module: its package folder `readability` is shared with
    # python-readability's (a main dependency), whose __init__ may be the one installed
    from readability.readability import Document
    try:
        d = Document(html, url=url)
        summary = d.summary(html_partial=True)
        title = d.short_title()
    except Exception:
        return "", None, None
    root = lxml.html.fromstring(summary) if summary.strip() else None
    if root is None:
        return "", title, None
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
    return "\n".join(text), title, None  # readability-lxml finds no byline


def readability_js(html: str, url: str):
    """Mozilla's Readability.js itself (service/articles/readability_js.py), on the original
    page: its content's text as the lead measured it (lxml text_content), title and byline."""
    import lxml.html
    from service.articles import readability_js as rjs
    result = rjs.parse(html)
    content = (result or {}).get("content") or ""
    if not content.strip():
        return "", (result or {}).get("title"), (result or {}).get("byline")
    return lxml.html.fromstring(content).text_content(), result.get("title"), result.get("byline")


EXTRACTORS = {"ours": ours, "trafilatura": trafilatura_default,
              "readability-lxml": readability_lxml, "readability.js": readability_js}


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


def _norm_space(t: str | None) -> str:
    """Equal 'after whitespace and case' (the articles-dev criterion)."""
    return " ".join((t or "").split()).lower()


def _same_byline(got: str | None, expected: str) -> bool:
    """Readability keeps a byline as the page prints it ("By\n Scott Cunningham", "By Kelli
    Miller WebMD Health News"), we give names ("A, B and C"): ours counts when every name we
    give is in the expected byline (whitespace and case aside), and we give at least one."""
    from service.articles.metadata import clean_byline
    if not got:
        return False
    want = _norm_space(expected)
    return all(_norm_space(name) in want for name in clean_byline(got) or [got])


# ------------------------------------------------------------------------------ main

TUNE_SHARE = 60  # percent of each corpus in the tune half


def half(pid: str) -> str:
    """The fixed half a page belongs to: "tune" or "confirm" (by a hash of its id)."""
    import hashlib
    return "tune" if int(hashlib.sha256(pid.encode()).hexdigest()[:8], 16) % 100 < TUNE_SHARE \
        else "confirm"


class Page:
    __slots__ = ("pid", "html", "ref", "url", "title", "byline")

    def __init__(self, pid, html, ref, url=None, title=None, byline=None):
        self.pid, self.html, self.ref, self.url = pid, html, ref, url
        self.title, self.byline = title, byline  # expected metadata, None when not given


def _gz_text(path: Path) -> str:
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
        return f.read()


# --listener-ref: what the product promises never to read, taken out of articles-dev's
# reference (Readability keeps photo captions and credits): only what the markup itself names
# (<figcaption>, a class or id saying caption or credit), not our noise table, so this cannot
# pass by construction either.
LISTENER_DROP = ('//figcaption | //*[re:test(concat(@class, " ", @id), "caption|credit", "i")]')


def reference_text(expected: str, listener: bool = False) -> str:
    """articles-dev's expected article as text (lxml text_content), captions out if listener."""
    import lxml.html
    if not expected.strip():
        return ""
    root = lxml.html.fromstring(expected)
    if listener:
        for el in root.xpath(LISTENER_DROP, namespaces={"re": "http://exslt.org/regular-expressions"}):
            if el.getparent() is not None:
                el.drop_tree()
    return root.text_content()


def load_corpus(corpus: Path, limit: int | None = None, listener: bool = False) -> list[Page]:
    if (corpus / "ground-truth.json").exists():
        truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
        ids = sorted(truth)[:limit] if limit else sorted(truth)
        return [Page(pid, _gz_text(corpus / "html" / f"{pid}.html.gz"),
                     truth[pid].get("articleBody") or "", truth[pid].get("url")) for pid in ids]
    pages = []
    dirs = sorted(d for d in (corpus / "pages").iterdir() if d.is_dir())
    for d in dirs[:limit] if limit else dirs:
        ref = reference_text(_gz_text(d / "expected.html.gz"), listener)
        meta_path = d / "expected-metadata.json.gz"
        meta = json.loads(_gz_text(meta_path)) if meta_path.exists() else {}
        pages.append(Page(d.name, _gz_text(d / "source.html.gz"), ref, None,
                          meta.get("title") if meta_path.exists() else None,
                          meta.get("byline") or None))
    return pages


def run(corpus: Path, names: list[str], limit: int | None = None, listener: bool = False):
    logging.disable(logging.CRITICAL)  # trafilatura and readability log per page
    pages = load_corpus(corpus, limit, listener)
    expected_meta = any(p.title is not None for p in pages)
    for name in names:  # warm-up: imports, compiled patterns
        EXTRACTORS[name](pages[0].html, pages[0].url)
    rows = names + (["ours (spoken)"] if "ours" in names else [])
    results = {n: {"pages": [], "texts": {}, "leaks": []} for n in rows}
    for page in pages:
        declared = None if expected_meta else declared_title(page.html)
        for name in names:
            t0 = time.perf_counter()
            text, title, byline, *spoken = EXTRACTORS[name](page.html, page.url)
            elapsed = time.perf_counter() - t0
            outputs = [(name, text)] + [("ours (spoken)", t) for t in spoken]
            for row, text in outputs:
                res = results[row]
                tp, fp, fn = page_score(text, page.ref)
                if expected_meta:
                    title_ok = (None if page.title is None
                                else _norm_space(title) == _norm_space(page.title))
                    byline_ok = None if not page.byline else _same_byline(byline, page.byline)
                else:
                    title_ok = None if not declared else _norm_title(title) == _norm_title(declared)
                    byline_ok = None
                res["pages"].append(PageResult(page.pid, tp, fp, fn, bool(text.strip()),
                                               elapsed, title_ok, byline_ok, title, byline))
                res["texts"][page.pid] = (text, page.ref)
                res["leaks"].extend(f"{page.pid[:10]} {leak}" for leak in leaks(text, page.ref))
    return pages, results, expected_meta


class PageResult:
    __slots__ = ("pid", "tp", "fp", "fn", "has_text", "time", "title_ok", "byline_ok",
                 "title", "byline")

    def __init__(self, *values):
        for name, v in zip(self.__slots__, values):
            setattr(self, name, v)


def _rate(flags: list) -> float | None:
    flags = [f for f in flags if f is not None]
    return sum(flags) / len(flags) if flags else None


def summarise(rows: list[PageResult], leak_list: list[str]) -> dict:
    with_output = [r for r in rows if r.has_text]
    precision = sum(r.tp / (r.tp + r.fp) if r.tp + r.fp else 0 for r in with_output) \
        / max(1, len(with_output))
    recall = sum(r.tp / (r.tp + r.fn) if r.tp + r.fn else 0 for r in rows) / max(1, len(rows))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    ids = {r.pid[:10] for r in rows}
    mine = [leak for leak in leak_list if leak.split()[0] in ids]
    elapsed = sum(r.time for r in rows)
    return {"f1": f1, "precision": precision, "recall": recall, "leaks": len(mine),
            "leak_pages": len({leak.split()[0] for leak in mine}),
            "empty": sum(1 for r in rows if not r.has_text),
            "title": _rate([r.title_ok for r in rows]),
            "title_n": sum(1 for r in rows if r.title_ok is not None),
            "byline": _rate([r.byline_ok for r in rows]),
            "byline_n": sum(1 for r in rows if r.byline_ok is not None),
            "pps": len(rows) / elapsed if elapsed else 0.0, "n": len(rows)}


def _fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def print_tables(results: dict, expected_meta: bool) -> None:
    names = list(results)
    for part in ("tune", "confirm", "whole"):
        summary = {}
        for n in names:
            rows = [r for r in results[n]["pages"] if part == "whole" or half(r.pid) == part]
            summary[n] = summarise(rows, results[n]["leaks"])
        first = summary[names[0]]
        print(f"\n{part} ({first['n']} pages)")
        print(f"{'extractor':<18}{'F1':>7}{'prec':>7}{'recall':>8}{'leaks':>7}{'(pages)':>8}"
              f"{'empty':>6}{'title':>8}{'byline':>8}{'pages/s':>9}")
        for n in names:
            s = summary[n]
            print(f"{n:<18}{s['f1']:>7.3f}{s['precision']:>7.3f}{s['recall']:>8.3f}"
                  f"{s['leaks']:>7}{s['leak_pages']:>8}{s['empty']:>6}{_fmt(s['title']):>8}"
                  f"{_fmt(s['byline']):>8}{s['pps']:>9.1f}")
        if "ours" in summary and "trafilatura" in summary and summary["trafilatura"]["pps"]:
            print(f"speed: ours at {summary['ours']['pps'] / summary['trafilatura']['pps']:.2f}x "
                  f"trafilatura's pages/second")
    first = summarise(results[names[0]]["pages"], [])
    if expected_meta:
        print(f"title: equal to the expected title (whitespace and case aside), "
              f"{first['title_n']} pages; byline: the same, on the {first['byline_n']} pages "
              f"with an expected byline.")
    else:
        print(f"title: no reference titles; agreement with the page's declared headline "
              f"(og:title etc.) on the {first['title_n']} pages that declare one.")


def print_page(r: PageResult, texts: dict, meta: bool, page: Page | None = None) -> None:
    extra = f"  title {r.title!r}  byline {r.byline!r}" if meta else ""
    print(f"  {r.pid[:28]:<28} {half(r.pid):<8} tp {r.tp:.2f} fp {r.fp:.2f} fn {r.fn:.2f}{extra}")
    why = lost_reasons(page.html, page.url) if page is not None else None
    _print_diff(r.pid, *texts[r.pid], why=why)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path, nargs="+")
    ap.add_argument("--pages", type=int, help="only the first N pages (sorted by id)")
    ap.add_argument("--only", action="append", choices=list(EXTRACTORS),
                    help="run only this extractor (repeatable)")
    ap.add_argument("--worst", type=int, default=0, help="list our N worst pages")
    ap.add_argument("--half", choices=["tune", "confirm"],
                    help="with --worst: only pages of this half")
    ap.add_argument("--leaks", action="store_true", help="list every leaked string")
    ap.add_argument("--meta", action="store_true", help="list pages whose title or byline differ")
    ap.add_argument("--why", action="store_true",
                    help="with --worst/--diff: the decision that dropped each lost run")
    ap.add_argument("--lost-by-reason", action="store_true",
                    help="per half, lost tokens summed by the decision that dropped them")
    ap.add_argument("--listener-ref", action="store_true",
                    help="articles-dev: score against the reference without its captions and credits")
    ap.add_argument("--diff", action="append", default=[], metavar="ID",
                    help="show lost/extra text for pages whose id starts with ID (repeatable)")
    args = ap.parse_args(argv)
    names = args.only or list(EXTRACTORS)
    for corpus in args.corpus:
        pages, results, meta = run(corpus, names, args.pages, args.listener_ref)
        print(f"\n=== {len(pages)} pages from {corpus}")
        print_tables(results, meta)
        for n in results:
            if results[n]["leaks"] and (args.leaks or n.startswith("ours")):
                print(f"\nleaks, {n} ({len(results[n]['leaks'])}):")
                for leak in results[n]["leaks"]:
                    print("  " + leak)
        if "ours" not in results:
            continue
        ours_rows = results["ours"]["pages"]
        texts = results["ours"]["texts"]
        by_id = {p.pid: p for p in pages} if args.why else {}
        if args.lost_by_reason:
            print_lost_by_reason(pages, texts)
        if args.worst:
            rows = [r for r in ours_rows if not args.half or half(r.pid) == args.half]
            print(f"\nour {args.worst} worst pages (F1 order; tp, fp, fn):")
            for r in sorted(rows, key=lambda r: r.tp)[:args.worst]:
                print_page(r, texts, meta, by_id.get(r.pid))
        if args.meta:
            print("\npages whose title or byline differ from the expected:")
            expected = {p.pid: p for p in pages}
            for r in ours_rows:
                if r.title_ok is False or r.byline_ok is False:
                    e = expected[r.pid]
                    print(f"  {r.pid[:28]:<28} {half(r.pid):<8} title {r.title!r} / {e.title!r}"
                          f"  byline {r.byline!r} / {e.byline!r}")
        for r in ours_rows:
            if any(r.pid.startswith(d) for d in args.diff):
                print()
                print_page(r, texts, meta, by_id.get(r.pid))
    return 0


if __name__ == "__main__":
    sys.exit(main())
