-- The listener's pronunciation dictionary (service/speech/pronounce.py): one entry per written
-- form and language ('' for every language); booleans as 0/1, the same on both engines.
CREATE TABLE IF NOT EXISTS pronunciations (
    id TEXT PRIMARY KEY,
    written TEXT NOT NULL,
    language TEXT NOT NULL,
    say TEXT NOT NULL,
    whole_word INTEGER NOT NULL,
    case_sensitive INTEGER NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL,
    UNIQUE (written, language)
);
