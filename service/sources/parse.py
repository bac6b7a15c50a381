"""Read a followed source's document: an RSS 2.0 or Atom feed (its items), or an OPML file (the
feeds it lists).

Feeds come from strangers, so the XML parser never resolves entities, never loads a DTD and
never touches the network (no XXE, no billion laughs); a document that is not XML, or XML of
another kind, raises SourceError with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
MAX_ITEMS = 200  # a feed's newest items taken per poll; a bigger archive is not read whole


class SourceError(ValueError):
    """The document is no feed or OPML file we can read; the message says why."""


@dataclass(frozen=True)
class Item:
    key: str  # guid (RSS) or id (Atom), else the link: what makes the story "already seen"
    link: str
    title: str


@dataclass(frozen=True)
class Feed:
    title: str
    items: list[Item]


def _root(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"not an XML feed: {exc}") from None
    if root is None:
        raise SourceError("the document is empty")
    return root


def _text(element, path: str) -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _rss_items(channel, base: str) -> list[Item]:
    items = []
    for node in channel.findall("item"):
        link = urljoin(base, _text(node, "link"))
        key = _text(node, "guid") or link
        if link and key:
            items.append(Item(key, link, _text(node, "title")))
    return items


def _atom_link(entry, base: str) -> str:
    """The entry's alternate link (rel absent or "alternate"), made absolute."""
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return urljoin(base, link.get("href"))
    return ""


def _atom_items(feed, base: str) -> list[Item]:
    items = []
    for entry in feed.findall(f"{ATOM}entry"):
        link = _atom_link(entry, base)
        key = _text(entry, f"{ATOM}id") or link
        if link and key:
            items.append(Item(key, link, _text(entry, f"{ATOM}title")))
    return items


def parse_feed(data: bytes, base_url: str = "") -> Feed:
    """The feed's title and its items (newest first, as feeds list them), at most MAX_ITEMS."""
    root = _root(data)
    if root.tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise SourceError("an RSS document without a <channel>")
        return Feed(_text(channel, "title"), _rss_items(channel, base_url)[:MAX_ITEMS])
    if root.tag == f"{ATOM}feed":
        return Feed(_text(root, f"{ATOM}title"), _atom_items(root, base_url)[:MAX_ITEMS])
    if root.tag == "opml":
        raise SourceError("this is an OPML file: upload it as a list of sources, not as one feed")
    raise SourceError(f"not an RSS 2.0 or Atom feed (its root element is <{etree.QName(root).localname}>)")


def parse_opml(data: bytes) -> list[tuple[str, str]]:
    """The (feed URL, title) pairs an OPML file lists, in order, each once."""
    root = _root(data)
    if root.tag != "opml":
        raise SourceError("not an OPML file (its root element is not <opml>)")
    found: dict[str, str] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if url and url not in found:
            found[url] = (outline.get("title") or outline.get("text") or "").strip()
    if not found:
        raise SourceError("the OPML file lists no feeds (no outline with an xmlUrl)")
    return list(found.items())
