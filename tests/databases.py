"""Running a test module on both database engines: `pytestmark = both_databases`."""
from __future__ import annotations

import pytest

# Parametrizes conftest's autouse `database` fixture: each test runs on SQLite and on PostgreSQL.
both_databases = pytest.mark.parametrize("database", ["sqlite", "postgresql"], indirect=True)
# For what only a server does (refusing connections, a full tablespace).
only_postgresql = pytest.mark.parametrize("database", ["postgresql"], indirect=True)
