"""Cost of serving the podcast feed, beside the JSON list of the same articles in the same run.

    python bench/feed.py [--items 100] [--repeat 30]

A feed is polled by every subscriber's app, so it should cost about what the API's list of the
same articles costs (both present every article; the feed adds a stat and a sidecar read per
episode and the template). Measured through Flask's test client on a throwaway app with --items
articles whose whole-article audio is marked ready (small placeholder files: nothing here
decodes audio): GET /feed.xml, a conditional GET answered 304, and GET /api/articles with the
same count (the peer). Median milliseconds, and the feed's ratio to the peer.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service import create_app  # noqa: E402
from service.speech.tracks import WHOLE  # noqa: E402


def populate(app, count: int) -> None:
    """`count` three-section articles, every track marked ready with a small file in the cache."""
    parts = app.extensions["newsreader"]
    db, cache = parts["db"], parts["cache"]
    for n in range(count):
        sections = [{"heading": f"Part {s}", "paragraphs": [f"Paragraph {s} of story {n}. " * 8],
                     "own_heading": False} for s in range(3)]
        record = {"title": f"Story {n}", "byline": "Ann Writer", "published": None, "language": "en",
                  "sections": sections, "url": None, "voice": "en-us", "rate": 175, "source": "text",
                  "tags": ["bench"]}
        keys = [(i, f"{n:08x}{i + 1:024x}") for i in (*range(3), WHOLE)]
        db.insert_article(f"bench{n:011d}", record, keys)
        for _, key in keys:
            cache.write(key, b"\xff\xfb" + bytes(4000), meta={"vtt": "WEBVTT\n", "chapters": {"chapters": []}})
            db.set_track_state(key, "ready", duration_s=12.5)


def median_ms(client, path: str, repeat: int, **headers) -> tuple[float, int]:
    times, status = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        resp = client.get(path, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        status = resp.status_code
    return statistics.median(times), status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATA_DIR": f"{tmp}/data", "AUDIO_CACHE": f"{tmp}/audio", "PRERENDER": False,
                          "FEED_MAX_ITEMS": args.items})
        populate(app, args.items)
        client = app.test_client()
        etag = client.get("/feed.xml").headers["ETag"]
        peer, peer_status = median_ms(client, f"/api/articles?per_page={min(args.items, 100)}", args.repeat)
        feed, feed_status = median_ms(client, "/feed.xml", args.repeat)
        cond, cond_status = median_ms(client, "/feed.xml", args.repeat, **{"If-None-Match": etag})
        tag, tag_status = median_ms(client, "/tags/bench/feed.xml", args.repeat)
    print(f"{args.items} articles, median of {args.repeat}")
    print(f"  GET /api/articles (peer)   {peer:7.1f} ms  [{peer_status}]")
    print(f"  GET /feed.xml              {feed:7.1f} ms  [{feed_status}]  x{feed / peer:.2f} of the peer")
    print(f"  GET /feed.xml, 304         {cond:7.1f} ms  [{cond_status}]  x{cond / peer:.2f}")
    print(f"  GET /tags/bench/feed.xml   {tag:7.1f} ms  [{tag_status}]  x{tag / peer:.2f}")


if __name__ == "__main__":
    main()
