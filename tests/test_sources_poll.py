"""Polling followed sources against a real local news site (tests/source_server.py): stories
added once across polls, conditional requests answered 304, a failing feed backing off."""
from __future__ import annotations

import time

import pytest

from service.sources.poll import Poller, backoff_s
from service.storage.sources import SourceStore, source_tag
from tests.databases import both_databases
from tests.source_server import LAST_MODIFIED, news_site

pytestmark = both_databases


@pytest.fixture
def poll_app(app):
    app.config.update(FETCH_ALLOW_PRIVATE=True, SOURCES_HOST_INTERVAL_S=0, SOURCES_RETRY_S=60,
                      SOURCES_RETRY_MAX_S=3600, SOURCES_POLL_INTERVAL_S=600)
    return app


def parts(app):
    db = app.extensions["newsreader"]["db"]
    return db, SourceStore(db), Poller(db, app.config)


def titles(db) -> list[str]:
    records, _ = db.list_articles(100, 0)
    return sorted(r["title"] for r in records)


def make_due(store, sid):
    with store.engine.transaction() as conn:
        conn.execute("UPDATE sources SET next_try = 0 WHERE id = ?", (sid,))


def test_new_stories_are_added_once_across_two_polls(poll_app):
    db, store, poller = parts(poll_app)
    with news_site() as site:
        site.add("bridge", "Council votes to rebuild the bridge")
        site.add("school", "New school opens in the valley")
        source, _ = store.add(f"{site.base}/feed.xml")
        first = poller.poll_due()
        assert [r.status for r in first] == ["new"] and len(first[0].added) == 2
        site.add("market", "Farmers market moves to the square")
        make_due(store, source["id"])
        second = poller.poll_due()
    assert [r.status for r in second] == ["new"] and len(second[0].added) == 1
    assert titles(db) == ["Council votes to rebuild the bridge", "Farmers market moves to the square",
                          "New school opens in the valley"]
    story_fetches = [p for p, _ in site.requests if p.startswith("/stories/")]
    assert sorted(story_fetches) == ["/stories/bridge", "/stories/market", "/stories/school"]
    records, _ = db.list_articles(100, 0)
    assert all(r["tags"] == [source_tag(source["id"])] for r in records)
    stored = store.get(source["id"])
    assert stored["title"] == "Valley News" and stored["last_error"] is None and stored["failures"] == 0
    assert stored["next_try"] > time.time() + 500  # the poll interval, not at once
    assert store.item_counts([source["id"], "nope"]) == {source["id"]: 3, "nope": 0}
    assert poll_app.test_client().get("/api/sources").get_json()["sources"][0]["items"] == 3


def test_an_unchanged_feed_is_asked_conditionally_and_its_304_honoured(poll_app):
    db, store, poller = parts(poll_app)
    with news_site() as site:
        site.add("bridge", "Council votes to rebuild the bridge")
        source, _ = store.add(f"{site.base}/feed.xml")
        poller.poll_due()
        make_due(store, source["id"])
        again = poller.poll_due()
    first_headers, second_headers = site.feed_requests()
    assert "If-None-Match" not in first_headers
    assert second_headers["If-None-Match"] == store.get(source["id"])["etag"]
    assert second_headers["If-Modified-Since"] == LAST_MODIFIED
    assert [r.status for r in again] == ["unchanged"] and again[0].added == []
    assert len(titles(db)) == 1


def test_atom_feeds_are_followed_too(poll_app):
    db, store, poller = parts(poll_app)
    with news_site() as site:
        site.add("bridge", "Council votes to rebuild the bridge")
        store.add(f"{site.base}/atom.xml")
        result, = poller.poll_due()
    assert result.status == "new" and titles(db) == ["Council votes to rebuild the bridge"]


def test_a_failing_source_records_why_and_backs_off(poll_app):
    db, store, poller = parts(poll_app)
    with news_site() as site:
        site.feed_status = 503
        source, _ = store.add(f"{site.base}/feed.xml")
        waits = []
        for _ in range(3):
            before = time.time()
            result, = poller.poll_due()
            stored = store.get(source["id"])
            waits.append(stored["next_try"] - before)
            make_due(store, source["id"])
        assert result.status == "failed" and "503" in stored["last_error"]
        assert stored["failures"] == 3
        # 60 s, then 120 s, then 240 s (each give or take the poll's own time)
        assert [round(w / 10) * 10 for w in waits] == [60, 120, 240]
        site.feed_status = None
        site.add("bridge", "Council votes to rebuild the bridge")
        poller.poll_due()
    recovered = store.get(source["id"])
    assert recovered["failures"] == 0 and recovered["last_error"] is None and len(titles(db)) == 1


def test_a_source_not_due_is_not_polled(poll_app):
    db, store, poller = parts(poll_app)
    with news_site() as site:
        site.add("bridge", "Council votes to rebuild the bridge")
        store.add(f"{site.base}/feed.xml")
        poller.poll_due()
        assert poller.poll_due() == []
    assert len(site.feed_requests()) == 1


def test_a_story_page_that_fails_is_tried_again_next_poll(poll_app):
    db, store, poller = parts(poll_app)
    with news_site() as site:
        site.add("bridge", "Council votes to rebuild the bridge")
        source, _ = store.add(f"{site.base}/feed.xml")
        site.broken.add("bridge")
        result, = poller.poll_due()
        assert result.status == "new" and result.added == [] and "404" in store.get(source["id"])["last_error"]
        site.broken.clear()
        make_due(store, source["id"])
        result, = poller.poll_due()
    # the feed did not change, but its validators were not kept while an item was missing
    assert result.status == "new" and len(result.added) == 1
    assert store.get(source["id"])["last_error"] is None


def test_requests_to_one_host_are_spaced(poll_app):
    poll_app.config["SOURCES_HOST_INTERVAL_S"] = 0.3
    db, store, poller = parts(poll_app)
    with news_site() as site:
        site.add("bridge", "Council votes to rebuild the bridge")
        site.add("school", "New school opens in the valley")
        store.add(f"{site.base}/feed.xml")
        started = time.monotonic()
        poller.poll_due()
        elapsed = time.monotonic() - started
    assert len(site.requests) == 3 and elapsed >= 0.6  # feed, then two pages, 0.3 s apart


def test_backoff_doubles_up_to_its_ceiling():
    assert [backoff_s(n, 60, 300) for n in (1, 2, 3, 4, 5)] == [60, 120, 240, 300, 300]


def test_only_one_holder_has_the_poll_lease(poll_app):
    _, store, _ = parts(poll_app)
    assert store.take_lease("sources-poll", "a", 30)
    assert not store.take_lease("sources-poll", "b", 30)
    assert store.take_lease("sources-poll", "a", 30)  # renewing
    store.drop_lease("sources-poll", "a")
    assert store.take_lease("sources-poll", "b", 30)


def test_the_cli_polls_for_cron(poll_app, tmp_path, database):
    import os
    import subprocess
    import sys

    db, store, _ = parts(poll_app)
    with news_site() as site:
        site.add("bridge", "Council votes to rebuild the bridge")
        source, _ = store.add(f"{site.base}/feed.xml")
        env = dict(os.environ, NEWSREADER_DATA_DIR=poll_app.config["DATA_DIR"], NEWSREADER_FETCH_ALLOW_PRIVATE="1",
                   NEWSREADER_SOURCES_HOST_INTERVAL="0", NEWSREADER_AUDIO_CACHE=poll_app.config["AUDIO_CACHE"],
                   NEWSREADER_RATE="450")
        run = subprocess.run([sys.executable, "-m", "service.cli", "sources", "poll"], env=env,
                             capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"{source['id']}: new, 1 added"
    assert titles(db) == ["Council votes to rebuild the bridge"]
    article_id = db.list_articles(1, 0)[0][0]["id"]
    assert {t["state"] for t in db.tracks(article_id).values()} == {"ready"}  # rendered, so in the feeds


def test_the_servers_thread_polls_on_schedule(poll_app):
    from service.sources import schedule

    poll_app.config["SOURCES_POLL_INTERVAL_S"] = 0.2
    db, store, _ = parts(poll_app)
    with news_site() as site:
        site.add("bridge", "Council votes to rebuild the bridge")
        store.add(f"{site.base}/feed.xml")
        thread = schedule.start(poll_app)
        try:
            deadline = time.monotonic() + 30
            while not titles(db) and time.monotonic() < deadline:
                time.sleep(0.1)
            site.add("school", "New school opens in the valley")
            while len(titles(db)) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            thread.stop.set()
            thread.join(10)
    assert titles(db) == ["Council votes to rebuild the bridge", "New school opens in the valley"]


def test_a_round_stops_when_another_holder_has_the_lease(poll_app):
    from service.sources import schedule

    db, store, _ = parts(poll_app)
    with news_site() as site:
        site.add("bridge", "Council votes to rebuild the bridge")
        store.add(f"{site.base}/feed.xml")
        assert store.take_lease(schedule.LEASE, "other-server", 60)
        assert schedule.poll_once(db, poll_app.config, holder="this-server") is None
        store.drop_lease(schedule.LEASE, "other-server")
        results = schedule.poll_once(db, poll_app.config, holder="this-server")
    assert [r.status for r in results] == ["new"]
    assert store.take_lease(schedule.LEASE, "other-server", 60)  # released after the round


def test_a_feed_on_a_private_address_is_refused_by_the_fetch_rules(poll_app):
    poll_app.config["FETCH_ALLOW_PRIVATE"] = False  # as on a public server
    db, store, poller = parts(poll_app)
    with news_site() as site:
        site.add("bridge", "Council votes to rebuild the bridge")
        source, _ = store.add(f"{site.base}/feed.xml")
        result, = poller.poll_due()
    assert result.status == "failed" and "loopback" in store.get(source["id"])["last_error"]
    assert site.requests == [] and titles(db) == []


def test_an_item_linking_to_a_private_address_is_not_fetched(poll_app):
    db, store, poller = parts(poll_app)
    with news_site() as site:
        site.add("bridge", "Council votes to rebuild the bridge")
        source, _ = store.add(f"{site.base}/feed.xml")
        poll_app.config["FETCH_ALLOW_PRIVATE"] = "127.0.0.1/32"  # the feed's host only ...
        site.rss = lambda base, rss=site.rss: rss(base).replace(b"http://127.0.0.1", b"http://[::1]")
        result, = poller.poll_due()  # ... so its items, on ::1, are refused
    assert result.status == "new" and result.added == [] and "loopback" in result.error
    assert [p for p, _ in site.requests] == ["/feed.xml"]
