"""The interface speaks the article's language (issue 15, point 3) and keeps its headings'
structure (point 7). A German article gets German interface strings, in the page and in what the
player says, under lang="de"; the name "newsreader" stays English and says so. An article in a
language without a catalogue (Italian) keeps an English interface, each part marked lang="en".
The article's own h2 and h3 are an h2 and an h3 on the page."""
from __future__ import annotations

import json
import re
from pathlib import Path

import requests

from tests.browser.axe_check import axe_violations
from tests.browser.player_state import open_settings, ready

CATALOGUES = Path(__file__).resolve().parents[2] / "service" / "i18n"
GERMAN = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Die Bibliothek verleiht Teleskope</title>
<meta name="author" content="Jana Berger"></head><body><article><h1>Die Bibliothek verleiht Teleskope</h1>
<p>Die Stadtbibliothek verleiht jetzt Teleskope, so wie sie Bücher verleiht, und die Warteliste ist in einem Monat auf dreihundert Namen gewachsen. Die kleinen Geräte sind jeden Abend unterwegs und kommen mit Geschichten über den Mond und die Planeten zurück.</p>
<h2>Wie die Ausleihe funktioniert</h2>
<p>Ein Mitglied kann ein Teleskop für zwei Wochen ausleihen, mit einer gedruckten Anleitung, einer roten Lampe und einer Karte der hellsten Sterne für jede Jahreszeit. Die Geräte sind robust und einfach zu tragen.</p>
<h3>Wer die Geräte prüft</h3>
<p>Zurückgegebene Teleskope werden von Freiwilligen aus dem Astronomieverein geprüft, die die Spiegel reinigen und jede Schraube festziehen, bevor die nächste Ausleihe beginnt.</p>
<h2>Was als Nächstes kommt</h2>
<p>Im Frühling will die Bibliothek Ferngläser für die Vogelbeobachtung anbieten und im Sommer ein Mikroskop für die Ferien. Die Mitarbeiter hoffen, dass die Mitglieder nun auch die Welt zu ihren Füßen genau ansehen.</p>
</article></body></html>"""
ITALIAN = """<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>La biblioteca presta i telescopi</title></head>
<body><article><h1>La biblioteca presta i telescopi</h1><p class="byline">Di Giulia Rossi</p>
<p>La biblioteca comunale ora presta i telescopi come presta i libri, e la lista di attesa è cresciuta fino a trecento nomi in un solo mese. I piccoli strumenti escono ogni sera e tornano con storie sulla luna e sui pianeti.</p>
<h2>Come funziona il prestito</h2>
<p>Un socio può prendere in prestito un telescopio per due settimane, con una guida stampata, una torcia rossa e una carta delle stelle più luminose per ogni stagione. Gli strumenti sono robusti e facili da portare.</p>
</article></body></html>"""


def post(base_url: str, html: str) -> dict:
    resp = requests.post(f"{base_url}/api/articles", json={"html": html, "rate": 450}, timeout=30)
    assert resp.status_code in (200, 201), resp.text
    return resp.json()


def strings(lang: str) -> dict[str, str]:
    data = json.loads((CATALOGUES / f"{lang}.json").read_text(encoding="utf-8"))
    return {**data["page"], **data["player"]}


# The language each interface part is read in, and its words (what a screen reader meets).
INTERFACE = """() => [...document.querySelectorAll('a.skip, #player, #toc, .downloads, .byline, .date, '
  + '#player button, #player summary, #player label, #player option, #player legend, #toc summary')]
  .map((el) => [el.closest('[lang]').lang, el.getAttribute('aria-label') || el.textContent.trim()])"""


def test_the_german_page_speaks_german_and_says_so(open_page, base_url):
    german = post(base_url, GERMAN)
    assert german["language"] == "de"
    page = ready(open_page(german["page_url"]))
    open_settings(page)
    page.locator("#toc summary").click()
    de, en = strings("de"), strings("en")
    assert page.locator("html").get_attribute("lang") == "de"
    parts = page.evaluate(INTERFACE)
    assert {lang for lang, _ in parts} == {"de"}
    english = {v for k, v in en.items() if v != de[k] and "{" not in v}
    assert [name for _, name in parts if name in english] == []
    assert page.inner_text("a.skip") == de["skip_text"] == "Zum Artikeltext springen"
    assert page.inner_text("#play") == "Abspielen"
    assert page.inner_text("#player-heading") == "Hörfassung dieses Artikels"
    assert page.inner_text(".byline") == "Von Jana Berger"
    assert page.locator("header.site a").get_attribute("lang") == "en"  # the name stays English
    # what the player says is German too
    page.select_option("#sleep", "5")
    assert page.inner_text("#status") == "Ausschalttimer: hält in 5 Minuten an."
    assert re.fullmatch(r"0 Sekunden von (1 Minute |\d+ Minuten )?(1 Sekunde|\d+ Sekunden)",
                        page.get_attribute("#seek", "aria-valuetext"))
    assert page.inner_text("option[value='1.5']") == "1,5x"
    # the article's own structure: h2, h3, h2
    main = page.locator("#text").aria_snapshot()
    assert re.findall(r'- heading "([^"]+)" \[level=(\d)\]', main) == [
        (german["sections"][0]["heading"], "2"), ("Wie die Ausleihe funktioniert", "2"),
        ("Wer die Geräte prüft", "3"), ("Was als Nächstes kommt", "2")]
    assert [s["level"] for s in german["sections"]] == [2, 2, 3, 2]
    assert axe_violations(page) == []


def test_a_language_without_a_catalogue_keeps_english_marked_as_english(open_page, base_url):
    italian = post(base_url, ITALIAN)
    assert italian["language"] == "it"
    page = ready(open_page(italian["page_url"]))
    assert page.locator("html").get_attribute("lang") == "it"
    assert {lang for lang, _ in page.evaluate(INTERFACE)} == {"en"}
    assert page.inner_text("#play") == "Play"
    assert page.locator("#toc a").first.get_attribute("lang") == "it"  # the article's own words
    assert page.locator("h1").evaluate("el => el.closest('[lang]').lang") == "it"
    assert axe_violations(page) == []
