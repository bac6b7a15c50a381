"""Page weight of the article page: HTML plus the stylesheet and script it links, uncompressed
and gzipped, for the browser tests' five-section article and the shared UPI fixture.

Run by hand: `python3 bench/page_weight.py`. The budget is 30 KB uncompressed (issue 6); the
test tests/browser/test_page_weight.py asserts it for the test article. Prints the share that is
article text, since the page's own markup is what this project controls."""
from __future__ import annotations

import gzip
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ARTICLES = {
    "browser test article": ROOT / "tests" / "browser" / "long-article.html",
    "UPI fixture": ROOT / "tests" / "fixtures" / "upi-syria-airstrike.html",
}


def weigh(client, html: str) -> dict[str, int]:
    article = client.post("/api/articles", json={"html": html}).get_json()
    page = client.get(f"/articles/{article['id']}").get_data()
    sizes = {"html": len(page), "article text": sum(len(p.encode()) for s in article["sections"]
                                                    for p in s["paragraphs"])}
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page)
    gz = len(gzip.compress(page))
    for href in assets:
        body = client.get(href.decode()).get_data()
        sizes[href.decode().rsplit("/", 1)[-1]] = len(body)
        gz += len(gzip.compress(body))
    sizes["total"] = sizes["html"] + sum(v for k, v in sizes.items() if k.endswith((".css", ".js")))
    sizes["total gzipped"] = gz
    return sizes


def main() -> None:
    from service import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "DATA_DIR": f"{tmp}/data", "AUDIO_CACHE": f"{tmp}/audio",
                          "PRERENDER": False})
        client = app.test_client()
        for name, path in ARTICLES.items():
            sizes = weigh(client, path.read_text(encoding="utf-8"))
            print(f"{name}: " + ", ".join(f"{k} {v} B" for k, v in sizes.items()))


if __name__ == "__main__":
    main()
