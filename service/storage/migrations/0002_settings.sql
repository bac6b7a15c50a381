-- Small facts decided once and kept (service/feed/identity.py): each feed's podcast:guid, the
-- public base URL of the feeds, and the time the feeds last changed, which only ever rises.
CREATE TABLE IF NOT EXISTS settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
