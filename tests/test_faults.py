"""Faults, nothing lost, against real gunicorn:

- a speech engine SIGKILLed mid-job while a listener waits: the job is done again on a fresh
  engine (the listener gets whole audio); a job whose own child dies (as when eSpeak crashes)
  gets 503 with Retry-After, its track `failed`, no file, and the next request renders it; the
  web worker answers throughout;
- the audio disk full (a tmpfs): 507 `storage_full`, no temporary or half file, the database
  untouched, the page and API still answer; once space returns the same URL renders;
- the database disk full (a tmpfs): POST /api/articles answers 507 with nothing stored, the
  stored articles stay readable, and posting works again once space returns;
- four workers writing at once (with their background renders): no article or state lost,
  `PRAGMA integrity_check` ok, a duplicate posted from many threads stored once;
- a stop (SIGTERM) or a crash (SIGKILL of every process) during synthesis: the next start
  renders what was pending without any request, and nothing twice.

The tmpfs mounts need root (or a user and mount namespace, `unshare -rm`); without them the
disk tests fail and say so rather than skip.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import signal
import sqlite3
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from service.storage.cache import AudioCache
from tests.audio_check import decode_mp3
from tests.gunicorn_server import gunicorn, gunicorn_process, wait_until
from tests.processes import alive, children, group, synthesis_workers
from tests.test_cache import key_of, renders

NO_WRITE_LIMIT = {"NEWSREADER_WRITE_LIMIT": "off"}  # these tests post many articles from one address
FAST = 450  # words per minute: the shortest audio for a text


def short_text(n: int, words: int = 30) -> str:
    body = " ".join(f"word{n}x{i}" if i % 7 == 0 else "harbour" for i in range(words))
    return f"Harbour board report {n}\n\nBy A. Writer\n\nThe board met again. {body.capitalize()}."


def one_long_paragraph(title: str, words: int) -> str:
    """One section spoken in one synthesis job: no sentence break to cut the paragraph at."""
    return f"{title}\n\n" + ", ".join(["the harbour plan was discussed again"] * (words // 6)) + "."


def post(base: str, text: str, rate: int = FAST) -> dict:
    resp = requests.post(f"{base}/api/articles", json={"text": text, "rate": rate}, timeout=60)
    assert resp.status_code == 201, resp.text
    return resp.json()


def fetch(base: str, article_id: str) -> dict:
    resp = requests.get(f"{base}/api/articles/{article_id}", timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()


def states(article: dict) -> list[str]:
    return [s["state"] for s in article["sections"]] + [article["audio_state"]]


def track_keys(article: dict) -> list[str]:
    return [key_of(s["audio_url"]) for s in article["sections"]] + [key_of(article["audio_url"])]


def all_ready(base: str, article_id: str):
    article = fetch(base, article_id)
    return article if set(states(article)) == {"ready"} else None


def temporary_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".tmp-*.part"))


def integrity(db: Path) -> str:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def stored_ids(db: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM articles")}


# --------------------------------------------------------------------------- a killed engine


def busy_engine(web_worker: int) -> tuple[int, int] | None:
    """(synthesis worker, its job's child) while a job runs in this web worker's pool."""
    for engine in synthesis_workers(web_worker):
        job = children(engine)
        if job:
            return engine, job[0]
    return None


@contextlib.contextmanager
def listener_waiting(tmp_path: Path):
    """One web worker with one speech engine; a listener's GET waits for a long section while its
    synthesis job runs. Yields (server, web worker pid, a short article, the long article,
    the pending answer, (engine pid, job's child pid))."""
    with gunicorn_process(tmp_path, workers=1, NEWSREADER_PRERENDER="0", NEWSREADER_SYNTH_WORKERS="1",
                          **NO_WRITE_LIMIT) as server:
        [web] = children(server.proc.pid)
        other = post(server.base, short_text(1))
        long = post(server.base, one_long_paragraph("A long harbour debate", 1200))
        assert len(long["sections"]) == 1
        with ThreadPoolExecutor(1) as pool:
            answer = pool.submit(requests.get, long["sections"][0]["audio_url"], timeout=180)
            running = wait_until(lambda: busy_engine(web), 30, "the section's synthesis job")
            yield server, web, other, long, answer, running


def check_still_answering(server, web: int, other: dict) -> None:
    assert requests.get(f"{server.base}/healthz", timeout=10).json()["status"] == "ok"
    assert fetch(server.base, other["id"])["title"] == other["title"]
    assert children(server.proc.pid) == [web], "the web worker was replaced"


def test_an_engine_killed_mid_job_is_replaced_and_the_listener_still_gets_whole_audio(tmp_path):
    """Decision: a synthesis worker killed from outside (not its job's child, where eSpeak runs)
    cannot have been killed by the text, so the job is tried once more on a fresh engine."""
    audio = tmp_path / "audio"
    with listener_waiting(tmp_path) as (server, web, other, long, answer, (engine, job)):
        os.kill(engine, signal.SIGKILL)
        check_still_answering(server, web, other)  # while the listener waits
        answer = answer.result()
        assert answer.status_code == 200, answer.text
        assert decode_mp3(answer.content).duration_s > 60
        key = key_of(long["sections"][0]["audio_url"])
        assert AudioCache(str(audio)).has(key) and (audio / f"{key}.mp3").read_bytes() == answer.content
        assert renders(audio).count(key) == 1
        assert fetch(server.base, long["id"])["sections"][0]["state"] == "ready"
        assert "trying the job once more" in (tmp_path / "server.log").read_text()
        assert not alive(engine) and not alive(job)
        assert len(synthesis_workers(web)) == 1 and engine not in synthesis_workers(web)
        check_still_answering(server, web, other)


def test_a_job_whose_engine_crashes_gets_503_and_nothing_half_written_then_renders_later(tmp_path):
    """Killing the job's child is what an eSpeak crash looks like: not retried (the same text
    would crash it again), the track is `failed`, and the listener's next request renders it."""
    audio = tmp_path / "audio"
    with listener_waiting(tmp_path) as (server, web, other, long, answer, (_, job)):
        os.kill(job, signal.SIGKILL)
        answer = answer.result()
        assert answer.status_code == 503 and answer.headers["Retry-After"].isdigit()
        assert answer.json()["error"]["code"] == "speech_unavailable"
        url = long["sections"][0]["audio_url"]
        key = key_of(url)
        assert fetch(server.base, long["id"])["sections"][0]["state"] == "failed"
        assert not (audio / f"{key}.mp3").exists() and not (audio / f"{key}.json").exists()
        assert temporary_files(audio) == [] and key not in renders(audio)
        check_still_answering(server, web, other)

        again = requests.get(url, timeout=180)
        assert again.status_code == 200 and decode_mp3(again.content).duration_s > 60
        assert AudioCache(str(audio)).has(key) and renders(audio).count(key) == 1
        assert fetch(server.base, long["id"])["sections"][0]["state"] == "ready"


# --------------------------------------------------------------------------- full disks

_libc = ctypes.CDLL(None, use_errno=True)


@contextlib.contextmanager
def tmpfs(folder: Path, size: str):
    """A small tmpfs at `folder` (mount(2) directly: no `mount` binary needed), unmounted after."""
    folder.mkdir(parents=True, exist_ok=True)
    if _libc.mount(b"tmpfs", str(folder).encode(), b"tmpfs", 0, f"size={size}".encode()) != 0:
        err = ctypes.get_errno()
        pytest.fail(f"cannot mount a tmpfs at {folder} ({os.strerror(err)}): the disk-full tests "
                    "need root, or a user and mount namespace (unshare -rm python3 -m pytest ...)")
    try:
        yield folder
    finally:
        if _libc.umount2(str(folder).encode(), 2) != 0:  # MNT_DETACH: even if a file is still open
            raise OSError(ctypes.get_errno(), f"umount {folder}")


def fill(folder: Path) -> Path:
    """Write a file until the disk has not one byte left; returns it."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for size in (1 << 20, 1 << 12, 1):
            chunk = b"\xff" * size
            while True:
                try:
                    os.write(fd, chunk)
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    break
    finally:
        os.close(fd)
    assert os.statvfs(folder).f_bavail == 0
    return filler


def test_a_full_audio_disk_answers_507_loses_nothing_and_recovers(tmp_path):
    audio, db = tmp_path / "audio", tmp_path / "data" / "newsreader.db"
    with tmpfs(audio, "2m"), gunicorn(tmp_path, NEWSREADER_PRERENDER="1", **NO_WRITE_LIMIT) as base:
        before = post(base, short_text(1))
        before = wait_until(lambda: all_ready(base, before["id"]), 60, "the first article's audio")
        filler = fill(audio)

        during = post(base, short_text(2))  # the database is on another disk: stored
        # ... and its background render meets the full disk: failed, with the reason kept
        wait_until(lambda: fetch(base, during["id"])["sections"][0]["state"] == "failed", 60,
                   "the background render to fail")
        url = during["sections"][0]["audio_url"]
        answer = requests.get(url, timeout=60)
        assert answer.status_code == 507, answer.text
        error = answer.json()["error"]
        assert error["code"] == "storage_full" and "audio store is full" in error["message"]
        assert requests.get(during["page_url"], timeout=30).status_code == 200
        assert states(fetch(base, during["id"]))[0] == "failed"
        assert requests.get(before["audio_url"], timeout=30).status_code == 200  # still served
        assert temporary_files(audio) == []
        for key in track_keys(during):
            assert not (audio / f"{key}.mp3").exists() and not (audio / f"{key}.json").exists()
        assert stored_ids(db) == {before["id"], during["id"]} and integrity(db) == "ok"
        with contextlib.closing(sqlite3.connect(db)) as conn:
            [reason] = conn.execute("SELECT error FROM tracks WHERE key = ?", (key_of(url),)).fetchone()
        assert "audio store is full" in reason

        filler.unlink()  # space returns: the same URL renders
        answer = requests.get(url, timeout=60)
        assert answer.status_code == 200 and decode_mp3(answer.content).duration_s > 1
        assert AudioCache(str(audio)).has(key_of(url))
        assert states(fetch(base, during["id"]))[0] == "ready"
    assert "SIGBUS" not in (tmp_path / "server.log").read_text()


def test_a_full_database_disk_answers_507_and_stores_nothing_half(tmp_path):
    """The data folder also holds the workers' metrics files (memory-mapped): a full disk must
    not crash a worker through them, nor a worker booting on the full disk."""
    data = tmp_path / "data"
    with tmpfs(data, "8m"), gunicorn_process(tmp_path, workers=1, NEWSREADER_PRERENDER="0",
                                             **NO_WRITE_LIMIT) as server:
        base = server.base
        stored = [post(base, short_text(n)) for n in range(3)]
        filler = fill(data)
        # bigger than the room the write-ahead log already has, so the insert needs new space
        big = short_text(99, words=40_000)
        answer = requests.post(f"{base}/api/articles", json={"text": big, "rate": FAST}, timeout=120)
        assert answer.status_code == 507, answer.text
        error = answer.json()["error"]
        assert error["code"] == "storage_full" and "article database is full" in error["message"]

        [web] = children(server.proc.pid)
        os.kill(web, signal.SIGKILL)  # its replacement boots on the full disk
        wait_until(lambda: children(server.proc.pid) not in ([], [web]), 30, "a new worker")
        wait_until(lambda: requests.get(f"{base}/healthz", timeout=5).ok, 30, "the new worker")
        assert "counts in memory only" in (tmp_path / "server.log").read_text()
        fill(data)  # again: the dead worker's live-gauge file was removed, freeing its room
        listing = requests.get(f"{base}/api/articles?per_page=100", timeout=30).json()
        assert sorted(a["id"] for a in listing["articles"]) == sorted(a["id"] for a in stored)
        for article in stored:
            assert fetch(base, article["id"])["title"] == article["title"]
        assert requests.post(f"{base}/api/articles", json={"text": big, "rate": FAST},
                             timeout=120).status_code == 507
        assert requests.get(f"{base}/metrics", timeout=10).status_code == 200
        assert integrity(data / "newsreader.db") == "ok"

        filler.unlink()
        again = requests.post(f"{base}/api/articles", json={"text": big, "rate": FAST}, timeout=120)
        assert again.status_code == 201, again.text  # created: the failed posts left nothing
        assert stored_ids(data / "newsreader.db") == {a["id"] for a in stored} | {again.json()["id"]}
        assert integrity(data / "newsreader.db") == "ok"
    assert "SIGBUS" not in (tmp_path / "server.log").read_text()


# --------------------------------------------------------------------------- concurrent writers


def all_listed(base: str, per_page: int) -> list[str]:
    ids, url = [], f"{base}/api/articles?per_page={per_page}"
    while url:
        page = requests.get(url, timeout=30).json()
        ids += [a["id"] for a in page["articles"]]
        url = page.get("next")
    return ids


def test_four_workers_writing_at_once_lose_nothing(tmp_path):
    """4 workers x 4 threads take 60 posts from 16 client threads at once, while every worker's
    background renders write track states into the same database."""
    with gunicorn(tmp_path, workers=4, NEWSREADER_PRERENDER="1", **NO_WRITE_LIMIT) as base:
        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(lambda n: requests.post(
                f"{base}/api/articles", json={"text": short_text(n), "rate": FAST}, timeout=120), range(60)))
        assert [a.status_code for a in answers] == [201] * 60, [a.text for a in answers if a.status_code != 201]
        ids = [a.json()["id"] for a in answers]
        assert len(set(ids)) == 60
        listed = all_listed(base, per_page=7)
        assert sorted(listed) == sorted(ids)  # every one, once, across the pages
        db = tmp_path / "data" / "newsreader.db"
        assert integrity(db) == "ok"

        same = short_text(1000)
        with ThreadPoolExecutor(16) as pool:
            dupes = list(pool.map(lambda _: requests.post(
                f"{base}/api/articles", json={"text": same, "rate": FAST}, timeout=120), range(16)))
        assert sorted(d.status_code for d in dupes) == [200] * 15 + [201]
        assert len({d.json()["id"] for d in dupes}) == 1
        assert requests.get(f"{base}/api/articles", timeout=30).json()["total"] == 61

        for article_id in ids:  # no background state update lost either
            wait_until(lambda: all_ready(base, article_id), 180, f"the audio of {article_id}")
        assert integrity(db) == "ok"


# --------------------------------------------------------------------------- a restart


def many_sections(sections: int) -> str:
    paragraphs = [" ".join(f"point{s}x{i}" if i % 9 == 0 else "harbour" for i in range(160)).capitalize() + "."
                  for s in range(sections)]
    return "A long harbour report\n\nBy A. Writer\n\n" + "\n\n".join(paragraphs)


def track_states(db: Path) -> dict[str, str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return dict(conn.execute("SELECT key, state FROM tracks"))


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGKILL"])
def test_audio_pending_at_a_stop_or_crash_is_rendered_at_the_next_start_and_only_once(tmp_path, stop):
    """SIGTERM: gunicorn's graceful stop (a rendering worker finishes the track in hand, not its
    queue). SIGKILL of the whole process group: a crash, every process gone at once."""
    settings = dict(NEWSREADER_PRERENDER="1", **NO_WRITE_LIMIT)
    audio, db = tmp_path / "audio", tmp_path / "data" / "newsreader.db"
    with gunicorn_process(tmp_path, own_group=True, **settings) as server:
        article = post(server.base, many_sections(8))
        keys = track_keys(article)
        assert len(keys) == 9
        wait_until(lambda: "ready" in states(fetch(server.base, article["id"])), 60, "a first section")
        if stop == "SIGTERM":
            server.proc.send_signal(signal.SIGTERM)
            server.proc.wait(timeout=60)
        else:
            os.killpg(server.proc.pid, signal.SIGKILL)
            server.proc.wait(timeout=10)
        wait_until(lambda: not group(server.proc.pid), 30, "every process of the server to end")
    at_stop = track_states(db)
    assert "pending" in at_stop.values() and "ready" in at_stop.values(), at_stop
    rendered_before = renders(audio)

    with gunicorn(tmp_path, **settings) as base:  # no request for any audio from here on
        done = wait_until(lambda: all_ready(base, article["id"]), 120, "the pending audio to resume")
    cache = AudioCache(str(audio))
    assert all(cache.has(key) for key in track_keys(done))
    log = renders(audio)
    assert Counter(log) == Counter(keys), "each file rendered exactly once"
    assert not set(log[len(rendered_before):]) & set(rendered_before)
    assert {k for k, state in at_stop.items() if state == "ready"} <= set(rendered_before)
