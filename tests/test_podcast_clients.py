"""Real podcast clients against real gunicorn: gPodder's `gpo` and podget (Debian packages, see
.ci/install) subscribe to the feeds and download every episode; the downloaded bytes must be
the server's files and their decoded length the feed's itunes:duration. The byte-range checks
every app relies on run through gunicorn too, and fail against a server without ranges. All of it
runs twice: audio in files, then in S3 (moto's server), streamed by the app."""
from __future__ import annotations

import functools
import os
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest
import requests
from lxml import etree

from service.storage.stores import open_audio_store
from tests.audio_check import decode_mp3
from tests.feed_helpers import NS, items, one, short_article
from tests.gunicorn_server import gunicorn, wait_until
from tests.range_probe import check_ranges
from tests.s3_server import new_bucket

ARTICLES = [short_article(1, ["world"]), short_article(2), short_article(3, ["world"])]


@pytest.fixture(scope="module", params=["files", "s3"])
def server(request, tmp_path_factory):
    """(base URL, the stored bytes of an MP3 by file name, {article id: article}) once every
    whole-article file is ready."""
    folder = tmp_path_factory.mktemp("podcast-server")
    store = {}
    if request.param == "s3":
        request.getfixturevalue("s3_endpoint")
        store = {"NEWSREADER_AUDIO_STORE": f"s3://{new_bucket()}/podcasts"}
    # Prerendering on: audio renders in the background. One trusted proxy hop, as behind nginx.
    with gunicorn(folder, NEWSREADER_PROXY_FIX="1", **store) as base:
        ids = []
        for body in ARTICLES:
            resp = requests.post(f"{base}/api/articles", json=body, timeout=30)
            assert resp.status_code == 201, resp.text
            ids.append(resp.json()["id"])
        wait_until(lambda: len(items(requests.get(f"{base}/feed.xml", timeout=5).content)) == len(ids),
                   120, "every article in the feed")
        articles = {i: requests.get(f"{base}/api/articles/{i}", timeout=5).json() for i in ids}
        health = requests.get(f"{base}/healthz", timeout=5).json()["audio_store"]
        assert health["kind"] == request.param and health["reachable"]
        config = {"AUDIO_CACHE": str(folder / "audio"), "CACHE_MAX_BYTES": 0,
                  "AUDIO_STORE": store.get("NEWSREADER_AUDIO_STORE")}
        cache = open_audio_store(config)
        yield base, lambda name: cache.read(name.removesuffix(".mp3")), articles


def assert_downloads(feed_url: str, downloaded: dict[str, bytes], stored, articles: dict) -> None:
    """Every episode of the feed was downloaded whole: the server's bytes, the feed's duration."""
    xml = requests.get(feed_url, timeout=10).content
    expected = set()
    for item in items(xml):
        enclosure = item.find("enclosure")
        name = enclosure.get("url").rsplit("/", 1)[1]
        expected.add(name)
        assert downloaded[name] == stored(name)
        assert len(downloaded[name]) == int(enclosure.get("length"))
        seconds = decode_mp3(downloaded[name]).duration_s
        assert abs(seconds - int(one(item, "itunes:duration"))) <= 1
        article = articles[one(item, "guid").rsplit(":", 1)[1]]
        assert abs(seconds - article["duration_s"]) < 0.1, (seconds, article["duration_s"])
    assert expected and set(downloaded) == expected


def mp3s(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.rglob("*.mp3")}


def run(cmd: list[str], env: dict, cwd: Path) -> str:
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"{cmd} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout + proc.stderr


def test_feed_parses_with_every_episode(server):
    base, _, articles = server
    parsed = feedparser.parse(requests.get(f"{base}/feed.xml", timeout=10).content)
    assert not parsed.bozo, parsed.bozo_exception
    assert {e.id.rsplit(":", 1)[1] for e in parsed.entries} == set(articles)
    for entry in parsed.entries:
        article = articles[entry.id.rsplit(":", 1)[1]]
        assert entry.title == article["title"] and entry.link == article["page_url"]
        assert entry.enclosures[0].href == article["audio_url"]


def test_gpodder_downloads_every_episode(server, tmp_path):
    base, stored, articles = server
    env = dict(os.environ, HOME=str(tmp_path), GPODDER_HOME=str(tmp_path / "gpodder"),
               GPODDER_DOWNLOAD_DIR=str(tmp_path / "downloads"))
    feed = f"{base}/feed.xml"
    run(["gpo", "subscribe", feed], env, tmp_path)
    out = run(["gpo", "download", feed], env, tmp_path)
    assert f"{len(articles)} episodes downloaded" in out, out
    assert_downloads(feed, mp3s(tmp_path / "downloads"), stored, articles)


def test_podget_downloads_every_episode_of_each_feed(server, tmp_path):
    """The whole feed and a tag feed, each its own library (podget skips URLs its log has seen)."""
    base, stored, articles = server
    config = tmp_path / "config"
    config.mkdir()
    env = dict(os.environ, HOME=str(tmp_path))
    run(["podget", "--dir_config", str(config), "--create-config", "podgetrc"], env, tmp_path)
    feeds = {"all": (f"{base}/feed.xml", 3), "world": (f"{base}/tags/world/feed.xml", 2)}
    for name, (url, count) in feeds.items():
        (config / f"serverlist-{name}").write_text(f"{url} newsreader {name}\n")
        library = tmp_path / f"library-{name}"
        run(["podget", "--dir_config", str(config), "--serverlist", f"serverlist-{name}", "--library", str(library),
             "--dir_session", str(tmp_path / "session"), "--no-playlist", "--silent"], env, tmp_path)
        assert (library / ".LOG" / "errors").read_text() == ""
        downloaded = mp3s(library / "newsreader" / name)
        assert len(downloaded) == count
        assert_downloads(url, downloaded, stored, articles)


def test_audio_and_artwork_ranges_through_gunicorn(server):
    base, stored, articles = server
    for article in articles.values():
        body = check_ranges(article["audio_url"])
        assert body == stored(article["audio_url"].rsplit("/", 1)[1])
    artwork = feedparser.parse(requests.get(f"{base}/feed.xml", timeout=10).content).feed.image.href
    assert check_ranges(artwork).startswith(b"\x89PNG\r\n\x1a\n")


def test_range_check_fails_on_a_server_without_ranges(server, tmp_path):
    """The negative control: Python's http.server ignores Range, so the probe must reject it."""
    _, stored, articles = server
    name = next(iter(articles.values()))["audio_url"].rsplit("/", 1)[1]
    (tmp_path / name).write_bytes(stored(name))
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    static = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=static.serve_forever, daemon=True).start()
    try:
        with pytest.raises(AssertionError, match="bytes=0-1 answered 200"):
            check_ranges(f"http://127.0.0.1:{static.server_port}/{name}")
    finally:
        static.shutdown()
        static.server_close()


def test_feed_validators_agree_across_workers(server):
    base, _, _ = server
    answers = [requests.get(f"{base}/feed.xml", timeout=10) for _ in range(6)]  # both workers answer
    assert len({(r.headers["ETag"], r.headers["Last-Modified"], r.content) for r in answers}) == 1
    etag, modified = answers[0].headers["ETag"], answers[0].headers["Last-Modified"]
    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        resp = requests.get(f"{base}/feed.xml", headers=headers, timeout=10)
        assert resp.status_code == 304 and resp.content == b""


def test_absolute_urls_behind_a_proxy(server):
    base, _, articles = server
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "news.example.org",
                 "X-Forwarded-Prefix": "/listen"}
    xml = requests.get(f"{base}/feed.xml", headers=forwarded, timeout=10).content
    urls = [i.find("enclosure").get("url") for i in items(xml)]
    assert len(urls) == len(articles) and all(u.startswith("https://news.example.org/listen/audio/") for u in urls)
    direct = requests.get(f"{base}/feed.xml", timeout=10).content  # the address the client used
    assert all(i.find("enclosure").get("url").startswith(base + "/audio/") for i in items(direct))
    # ... and one guid, whichever way it was asked (service/feed/identity.py)
    assert etree.fromstring(direct).find("channel/podcast:guid", NS).text == \
        etree.fromstring(xml).find("channel/podcast:guid", NS).text
