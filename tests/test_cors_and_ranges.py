"""Podcasting 2.0's CORS rule for what a feed links (any origin may read feeds, audio,
transcripts, chapters and artwork; pages and the API stay same-origin), and several byte ranges
in one request, over the test client and over real gunicorn."""
from __future__ import annotations

import requests

from tests.feed_helpers import add, make_app
from tests.gunicorn_server import gunicorn
from tests.range_probe import check_multi_ranges, check_ranges, parts_of

ORIGIN = {"Origin": "https://app.example.com"}


def local(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_feed_and_everything_it_links_is_open_to_any_origin(tmp_path):
    client = make_app(tmp_path).test_client()
    article = add(client, 1, tags=["world"])
    feed = client.get("/feed.xml", headers=ORIGIN)
    artwork = feed.get_data(as_text=True).split('<itunes:image href="', 1)[1].split('"', 1)[0]
    for url in ("/feed.xml", "/tags/world/feed.xml", local(artwork), local(article["audio_url"]),
                local(article["transcript_url"]), local(article["chapters_url"]),
                local(article["sections"][0]["audio_url"])):
        resp = client.get(url, headers=ORIGIN)
        assert resp.status_code == 200, url
        assert resp.headers["Access-Control-Allow-Origin"] == "*", url
        assert "Content-Range" in resp.headers["Access-Control-Expose-Headers"]
        pre = client.options(url, headers={**ORIGIN, "Access-Control-Request-Method": "GET",
                                           "Access-Control-Request-Headers": "range"})
        assert pre.status_code == 200, url
        assert pre.headers["Access-Control-Allow-Origin"] == "*"
        assert "GET" in pre.headers["Access-Control-Allow-Methods"]
        assert "range" in pre.headers["Access-Control-Allow-Headers"].lower()
    missing = client.get("/audio/" + "0" * 32 + ".mp3", headers=ORIGIN)
    assert missing.status_code == 404 and missing.headers["Access-Control-Allow-Origin"] == "*"
    for url in ("/", f"/articles/{article['id']}", "/api/articles", f"/api/articles/{article['id']}"):
        assert "Access-Control-Allow-Origin" not in client.get(url, headers=ORIGIN).headers, url


def test_several_ranges_in_the_test_client(tmp_path, any_store):
    client = make_app(tmp_path, **any_store).test_client()  # files, then S3 (moto's server)
    url = local(add(client, 1)["audio_url"])
    body = client.get(url).data
    size = len(body)
    resp = client.get(url, headers={"Range": "bytes=100-199,0-9"})
    assert resp.status_code == 206 and resp.headers["ETag"].strip('"') == url[7:-4]
    assert parts_of(_Wrapped(resp)) == [(f"bytes 0-9/{size}", body[:10]),
                                        (f"bytes 100-199/{size}", body[100:200])]
    overlapping = client.get(url, headers={"Range": "bytes=0-50,20-99"})
    assert overlapping.status_code == 206 and overlapping.data == body[:100]
    past = client.get(url, headers={"Range": f"bytes={size}-,{size + 5}-{size + 9}"})
    assert past.status_code == 416 and past.headers["Content-Range"] == f"bytes */{size}"
    etag = resp.headers["ETag"]
    assert client.get(url, headers={"Range": "bytes=0-1,5-6", "If-None-Match": etag}).status_code == 304
    other = client.get(url, headers={"Range": "bytes=0-1,5-6", "If-Range": '"another"'})
    assert other.status_code == 200 and other.data == body  # another version: the whole file
    same = client.get(url, headers={"Range": "bytes=0-1,5-6", "If-Range": etag})
    assert same.status_code == 206 and len(parts_of(_Wrapped(same))) == 2


class _Wrapped:
    """A test-client response seen as requests' (headers and content)."""

    def __init__(self, resp):
        self.headers, self.content = resp.headers, resp.data


def test_several_ranges_and_cors_over_gunicorn(tmp_path):
    with gunicorn(tmp_path, NEWSREADER_PRERENDER="0") as base:
        article = requests.post(f"{base}/api/articles", json={
            "text": "A ranged story\n\nBy Ann Writer\n\nThe first paragraph of the ranged story.\n\n"
                    "A second paragraph closes it.", "rate": 450}, timeout=60).json()
        url = article["sections"][0]["audio_url"]
        check_ranges(url)
        check_multi_ranges(url)
        pre = requests.options(url, headers={**ORIGIN, "Access-Control-Request-Method": "GET"}, timeout=30)
        assert pre.status_code == 200 and pre.headers["Access-Control-Allow-Origin"] == "*"
