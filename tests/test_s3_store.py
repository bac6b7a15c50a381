"""The S3 audio store on moto's standalone server, where it differs from files: the order and
content of its writes, ranged reads, what a damaged or lost upload leaves, prefixes, two
machines sharing one bucket, its settings, and a store that cannot be reached (503, /healthz).
What holds for both stores is tested on both in test_audio_web, test_cache, test_delete,
test_feed and test_podcast_clients."""
from __future__ import annotations

import hashlib
import io
import json

import pytest
from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError

from service import create_app
from service.storage.audio_store import StoreUnavailable
from service.storage.s3 import S3AudioStore, store_errors
from service.storage.space import StorageFull
from tests.audio_check import decode_mp3
from tests.feed_helpers import add, short_article
from tests.gunicorn_server import free_port
from tests.s3_server import client
from tests.test_cache import renders

KEY = "0123456789abcdef0123456789abcdef"
MP3 = b"\xff\xfb" + bytes(range(256)) * 40


def store(tmp_path, bucket: str, prefix: str = "audio") -> S3AudioStore:
    return S3AudioStore(f"s3://{bucket}/{prefix}", str(tmp_path / "locks"))


def calls(cache: S3AudioStore, operation: str) -> list[dict]:
    """The parameters of each `operation` the store's own client sends from now on."""
    seen = []
    cache._s3().meta.events.register(f"before-call.s3.{operation}", lambda params, **_: seen.append(params))
    return seen


def test_the_sidecar_is_put_first_and_the_mp3_carries_its_hash(tmp_path, s3_bucket):
    cache = store(tmp_path, s3_bucket)
    puts = calls(cache, "PutObject")
    cache.write(KEY, MP3, {"duration_s": 1.5, "vtt": "WEBVTT\n"})
    assert [p["url_path"].rsplit("/", 1)[1] for p in puts] == [f"{KEY}.json", f"{KEY}.mp3"]
    s3 = client()
    head = s3.head_object(Bucket=s3_bucket, Key=f"audio/{KEY}.mp3")
    sidecar = json.loads(s3.get_object(Bucket=s3_bucket, Key=f"audio/{KEY}.json")["Body"].read())
    digest = hashlib.sha256(MP3).hexdigest()
    assert sidecar["mp3"] == {"bytes": len(MP3), "sha256": digest} and sidecar["duration_s"] == 1.5
    assert head["Metadata"] == {"sha256": digest} and head["ContentType"] == "audio/mpeg"
    assert head["ContentLength"] == len(MP3)
    assert cache.has(KEY) and cache.read(KEY) == MP3 and cache.keys() == {KEY}


def corrupt_mp3_uploads(cache: S3AudioStore) -> None:
    """Flip the last byte of every MP3 body on its way to the server (after it was hashed)."""
    def corrupt(request, **_):
        if request.url.endswith(".mp3"):
            raw = request.body.read()
            request.body = io.BytesIO(raw[:-1] + bytes([raw[-1] ^ 1]))
    cache._s3().meta.events.register("before-send.s3.PutObject", corrupt)


@pytest.mark.parametrize("checksums", ["when_supported", "when_required"])
def test_bytes_damaged_on_the_way_are_never_served(tmp_path, s3_bucket, monkeypatch, checksums):
    """S3 and MinIO refuse such a PUT (Content-MD5); moto stores it. Then botocore's CRC32 (on by
    default) or, with checksums off as some S3-compatible servers want, the bytes' SHA-256 finds
    the damage: the file is not whole, so it is rendered again rather than served."""
    monkeypatch.setenv("AWS_REQUEST_CHECKSUM_CALCULATION", checksums)
    cache = store(tmp_path, s3_bucket)
    corrupt_mp3_uploads(cache)
    cache.write(KEY, MP3, {})
    assert cache.exists(KEY) and cache.stat(KEY)[0] == len(MP3)
    assert not cache.has(KEY)


def test_a_lost_answer_to_the_mp3_put_leaves_nothing_behind(tmp_path, s3_bucket):
    """The server stored the MP3 but its answer never came (the connection dropped): the write
    fails, and both objects are deleted, so no MP3 is left without a sidecar or vice versa."""
    cache = store(tmp_path, s3_bucket)
    puts = calls(cache, "PutObject")

    def lose_mp3_answer(**_):  # runs once the server has answered
        if puts[-1]["url_path"].endswith(".mp3"):
            raise ConnectionClosedError(endpoint_url=cache._s3().meta.endpoint_url)
    cache._s3().meta.events.register("after-call.s3.PutObject", lose_mp3_answer)
    with pytest.raises(StoreUnavailable):
        cache.write(KEY, MP3, {})
    assert client().list_objects_v2(Bucket=s3_bucket).get("KeyCount") == 0
    assert not cache.exists(KEY)


def test_the_bytes_are_hashed_once_and_ranges_fetch_only_the_range(tmp_path, s3_bucket):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "d"), "AUDIO_CACHE": str(tmp_path / "a"),
                      "PRERENDER": False, "AUDIO_STORE": f"s3://{s3_bucket}/audio"})
    web = app.test_client()
    article = add(web, 1)  # renders and serves the whole-article file once (its bytes hashed then)
    url, cache = article["audio_url"], app.extensions["newsreader"]["cache"]
    size = cache.stat(url.rsplit("/", 1)[1][:-4])[0]
    gets = calls(cache, "GetObject")
    ranges = lambda: [g["headers"].get("Range") for g in gets if not g["url_path"].endswith(".json")]  # noqa: E731
    assert web.head(url).status_code == 200 and ranges() == []  # HEAD: no MP3 bytes fetched
    assert web.get(url, headers={"Range": "bytes=0-1"}).data == cache.read(url.rsplit("/", 1)[1][:-4])[:2]
    assert ranges() == ["bytes=0-1", f"bytes=0-{size - 1}"]  # the range, then cache.read's whole
    del gets[:]
    assert web.get(url, headers={"Range": "bytes=7-"}).status_code == 206
    assert web.get(url, headers={"Range": "bytes=-10"}).status_code == 206
    assert web.get(url).status_code == 200
    assert ranges() == [f"bytes=7-{size - 1}", f"bytes={size - 10}-{size - 1}", f"bytes=0-{size - 1}"]


def test_prefixes_keep_stores_apart(tmp_path, s3_bucket):
    one, other = store(tmp_path, s3_bucket, "one"), store(tmp_path, s3_bucket, "other/deeper")
    one.write(KEY, MP3, {})
    assert one.keys() == {KEY} and other.keys() == set() and not other.exists(KEY)
    listed = {o["Key"] for o in client().list_objects_v2(Bucket=s3_bucket)["Contents"]}
    assert listed == {f"one/{KEY}.mp3", f"one/{KEY}.json"}
    one.discard(KEY)
    assert client().list_objects_v2(Bucket=s3_bucket).get("KeyCount") == 0


def test_two_machines_share_one_bucket(tmp_path, s3_bucket):
    """Machine B (its own lock folder and render log) serves what machine A rendered, unrendered."""
    shared = {"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "PRERENDER": False,
              "AUDIO_STORE": f"s3://{s3_bucket}/news"}
    a = create_app(dict(shared, AUDIO_CACHE=str(tmp_path / "a"))).test_client()
    b = create_app(dict(shared, AUDIO_CACHE=str(tmp_path / "b"))).test_client()
    article = add(a, 1)
    served = b.get(article["audio_url"])
    assert served.status_code == 200 and decode_mp3(served.data).duration_s > 1
    assert served.data == a.get(article["audio_url"]).data
    assert len(renders(str(tmp_path / "a"))) == 1 and renders(str(tmp_path / "b")) == []
    assert b.get(article["transcript_url"]).data.startswith(b"WEBVTT")


@pytest.mark.parametrize("url", ["gs://bucket/audio", "s3://", "s3:///audio", "s3://bucket/audio?x=1", "bucket"])
def test_bad_store_settings_are_refused_at_start(tmp_path, url):
    with pytest.raises(ValueError, match="NEWSREADER_AUDIO_STORE"):
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "d"), "AUDIO_CACHE": str(tmp_path / "a"),
                    "PRERENDER": False, "AUDIO_STORE": url})


def test_accel_redirect_needs_the_files_store(tmp_path):
    with pytest.raises(ValueError, match="NEWSREADER_ACCEL_REDIRECT"):
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "d"), "AUDIO_CACHE": str(tmp_path / "a"),
                    "PRERENDER": False, "AUDIO_STORE": "s3://bucket/audio", "ACCEL_REDIRECT": "/_cache/"})


@pytest.mark.parametrize("code, status, raised", [
    ("XMinioStorageFull", 507, StorageFull),  # MinIO below its free-space threshold
    ("XMinioAdminBucketQuotaExceeded", 400, StorageFull),
    ("AccessDenied", 403, StoreUnavailable),
    ("SlowDown", 503, StoreUnavailable),
])
def test_server_errors_are_the_services(code, status, raised):
    error = ClientError({"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status}},
                        "PutObject")
    with pytest.raises(raised), store_errors():
        raise error


def test_healthz_names_the_bucket(tmp_path, s3_bucket):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "d"), "AUDIO_CACHE": str(tmp_path / "a"),
                      "PRERENDER": False, "AUDIO_STORE": f"s3://{s3_bucket}/audio"})
    resp = app.test_client().get("/healthz")
    assert resp.status_code == 200
    assert resp.get_json()["audio_store"] == {"kind": "s3", "bucket": s3_bucket, "reachable": True, "status": "ok"}
    assert resp.get_json()["status"] == "ok"


def test_a_missing_bucket_is_unhealthy(tmp_path, s3_endpoint):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "d"), "AUDIO_CACHE": str(tmp_path / "a"),
                      "PRERENDER": False, "AUDIO_STORE": "s3://no-such-bucket-here/audio"})
    resp = app.test_client().get("/healthz")
    assert resp.status_code == 503 and resp.get_json()["audio_store"]["reachable"] is False


def test_an_unreachable_store_answers_503_and_keeps_the_article(tmp_path, s3_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", f"http://127.0.0.1:{free_port()}")  # nobody listens
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "d"), "AUDIO_CACHE": str(tmp_path / "a"),
                      "PRERENDER": False, "AUDIO_STORE": "s3://newsreader/audio"})
    web = app.test_client()
    health = web.get("/healthz")
    assert health.status_code == 503 and health.get_json()["audio_store"]["reachable"] is False
    created = web.post("/api/articles", json=short_article(1))
    assert created.status_code == 201  # the article needs only the database
    article = created.get_json()
    audio = web.get(article["audio_url"])
    assert audio.status_code == 503 and audio.headers["Retry-After"]
    assert audio.get_json()["error"]["code"] == "audio_store_unavailable"
    assert web.get(f"/api/articles/{article['id']}").get_json()["audio_state"] == "pending"
    with pytest.raises(StoreUnavailable):  # a background render: the track says why it failed
        app.extensions["newsreader"]["jobs"].render_article(article["id"])
    section = web.get(f"/api/articles/{article['id']}").get_json()["sections"][0]
    assert section["state"] == "failed"
    assert "cannot be reached" in app.extensions["newsreader"]["db"].tracks(article["id"])[0]["error"]
    assert renders(str(tmp_path / "a")) == []


def test_connection_errors_are_unavailable():
    with pytest.raises(StoreUnavailable, match="cannot be reached"), store_errors():
        raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9")


def test_pages_and_feeds_reuse_recent_answers_audio_asks_afresh(tmp_path, s3_bucket):
    """A repeated API, page or feed request makes no round trip to the store; an audio request
    makes three: the sidecar and the MP3's HEAD (asked afresh: nothing stale is ever sent), then
    the bytes."""
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "d"), "AUDIO_CACHE": str(tmp_path / "a"),
                      "PRERENDER": False, "AUDIO_STORE": f"s3://{s3_bucket}/audio"})
    web, cache = app.test_client(), app.extensions["newsreader"]["cache"]
    article = add(web, 1)
    for section in article["sections"]:
        assert web.get(section["audio_url"]).status_code == 200
    sent = []
    cache._s3().meta.events.register("before-call.s3", lambda model, **_: sent.append(model.name))
    for url in (f"/api/articles/{article['id']}", article["page_url"], "/feed.xml"):
        web.get(url)
    del sent[:]  # the first asked; now the same again
    for url in (f"/api/articles/{article['id']}", article["page_url"], "/feed.xml"):
        assert web.get(url).status_code == 200
    assert sent == []
    assert web.get(article["audio_url"]).status_code == 200
    assert sent == ["GetObject", "HeadObject", "GetObject"]
