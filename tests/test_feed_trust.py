"""What a podcast client or publisher must be able to trust in a feed: an identity no Host header
moves, dates that are the story's and never run backwards, descriptions that are text, show
notes, and gzip for those who ask. Parsed with lxml and feedparser."""
from __future__ import annotations

import gzip
from email.utils import parsedate_to_datetime
from datetime import datetime, timedelta, timezone

import feedparser
from lxml import etree

from tests.feed_helpers import NS, RATE, add, items, make_app, one

NS_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def channel(xml: bytes):
    return etree.fromstring(xml).find("channel")


def test_guid_is_decided_once_whatever_host_asks_later(tmp_path):
    client = make_app(tmp_path).test_client()
    add(client, 1, tags=["world"])
    first = channel(client.get("/feed.xml", headers={"Host": "news.example.org"}).data)
    later = channel(client.get("/feed.xml", headers={"Host": "10.0.0.7:8000"}).data)
    assert one(first, "podcast:guid") == one(later, "podcast:guid")  # decided at the first serve
    # the other URLs are the address the client used (a Host header is never stored: one forged
    # request must not point every podcast app at another server)
    assert later.find("atom:link", NS).get("href") == "http://10.0.0.7:8000/feed.xml"
    assert later.find("item/enclosure").get("url").startswith("http://10.0.0.7:8000/audio/")
    # a second app on the same data (another worker, a restart) agrees, tag feeds too
    again = make_app(tmp_path).test_client()
    assert one(channel(again.get("/feed.xml").data), "podcast:guid") == one(first, "podcast:guid")
    tag_first = channel(again.get("/tags/world/feed.xml", headers={"Host": "other.example.com"}).data)
    tag_later = channel(again.get("/tags/world/feed.xml", headers={"Host": "news.example.org"}).data)
    assert one(tag_first, "podcast:guid") == one(tag_later, "podcast:guid") != one(first, "podcast:guid")
    # a public URL configured later moves the URLs, not the guid
    public = make_app(tmp_path, PUBLIC_URL="https://listen.example.net").test_client()
    moved = channel(public.get("/feed.xml").data)
    assert moved.find("atom:link", NS).get("href") == "https://listen.example.net/feed.xml"
    assert one(moved, "podcast:guid") == one(first, "podcast:guid")


def test_configured_guid_new_address_and_lock(tmp_path):
    guid = "7e3b8f7a-5c2d-4b55-9d8e-2f0c1a6b9e01"
    client = make_app(tmp_path, FEED_GUID=guid, FEED_NEW_URL="https://moved.example.net/radio",
                      FEED_LOCKED=True, FEED_OWNER_EMAIL="desk@example.org").test_client()
    add(client, 1, tags=["world"])
    whole = channel(client.get("/feed.xml").data)
    assert one(whole, "podcast:guid") == guid
    assert one(whole, "itunes:new-feed-url") == "https://moved.example.net/radio/feed.xml"
    locked = whole.find("podcast:locked", NS)
    assert locked.text == "yes" and locked.get("owner") == "desk@example.org"
    tag = channel(client.get("/tags/world/feed.xml").data)
    assert one(tag, "itunes:new-feed-url") == "https://moved.example.net/radio/tags/world/feed.xml"
    assert one(tag, "podcast:guid") != guid
    assert one(channel(make_app(tmp_path / "b").test_client().get("/feed.xml").data), "podcast:locked") == "no"


def dated(n: int, date: str, extra: str = "") -> dict:
    html = (f"<!doctype html><html><head><title>Dated story {n}</title>"
            f"<meta property='article:published_time' content='{date}'></head><body><article>"
            f"<h1>Dated story {n}</h1><p>By Ann Writer</p>"
            f"<p>The first paragraph of dated story {n} tells of AT&amp;T and of 3 &lt; 4.{extra}</p>"
            f"<p>A second paragraph closes dated story {n} with a few more words.</p></article></body></html>")
    return {"html": html, "rate": RATE}


def test_pub_date_is_the_storys_and_a_repost_keeps_it(tmp_path):
    client = make_app(tmp_path).test_client()
    r = client.post("/api/articles", json=dated(1, "2017-01-23T10:00:00Z"))
    assert r.status_code == 201 and r.json["published"] == "2017-01-23"
    client.get(r.json["audio_url"])
    item = items(client.get("/feed.xml").data)[0]
    assert parsedate_to_datetime(one(item, "pubDate")) == datetime(2017, 1, 23, tzinfo=timezone.utc)
    assert client.post("/api/articles", json=dated(1, "2017-01-23T10:00:00Z")).status_code == 200
    assert one(items(client.get("/feed.xml").data)[0], "pubDate") == one(item, "pubDate")
    # no date known: when it was added (now)
    plain = add(client, 5)
    newest = [i for i in items(client.get("/feed.xml").data) if plain["id"] in one(i, "guid")][0]
    assert abs(parsedate_to_datetime(one(newest, "pubDate")) - datetime.now(timezone.utc)) < timedelta(minutes=5)


def test_last_modified_only_rises_even_when_the_newest_episode_goes(tmp_path):
    client = make_app(tmp_path).test_client()
    add(client, 1)
    newest = add(client, 2)
    first = client.get("/feed.xml")
    assert len(items(first.data)) == 2
    stamp = first.headers["Last-Modified"]
    assert client.get("/feed.xml", headers={"If-Modified-Since": stamp}).status_code == 304
    assert client.delete(f"/api/articles/{newest['id']}").status_code == 204
    after = client.get("/feed.xml", headers={"If-Modified-Since": stamp})
    assert after.status_code == 200 and len(items(after.data)) == 1  # the deleted episode is gone
    assert parsedate_to_datetime(after.headers["Last-Modified"]) > parsedate_to_datetime(stamp)


def test_descriptions_are_escaped_text_and_show_notes_list_the_sections(tmp_path):
    client = make_app(tmp_path).test_client()
    r = client.post("/api/articles", json=dated(3, "2020-05-01"))
    client.get(r.json["audio_url"])
    xml = client.get("/feed.xml").data
    item = items(xml)[0]
    description = one(item, "description")
    assert "AT&amp;T" in description and "3 &lt; 4" in description  # HTML that says the text
    notes = item.find(NS_CONTENT).text
    html = etree.fromstring(f"<div>{notes}</div>")
    assert [li.text for li in html.iter("li")] == [s["heading"] for s in r.json["sections"]]
    assert html.xpath("//a/@href")[-1] == r.json["page_url"]
    parsed = feedparser.parse(xml)
    assert not parsed.bozo
    assert "AT&T" in parsed.entries[0].summary or "AT&amp;T" in parsed.entries[0].summary
    assert parsed.entries[0].content[0].type == "text/html"


def test_gzip_when_asked_with_its_own_etag(tmp_path):
    client = make_app(tmp_path).test_client()
    add(client, 1)
    plain = client.get("/feed.xml")
    packed = client.get("/feed.xml", headers={"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert packed.headers["ETag"] != plain.headers["ETag"]
    assert client.get("/feed.xml", headers={"Accept-Encoding": "gzip",
                                            "If-None-Match": packed.headers["ETag"]}).status_code == 304
    assert not feedparser.parse(gzip.decompress(packed.data)).bozo


def test_gpodders_podcastparser_reads_every_episode(tmp_path):
    """podcastparser (gPodder's own parser): every episode, its exact length, date and notes."""
    import io

    import podcastparser

    client = make_app(tmp_path).test_client()
    r = client.post("/api/articles", json=dated(4, "2019-03-02"))
    audio = client.get(r.json["audio_url"]).data
    add(client, 6)
    parsed = podcastparser.parse("http://localhost/feed.xml", io.BytesIO(client.get("/feed.xml").data))
    assert len(parsed["episodes"]) == 2
    dated_episode = next(e for e in parsed["episodes"] if r.json["id"] in e["guid"])
    (enclosure,) = dated_episode["enclosures"]
    assert enclosure["file_size"] == len(audio) and enclosure["mime_type"] == "audio/mpeg"
    assert dated_episode["published"] == datetime(2019, 3, 2, tzinfo=timezone.utc).timestamp()
    assert "<ol>" in dated_episode["description_html"]
