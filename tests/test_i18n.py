"""The interface catalogues (service/i18n): every language has every string with the same
placeholders as English; an article's language picks its catalogue (a regional tag its
language's), one without a catalogue gets English; and the byline is spoken in the article's
language, as the page prints it."""
from __future__ import annotations

import re

import pytest

from service.i18n import catalogue, languages
from service.models import Article, Section
from service.speech.tracks import plan_tracks


def all_strings(lang: str) -> dict[str, str]:
    c = catalogue(lang)
    return {**c.page, **c.player, **c.spoken}


@pytest.mark.parametrize("lang", ["de", "fr", "es"])
def test_every_catalogue_has_every_string_with_the_same_placeholders(lang):
    en, other = all_strings("en"), all_strings(lang)
    assert other.keys() == en.keys()
    for key, text in en.items():
        assert sorted(re.findall(r"\{\w+\}", other[key])) == sorted(re.findall(r"\{\w+\}", text)), key
        assert other[key].strip(), key


def test_the_article_language_picks_the_catalogue():
    assert set(languages()) >= {"en", "de", "fr", "es"}
    assert catalogue("de").lang == "de" and catalogue("de-AT").lang == "de" and catalogue("FR").lang == "fr"
    assert catalogue("it").lang == "en" and catalogue(None).lang == "en"
    assert catalogue("de").format("section_mp3", n=2, m=5) == "Abschnitt 2 von 5 (MP3)"
    with pytest.raises(AttributeError):
        catalogue("de").no_such_string


@pytest.mark.parametrize(("lang", "said"), [("en", "By Jana Berger"), ("de", "Von Jana Berger"),
                                             ("fr", "Par Jana Berger"), ("es", "Por Jana Berger")])
def test_the_byline_is_spoken_in_the_article_language(lang, said):
    article = Article("Titel", "Jana Berger", None, lang, [Section("Teil", ["Ein Satz."])])
    whole = plan_tracks(article, "de", 175)[-1]
    assert whole.pieces[1].text.written == said
