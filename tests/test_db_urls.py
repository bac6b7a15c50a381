"""Database URLs and SQL scripts, without a server: parsing, redaction, statement splitting."""
from __future__ import annotations

import pytest

from service.storage.engines import open_engine, redact, sqlite_url, split_statements

def test_split_statements_keeps_semicolons_in_strings():
    assert split_statements("-- head\nCREATE TABLE t (x TEXT);\nINSERT INTO t VALUES ('a;b');\n-- tail\n") == [
        "-- head\nCREATE TABLE t (x TEXT);", "INSERT INTO t VALUES ('a;b');"]
    with pytest.raises(ValueError, match="does not end"):
        split_statements("CREATE TABLE t (x TEXT)")


def test_urls():
    assert redact("postgresql://news:s3cret@db.example.org:5432/newsreader") == \
        "postgresql://news:***@db.example.org:5432/newsreader"
    assert redact("postgresql://news@db/newsreader") == "postgresql://news@db/newsreader"
    with pytest.raises(ValueError, match="must start with"):
        open_engine("mysql://x:pw@y/z")
    assert open_engine(sqlite_url("/tmp/x.db")).path == "/tmp/x.db"
