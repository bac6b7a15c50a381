"""The announcements added for listeners (a list's head, a quote's opening and closing words, the
notes read for a table and a code listing) are said in the article's language: a German, a
French and a Spanish page each extracted for real, their spoken text checked for that
language's words and run through real eSpeak with that language's voice; the page's own text
(shown_text) carries none of them; an English page and an Italian one (no catalogue) get the
English announcements."""
from __future__ import annotations

import re

import pytest

from service.articles import announce
from service.articles.extract import extract
from service.articles.segment import shown_text
from service.i18n import catalogue, languages
from service.speech.phonemes import text_to_phonemes

PAGES = {
    "de": {
        "title": "Die neue Brücke kommt",
        "lead": ("Der Stadtrat hat am Montag beschlossen, dass die neue Brücke über den Fluss im "
                 "nächsten Jahr gebaut wird, und die meisten Bürger sind darüber sehr froh."),
        "items": ["Die Kosten steigen leicht", "Die Bauzeit beträgt zwei Jahre",
                  "Der Verkehr wird umgeleitet"],
        "quote": "Wir freuen uns auf den kürzeren Weg zur Arbeit und zur Schule.",
        "table": [["Jahr", "Kosten"], ["2027", "4 Millionen"]],
        "end": ("Die Arbeiten sollen im Frühjahr beginnen und etwa zwei Jahre dauern, teilte "
                "die Stadtverwaltung in einer Mitteilung mit, die am Dienstag erschien."),
        "said": ["Eine Liste mit 3 Einträgen.", "Zitat: {quote} Ende des Zitats.",
                 "Es folgt eine Tabelle mit 1 Zeile, auf der Seite gezeigt.",
                 "Es folgt ein Codebeispiel, auf der Seite gezeigt."],
        "three": "dr'aI",
    },
    "fr": {
        "title": "Le nouveau pont arrive",
        "lead": ("Le conseil municipal a décidé lundi que le nouveau pont sur le fleuve serait "
                 "construit l'année prochaine, et la plupart des habitants en sont très contents."),
        "items": ["Les coûts augmentent un peu", "Les travaux dureront deux ans",
                  "La circulation sera déviée"],
        "quote": "Nous attendons avec impatience un trajet plus court pour aller au travail.",
        "table": [["Année", "Coût"], ["2027", "4 millions"]],
        "end": ("Les travaux doivent commencer au printemps et durer environ deux ans, a indiqué "
                "la mairie dans un communiqué publié mardi dans la matinée."),
        "said": ["Une liste de 3 éléments.", "Citation : {quote} Fin de citation.",
                 "Voici un tableau de 1 ligne, affiché sur la page.",
                 "Voici un extrait de code, affiché sur la page."],
        "three": "trw'a",
    },
    "es": {
        "title": "Llega el nuevo puente",
        "lead": ("El ayuntamiento decidió el lunes que el nuevo puente sobre el río se construirá "
                 "el próximo año, y la mayoría de los vecinos están muy contentos con la noticia."),
        "items": ["Los costes suben un poco", "Las obras durarán dos años",
                  "El tráfico se desviará"],
        "quote": "Esperamos con ganas un camino más corto para ir al trabajo y a la escuela.",
        "table": [["Año", "Coste"], ["2027", "4 millones"]],
        "end": ("Las obras empezarán en primavera y durarán unos dos años, según informó el "
                "ayuntamiento en un comunicado que se publicó el martes por la mañana."),
        "said": ["Una lista de 3 elementos.", "Cita: {quote} Fin de la cita.",
                 "A continuación, una tabla de 1 fila, que se muestra en la página.",
                 "A continuación, un fragmento de código, que se muestra en la página."],
        "three": "t**'es",
    },
}
ENGLISH = ["A list of 3 items.", "Quote: {quote} End of quote.",
           "A table with 1 row follows, shown on the page.",
           "A code listing follows, shown on the page."]
PAGES["it"] = {  # Italian: no catalogue, so English
    "title": "Arriva il nuovo ponte",
    "lead": ("Il consiglio comunale ha deciso lunedì che il nuovo ponte sul fiume sarà costruito "
             "il prossimo anno, e la maggior parte dei cittadini ne è molto contenta."),
    "items": ["I costi salgono un po'", "I lavori dureranno due anni", "Il traffico sarà deviato"],
    "quote": "Aspettiamo con gioia una strada più breve per andare al lavoro e a scuola.",
    "table": [["Anno", "Costo"], ["2027", "4 milioni"]],
    "end": ("I lavori inizieranno in primavera e dureranno circa due anni, ha comunicato il "
            "comune in una nota pubblicata martedì mattina."),
    "said": ENGLISH,
}
PAGES["en"] = {
    "title": "The new bridge is coming",
    "lead": ("The city council decided on Monday that the new bridge over the river will be "
             "built next year, and most of the people who live here are very glad about it."),
    "items": ["Costs rise a little", "The work will take two years", "Traffic will be diverted"],
    "quote": "We look forward to a shorter way to work and to school.",
    "table": [["Year", "Cost"], ["2027", "4 million"]],
    "end": ("The work is to begin in the spring and to take about two years, the city said in "
            "a statement that was published on Tuesday morning."),
    "said": ENGLISH,
}
LOCALISED = ["de", "es", "fr"]
CODE = "total = sum(costs)"


def page(lang: str, declared: str | None = None) -> str:
    p = PAGES[lang]
    head, body = p["table"]
    return (f"<!doctype html><html lang='{declared or lang}'><head><title>{p['title']}</title>"
            f"</head><body><article><h1>{p['title']}</h1><p>{p['lead']}</p>"
            "<ul>" + "".join(f"<li>{i}</li>" for i in p["items"]) + "</ul>"
            f"<blockquote><p>{p['quote']}</p></blockquote>"
            "<table><thead><tr>" + "".join(f"<th>{c}</th>" for c in head) + "</tr></thead>"
            "<tbody><tr>" + "".join(f"<td>{c}</td>" for c in body) + "</tr></tbody></table>"
            f"<pre><code>{CODE}</code></pre><p>{p['end']}</p></article></body></html>")


def announcements(lang: str) -> list[str]:
    return [s.format(quote=PAGES[lang]["quote"]) for s in PAGES[lang]["said"]]


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_the_spoken_text_announces_structure_in_the_article_language(lang):
    article = extract(page(lang))
    assert article.language == lang
    spoken = article.paragraphs
    for said in announcements(lang):
        assert said in spoken
    # in reading order: the list's head just before its items, the notes where the page has them
    head = spoken.index(announcements(lang)[0])
    assert spoken[head + 1:head + 4] == [i + "." for i in PAGES[lang]["items"]]
    assert [spoken.index(s) for s in announcements(lang)] == sorted(
        spoken.index(s) for s in announcements(lang))
    if PAGES[lang]["said"] is not ENGLISH:
        assert [p for p in spoken if re.search(r"\b(list|Quote|table|listing|shown)\b", p)] == []


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_the_shown_text_has_none_of_the_announcements(lang):
    shown = shown_text(extract(page(lang)))
    p = PAGES[lang]
    assert p["quote"] in shown.split("\n\n")  # the quote's own words, alone in their paragraph
    assert CODE in shown and " ".join(p["table"][1]) in shown
    words = {w for said in PAGES[lang]["said"] for w in re.findall(r"[^\W\d_]{4,}", said)}
    page_words = set(re.findall(r"[^\W\d_]{4,}", page(lang)))
    # the announcement's own words, not ones the article uses
    assert (words - page_words) & set(re.findall(r"[^\W\d_]{4,}", shown)) == set()


@pytest.mark.parametrize("lang", LOCALISED)
def test_espeak_says_the_announcements_in_the_article_voice(lang):
    """eSpeak, reading English words with a German or French voice, switches to English for
    the words it knows as English (``(en)`` in its phonemes): the announcements have none, and
    their count is said as the language's number word."""
    for said in announcements(lang):
        phonemes = text_to_phonemes(said, lang)
        assert not re.search(r"\((?!%s\))[a-z]{2}[-\w]*\)" % lang, phonemes), (said, phonemes)
    assert PAGES[lang]["three"] in text_to_phonemes(announcements(lang)[0], lang)
    if lang != "es":  # the check above can fail: the old English head does switch
        assert "(en)" in text_to_phonemes("A list of 3 items.", lang)


@pytest.mark.parametrize("lang", languages())
def test_written_takes_out_every_language_announcements(lang):
    for n in (0, 1, 2, 12):
        for ordered in (False, True):
            head = announce.list_head(lang, n, ordered)
            assert re.search(r"\d", head) and announce.written(head) == ""
    text = "Ein Satz: mit Doppelpunkt. Und noch einer."
    assert announce.written(announce.quote(lang, text)) == text
    assert announce.written(text) == text


def test_plural_forms_follow_each_language():
    assert catalogue("en").plural("table", 1).startswith("A table with 1 row ")
    assert catalogue("en").plural("table", 0).startswith("A table with 0 rows ")
    assert "1 Zeile," in catalogue("de").plural("table", 1)
    assert "0 Zeilen," in catalogue("de").plural("table", 0)
    # French counts zero in the singular, Spanish does not
    assert catalogue("fr").plural("list", 0) == "Une liste de 0 élément."
    assert catalogue("fr").plural("list", 2) == "Une liste de 2 éléments."
    assert catalogue("es").plural("list", 0) == "Una lista de 0 elementos."
    assert catalogue("es").plural("list", 1) == "Una lista de 1 elemento."


def test_pasted_plain_text_is_announced_in_its_detected_language():
    p = PAGES["de"]
    text = (f"{p['title']}\n\n{p['lead']}\n\n" + "".join(f"- {i}\n" for i in p["items"])
            + f"\n> {p['quote']}\n\n{p['end']}\n")
    article = extract(text, as_html=False)
    assert article.language == "de"
    assert announcements("de")[:2] == [q for q in article.paragraphs
                                       if q.startswith(("Eine Liste", "Zitat"))]
