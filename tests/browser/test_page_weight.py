"""Page weight: the article page's HTML plus every stylesheet and script it links, uncompressed,
stays under 30 KB (a byte budget, not a timing). Measured on the five-section test article and
printed (pytest -s) for the report."""
from __future__ import annotations

import re
from urllib.parse import urljoin

import requests

BUDGET = 30 * 1024


def page_weight(url: str) -> dict[str, int]:
    html = requests.get(url, timeout=10)
    assert html.status_code == 200
    sizes = {"html": len(html.content)}
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html.text)
    assets += re.findall(r'<script[^>]* src="([^"]+)"', html.text)
    assert len(assets) >= 2  # the stylesheet and the player
    for href in assets:
        sizes[href.rsplit("/", 1)[-1]] = len(requests.get(urljoin(url, href), timeout=10).content)
    return sizes


def test_article_page_weighs_under_30_kb(article):
    sizes = page_weight(article["page_url"])
    total = sum(sizes.values())
    print(f"\narticle page weight: {total} bytes ({total / 1024:.1f} KB) = {sizes}")
    assert "player.js" in sizes and "site.css" in sizes
    assert total < BUDGET
