"""What the extractor says to a listener about an article's structure, in the article's language.

A list, a quote, a table, a code listing and a formula are announced ("A list of 3 items.",
"Quote: ... End of quote.", "A table with 4 rows follows, shown on the page.") so a listener
knows what they hear. The words come from the ``"spoken"`` group of the interface catalogues
(service/i18n), picked by the article's language (English when it has none or no catalogue).
The page prints the article without them: ``written`` takes them out again, with patterns built
from the same catalogue strings in every language, so a new wording needs no second copy here.
"""
from __future__ import annotations

import re
from functools import cache

from service.i18n import catalogue, languages


def list_head(language: str | None, n: int, ordered: bool) -> str:
    return catalogue(language).plural("numbered_list" if ordered else "list", n)


def quote(language: str | None, text: str) -> str:
    return catalogue(language).format("quote", text=text)


def note(language: str | None, key: str, n: int | None = None) -> str:
    """The note read in place of a table (which says its rows), a code listing or a formula."""
    c = catalogue(language)
    return c.plural(key, n) if n is not None else c.format(key)


def written(paragraph: str) -> str:
    """A spoken paragraph without the announcements added for listeners (a list's head, a
    quote's opening and closing words): the words as the page prints them."""
    heads, quotes = _patterns()
    if heads.match(paragraph):
        return ""
    m = quotes.match(paragraph)
    return next(g for g in m.groups() if g is not None) if m else paragraph


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """A list head and a quote in any catalogue's language, as regular expressions."""
    heads, quotes = set(), set()
    for lang in languages():
        c = catalogue(lang)
        for key in ("list_one", "list_other", "numbered_list_one", "numbered_list_other"):
            heads.add(re.escape(c.spoken[key]).replace(re.escape("{n}"), r"\d+"))
        quotes.add(re.escape(c.spoken["quote"]).replace(re.escape("{text}"), "(.*)"))
    return (re.compile("^(?:" + "|".join(sorted(heads)) + ")$"),
            re.compile("^(?:" + "|".join(sorted(quotes)) + ")$", re.DOTALL))
