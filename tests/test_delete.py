"""DELETE /api/articles/<id>: the article, its tracks and the audio files no other article uses
are gone; a file another article shares stays; a file being sent is removed only once the
response has finished; a render running for the deleted article leaves nothing behind. The
first three hold for files and for S3 objects alike."""
from __future__ import annotations

import hashlib
import os
import sys
import threading
import traceback

from tests.databases import both_databases
from tests.feed_helpers import add, items, make_app, short_article
from tests.gunicorn_server import wait_until

pytestmark = both_databases  # every test on SQLite and on PostgreSQL

SHARED_BODY = ("The council met on Tuesday to discuss the new budget for schools and roads.\n\n"
               "Members argued for hours before agreeing on a plan.")


def key_of(audio_url: str) -> str:
    return audio_url.rsplit("/", 1)[1].removesuffix(".mp3")


def keys_of(article: dict) -> set[str]:
    return {key_of(article["audio_url"])} | {key_of(s["audio_url"]) for s in article["sections"]}


def files(app) -> set[str]:
    """Names of the MP3s and sidecars stored, whichever the store."""
    cache = app.extensions["newsreader"]["cache"]
    if cache.kind == "s3":
        from tests.s3_server import client

        listed = client().list_objects_v2(Bucket=cache.bucket, Prefix=cache.prefix).get("Contents", [])
        return {o["Key"].removeprefix(cache.prefix) for o in listed}
    return {name for name in os.listdir(cache.folder) if name.endswith((".mp3", ".json"))}


def test_unknown_id_is_a_404_json_error(client):
    resp = client.delete("/api/articles/0123456789abcdef")
    assert resp.status_code == 404
    assert resp.get_json()["error"] == {"code": "not_found", "message": "no article with id '0123456789abcdef'"}


def test_delete_removes_the_article_its_tracks_and_its_audio(tmp_path, any_store):
    app = make_app(tmp_path, **any_store)
    client = app.test_client()
    article = add(client, 1)  # whole-article audio rendered
    kept = add(client, 2)
    for section in article["sections"]:
        assert client.get(section["audio_url"]).status_code == 200
    assert {f"{k}.mp3" for k in keys_of(article)} <= files(app)

    resp = client.delete(f"/api/articles/{article['id']}")
    assert resp.status_code == 204 and resp.data == b""
    assert client.get(f"/api/articles/{article['id']}").status_code == 404
    assert client.get(article["page_url"]).status_code == 404
    listed = client.get("/api/articles").get_json()
    assert listed["total"] == 1 and listed["articles"][0]["id"] == kept["id"]
    assert len(items(client.get("/feed.xml").data)) == 1
    assert app.extensions["newsreader"]["db"].tracks(article["id"]) == {}
    assert not any(name.startswith(tuple(keys_of(article))) for name in files(app))
    assert client.get(article["audio_url"]).status_code == 404  # not rendered again for nobody
    assert client.get(kept["audio_url"]).status_code == 200
    assert client.delete(f"/api/articles/{article['id']}").status_code == 404


def test_a_file_another_article_uses_stays(tmp_path, any_store):
    app = make_app(tmp_path, **any_store)
    client = app.test_client()
    first = client.post("/api/articles", json={"text": f"First headline here\n\n{SHARED_BODY}", "rate": 450}).get_json()
    second = client.post("/api/articles", json={"text": f"Second headline here\n\n{SHARED_BODY}", "rate": 450}).get_json()
    shared = keys_of(first) & keys_of(second)
    assert shared and first["audio_url"] != second["audio_url"]  # sections shared, whole files not
    for article in (first, second):
        assert client.get(article["audio_url"]).status_code == 200
        for section in article["sections"]:
            assert client.get(section["audio_url"]).status_code == 200

    assert client.delete(f"/api/articles/{first['id']}").status_code == 204
    left = files(app)
    assert {f"{k}.mp3" for k in shared} | {f"{k}.json" for k in shared} <= left
    assert f"{keys_of(first).difference(shared).pop()}.mp3" not in left
    for section in second["sections"]:
        assert client.get(section["audio_url"]).status_code == 200
    assert client.get(f"/api/articles/{second['id']}").get_json()["sections"][0]["state"] == "ready"


def test_a_file_being_sent_is_removed_after_the_response(tmp_path, any_store):
    app = make_app(tmp_path, **any_store)
    client = app.test_client()
    article = add(client, 1)
    key = key_of(article["audio_url"])
    expected = hashlib.sha256(app.extensions["newsreader"]["cache"].read(key)).hexdigest()

    sending = client.get(article["audio_url"], buffered=False)  # holds the key's lock until closed
    assert sending.status_code == 200
    assert client.delete(f"/api/articles/{article['id']}").status_code == 204  # answers at once
    assert f"{key}.mp3" in files(app)
    assert hashlib.sha256(sending.get_data()).hexdigest() == expected  # the listener gets it all
    sending.close()
    wait_until(lambda: f"{key}.mp3" not in files(app) and f"{key}.json" not in files(app), 20,
               "the file to be removed once sent")


def test_deleting_during_the_background_render_leaves_no_audio(tmp_path):
    app = make_app(tmp_path, PRERENDER=True)
    client = app.test_client()
    article = client.post("/api/articles", json=short_article(1)).get_json()
    assert client.delete(f"/api/articles/{article['id']}").status_code == 204
    app.extensions["newsreader"]["jobs"]._executor.shutdown(wait=True)  # the render has ended
    wait_until(lambda: not files(app), 30, "no audio file left")


def test_a_render_already_running_when_deleted_leaves_no_audio(tmp_path):
    """The render has read the article and waits for its first file's lock (held here, as a
    render in another worker would) when the article is deleted; once the lock is free the
    render finishes that file, sees nobody owns it, removes it and renders nothing more."""
    import threading

    app = make_app(tmp_path)
    client = app.test_client()
    parts = app.extensions["newsreader"]
    article = client.post("/api/articles", json=short_article(1)).get_json()
    first = key_of(article["sections"][0]["audio_url"])
    held = parts["cache"].acquire(first)
    render = threading.Thread(target=parts["jobs"].render_article, args=(article["id"],))
    render.start()
    wait_until(lambda: _waits_for_lock(render), 10, "the render to wait for the lock")
    assert client.delete(f"/api/articles/{article['id']}").status_code == 204
    parts["cache"].release(held)
    render.join(timeout=120)
    assert not render.is_alive()
    wait_until(lambda: not files(app), 30, "no audio file left")
    rendered = (tmp_path / "audio" / ".renders.log").read_text().splitlines()
    assert len(rendered) == 1 and first in rendered[0]  # that file only, and then removed


def _waits_for_lock(thread) -> bool:
    """The thread is inside KeyLocks.acquire (blocked in flock)."""
    frame = sys._current_frames().get(thread.ident)
    return frame is not None and any(f.name == "acquire" and f.filename.endswith("locks.py")
                                     for f in traceback.extract_stack(frame))
