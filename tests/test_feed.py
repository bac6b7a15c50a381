"""The podcast feed through Flask's test client: channel and item fields (feedparser and lxml),
only ready audio, newest first and capped, tags, conditional requests, URLs behind a proxy.
The tests on the `client` fixture run with each audio store (files, S3 on moto's server)."""
from __future__ import annotations

import json
import uuid
from email.utils import parsedate_to_datetime

import feedparser
import pytest

from tests.databases import both_databases
from tests.audio_check import decode_mp3
from tests.feed_helpers import NS, add, items, make_app, one, short_article
from tests.form_helpers import post_form

pytestmark = both_databases  # every test on SQLite and on PostgreSQL

PODCAST_NS = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


@pytest.fixture
def store_config(any_store):
    return any_store


def test_podcast_guid_follows_the_namespace_rule():
    from service.feed.build import podcast_guid

    # The namespace's own example.
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml/") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def test_channel_and_items(client):
    first, second = add(client, 1, ["world"]), add(client, 2)
    resp = client.get("/feed.xml")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    parsed = feedparser.parse(resp.data)
    assert not parsed.bozo, parsed.bozo_exception
    channel = parsed.feed
    assert channel.title == "newsreader" and channel.link == "http://localhost/"
    assert channel.language == "en" and channel.author == "newsreader"
    assert channel.image.href.startswith("http://localhost/artwork/") and channel.image.href.endswith(".png")
    assert [t.term for t in channel.tags] == ["News", "Daily News"]
    assert channel.publisher_detail.email == "newsreader@example.org"

    root_items = items(resp.data)
    channel_xml = root_items[0].getparent()
    assert one(channel_xml, "itunes:explicit") == "false"
    assert one(channel_xml, "podcast:guid") == str(uuid.uuid5(PODCAST_NS, "localhost/feed.xml"))
    self_link = channel_xml.find("atom:link", NS)
    assert (self_link.get("rel"), self_link.get("href")) == ("self", "http://localhost/feed.xml")

    assert [e.id for e in parsed.entries] == [f"newsreader:article:{a['id']}" for a in (second, first)]
    for entry, article, element in zip(parsed.entries, (second, first), root_items):
        assert entry.title == article["title"]
        assert entry.summary == article["sections"][0]["paragraphs"][0]
        assert entry.link == article["page_url"]
        assert element.find("guid").get("isPermaLink") == "false"
        pub = parsedate_to_datetime(one(element, "pubDate"))
        assert pub.isoformat() == article["created_at"]
        assert one(element, "itunes:author") == "Ann Writer"
        enclosure = element.find("enclosure")
        audio = client.get(enclosure.get("url"))
        assert enclosure.get("url") == article["audio_url"] and enclosure.get("url").endswith(".mp3")
        assert enclosure.get("type") == "audio/mpeg"
        assert int(enclosure.get("length")) == len(audio.data)
        assert abs(int(one(element, "itunes:duration")) - decode_mp3(audio.data).duration_s) <= 1
        transcript = element.find("podcast:transcript", NS)
        assert transcript.get("type") == "text/vtt" and transcript.get("url") == article["transcript_url"]
        assert client.get(transcript.get("url")).data.startswith(b"WEBVTT")
        chapters = element.find("podcast:chapters", NS)
        assert chapters.get("type") == "application/json+chapters"
        assert json.loads(client.get(chapters.get("url")).data)["chapters"]
    assert [c.text for c in root_items[1].findall("category")] == ["world"]


def test_only_ready_audio_newest_first_and_capped(tmp_path):
    client = make_app(tmp_path, FEED_MAX_ITEMS=2).test_client()
    add(client, 1)
    pending = add(client, 2, render=False)
    assert len(items(client.get("/feed.xml").data)) == 1
    third = add(client, 3)
    client.get(pending["audio_url"])  # ready now, but the two newer ones fill the cap
    guids = [one(i, "guid") for i in items(client.get("/feed.xml").data)]
    assert guids == [f"newsreader:article:{third['id']}", f"newsreader:article:{pending['id']}"]


def test_conditional_requests(client):
    add(client, 1)
    first, again = client.get("/feed.xml"), client.get("/feed.xml")
    assert first.data == again.data
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert (again.headers["ETag"], again.headers["Last-Modified"]) == (etag, modified)
    assert first.headers["Cache-Control"] == "no-cache"
    not_modified = client.get("/feed.xml", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.data == b""
    assert client.get("/feed.xml", headers={"If-Modified-Since": modified}).status_code == 304
    add(client, 2)
    changed = client.get("/feed.xml", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_tag_feeds(client):
    world = add(client, 1, ["world", "Climate"])
    add(client, 2, ["sport"])
    assert world["tags"] == ["world", "climate"]
    resp = client.get("/tags/climate/feed.xml")
    parsed = feedparser.parse(resp.data)
    assert not parsed.bozo and [e.id for e in parsed.entries] == [f"newsreader:article:{world['id']}"]
    assert parsed.feed.title == "newsreader: climate"
    channel = items(resp.data)[0].getparent()
    assert one(channel, "podcast:guid") == str(uuid.uuid5(PODCAST_NS, "localhost/tags/climate/feed.xml"))
    assert channel.find("atom:link", NS).get("href") == "http://localhost/tags/climate/feed.xml"
    art = client.get(parsed.feed.image.href)
    assert art.status_code == 200 and "/tags/climate/artwork/" in parsed.feed.image.href
    redirect = client.get("/feed.xml?tag=climate")
    assert redirect.status_code == 301 and redirect.headers["Location"] == "http://localhost/tags/climate/feed.xml"
    assert items(client.get("/tags/unused/feed.xml").data) == []
    assert client.get("/tags/Not%20a%20tag/feed.xml").status_code == 404


@pytest.mark.parametrize("tags", [["no spaces"], "a,b c", [1], ["x" * 40], [f"t{i}" for i in range(11)], {"a": 1}])
def test_bad_tags_are_refused_and_store_nothing(client, tags):
    resp = client.post("/api/articles", json=dict(short_article(1), tags=tags))
    assert resp.status_code == 422 and resp.json["error"]["field"] == "tags"
    assert client.get("/api/articles").json["total"] == 0


def test_form_tags(client):
    resp = post_form(client, {"content": short_article(1)["text"], "tags": "world, Local-News"})
    assert resp.status_code == 303
    article = client.get("/api/articles").json["articles"][0]
    assert article["tags"] == ["world", "local-news"]
    bad = post_form(client, {"content": short_article(2)["text"], "tags": "bad tag!"})
    assert bad.status_code == 422 and b'id="tags-error"' in bad.data


def test_guid_survives_a_new_address(tmp_path):
    """Same data served under another public URL: URLs move, guids stay."""
    client = make_app(tmp_path).test_client()
    add(client, 1)
    moved = make_app(tmp_path, PUBLIC_URL="https://news.example.org/listen").test_client()
    before, after = items(client.get("/feed.xml").data)[0], items(moved.get("/feed.xml").data)[0]
    assert one(before, "guid") == one(after, "guid")
    assert after.find("enclosure").get("url").startswith("https://news.example.org/listen/audio/")


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "news.example.org",
             "X-Forwarded-Prefix": "/listen"}


def test_proxy_headers_only_when_configured(tmp_path):
    plain = make_app(tmp_path).test_client()  # default: forwarded headers are ignored
    add(plain, 1)
    assert items(plain.get("/feed.xml", headers=FORWARDED).data)[0].find("enclosure").get("url").startswith(
        "http://localhost/audio/")
    trusting = make_app(tmp_path, PROXY_FIX=1).test_client()
    xml = trusting.get("/feed.xml", headers=FORWARDED).data
    enclosure = items(xml)[0].find("enclosure").get("url")
    assert enclosure.startswith("https://news.example.org/listen/audio/")
    assert items(xml)[0].getparent().find("atom:link", NS).get("href") == "https://news.example.org/listen/feed.xml"


def test_public_url_wins_and_prefix_is_routed(tmp_path):
    client = make_app(tmp_path, PUBLIC_URL="https://pub.example.net/radio/", PROXY_FIX=1).test_client()
    add(client, 1)
    for path in ("/feed.xml", "/radio/feed.xml"):  # a proxy that strips the prefix, and one that does not
        resp = client.get(path, headers=FORWARDED)
        assert resp.status_code == 200
        link = items(resp.data)[0].getparent().find("atom:link", NS).get("href")
        assert link == "https://pub.example.net/radio/feed.xml"


def test_empty_feed_is_valid(client):
    resp = client.get("/feed.xml")
    parsed = feedparser.parse(resp.data)
    assert resp.status_code == 200 and not parsed.bozo and parsed.entries == []
    assert "Last-Modified" not in resp.headers and client.get(
        "/feed.xml", headers={"If-None-Match": resp.headers["ETag"]}).status_code == 304
