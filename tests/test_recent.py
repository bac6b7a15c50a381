"""Recent answers: trusted for their time only, bounded in number, dropped on demand."""
from __future__ import annotations

import time

from service.storage.recent import Recent


def test_an_answer_is_trusted_for_its_time_only():
    recent = Recent(ttl=0.2, most=10)
    recent.put("a", {"size": 1})
    assert recent.get("a") == {"size": 1}
    assert recent.get("a", max_age=0.0) is None  # a caller wanting it fresher asks again
    time.sleep(0.25)
    assert recent.get("a") is None


def test_the_least_recently_stored_go_first_and_drop_forgets():
    recent = Recent(ttl=60, most=2)
    for name in "abc":
        recent.put(name, name.upper())
    assert [recent.get(n) for n in "abc"] == [None, "B", "C"]
    recent.put("b", "B2")  # stored again: now the newest
    recent.put("d", "D")
    assert [recent.get(n) for n in "bcd"] == ["B2", None, "D"]
    recent.drop("b")
    assert recent.get("b") is None
