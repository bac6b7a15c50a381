"""The listening store on SQLite and PostgreSQL: the queue's order through adds, moves, steps
and removals (dense, no duplicates, an article's deletion takes it out), the listened mark,
the listening token made once, and positions kept per token and article."""
from __future__ import annotations

import threading

import pytest

from service.storage.db import Database
from service.storage.listening import Listening, NotQueued, UnknownArticle
from service.storage.engines import sqlite_url
from tests.databases import both_databases

pytestmark = both_databases


@pytest.fixture
def db(database, tmp_path):
    d = Database(database or sqlite_url(str(tmp_path / "newsreader.db")))
    yield d
    d.close()


@pytest.fixture
def store(db):
    for name in "abcde":
        db.insert_article(name, {"title": name, "sections": []}, [(-1, f"key-{name}")])
    return Listening(db)


def positions(db) -> list[int]:
    with db.engine.connection() as conn:
        return [r["position"] for r in conn.execute("SELECT position FROM queue_entries ORDER BY position").fetchall()]


def test_adding_appends_once(store, db):
    assert [store.add(x) for x in "cab"] == [True, True, True]
    assert store.add("a") is False
    assert store.queue() == ["c", "a", "b"]
    assert positions(db) == [0, 1, 2]


def test_an_unknown_article_is_refused_and_nothing_is_stored(store):
    with pytest.raises(UnknownArticle):
        store.add("nope")
    with pytest.raises(UnknownArticle):
        store.mark_listened("nope")
    assert store.queue() == []


def test_moves_steps_and_removals_keep_a_dense_order(store, db):
    for x in "abcd":
        store.add(x)
    assert store.move("d", 0) == ["d", "a", "b", "c"]
    assert store.move("d", 99) == ["a", "b", "c", "d"]
    assert store.move("a", -5) == ["a", "b", "c", "d"]
    assert store.step("c", -1) == ["a", "c", "b", "d"]
    assert store.step("a", -1) == ["a", "c", "b", "d"]  # already first
    assert store.step("d", 1) == ["a", "c", "b", "d"]  # already last
    assert store.step("a", 1) == ["c", "a", "b", "d"]
    assert store.remove("a") is True and store.remove("a") is False
    assert store.queue() == ["c", "b", "d"]
    assert positions(db) == [0, 1, 2]
    with pytest.raises(NotQueued):
        store.move("a", 0)
    with pytest.raises(NotQueued):
        store.step("e", 1)


def test_after_names_the_next_queued_article(store):
    for x in "abc":
        store.add(x)
    assert store.after("a") == "b"
    assert store.after("c") is None
    assert store.after("e") == "a"  # played from outside the queue: the queue's first


def test_deleting_an_article_takes_it_out_of_the_queue_and_listened(store, db):
    store.add("a"), store.add("b")
    store.mark_listened("a")
    db.delete_article("a")
    assert store.queue() == ["b"]
    assert store.listened_of(["a", "b"]) == set()


def test_listened_marks_and_unmarks(store):
    store.mark_listened("a"), store.mark_listened("a"), store.mark_listened("c")
    assert store.listened_of(["a", "b", "c"]) == {"a", "c"}
    store.mark_listened("a", False)
    assert store.listened_of(["a", "b", "c"]) == {"c"}
    assert store.listened_of([]) == set()


def test_every_change_moves_the_queue_change_time_forward(store):
    assert store.queue_changed_at() is None
    store.add("a")
    first = store.queue_changed_at()
    store.add("b")
    assert store.queue_changed_at() > first


def test_concurrent_moves_never_duplicate_or_lose_an_entry(store, db):
    for x in "abcde":
        store.add(x)
    errors = []

    def mover(article_id, to):
        try:
            for _ in range(10):
                store.move(article_id, to)
        except Exception as exc:  # reported below, with the order
            errors.append(exc)

    threads = [threading.Thread(target=mover, args=(x, i % 2 * 4)) for i, x in enumerate("abcde")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(store.queue()) == list("abcde")
    assert positions(db) == [0, 1, 2, 3, 4]


def test_the_listening_token_is_made_once_and_positions_are_per_token(store, db):
    token = store.token()
    assert len(token) >= 24 and Listening(db).token() == token
    store.save_position(token, "a", 12.5)
    store.save_position(token, "a", 40.25)
    store.save_position("other", "a", 3.0)
    assert store.position(token, "a")["seconds"] == 40.25
    assert store.position("other", "a")["seconds"] == 3.0
    assert store.position(token, "b") is None
