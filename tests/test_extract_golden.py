"""Golden pages (tests/golden/<name>/source.* + expected.json): the whole article must match."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from service.articles.extract import extract

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = sorted(p for p in GOLDEN.iterdir() if p.is_dir())


def _source(folder: Path) -> str:
    for name in ("source.html", "source.txt"):
        if (folder / name).exists():
            return (folder / name).read_text(encoding="utf-8")
    raise FileNotFoundError(f"{folder} has no source.html or source.txt")


def _as_dict(article) -> dict:
    return {
        "title": article.title, "byline": article.byline, "published": article.published,
        "language": article.language,
        "sections": [{"heading": s.heading, "own_heading": s.own_heading,
                      "paragraphs": s.paragraphs, **({"shown": s.shown} if s.shown else {})}
                     for s in article.sections],
    }


def _extract(folder: Path, body: str | None):
    """The page's article; ``body`` (expected.json's "body") chooses NEWSREADER_ARTICLE_BODY."""
    old = os.environ.get("NEWSREADER_ARTICLE_BODY")
    if body:
        os.environ["NEWSREADER_ARTICLE_BODY"] = body
    try:
        return _as_dict(extract(_source(folder)))
    finally:
        if old is None:
            os.environ.pop("NEWSREADER_ARTICLE_BODY", None)
        else:
            os.environ["NEWSREADER_ARTICLE_BODY"] = old


@pytest.mark.parametrize("folder", PAGES, ids=[p.name for p in PAGES])
def test_golden_page(folder: Path):
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    never = expected.pop("never_spoken", [])
    got = _extract(folder, expected.pop("body", None))
    assert got == expected
    shown = [got["title"]] + [s["heading"] for s in got["sections"]] + \
        [p for s in got["sections"] for p in s["paragraphs"]]
    for junk in never:
        assert not any(junk in s for s in shown), junk


def test_every_golden_page_has_a_never_spoken_list_or_a_structure():
    assert len(PAGES) >= 8


if __name__ == "__main__" and "--update" in sys.argv:
    for folder in PAGES:
        path = folder / "expected.json"
        old = json.loads(path.read_text(encoding="utf-8"))
        new = _extract(folder, old.get("body"))
        new["never_spoken"] = old.get("never_spoken", [])
        if old.get("body"):
            new["body"] = old["body"]
        path.write_text(json.dumps(new, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print("updated", path)
