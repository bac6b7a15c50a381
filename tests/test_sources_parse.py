"""Reading feeds and OPML files: the items agree with feedparser's on the same documents, and
hostile XML (external entities, a non-feed) is refused or left unexpanded."""
from __future__ import annotations

import feedparser
import pytest

from service.sources.parse import SourceError, parse_feed, parse_opml
from tests.source_server import NewsSite

BASE = "http://news.example.org"


@pytest.fixture
def site():
    s = NewsSite()
    s.add("bridge", "Council votes to rebuild the bridge & road")
    s.add("school", "New school opens in the valley")
    return s


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_items_match_feedparser(site, kind):
    data = site.rss(BASE) if kind == "rss" else site.atom(BASE)
    ours = parse_feed(data, f"{BASE}/feed.xml")
    theirs = feedparser.parse(data, response_headers={"content-location": f"{BASE}/feed.xml"})
    assert ours.title == theirs.feed.title
    assert [(i.key, i.link, i.title) for i in ours.items] == [(e.id, e.link, e.title) for e in theirs.entries]
    assert ours.items[0].title == "New school opens in the valley"  # newest first, as listed


def test_an_item_without_a_guid_is_known_by_its_link():
    data = b'<rss version="2.0"><channel><title>T</title><item><link>/a</link></item></channel></rss>'
    item, = parse_feed(data, BASE + "/feed").items
    assert item.key == item.link == f"{BASE}/a"


def test_external_entities_are_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<rss version="2.0"><channel><title>&x;</title></channel></rss>').encode()
    try:
        feed = parse_feed(data)
    except SourceError:
        return
    assert "TOP-SECRET" not in feed.title


@pytest.mark.parametrize("data, words", [
    (b"<html><body>hello</body></html>", "not an RSS 2.0 or Atom feed"),
    (b"not xml at all", "not an XML feed"),
    (b'<rss version="2.0"></rss>', "without a <channel>"),
    (b'<opml version="2.0"><body/></opml>', "OPML"),
])
def test_what_is_no_feed_says_why(data, words):
    with pytest.raises(SourceError, match=words):
        parse_feed(data)


OPML = b"""<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
<outline text="News"><outline text="Valley News" type="rss" xmlUrl="http://a.example/feed.xml"/>
<outline title="Hill Times" xmlUrl="http://b.example/atom.xml"/></outline>
<outline text="again" xmlUrl="http://a.example/feed.xml"/></body></opml>"""


def test_opml_lists_each_feed_once_in_order():
    assert parse_opml(OPML) == [("http://a.example/feed.xml", "Valley News"),
                                ("http://b.example/atom.xml", "Hill Times")]


@pytest.mark.parametrize("data", [b'<opml version="2.0"><body><outline text="x"/></body></opml>',
                                  b'<rss version="2.0"><channel/></rss>'])
def test_opml_without_feeds_is_refused(data):
    with pytest.raises(SourceError):
        parse_opml(data)
