"""Normalization of written news into what eSpeak NG should say (issues 4 and 14).

The table tests/data/normalize_cases.tsv holds real-style news phrases across sections
(politics, courts, sports, business, science, weather, world: a category per row) and what
should be heard. Each row tuned on is checked two ways:
  1. normalize(phrase) == expected spoken text;
  2. what eSpeak NG actually says (its phonemes, via espeak_TextToPhonemes) for
     normalize(phrase) equals its phonemes for the expected text, and, whenever the
     normalizer changed the phrase, differs from its phonemes for the raw phrase (the fix
     matters). Rows flagged "=" are rewrites eSpeak already got right (kept for a uniform
     reading of numbers and for the time mapping), where equality is allowed.
Rows marked "held" were written before the classify/verbalize rework and not tuned on:
they are judged only by what eSpeak says, as a whole (a floor under the first measured
share, 94.3%, below the issue's aim of 97%), and
bench/normalize_cases.py reports them per section beside bare eSpeak NG. "held3" (185 rows
across the seven sections) was written for issue 14's second round before any of its code
changed, and first measured at 93.0% (bare eSpeak NG 5.9%); after the round's changes, tuned
only on rows of its own, 93.5% (95.1% once three of its labels were corrected: see the table).
"held4" (158 rows of wire copy, agate, markets, bulletins and world news) was written for the
third round before its code changed: 53.2% by the strict check, 82.9% with stress and pauses
set aside (bench/normalize_cases.py "same sounds"); 62.0% / 93.0% after the round.
"held5" (102 rows, labels in the tuning rows' convention) was written for the fourth round
before its code: 82.4% / 89.2% first, 92.2% / 93.1% once eleven labels were brought to that
convention (same words), 99.0% / 99.0% after the round.
"held6" (170 rows, written by another engineer for the fifth round, appended unchanged) was
first measured at 71.2% strict, 83.5% same sounds (bare eSpeak NG 6.5%); 89.4% / 90.0% once 32
labels were brought to the table's convention (same meaning), before any code saw it (9 of them
later given back their hyphens by the compound-adjective convention); 99.4% / 100% after the
round, whose fixes were tuned on new rows of the same kinds.
"held8" (210 rows, 30 per section, written blind by another engineer for the sixth round,
appended unchanged) was first measured at 82.4% strict, 86.2% same sounds (bare eSpeak NG 6.2%);
85.7% / 87.1% once 9 labels were brought to the table's convention (same words), before any code;
100% / 100% after the round, whose fixes were tuned on new rows of the same kinds (99.5% with
round 7's "(OT)" as "in overtime", where one held8 label says "(overtime)").

Decisions these cases pin down (see service/speech/normalize/):
  - "1958" is a year ("nineteen fifty-eight"); "1958 people" is a count ("one thousand nine
    hundred fifty-eight people"); "1,958" is left to eSpeak; "Flight 1549" is a flight's number, said in pairs.
  - "St." is Saint before a name, Street after one; "Dr." Doctor before a name, Drive after
    a street name; "No." is "number" only before a digit.
"""
from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.speech.normalize import (
    cardinal_words, normalize, normalize_with_map, original_span, year_words)

CASES_FILE = Path(__file__).parent / "data" / "normalize_cases.tsv"


SECTIONS = {"politics", "courts", "sports", "business", "science", "weather", "world"}


def load_rows() -> list[list[str]]:
    """(written, spoken, flag, category, held) for every row of the table."""
    rows = []
    with CASES_FILE.open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0].startswith("#"):
                continue
            rows.append(row + [""] * (5 - len(row)))
    return rows


ROWS = load_rows()
# Sets written blind by other engineers in issue 14's last session: each floor is its figure when
# it was added, so none can slip. First figures, on the code each met first (strict): held7 74.7%
# (82.4% with 20 labels in the table's convention), held9 74.7%, held10 80.0%, held11 88.5%
# (91.0%), held12 92.5% (94.0%), held13 91.5% (93.5%; measured once, before the last round).
LATE_FLOORS = {"held7": 0.91, "held9": 0.87, "held10": 0.91, "held11": 0.96, "held12": 0.94,
               "held13": 0.95, "held14": 0.82, "held15": 0.83, "held16": 0.84, "held17": 0.82}
CASES = [(w, s, flag) for w, s, flag, _, held in ROWS if not held]
HELD = [(w, s) for w, s, _, _, held in ROWS
        if held and held not in ("held4", "held5", "held6", "held8", *LATE_FLOORS)]
# held4 (issue 14's third round) is judged apart: it was first measured far below the older
# sets, and its floor is the figure it was first measured at, so it can only rise.
HELD4 = [(w, s) for w, s, _, _, held in ROWS if held == "held4"]

# The failures measured in the issue: each must appear in the table, be rewritten, and the
# rewrite must change what eSpeak says.
ISSUE_BAD_CASES = ["Jan. 23", "$1.5 billion", "Sec. ", "Gen. ", "Gov. ", "Sen. ", "Mt. ",
                   "1958", "12/25/1990", "98-97", "555-1234", "104°F", "€20", "5.2m",
                   "1990s-era", "No. 1", "D-Mass.", "https://", "www."]


@pytest.fixture(scope="module")
def phonemes():
    from service.speech.phonemes import text_to_phonemes

    cache: dict[str, str] = {}

    def get(text: str) -> str:
        if text not in cache:
            cache[text] = text_to_phonemes(text, "en-us")
        return cache[text]

    return get


def test_table_is_big_enough():
    assert len(ROWS) >= 500
    assert len(HELD) >= 100
    assert len({r[0] for r in ROWS}) == len(ROWS), "duplicate phrases in the table"


def test_every_row_has_a_section():
    assert {r[3] for r in ROWS} == SECTIONS
    assert {r[4] for r in ROWS} <= {"", "held", "held2", "held3", "held4", "held5", "held6", "held8",
                                    *LATE_FLOORS}


# The issue aims at 97% on phrases not tuned on; the held-back rows were first judged at
# 94.3% (132 of 140; see bench/normalize_cases.py --held): this floor keeps that from slipping.
HELD_FLOOR = 0.94


def test_held_back_rows_are_heard_right(phonemes):
    """The rows not tuned on, judged like the issue's own check: by what eSpeak says."""
    wrong = [(w, normalize(w), s) for w, s in HELD if phonemes(normalize(w)) != phonemes(s)]
    rate = 1 - len(wrong) / len(HELD)
    assert rate >= HELD_FLOOR, f"{rate:.1%} heard right; wrong: " + "; ".join(
        f"{w!r} -> {got!r} (expected {s!r})" for w, got, s in wrong)


HELD4_FLOOR = 0.61  # first measured 53.2%, 61.4% after the round's fixes (tuned on rows of its own)


def test_held4_rows_do_not_slip(phonemes):
    wrong = [w for w, s in HELD4 if phonemes(normalize(w)) != phonemes(s)]
    assert 1 - len(wrong) / len(HELD4) >= HELD4_FLOOR, wrong


HELD5 = [(w, s) for w, s, _, _, held in ROWS if held == "held5"]
HELD5_FLOOR = 0.98  # first 82.4% (92.2% with eleven labels corrected, before any code); 99.0% after


def test_held5_rows_do_not_slip(phonemes):
    wrong = [w for w, s in HELD5 if phonemes(normalize(w)) != phonemes(s)]
    assert 1 - len(wrong) / len(HELD5) >= HELD5_FLOOR, wrong


HELD6 = [(w, s) for w, s, _, _, held in ROWS if held == "held6"]
# first measured 71.2% strict (83.5% same sounds); 89.4% with 32 labels brought to the table's
# convention before any code saw it; 99.4% after the round (tuned on rows of its kinds, not its own)
HELD6_FLOOR = 0.98


def test_held6_rows_do_not_slip(phonemes):
    wrong = [w for w, s in HELD6 if phonemes(normalize(w)) != phonemes(s)]
    assert len(HELD6) >= 150
    assert 1 - len(wrong) / len(HELD6) >= HELD6_FLOOR, wrong


HELD8 = [(w, s) for w, s, _, _, held in ROWS if held == "held8"]
# first 82.4% strict (86.2% same sounds); 85.7% with 9 labels corrected, before any code; 100% after
# the round, whose fixes were tuned on new rows of the same kinds (the floor leaves room for one slip)
HELD8_FLOOR = 0.99


def test_held8_rows_do_not_slip(phonemes):
    wrong = [w for w, s in HELD8 if phonemes(normalize(w)) != phonemes(s)]
    assert len(HELD8) == 210
    assert 1 - len(wrong) / len(HELD8) >= HELD8_FLOOR, wrong


@pytest.mark.parametrize("mark", sorted(LATE_FLOORS))
def test_late_held_sets_do_not_slip(mark, phonemes):
    rows = [(w, s) for w, s, _, _, held in ROWS if held == mark]
    wrong = [w for w, s in rows if phonemes(normalize(w)) != phonemes(s)]
    assert len(rows) >= 150
    assert 1 - len(wrong) / len(rows) >= LATE_FLOORS[mark], wrong


@pytest.mark.parametrize("written,spoken,flag", CASES, ids=[c[0][:40] for c in CASES])
def test_spoken_text(written, spoken, flag):
    assert normalize(written) == spoken


@pytest.mark.parametrize("written,spoken,flag", CASES, ids=[c[0][:40] for c in CASES])
def test_espeak_says_it(written, spoken, flag, phonemes):
    said = phonemes(normalize(written))
    assert said == phonemes(spoken)
    if spoken != written and flag != "=":
        assert said != phonemes(written), "eSpeak already said this right: flag it '='"


@pytest.mark.parametrize("snippet", ISSUE_BAD_CASES)
def test_issue_failures_are_covered(snippet, phonemes):
    rows = [(w, s) for w, s, flag in CASES if snippet in w and flag != "="]
    assert rows, f"no case for {snippet!r}"
    for written, spoken in rows:
        assert spoken != written
        assert phonemes(spoken) != phonemes(written)


# Issue 14's kinds: each must have a row tuned on whose rewrite changes what eSpeak says.
ISSUE_14_KINDS = ["St. upset", "1-888-", "$10 bill", "$25 million grant", "%-7.5%", "30-35°F",
                  "37C", "the 100 m", "750 g", "12-ft", "6'5\"", "10-6 record", "won 2-0",
                  "6-1, 6-2", ".287", "Elizabeth I ", "737 MAX", "A320neo", "K-12", "TSLA",
                  "NO2", "#StopAsianHate", "Text 988", "Dial 311", "+33 ", "D-Del.", "D-D.C.",
                  "Prop. 47", "§§ 2", "12(b)(6)", "0600 GMT", "p.m. ET"]
# round 7's general kinds
ISSUE_14_KINDS += ["Wed. at 8", "said Fri.", "CDT Sun.", "Mon.-Fri.", "mi. NE of", "mi. North of",
                   "Alta.", "B.C.,", "N. Dakota", "Co., Ind.", "Art. III", "bpd", "bpm", "km/s",
                   "ng/mL", "mg/dL", "a gal.", "-10--15", "-20s", "₦", "₱", "₴", "₫", "₲", "(OT)"]
# round 8's general kinds
ISSUE_14_KINDS += ["Fla. Supreme", "Tenn. Legislature", "12 Arizona St.", "at Ohio St.", "W. Division", "closed S. Halsted", "in OT", "in 2OT", "max. sentence", "wkts.", "wks.",
                   "TeV", "GeV", "cu. ft.", "cu. m", "as 2 nm", "Sydney, NSW", "Perth, WA", "Qld.", "IVs", "ETAs", "Apple (AAPL)", "Tesla (TSLA)", "Jul.-Sep.", "July-September", "40 to 50 kt", "30 and 45 mph", "6'11\" center", "Co. judge", "Co. voters", "Co. Board of"]

# round 9's number kinds (held14's failures): percent ranges, sizes, calibers, races, bowling
# figures, downs, coordinates, units, blood pressure, vanity numbers
ISSUE_14_KINDS += ["61%-39%", "1/4-inch crack", ".22-caliber", "the 1,600 meters", "figures of 3-27",
                   "4th-and-1", "latitude 18.6 N", "IU of vitamin", "million bbl.", "per MMBtu",
                   "per kWh", "pressure was 150/95", "577-TIPS"]
# held16 round (normB3): sentence-initial blood pressure, plural initialisms' possessives,
# blood-gas codes, British road numbers, E. coli serotypes, numbered fight cards
ISSUE_14_KINDS += ["Blood pressure of 145", "Systolic readings", "CEOs' bonuses", "ATMs' cash",
                   "Both PhDs", "PaO2 fall", "FiO2 was", "the A1079", "M180 is", "A627(M)",
                   "O104:H4", "coli O157 was", "UFC 309", "Bellator 301"]


@pytest.mark.parametrize("snippet", ISSUE_14_KINDS)
def test_issue_14_kinds_are_covered(snippet, phonemes):
    rows = [(w, s) for w, s, flag in CASES if snippet in w and flag != "="]
    assert rows, f"no case for {snippet!r}"
    for written, spoken in rows:
        assert phonemes(spoken) != phonemes(written)



# Where context cannot decide, the safe reading: never a wrong meaning.
@pytest.mark.parametrize("text,wrong", [
    ("He celebrated his first Mass.", "Massachusetts"),
    ("They went to Mass. Then they ate.", "Massachusetts"),
    ("The ark. It floated.", "Arkansas"),
    ("Ohio St. beat Michigan.", "Street"),
    ("He lives on Ohio St. in the old town.", "State"),
    ("The line is 1-888-555-0100.", "hundred"),
    ("She told George I was late.", "First"),
    ("Malcolm X spoke.", "Tenth"),
    ("Peter I think is right.", "First"),
    ("3M reported earnings.", "million"),
    ("Meet at Gate 41C.", "Celsius"),
    ("Jan. Smith spoke.", "January"),
    ("The ET network aired it.", "Eastern"),
    ("The hospital has 911 beds.", "nine one one"),
    ("The ship sank in 4,000 m of water.", "million"),
    ("Read 5-4 as a ratio of parts.", "nil"),
    ("He said no. 5 people agreed.", "number"),
    ("She studied at Washington St. University.", "Street"),
    ("I think Charles I was wrong, she said.", "First"),
    ("He moved to Martin Luther King Jr. Dr. in 2010.", "Doctor"),
    ("He ran for 12 m before falling.", "million"),
    ("He holds the 400m world record.", "million"),
    ("He got a C (70 percent) on the test.", "Celsius"),
    ("Vitamin C (ascorbic acid) is cheap.", "Celsius"),
    ("The alliance (NATO) met.", "N.A"),
    ("Sales at the unit (RED) rose.", "R.E.D"),
    ("He ran a 5K on Sunday.", "thousand"),
    ("The mass-based model", "Massachusetts"),
    ("The dog sat. Then it slept.", "Saturday"),
    ("They were wed. The party lasted.", "Wednesday"),
    ("He reads the Sun. in bed.", "Sunday"),
    ("The Sun. Then rain.", "Sunday"),
    ("The run was 10 km. SE Asia is next.", "southeast"),
    ("Rome fell in 300 B.C. and then", "British"),
    ("He was from the Isle of Man. Then he left.", "Manitoba"),
    ("John S. Carolina spoke.", "South"),
    ("She joined Smith & Co., Del. officials said.", "County"),
    ("Acme Co., the maker, said.", "County"),
    ("He met a gal. She smiled.", "gallon"),
    ("The (OT) label was new.", "overtime"),
    ("Call 555-10--15 now.", "minus ten"),
    ("He reads the Sun., a tabloid.", "Sunday"),
    ("She ran to Pa. He hugged her.", "Pennsylvania"),
    ("The M6 motorway was closed.", "magnitude"),
    ("The N of the country is cold.", "north"),
    ("Team E won the relay.", "east"),
    ("He moved to SE Asia in 2010.", "southeast"),
    ("The Cat 5 cable was cut.", "Category"),
    ("The service offers 4k streaming.", "thousand"),
    ("It ordered 20 777x jets.", "times"),
    ("The 3x3 tournament starts today.", "times"),
    ("He bought 3 Mar bars.", "March"),
    ("The 10 Dec. deadline passed.", "the the"),
    ("The suit was filed in the S.D.N.Y. court.", "Dakota"),
    ("The pope said Mass. Gov. Smith attended.", "Massachusetts"),
    ("He joined from the SE Asia desk.", "southeast"),
    ("They took part in Mass. Then they went home.", "Massachusetts"),
    ("Acme Co. Chairman Cork spoke.", "County"),
    ("The clinic has 988 beds.", "nine eight eight"),
    ("He sold 311 homes to buyers.", "three one one"),
    ("The sign read 5 m to the exit.", "meters"),
    ("Ste. 200 is on the left.", "Sainte"),
    ("He sent 741741 to the bank.", "seven four one"),
    ("The E175 was parked.", "seventy-five"),
    ("The 2024-2025 budget passed.", "2024 to 2025"),
    ("A $10 The Times survey", "ten dollar The"),
    ("The city logged 311 complaints.", "three one one"),
    ("She lives on Main St. Then she moved.", "Street Then"),
    ("The tally was 245/6 by noon.", "for six"),
    ("Stream it in 1080p tonight.", "pence"),
    ("He bought a 4x4 truck.", "by"),
    ("Children aged 6-9 attended.", "six-nine"),
    ("The Giants' 10-2 run ended.", "ten and two"),
    ("Allied troops landed on D-Day, June 6.", "Democrat"),
    ("The memo, R-Rated, circulated.", "Republican"),
    ("The HR team hired 2 HR managers.", "home run"),
    ("The boat anchored 3 nm off the coast.", "nanometer"),
    ("He arrived at 5 in the morning.", "inches"),
    ("The hospital has 911 beds, not 900.", "nine one one"),
    ("The code 12-3-2 opens the door.", "twelve, three"),
    ("Acme Co. Chairman Smith spoke.", "County"),
    ("The priest of Mass. Then he left.", "Massachusetts"),
    ("He paid $500 cash at the door.", "dollar cash"),
    ("She paid a $20 cash. Then left.", "dollar cash"),
    ("The flight crew of 12 landed.", "twelve"),
    ("She rose to .305 of the vote.", "three oh five"),
    ("The city released the $2 million Congress approved.", "dollar Congress"),
    ("He went to the Mass. Then he ate.", "Massachusetts"),
    ("Art. Basel opened.", "Article"),
    ("Building K-8 is closed.", "eight hundred"),
    ("The pope said Mass. Gen. Smith attended.", "Massachusetts"),
    ("The pope said Mass. Rev. Jones attended.", "Massachusetts"),
    ("Acme Co. Court filings show it.", "County"),
    ("Children ages 0-5 qualify.", "nothing"),
    ("The board voted 7-0 on Monday.", "nothing"),
    ("They are 1-0 favorites with bettors.", "one and oh"),
    ("The train leaves at 3:05 ratio time.", "three to five"),
    ("Sen. Majority Smith spoke.", "Senator Majority"),
    ("The county sued Acme Co. on Monday.", "Acme County"),
    ("A K-9 officer found the drugs.", "through"),
    ("Kids in grades 6-8 junior high.", "six-eight"),
    ("Deputies arrested the owner of Acme Co. on Friday.", "County"),
    ("Kickoff is at 7p ET.", "pence"),
    ("The ace is 5-10 minutes late.", "five and ten"),
    ("The Jets are 5-1 favorites.", "five and one"),
    ("Del. Maria Lopez spoke.", "Delaware"),
    ("The case, No. 22-cv-1234, was dismissed.", "twelve thirty-four"),
    ("The Islamic State (ISIS) said shares of oil fell.", "I.S.I.S"),
    ("The band Muse (MUSE) played.", "M.U.S.E"),
    ("South Korea's Kospi Index (KOSPI) fell 0.5%.", "K.O.S.P.I"),
    ("Hong Kong's Hang Seng Index (HSI) rose.", "H.S.I"),
    # round 6 (held8's kinds): a company stays a company; a GP may be a doctor
    ("He works for Acme Co. now.", "County"),
    ("Shares of Ford Motor Co., Mich., rose.", "County"),
    ("The warning ended. He works for Acme Co. now.", "County"),
    ("She saw her GP on Monday.", "Grand Prix"),
    ("Local GP Dr. Shah retired.", "Grand Prix"),
    ("The gal. She left.", "gallon"),
    ("Occupational therapy (OT) helps.", "overtime"),
    ("The alliance (NATO) — which met — agreed.", "N.A"),
    ("He said (EFE) — no.", "E.F.E"),
    ("A total of 1996 shields were made.", "nineteen ninety-six"),
    ("He drove 240 mi. Then he slept.", "miles Then"),
    ("Team S won the relay.", "south"),
    ("Read Chapter 2, Verse 1 aloud.", "two"),
    ("See Room 2, Floor 3 for details.", "two"),
    ("He met Smith 2, Jones 1 said.", "two"),
    ("The firm hired temps in 2020.", "temperatures"),
    ("Temps will be hired as 30 workers quit.", "Temperatures"),
    ("The agency placed 40 temps at the plant.", "temperatures"),
    ("KYIV, Ukraine (AP) — Russia fired 40 drones.", "K.Y.I.V"),
    ("She teaches in OT classes at the clinic.", "overtime"),
    ("The dog sat. 3 cats watched.", "Saturday"),
    ("See Appendix (D) for details.", "Democrat"),
    ("The House passed H.R. 1987 in May.", "nineteen eighty-seven"),
    ("Troops landed on D-Day, June 6.", "Democrat"),
    ("She was elected Lt. Gov. The race was close.", "Governor The"),
    ("The vote was 245-6 in the House.", "for six"),
    ("He has 2 IP addresses.", "innings"),
    # round 8: where the context cannot decide, the written word stays
    ("He went to Mass. Court was out that day.", "Massachusetts"),
    ("The rally began at 100 Ohio St. in Columbus.", "State"),
    ("The shop at Ohio St. and High St. closed.", "State"),
    ("She was accused by E. Jean Carroll of lying.", "East"),
    ("The award went to W. Smith in 2020.", "West"),
    ("He works in OT at the hospital.", "overtime"),
    ("They scored 3 in 2OT drills.", "overtime"),
    ("Seattle, WA, and Spokane.", "Western Australia"),
    ("Siemens SA reported.", "South Australia"),
    ("The North Atlantic Treaty Organization (NATO) shares intelligence.", "N.A"),
    ("The Organization of the Petroleum Exporting Countries (OPEC) cut output as prices fell.", "O.P"),
    ("The boat anchored 2 to 3 nm off the coast.", "two to"),
    ("They won 3 to 2 in overtime.", "three to"),
    ("Acme Co. officials declined to comment on the recall.", "County"),
    ("The Acme Co. board approved the merger.", "County"),
    ("The Acme Co. shareholders voted.", "County"),
    ("South Korea's Kospi Index (KOSPI) fell 0.5%.", "K.O"),
])
def test_no_wrong_meaning(text, wrong):
    assert wrong not in normalize(text)


def test_phonemes_helper_marks_clause_breaks(phonemes):
    assert " | " in phonemes("Jan. 23")          # eSpeak breaks the sentence after "Jan."
    assert " | " not in phonemes("January twenty-third")


@pytest.mark.parametrize("year,words", [
    (1958, "nineteen fifty-eight"), (2017, "twenty seventeen"), (2000, "two thousand"),
    (2005, "two thousand five"), (1900, "nineteen hundred"), (1905, "nineteen oh five"),
    (2010, "twenty ten"), (1648, "sixteen forty-eight"), (1100, "eleven hundred"),
    (2099, "twenty ninety-nine"),
])
def test_year_words(year, words):
    assert year_words(year) == words


@pytest.mark.parametrize("text,spoken", [
    ("In 1958 the plant opened.", "In nineteen fifty-eight the plant opened."),
    ("1958 was a good year.", "nineteen fifty-eight was a good year."),
    ("the 1958 election", "the nineteen fifty-eight election"),
    ("1958 people", "one thousand nine hundred fifty-eight people"),
    ("1,958 people", "1,958 people"),                  # eSpeak reads grouped numbers well
    ("1958.5 tons", "1958.5 tons"),
    ("Room 1204", "Room 1204"),
    ("$1958", "one thousand nine hundred fifty-eight dollars"),
    ("3000 BC", "3000 BC"),                            # outside 1100-2099: not a year
    ("1099", "1099"),
])
def test_year_or_count(text, spoken):
    assert normalize(text) == spoken


def test_cardinal_is_us_style():
    assert cardinal_words(105) == "one hundred five"
    assert cardinal_words(1234567) == "one million two hundred thirty-four thousand five hundred sixty-seven"


@pytest.mark.parametrize("language", ["fr", "de-DE", "es", "pt_BR", "zh"])
def test_other_languages_unchanged(language):
    text = "Le 23 janv. 2017, M. Dupont a payé 1.500 € — Sen. X, D-Mass., 1958."
    assert normalize(text, language=language) == text
    assert normalize_with_map(text, language=language) == (text, [])


# Sentences of each language with numbers, signs and abbreviations that English rules would
# rewrite (each is rewritten as English): in their own language nothing fires.
FOREIGN = [
    ("de", "Am 3. Okt. 1990 zahlte die Bundesregierung 12 Mio. € an Dr. Müller, Tel. 030 1234567."),
    ("de", "Der FC Bayern gewann 2-0 und steht nun bei 10-2; Temperaturen bis 41C am 14.7.2024."),
    ("de-AT", "Nr. 5 der Liste: St. Pölten, 1.500 m ü. M., Preis $10 pro Stück."),
    ("fr", "Le 14 juillet 1789, M. Dupont a payé 1 500 € ; St. Louis est à 300 km."),
    ("fr", "L'OM a gagné 1-0 face au PSG, un record de 10-2 pour la saison 2023-24."),
    ("fr-CA", "Appelez le 911 ou le +33 1 43 12 22 22 avant 8 h, Dr. Tremblay."),
    ("es", "El 12 de oct. de 1492, Sr. Colón recibió $25 millones; la Dra. Ruiz tenía 40-45°C."),
    ("es", "El Real Madrid ganó 3-1 y Elizabeth I reinó; llame al 988 o al 311."),
    ("es-MX", "La Av. Reforma No. 222 mide 14 km; el vuelo A320neo sale a las 0800 GMT."),
    # the rules added in issue 14's second round
    ("de", "Die Apple Inc. (AAPL) legte am Sat. 3% zu; Öl kostete $80/barrel, 46 C (115 F)."),
    ("de", "Er traf 3-for-4, lief 10 mins und arbeitet seit c. 1990 für 10K Leute in Del."),
    ("fr", "La société, basée à Washington, D.C. Circuit, a vu ses ventes croître de 4% y/y."),
    ("fr", "Le séisme M6.4 a duré 2 hrs ; le Sec.-Gen. Guterres parle de H.R. 2."),
    ("es", "La empresa Mass.-based ganó 450 pts; el juez citó Fed. R. Civ. P. 56 en N.Y."),
    ("es", "Llovió 6 mos. seguidos, hizo 35 degrees F y el S.B. 1047 no pasó."),
    # the wrong-meaning scan of real text: timestamps, mid-years, pairs, time signatures, torque
    ("de", "Der Eintrag 2020-08-01 18:00:00+00 kam vom mid-2019 Modell; Euro 2020 playoffs, 2-6 in the AFC."),
    ("fr", "La chanson a un 6/8 feel ; la guerre dure 1-1/2 year, 6 ½ minutes, 406 lb-ft."),
    ("es", "Le debe $7.9 million dollars; la Table 6-1 y el 2^15 - 1 no cambian, Davis Love III ganó."),
    # the rules added in issue 14's third round
    ("de", "Nestlé zahlte CHF 2.1 billion; Scheffler lag bei -9 nach 54 holes, Start am 10/21."),
    ("fr", "Le fonds a levé 13.1 mln d'euros au trimestre Jul-Sep ; Artemis III part à 8 p.m. Fri."),
    ("es", "Los 49ers ganaron; Jokic tuvo 21 pts., 8 reb. y el plan cuesta $7.99-a-month, 0-for-9."),
    # the rules added in issue 14's fourth round (race times, scaled degrees, max, a quarter, KSh)
    ("de", "Kipchoge lief 2:01:09; im Kern herrschen 15 million °C, Max sustained winds 90 km/h."),
    ("de", "Rahm spielte eine 4-under 68 und liegt bei 7-under nach 36 holes."),
    ("fr", "La visibilité est tombée à 1/4 mile ; le pain coûte KSh 65 à Mombasa ; la puce draws 15 W."),
    ("es", "Ganó en 2:24:35, con max gusts de 70 mph y 1/2 mile de niebla."),
    # round 7: weekdays said only where a day fits
    ("de", "Das Museum öffnet Wed. at 8 p.m.; die Behörden said Fri., um 9 a.m. CDT Sun."),
    ("fr", "Le séisme a frappé à 95 mi. NE of San Juan, 30 km. S of Kabul."),
    ("fr", "Né à Edmonton, Alta., il vit à Victoria, B.C., et vote en N. Dakota, in N.D."),
    ("es", "Vivió en Lake Co., Ind., y el juez citó Art. III de la Constitución."),
    ("de", "Irak förderte 3.3 million bpd; Puls 180 bpm, 11 km/s, 5 ng/mL, 240 mg/dL, $3.49 a gal."),
    ("es", "El préstamo fue de ₦500 millones, ₱1.200 en Manila, ₴3.000, ₫50.000; OPEC+ y 3-2 (OT)."),
    ("de", "Tiefstwerte von -10--15 Grad, Windchill in the -20s, Messwerte -8 – -3."),
    ("fr", "Ouvert Mon.-Fri., 9 h ; les actions ont chuté Tues., then rose, 30 mi. North of Dallas."),
    # round 5: Co. Kerry, "in Mass. on", calls to 311, a 988 counselor, waves of 3-5 m
    ("de", "Die Farm liegt in Co. Kerry; er war in Mass. zu Besuch, die calls to 311 stiegen."),
    ("fr", "Un 988 counselor a répondu ; waves of 3-5 m sur la côte de Co. Cork."),
    ("es", "Gauff ganó 6-0, 6-1; el pívot 6-foot-7 vive en Mass. Ave. y Ste. Genevieve."),
    ("de", "Text HOME to 741741; der Embraer E175 startet um 9 a.m. JST, #Wahl2025, §§ 1341-1343."),
    ("fr", "Le match est à 2 p.m. ET/11 a.m. PT ; une carte a $10 Visa."),
    ("es", "La 311 app de la ciudad y the first $100 million gift llegaron a Main St. Tuesday."),
    ("de", "Die 4x100 m Staffel, ein 6-9 forward und India 245/6 at stumps; 50p, F-150, I-405."),
    ("fr", "Toyota (TSE: 7203) ; le 9th Cir. ; 89 Fed. Reg. 1234 ; NO3 ; à 9 p.m. ET/PT, 0000 GMT."),
    ("es", "Llame al +44 (0)20 7946 0958; la regla § 60.5(a)(1)(A) y un 14-0 run."),
    # after held6: of Mass. + lowercase, state lists, D-City, cash-only, Co. Sheriff's, St. 27-24,
    # sits at, 12-3-2, HR/RBI, cleared 6.26 m, nm chips, not 911, 1.75 in.
    ("de", "Die Gouverneurin von Mass. sagte, Del., Md. und N.J. seien betroffen; Hudson, D-Charlottesville, stimmte zu."),
    ("fr", "Une caution a $750,000 cash-only ; le Orange Co. Sheriff's Office ; Penn St. 27-24 ; Edmonton a gone 12-3-2."),
    ("es", "Ohtani went 3-for-5 with 2 HR and 4 RBI; cleared 6.26 m; chips de 2 nm wafers; call 311, not 911; 1.75 in. de granizo."),
    ("de", "Die Gouverneurin of Ore. vetoed; a $10,000 cash bond; Cobb Co. police; average to .305; Flight MH370."),
    # capitals said as letters: an unsayable name, a wire service after a dateline
    ("fr", "Selon la USGS, le séisme était profond ; BEYROUTH (AFP) — les secours."),
    # race splits, averages in a baseball sentence, three-digit pence, 911, house numbers, 1,500 m
    ("fr", "Elle a nagé en 1:52.28 ; la saison à .297 ; shares rose to 368p ; or to 911 ; 4500 Research Dr. ; le 1,500 m."),
    # round 9: decimals in Celsius after "at", Wh, inHg, mmHg, H2S, PM, Cmte.
    ("de", "Es war at 44.6C; 900 Wh; 28.95 inHg; 140 mmHg; H2S; Canada's PM flew; the Rules Cmte. met."),
    # round 10: a title two words before a numeral, a new PM, Utd, nm, temps, HR, a blood pressure
    ("fr", "Le Lt. Gov. Garlin Gilchrist II ; a new PM ; Man Utd ; particles of 120 nm ; temps soared ; his 50th HR of the season ; 150/95 mm Hg."),
    # round 11: plural agate, QB, a unit after "per", astronomical units, a reporter citation
    ("es", "Tuvo 12 rebs. y 4 blks.; el QB; 10 mg per kg; a 0.3 AU de la Tierra; 410 U.S. 113."),
    ("fr", "Un élu a Mass. lawmaker ; the $500 billion Stargate project ; $20 bills ; 5 ft 10 in ; a 2-0 lead ; les 76ers."),
    ("es", "El Boeing 777-300ER y el A350-1000; grades K-8; Art. I, Sec. 8; Cal. Penal Code; 6 a.m.-6 p.m.; 1-800-FLOWERS; 6' 2\"."),
    ("fr", "La Finlande clinched 3-0 ; Westview d. Northgate 8-0 ; a 1-6-2 skid ; Harris Co. District Attorney."),
    ("es", "Hizo 44ºC; Chelsea were 1-0 winners; Rybakina won 6-4 6-2; 500 A320neos; NO₂; 7PM ET; the 988 number."),
    ("de", "Offen 10 a.m.-noon; a 3:1 ratio; Sen. Majority Leader Schumer; ein Porsche 911; die ATR 72-600."),
    ("fr", "Le sheriff de Polk Co. a confirmé ; Gauff def. Sabalenka 6-3, 6-2."),
    ("de", "Der Motor: 2.0L, 300 hp, 35 psi, 120 dB, 5,000 mAh, 2 TWh, 2 million bpd, 2,400 sq. ft., 35°N, 20 ms."),
    ("es", "Mass. voters aprobaron; the ace is 14-3 con ERA de 2.10."),
    # round 6 (held8's kinds): Co. before a state or in an alert, day headings, a unit after a price
    # or a fraction, qtr., GP, (OT), pH, agencies, km/s, H.R., Act of, HRs, becoming S, 10-yr., mi. SE,
    # AST, line scores, temps
    ("de", "Im Fulton Co., Ga., und bei einer warning for Tulsa Co. kostete Benzin $3.52 a gal.; Mon.: Regen."),
    ("fr", "PARIS (AFP) — Sicht 1/2 mi. au 4th qtr. ; le Japanese GP ; Kings 3 (OT) ; pH 7 ; la USGS et AAA."),
    ("es", "La sonda va a 11 km/s y el LDL bajó 50 mg/dL; H.R. 3684 y el Act of 1996 shields; con 2 HRs."),
    ("de", "Winde becoming S; der 10-yr. Treasury; 240 mi. SE of Bermuda um 11 a.m. AST; temps as low as -30."),
    ("fr", "Final: Brésil 2, Argentine 1 ; NHL: Rangers 4, Devils 2."),
    ("de", "Die Sitzung dauerte 4 hrs. Monday; highs Wed. 35-40; Sat.-Mon.: Regen; 3-2 in OT; $1.74/L."),
    ("fr", "La H.Res. 1145 ; le 5th Dist. ; Sen. Jon Tester (D) ; le vote Thurs. ; 1.4 mSv ; 50 nK."),
    ("es", "La estrella está a 520 ly; 12 wks. de tratamiento; Global temps; Precip: lluvia; el FTSE 100."),
    ("de", "Sen. Anna Caballero, D-Los Banos, stimmte dagegen; sie war Lt. Gov. in Kalifornien."),
    ("fr", "Pakistan were 198-7 at stumps ; Skenes struck out 9 over 6 IP."),
]
# round 8: a state before its body
FOREIGN += [
    ("de", "Der Fla. Supreme Court und die Tenn. Legislature stimmten zu."),
    ("fr", "No. 12 Arizona St. joue ; the game is at Ohio St. next week."),
    ("es", "El bar en W. Division St. y la calle N. Main Street; police closed S. Halsted after."),
    ("de", "Kansas won 88-85 in 2OT, Boston 3-2 in OT; a max. sentence; 7 wkts., 12 wks."),
    ("fr", "Le LHC à 13.6 TeV, 450 GeV, 20 cu. ft., transistors as small as 2 nm ; Sydney, NSW, Perth, WA, Brisbane, Qld."),
    ("es", "Los hospitales sin IVs; nuevas ETAs; los IDs."),
    ("de", "Die Apple (AAPL) shares rose, Tesla (TSLA) fell."),
    ("fr", "Le bénéfice du Jul.-Sep. quarter et du July-September quarter."),
    ("es", "Vientos de 40 to 50 kt y rachas between 30 and 45 mph."),
    ("de", "Der 6'11\" center spielte; ein Cook Co. judge und die Cook Co. Board of Commissioners."),
    ("fr", "La Del. Supreme Court ; §§ 2 and 1343 ; l'affaire 22-cv-1234 ; pre-2020."),
    ("de", "Die Aktie von Alphabet (GOOGL) rose 3% nach Shares-Rückkauf."),
    ("es", "Un cupón a $5-off coupon y a $100-plus bottle; llame al 212.555.0187 o +1-202-555-0133."),
    ("fr", "Les années 70s-80s ; snowfall of 1-2\"/hr."),
]


@pytest.mark.parametrize("language,text", FOREIGN)
def test_english_rules_never_fire_on_other_languages(language, text):
    assert normalize(text, language=language) == text
    assert normalize_with_map(text, language=language) == (text, [])
    assert normalize(text, language="en") != text  # the English rules would have fired


@pytest.mark.parametrize("language,text", FOREIGN)
def test_the_speech_path_reads_by_the_article_language(language, text):
    """What the tracks hand eSpeak (tracks.speakable, via timing.SpokenText) follows the
    article's language: untouched for these, rewritten when the same text is English."""
    from service.speech.tracks import speakable

    assert speakable(text, language) == " ".join(text.split())
    assert speakable(text, "en") == " ".join(normalize(text, "en").split())


@pytest.mark.parametrize("language", ["en", "en-US", "en-gb", "EN", None])
def test_english_variants(language):
    assert normalize("Jan. 23", language=language) == "January twenty-third"


def test_sentence_boundaries_kept():
    assert normalize("He works at Acme Inc. The firm is small.") == \
        "He works at Acme Incorporated. The firm is small."
    assert normalize("She lives on Main St.\nNext story.") == "She lives on Main Street.\nNext story."
    assert normalize("They met Sen. Warren. She agreed.") == "They met Senator Warren. She agreed."
    # a title's period is not a sentence end
    assert normalize("Gov. Newsom") == "Governor Newsom"


def test_spans_map_back_to_the_original():
    text = "Sen. Elizabeth Warren, D-Mass., said on Jan. 23 that $1.5 billion was due."
    spoken, spans = normalize_with_map(text)
    assert spoken == ("Senator Elizabeth Warren, Democrat of Massachusetts, said on "
                      "January twenty-third that one point five billion dollars was due.")
    # rebuild the original from the spoken text and the spans
    rebuilt, last = [], 0
    for o0, o1, s0, s1 in spans:
        rebuilt.append(spoken[last:s0])
        rebuilt.append(text[o0:o1])
        last = s1
    rebuilt.append(spoken[last:])
    assert "".join(rebuilt) == text
    assert [text[o0:o1] for o0, o1, _, _ in spans] == ["Sen.", "D-Mass.", "Jan. 23", "$1.5 billion"]
    # a word inside a replaced span maps to the whole original span
    s = spoken.index("twenty-third")
    assert original_span(spans, s, s + len("twenty-third")) == (text.index("Jan. 23"), text.index("Jan. 23") + 7)
    # an untouched word maps to itself, shifted
    s = spoken.index("Warren")
    assert original_span(spans, s, s + 6) == (text.index("Warren"), text.index("Warren") + 6)
    s = spoken.index("was due")
    assert original_span(spans, s, s + 7) == (text.index("was due"), text.index("was due") + 7)


def _article(words: int) -> str:
    para = ("WASHINGTON, Jan. 23 (UPI) -- Sen. Elizabeth Warren, D-Mass., said Tuesday the "
            "$1.5 billion plan, first proposed in 1958, would cut costs 10-15% by 2025. "
            "Dr. Smith of St. Louis called 555-1234 at 7:00 a.m. and said the 1990s-era "
            "rule was No. 1 on the list at https://www.example.com/report. The vote was "
            "98-97 and temperatures hit 104°F across the region, officials said. ")
    n = len(para.split())
    return para * (words // n + 1)


def test_linear():
    """Ten times the text takes about ten times as long (a ratio within one run; the
    absolute speed, as a share of the speech path, is bench/speech.py's)."""
    one = _article(1000)
    ten = _article(10000)
    normalize(one)  # warm caches
    best1 = min(_timed(normalize, one) for _ in range(5))
    best10 = min(_timed(normalize, ten) for _ in range(3))
    assert best10 < best1 * 20, "not linear in the text length"


def _timed(fn, arg) -> float:
    """CPU seconds of this process (other processes on a busy machine do not count)."""
    t0 = time.process_time()
    fn(arg)
    return time.process_time() - t0


def test_normalize_does_not_load_espeak():
    code = ("import sys\n"
            "from service.speech.normalize import normalize\n"
            "normalize('Sen. Warren paid $5 on Jan. 23, 1958.')\n"
            "assert 'service.speech.phonemes' not in sys.modules\n"
            "assert 'espeakng_loader' not in sys.modules\n"
            "maps = open('/proc/self/maps').read()\n"
            "assert 'espeak' not in maps, 'libespeak-ng loaded'\n")
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


@pytest.mark.parametrize("language,spoken", [
    ("en", "On March fourth, twenty twenty-one and the twenty-fifth of December nineteen ninety."),
    ("en-US", "On March fourth, twenty twenty-one and the twenty-fifth of December nineteen ninety."),
    ("en-GB", "On the third of April twenty twenty-one and the twenty-fifth of December nineteen ninety."),
    ("en_AU", "On the third of April twenty twenty-one and the twenty-fifth of December nineteen ninety."),
])
def test_numeric_date_order_follows_the_variant(language, spoken):
    # US: month/day/year; day-first Englishes: day/month/year; a day over 12 decides.
    assert normalize("On 3/4/21 and 25/12/1990.", language=language) == spoken


def test_day_first_englishes_have_every_other_kind():
    # the day-first table is a copy of the whole table but for numeric dates: every kind
    # registered, early or late, reads the same in en-GB
    from service.speech.normalize.classify import CLASSIFIERS, CLASSIFIERS_DAY_FIRST

    assert set(CLASSIFIERS_DAY_FIRST) == set(CLASSIFIERS)
    assert all(CLASSIFIERS_DAY_FIRST[k] is CLASSIFIERS[k] for k in CLASSIFIERS if k != "numeric_date")
    text = "The ship was seized at 12°35'N, 43°25'E, shares of A.A.P.L said."
    assert normalize(text, language="en-GB") == normalize(text, language="en-US") != text


def test_span_map_many_lookups():
    from service.speech.normalize import SpanMap

    text = "Gov. Smith said 98-97 on Jan. 23. " * 50
    spoken, spans = normalize_with_map(text)
    smap = SpanMap(spans)
    for word in ("Governor", "ninety-eight", "said"):
        s = spoken.index(word)
        o0, o1 = smap.to_original(s, s + len(word))
        assert text[o0:o1] in {"Gov.", "98-97", "said"}
