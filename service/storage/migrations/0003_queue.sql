-- The listening queue ("Up next"), in order; the articles played to the end; and where each
-- article was left under a private listening token (positions across devices). An article's
-- rows go with it (ON DELETE CASCADE).
CREATE TABLE queue_entries (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,        -- 0, 1, 2 ... in listening order, renumbered on each change
    added_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX queue_entries_position ON queue_entries (position);
CREATE TABLE listened (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    listened_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE positions (
    token TEXT NOT NULL,              -- the listening token the player sent (settings: listening_token)
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seconds DOUBLE PRECISION NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (token, article_id)
);
