"""Every rewrite the normalizer makes on real article text, grouped by what it was read as.

    PYTHONPATH=. python3 bench/normalize_scan.py CORPUS_DIR... [--kind KIND] [--width N]

The table (tests/data/normalize_cases.tsv) holds phrases written for it; this lists what the
rules actually do to text nobody wrote for them, so that a wrong meaning ("Tallon IV" read
"the fourth", a timestamp read as a race time) can be found by reading, group by group. Each
line is one rewrite: the written token, what is said, the page and the text around it.
Groups are "token kind/class" (the tokenizer's kind, then the class classify.py gave it).

CORPUS_DIR is the news-dev layout (``ground-truth.json``, ``html/<id>.html.gz``) or the
articles-dev layout (``pages/<id>/expected.html.gz``, ``expected-metadata.json.gz``); the
reference text is scanned, one paragraph at a time, English pages only (the page's declared
language, overruled by its words as the app does). Never copy corpus pages into this repository.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402

from service.articles.metadata import checked_language, language_tag  # noqa: E402
from service.speech.normalize import CLASSIFIERS  # noqa: E402
from service.speech.normalize.tokenize import candidates, tokens_at  # noqa: E402
from service.speech.normalize.verbalize import verbalize  # noqa: E402

_HTML_LANG = re.compile(rb"<html[^>]*\blang=[\"']?([\w-]+)", re.I)
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "div",
           "blockquote", "pre", "br", "figcaption")


def _news_pages(corpus: Path):
    for pid, page in json.loads((corpus / "ground-truth.json").read_text()).items():
        html = corpus / "html" / f"{pid}.html.gz"
        m = _HTML_LANG.search(gzip.open(html).read(4000)) if html.exists() else None
        yield pid[:8], page["articleBody"], m.group(1).decode() if m else None


def _article_pages(corpus: Path):
    for folder in sorted((corpus / "pages").iterdir()):
        expected = folder / "expected.html.gz"
        if not expected.exists():
            continue
        meta = folder / "expected-metadata.json.gz"
        lang = json.loads(gzip.open(meta).read()).get("lang") if meta.exists() else None
        doc = lxml.html.fromstring(gzip.open(expected).read().decode("utf-8"))
        for el in doc.iter(*_BLOCKS):  # one paragraph a line, as the app reads them
            el.tail = "\n" + (el.tail or "")
        yield folder.name, doc.text_content(), lang


def pages(corpus: Path):
    """(page id, reference text) of each English page."""
    source = _news_pages if (corpus / "ground-truth.json").exists() else _article_pages
    for pid, text, declared in source(corpus):
        if checked_language(language_tag(declared), text) == "en":
            yield pid, text


def rewrites(text: str):
    """(kind/class, start, end, spoken) of each rewrite, as normalize_with_map makes them."""
    resume = 0
    for start in candidates(text):
        if start < resume:
            continue
        for kind, m in tokens_at(text, start):
            try:
                token = CLASSIFIERS[kind](m, text)
                spoken = None if token is None else verbalize(token)
            except Exception:
                spoken = None
            if spoken is not None:
                resume = m.end()
                if spoken != text[start:m.end()]:
                    yield f"{kind}/{token.kind}", start, m.end(), spoken
                break


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpora", nargs="+", type=Path)
    ap.add_argument("--kind", help="only groups starting with this (e.g. roman, year/count)")
    ap.add_argument("--width", type=int, default=80, help="characters of context either side")
    args = ap.parse_args()
    groups: dict[str, list[str]] = defaultdict(list)
    n_pages = 0
    for corpus in args.corpora:
        for pid, text in pages(corpus):
            n_pages += 1
            for para in text.split("\n"):
                for group, a, b, spoken in rewrites(para):
                    if args.kind and not group.startswith(args.kind):
                        continue
                    around = (para[max(0, a - args.width):a] + "[[" + para[a:b] + "]]"
                              + para[b:b + args.width])
                    groups[group].append(f"  {para[a:b]!r} -> {spoken!r}  [{pid}]  {around}")
    total = sum(map(len, groups.values()))
    print(f"{n_pages} English pages, {total} rewrites")
    for group in sorted(groups, key=lambda g: -len(groups[g])):
        print(f"\n## {group} ({len(groups[group])})")
        print("\n".join(groups[group]))


if __name__ == "__main__":
    main()
