"""The `newsreader` command: `serve` runs the web service under gunicorn; `worker` renders audio
from the Redis queue; `read` turns a file or URL into MP3 files and a JSON index without any
server; `extract` prints the article a page gives (with `--explain`, why each block was kept or
dropped); `db upgrade` migrates the database and `db copy` moves articles from one database to
another; `sources poll` polls the followed sources that are due (for cron)."""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile


def serve(args) -> int:
    """Replace this process with gunicorn (threads per worker, so a request waiting on speech
    does not block the worker's other requests; hooks in service/gunicorn_conf.py keep metrics
    right across workers)."""
    argv = ["gunicorn", "--config", "python:service.gunicorn_conf", "--bind", f"{args.host}:{args.port}", "--workers", str(args.workers),
            "--worker-class", "gthread", "--threads", str(args.threads),
            "--timeout", str(args.timeout), "--access-logfile", "-", "service:create_app()"]
    os.execvp(sys.executable, [sys.executable, "-m", *argv])
    return 0  # not reached


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "section"


def read(args) -> int:
    from service import config
    from service.articles.fetch import FetchError
    from service.ingest import (InputError, Submission, parse_rate, parse_voice, paste_kind, read_article,
                                voice_for_language)
    from service.models import ExtractionError
    from service.speech.engine import EngineUnavailable, SynthesisPool
    from service.speech.tracks import WHOLE, Renderer, plan_tracks
    from service.storage.cache import AudioCache

    source = args.source
    try:
        if re.match(r"^https?://", source):
            sub = Submission("url", source, parse_voice(args.voice), parse_rate(args.rate))
        else:
            with open(source, encoding="utf-8", errors="replace") as f:
                content = f.read()
            declared = "html" if source.lower().endswith((".html", ".htm", ".xhtml")) else "auto"
            sub = Submission(paste_kind(content, declared), content, parse_voice(args.voice),
                             parse_rate(args.rate))
        settings = config.from_env()
        settings["FETCH_ALLOW_PRIVATE"] = settings["FETCH_ALLOW_PRIVATE"] or args.allow_private
        article = read_article(sub, settings)
    except (OSError, InputError, ExtractionError, FetchError) as exc:
        print(f"newsreader: {exc}", file=sys.stderr)
        return 2

    voice = sub.voice or voice_for_language(article.language)
    rate = sub.rate or settings["DEFAULT_RATE"]
    os.makedirs(args.output, exist_ok=True)
    pool = SynthesisPool(size=1, timeout_s=settings["SYNTH_TIMEOUT_S"])
    index = {"title": article.title, "byline": article.byline, "published": article.published,
             "language": article.language, "voice": voice, "rate": rate, "sections": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            cache = AudioCache(tmp)
            renderer = Renderer(pool, cache, voice, rate, article.byline or "newsreader", "newsreader")
            tracks = plan_tracks(article, voice, rate)
            renderer.follow(tracks)
            for track in tracks:
                duration = renderer.render(track)
                if track.index == WHOLE:
                    name = "article.mp3"
                    index.update(audio="article.mp3", duration_s=round(duration, 3))
                else:
                    section = article.sections[track.index]
                    name = f"{track.index + 1:02d}-{_slug(section.heading)}.mp3"
                    index["sections"].append({"index": track.index, "heading": section.heading,
                                              "text": section.text, "audio": name,
                                              "duration_s": round(duration, 3)})
                shutil.copyfile(cache.path(track.key), os.path.join(args.output, name))
    except EngineUnavailable as exc:
        print(f"newsreader: speech engine failed: {exc}", file=sys.stderr)
        return 3
    finally:
        pool.close()
    with open(os.path.join(args.output, "index.json"), "w", encoding="utf-8") as f:
        json.dump(index, f, ensure_ascii=False, indent=1)
    print(os.path.join(args.output, "index.json"))
    return 0


def db_upgrade(args) -> int:
    """Apply the migrations the configured database lacks (the web service does it at start
    too; this is for deploying a new version before starting its workers)."""
    from service import config
    from service.storage import migrations
    from service.storage.engines import open_engine, redact

    url = config.database_url(config.from_env())
    engine = open_engine(url)
    try:
        applied = migrations.upgrade(engine)
        version = migrations.current_version(engine)
    except migrations.SchemaTooNew as exc:
        print(f"newsreader: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.close()
    for migration in applied:
        print(f"applied {migration.version:04d} {migration.name}")
    print(f"{redact(url)}: schema version {version}" + ("" if applied else " (already up to date)"))
    return 0


def db_copy(args) -> int:
    """Copy every article (ids, times, track states) from SOURCE into the configured database,
    e.g. the SQLite file into PostgreSQL when moving to several machines."""
    from service import config
    from service.storage.db import Database
    from service.storage.engines import redact

    url = config.database_url(config.from_env())
    source_url = args.source if "://" in args.source else f"sqlite:///{os.path.abspath(args.source)}"
    if source_url == url:
        print("newsreader: the source is the configured database itself", file=sys.stderr)
        return 2
    source, target = Database(source_url), Database(url)
    try:
        exported = source.export_articles()
        added = target.import_articles(exported)
    finally:
        source.close()
        target.close()
    print(f"{redact(source_url)} -> {redact(url)}: {added} articles added, "
          f"{len(exported) - added} already there")
    return 0


def worker(args) -> int:
    """Render audio from the Redis queue (NEWSREADER_QUEUE_URL) until stopped."""
    from service.render_worker import run

    return run(burst=args.burst, name=args.name)


def extract_file(args) -> int:
    """Print the article a page gives (title, byline, sections); with --explain, first every
    block with the rule or score that kept or dropped it (service/articles/explain.py)."""
    from service.articles import explain
    from service.articles.extract import extract
    from service.models import ExtractionError
    try:
        with open(args.file, "rb") as f:
            raw = f.read()
    except OSError as exc:
        print(f"newsreader: {exc}", file=sys.stderr)
        return 2
    if args.file.endswith(".gz"):
        import gzip
        raw = gzip.decompress(raw)
    with explain.tracing() as decisions:
        try:
            article = extract(raw)
        except ExtractionError as exc:
            article, error = None, exc
    if args.explain:
        print(explain.format_decisions(decisions))
        print()
    if article is None:
        print(f"newsreader: {error}", file=sys.stderr)
        return 2
    print(f"title: {article.title}\nbyline: {article.byline or ''}\n"
          f"published: {article.published or ''}\nlanguage: {article.language or ''}")
    for s in article.sections:
        print(f"\n## {s.heading}{'' if s.own_heading else '  (label, not read)'}")
        for p in s.paragraphs:
            print(f"  {p}")
    return 0


def sources_poll(args) -> int:
    """Poll the due sources once (the server's own poller and this take the same lease, so they
    never poll at the same time); new articles' audio renders when first asked for."""
    from service import config
    from service.sources.schedule import poll_once
    from service.storage.db import Database

    settings = config.from_env()
    db = Database(config.database_url(settings))
    try:
        results = poll_once(db, settings)
    finally:
        db.close()
    if results is None:
        print("newsreader: another poller holds the lease; nothing done", file=sys.stderr)
        return 1
    for r in results:
        line = f"{r.source_id}: {r.status}, {len(r.added)} added"
        print(line + (f" ({r.error})" if r.error else ""))
    return 1 if any(r.status == "failed" for r in results) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsreader", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="run the web service under gunicorn")
    p.add_argument("--host", default=os.environ.get("NEWSREADER_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("NEWSREADER_PORT", 8000)))
    p.add_argument("--workers", type=int, default=int(os.environ.get("NEWSREADER_WORKERS", 2)))
    p.add_argument("--threads", type=int, default=4, help="threads per worker")
    p.add_argument("--timeout", type=int, default=300, help="seconds before a silent worker is restarted")
    p.set_defaults(func=serve)

    p = sub.add_parser("read", help="turn an article file or URL into MP3 files and index.json")
    p.add_argument("source", help="a file (HTML or plain text) or an http(s) URL")
    p.add_argument("-o", "--output", required=True, help="folder for the MP3 files and index.json")
    p.add_argument("--voice", help="eSpeak NG voice id, e.g. en-us (default: from the article's language)")
    p.add_argument("--rate", help="words per minute, 80 to 900 (default 175; above 450 eSpeak's Sonic speed-up)")
    p.add_argument("--allow-private", action="store_true", help="allow fetching loopback/private addresses")
    p.set_defaults(func=read)

    p = sub.add_parser("db", help="the article database (NEWSREADER_DATABASE_URL)")
    db_sub = p.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply the schema migrations it lacks").set_defaults(func=db_upgrade)
    p = db_sub.add_parser("copy", help="copy every article from another database into this one")
    p.add_argument("source", help="its URL (sqlite:///..., postgresql://...) or an SQLite file's path")
    p.set_defaults(func=db_copy)
    p = sub.add_parser("worker", help="render audio from the Redis queue (NEWSREADER_QUEUE_URL)")
    p.add_argument("--burst", action="store_true", help="exit once the queues are empty")
    p.add_argument("--name", help="the worker's name in Redis (default: host.pid.random)")
    p.set_defaults(func=worker)
    p = sub.add_parser("extract", help="print the article a page or text file gives")
    p.add_argument("file", help="an HTML or plain-text file (.gz is read unzipped)")
    p.add_argument("--explain", action="store_true",
                   help="list each block with the rule or score that kept or dropped it")
    p.set_defaults(func=extract_file)
    p = sub.add_parser("sources", help="the followed news feeds")
    sources_sub = p.add_subparsers(dest="sources_command", required=True)
    sources_sub.add_parser("poll", help="poll the sources that are due, once (for cron)").set_defaults(func=sources_poll)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
