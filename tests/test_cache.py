"""The audio cache: damaged files (or S3 objects) are found and rebuilt (never served), the size cap evicts the
least recently used files but never one being sent or rendered, states follow the files, and
audio left pending is resumed when the service starts."""
from __future__ import annotations

import json
import os
import time

import pytest

from service import create_app
from service.storage.cache import RENDER_LOG, AudioCache
from tests.audio_check import decode_mp3

KEYS = [f"{i:032x}" for i in range(1, 6)]


def local(url: str) -> str:
    return url.replace("http://localhost", "")


def renders(folder) -> list[str]:
    path = os.path.join(folder, RENDER_LOG)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line)["key"] for line in f]


def fetch(client, url: str):
    """GET and close the response: an MP3 response holds its key's shared lock until closed
    (as a real server closes it), and a later render in this process needs that key."""
    with client.get(url) as resp:
        return resp.status_code, resp.data


def key_of(url: str) -> str:
    return url.rsplit("/", 1)[1].split(".")[0]


@pytest.fixture
def section(client, upi_text, app):
    article = client.post("/api/articles", json={"text": upi_text, "rate": 300}).get_json()
    url = local(article["sections"][0]["audio_url"])
    _, good = fetch(client, url)
    cache = app.extensions["newsreader"]["cache"]
    return cache, url, key_of(url), good


@pytest.fixture
def store_config(any_store):  # only the damage test uses the `app` fixture's store
    return any_store


def damage_file(cache, key: str, good: bytes, damage: str) -> None:
    path = cache.path(key)
    if damage == "truncate":
        with open(path, "r+b") as f:
            f.truncate(len(good) // 2)
    elif damage == "flip":  # same length, different bytes: only the hash can tell
        with open(path, "r+b") as f:
            f.seek(len(good) // 2)
            f.write(flipped(good)[len(good) // 2:len(good) // 2 + 64])
        time.sleep(0.01)
        os.utime(path)  # a new modification time, as any rewrite would give
    elif damage == "no sidecar":
        os.unlink(cache.meta_path(key))
    else:
        with open(cache.meta_path(key), "w") as f:
            f.write('{"mp3": ')


def damage_object(cache, key: str, good: bytes, damage: str) -> None:
    """The same damage done to S3 objects (a PUT by another tool, a lost object)."""
    from tests.s3_server import client

    s3, mp3, sidecar = client(), cache.name(key), cache.name(key, "json")
    if damage == "truncate":
        s3.put_object(Bucket=cache.bucket, Key=mp3, Body=good[:len(good) // 2])
    elif damage == "flip":  # even keeping the metadata's SHA-256, the bytes' hash tells
        sha = s3.head_object(Bucket=cache.bucket, Key=mp3)["Metadata"]["sha256"]
        s3.put_object(Bucket=cache.bucket, Key=mp3, Body=flipped(good), Metadata={"sha256": sha})
    elif damage == "no sidecar":
        s3.delete_object(Bucket=cache.bucket, Key=sidecar)
    else:
        s3.put_object(Bucket=cache.bucket, Key=sidecar, Body=b'{"mp3": ')


def flipped(good: bytes) -> bytes:
    """`good` with 64 bytes in the middle inverted."""
    half = len(good) // 2
    return good[:half] + bytes(b ^ 0xFF for b in good[half:half + 64]) + good[half + 64:]


@pytest.mark.parametrize("damage", ["truncate", "flip", "no sidecar", "bad sidecar"])
def test_a_damaged_file_is_rebuilt_not_served(client, section, damage):
    cache, url, key, good = section
    assert cache.has(key)  # checked whole once: a damaged version must be caught all the same
    (damage_object if cache.kind == "s3" else damage_file)(cache, key, good, damage)
    assert not cache.has(key)
    status, data = fetch(client, url)
    assert status == 200 and data == good  # rendered again: the same bytes
    assert decode_mp3(data).duration_s > 5
    assert renders(cache.folder).count(key) == 2 and cache.has(key)


def fill(cache: AudioCache, keys, size=1000):
    for key in keys:
        cache.write(key, bytes(size), {"duration_s": 1.0})
        time.sleep(0.002)  # distinct access times


def test_least_recently_used_files_go_first(tmp_path):
    cache = AudioCache(str(tmp_path), max_bytes=0)
    fill(cache, KEYS[:3])
    entry = cache.size() // 3
    cache.touch(KEYS[0])  # read: now the most recently used
    cache.max_bytes = 3 * entry
    fill(cache, KEYS[3:4])
    assert [cache.exists(k) for k in KEYS[:4]] == [True, False, True, True]
    assert cache.size() <= cache.max_bytes
    assert not os.path.exists(cache.path(KEYS[1])) and not os.path.exists(cache.meta_path(KEYS[1]))


def test_files_being_sent_or_rendered_are_never_evicted(tmp_path):
    cache = AudioCache(str(tmp_path), max_bytes=0)
    fill(cache, KEYS[:3])
    entry = cache.size() // 3
    cache.max_bytes = 2 * entry
    reading = cache.acquire(KEYS[0], shared=True)  # a response is sending the oldest file
    other = AudioCache(str(tmp_path), max_bytes=2 * entry)  # another process's view
    with other.lock(KEYS[1]):  # ... and the next oldest is being rendered
        assert other.evict() == [KEYS[2]]
    cache.release(reading)
    assert cache.exists(KEYS[0]) and cache.exists(KEYS[1])
    other.max_bytes = entry  # once let go, the oldest is the first to go
    assert other.evict() == [KEYS[0]] and cache.size() <= other.max_bytes


def test_over_the_cap_an_evicted_track_reads_pending_and_renders_again(tmp_path, upi_text):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "d"), "AUDIO_CACHE": str(tmp_path / "a"),
                      "PRERENDER": False, "CACHE_MAX_BYTES": 1})  # room for the newest file only
    client = app.test_client()
    article = client.post("/api/articles", json={"text": upi_text, "rate": 400}).get_json()
    section_url, whole_url = local(article["sections"][0]["audio_url"]), local(article["audio_url"])
    _, first = fetch(client, section_url)
    assert fetch(client, whole_url)[0] == 200  # evicts the section's file
    after = client.get(f"/api/articles/{article['id']}").get_json()
    assert (after["sections"][0]["state"], after["audio_state"]) == ("pending", "ready")
    assert fetch(client, section_url)[1] == first
    assert renders(str(tmp_path / "a")).count(key_of(section_url)) == 2


def test_pending_audio_is_resumed_at_start_up(tmp_path, upi_text):
    config = {"TESTING": True, "DATA_DIR": str(tmp_path / "d"), "AUDIO_CACHE": str(tmp_path / "a"),
              "PRERENDER": False}
    article = create_app(config).test_client().post("/api/articles", json={"text": upi_text, "rate": 400}).get_json()
    assert article["audio_state"] == "pending" and renders(config["AUDIO_CACHE"]) == []
    client = create_app(dict(config, PRERENDER=True)).test_client()  # the service starts again
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = client.get(f"/api/articles/{article['id']}").get_json()
        if {now["audio_state"], *(s["state"] for s in now["sections"])} == {"ready"}:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"not resumed: {now}")
    keys = [key_of(now["audio_url"])] + [key_of(s["audio_url"]) for s in now["sections"]]
    assert sorted(renders(config["AUDIO_CACHE"])) == sorted(keys)  # each file rendered once


def test_open_calls_on_close_once_whether_or_not_it_opens(tmp_path, any_store):
    """A response's lock is released through on_close: exactly once, also when there is no file."""
    import gc

    from service.storage.stores import open_audio_store

    store = open_audio_store({"AUDIO_CACHE": str(tmp_path), "CACHE_MAX_BYTES": 0, **any_store})
    closed = []
    with pytest.raises(FileNotFoundError):
        store.open(KEYS[0], on_close=lambda: closed.append("missing"))
    data = b"\xff\xfb" + bytes(range(256)) * 4
    store.write(KEYS[0], data, {})
    f = store.open(KEYS[0], on_close=lambda: closed.append("read"))
    assert (f.size, f.read()) == (len(data), data) and f.mtime > time.time() - 60
    f.seek(10)
    assert f.read(5) == data[10:15]
    f.close()
    f.close()
    del f
    gc.collect()
    assert closed == ["missing", "read"]
