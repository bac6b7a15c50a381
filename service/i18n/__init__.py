"""The player page's interface strings in the article's own language.

One small JSON catalogue per language (en.json is the reference; de, fr and es hold the same
keys), read once. The page's interface follows the article's language when a catalogue exists
for it; otherwise it stays English and the page marks it ``lang="en"``, so a screen reader
reads it with an English voice instead of the article's. Strings hold ``{name}`` placeholders,
filled by ``Catalogue.format`` here and by the player in the browser.

Keys under ``"player"`` are the ones the player script needs; the template hands only those
to the browser (a data attribute). Keys under ``"spoken"`` are the announcements the extractor
adds to an article's spoken text (service/articles/announce.py); ``"page"`` is the template's.
A counted string comes in two keys, ``<key>_one`` and ``<key>_other``, picked by ``plural``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = "en"


@dataclass(frozen=True)
class Catalogue:
    lang: str  # the language the strings are in
    page: dict[str, str]
    player: dict[str, str]
    spoken: dict[str, str]

    def __getattr__(self, key: str) -> str:
        # templates write {{ t.play }}; a key missing from every group is a bug, not a blank
        for group in (self.page, self.player, self.spoken):
            if key in group:
                return group[key]
        raise AttributeError(key)

    def format(self, key: str, **values) -> str:
        return getattr(self, key).format(**values)

    def plural(self, key: str, n: int, **values) -> str:
        """The `key` string for a count of `n`, in this language's singular or plural form."""
        form = "one" if n in _SINGULAR.get(self.lang, (1,)) else "other"
        return self.format(f"{key}_{form}", n=n, **values)


# the counts that take the singular; French says "0 élément" as it says "1 élément"
_SINGULAR = {"fr": (0, 1)}


def languages() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.json"))


@cache
def _load(lang: str) -> Catalogue:
    data = json.loads((HERE / f"{lang}.json").read_text(encoding="utf-8"))
    return Catalogue(lang, data["page"], data["player"], data["spoken"])


def catalogue(language: str | None) -> Catalogue:
    """The strings for an article in `language` (a BCP 47 tag): its own, or English."""
    primary = (language or DEFAULT).split("-")[0].lower()
    return _load(primary if primary in languages() else DEFAULT)
