-- Followed sources (service/sources/): a news site's RSS/Atom feed, polled on a schedule.
-- id is a hash of the URL (the same on every engine, no sequence); failures and next_try
-- carry the back-off; etag and last_modified make the next poll conditional.
CREATE TABLE IF NOT EXISTS sources (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    created_at DOUBLE PRECISION NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_ok DOUBLE PRECISION,
    last_error TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_try DOUBLE PRECISION NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sources_next_try ON sources (next_try);
-- Each item already taken from a source (its guid, else its link), and the article it made:
-- the same story seen in a later poll is not added again.
CREATE TABLE IF NOT EXISTS source_items (
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    article_id TEXT,
    added_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (source_id, item_key)
);
-- Who polls: one holder per deployment at a time, until its lease expires.
CREATE TABLE IF NOT EXISTS leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL
);
