-- The schema as it was before migrations were numbered: IF NOT EXISTS lets a database made by
-- that code adopt it unchanged (SQLite reads DOUBLE PRECISION and REAL alike; PostgreSQL's REAL
-- would be 4 bytes, too few for a Unix time).
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    created_at DOUBLE PRECISION NOT NULL,
    title TEXT NOT NULL,
    data TEXT NOT NULL                -- the article as extracted, JSON
);
CREATE INDEX IF NOT EXISTS articles_created ON articles (created_at DESC);
CREATE TABLE IF NOT EXISTS tracks (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,             -- section index; -1 for the whole article
    key TEXT NOT NULL,                -- audio cache key (file name without .mp3)
    state TEXT NOT NULL DEFAULT 'pending',
    duration_s DOUBLE PRECISION,
    error TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX IF NOT EXISTS tracks_key ON tracks (key);
