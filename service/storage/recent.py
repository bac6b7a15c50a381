"""Answers from a remote store kept for a short while, so a page or a feed that asks about many
audio files does not make a round trip for each of them on every request.

At most `most` answers are kept (the least recently stored go first), each trusted for up to
`ttl` seconds, or less when the caller asks (`max_age`). Thread-safe.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict


class Recent:
    def __init__(self, ttl: float, most: int):
        self.ttl, self.most = ttl, most
        self._items: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, name: str, max_age: float | None = None):
        """The answer stored for `name` no longer than `max_age` (default: ttl) ago, else None."""
        with self._lock:
            item = self._items.get(name)
        if item is None or time.monotonic() - item[0] > (self.ttl if max_age is None else max_age):
            return None
        return item[1]

    def put(self, name: str, value) -> None:
        with self._lock:
            self._items[name] = (time.monotonic(), value)
            self._items.move_to_end(name)
            while len(self._items) > self.most:
                self._items.popitem(last=False)

    def drop(self, name: str) -> None:
        with self._lock:
            self._items.pop(name, None)
