-- A database made by the code before numbered migrations (service/storage/db.py at 94d3d18:
-- its SCHEMA, insert_article and set_track_state), dumped with sqlite3's iterdump. Two articles
-- sharing a section file, tags on one, ready, failed and pending tracks. tests/test_db.py
-- loads it and opens it with today's Database: nothing may be lost.
BEGIN TRANSACTION;
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    title TEXT NOT NULL,
    data TEXT NOT NULL
);
INSERT INTO "articles" VALUES('aaaaaaaaaaaaaaaa',1.79629228372393727301e+09,'Council votes to rebuild the bridge','{"title": "Council votes to rebuild the bridge", "byline": "By Ann Writer", "published": "2017-01-23", "language": "en", "url": null, "voice": "en-us", "rate": 175, "tags": ["local", "roads"], "sections": [{"heading": "Council votes to rebuild the bridge", "paragraphs": ["Council votes to rebuild the bridge: the first paragraph."]}]}');
INSERT INTO "articles" VALUES('bbbbbbbbbbbbbbbb',1.79629228372496962552e+09,'Harbour board meets again','{"title": "Harbour board meets again", "byline": "By Ann Writer", "published": "2017-01-23", "language": "en", "url": null, "voice": "en-us", "rate": 175, "tags": [], "sections": [{"heading": "Harbour board meets again", "paragraphs": ["Harbour board meets again: the first paragraph."]}]}');
CREATE TABLE tracks (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,          -- section index; -1 for the whole article
    key TEXT NOT NULL,             -- audio cache key (file name without .mp3)
    state TEXT NOT NULL DEFAULT 'pending',
    duration_s REAL,
    error TEXT,
    PRIMARY KEY (article_id, idx)
);
INSERT INTO "tracks" VALUES('aaaaaaaaaaaaaaaa',0,'11111111111111111111111111111111','ready',12.345,NULL);
INSERT INTO "tracks" VALUES('aaaaaaaaaaaaaaaa',-1,'22222222222222222222222222222222','ready',30.5,NULL);
INSERT INTO "tracks" VALUES('bbbbbbbbbbbbbbbb',0,'33333333333333333333333333333333','failed',NULL,'the speech engine died');
INSERT INTO "tracks" VALUES('bbbbbbbbbbbbbbbb',1,'11111111111111111111111111111111','ready',12.345,NULL);
INSERT INTO "tracks" VALUES('bbbbbbbbbbbbbbbb',-1,'44444444444444444444444444444444','pending',NULL,NULL);
CREATE INDEX articles_created ON articles (created_at DESC);
CREATE INDEX tracks_key ON tracks (key);
COMMIT;
