"""The normalizer's rule tables, read once from the data/*.tsv files beside this module.

Abbreviations with the contexts that decide them, states, units, currencies, months,
initialisms, formulas, time zones, idioms and the cue word lists all live in data/ as plain
tab-separated text, so a new case is usually a new row there, not new code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"


def _rows(name: str, width: int) -> list[list[str]]:
    """Rows of a data file, padded to ``width`` fields; '#' lines and blank lines skipped."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        rows.append(fields + [""] * (width - len(fields)))
    return rows


def _pairs(name: str) -> dict[str, str]:
    return {r[0]: r[1] for r in _rows(name, 2)}


@dataclass(frozen=True)
class Reading:
    """One way to say an abbreviation and the context that calls for it."""
    spoken: str
    context: tuple[str, ...]  # predicate names, all must hold; "!name" negates
    keep_period: bool          # the period stays when it also ends the sentence


def _readings() -> dict[str, list[Reading]]:
    table: dict[str, list[Reading]] = {}
    for written, spoken, context, period in _rows("abbreviations.tsv", 4):
        table.setdefault(written, []).append(
            Reading(spoken, tuple(context.split()), period == "keep"))
    for written, state, where in _rows("states.tsv", 3):
        if where in ("always", "after_city", "after_place") and written.endswith("."):
            # "the Fla. Supreme Court": the state, its period no sentence end; a state that is
            # also a word only after "the", "of" or "in" ("went to Mass. Court" stays)
            table.setdefault(written, []).append(Reading(state, ("before_state_body",) if where == "always"
                                                         else ("after_place_or_of", "before_state_body"), False))
        if where in ("always", "after_city", "after_place") and written.endswith("."):
            table.setdefault(written, []).append(
                Reading(state, () if where == "always" else ("after_city",), True))
        if where in ("after_city", "after_place") and written.endswith("."):
            # "signed in Mass. on Tuesday", "Healey of Mass. signed": after "in" or "of" and
            # before a lowercase word the period
            # is the abbreviation's ("took part in Mass. Then" stays: a sentence ends there)
            table[written].append(Reading(state, ("after_place_or_of", "before_lowercase"), True))
            # "Mass. voters approved": a sentence does not begin with a word and a period
            table[written].append(Reading(state, ("at_sentence_start", "before_lowercase"), True))
        if where in ("after_city", "after_place") and written.endswith("."):
            # "The Del. Supreme Court": the state's institution, read before "Del." as Delegate
            table.setdefault(written, []).insert(0, Reading(state, ("before_institution",), False))
            # "Cal. Penal Code § 187": a state's abbreviation before its code's name
            table[written].append(Reading(state, ("before_code_word",), False))
            # "cover Del., Md. and N.J.": a state beside another state's abbreviation
            table[written].append(Reading(state, ("in_state_list",), True))
        if where in ("after_city", "after_place") and re.fullmatch(r"[A-Z]\.[A-Z]\.", written):
            # "was found in N.D.", "in N.D., officials said": dotted initials after "in" closing
            # a clause are the state ("N.D. Ill.", a court's district, runs on)
            table[written].append(Reading(state, ("after_place_preposition", "before_clause_end"), True))
        if where == "after_place":
            # "filed in Del.": after a place preposition too; "Ark. Gov. Sanders" (not
            # "Mass.": "said Mass. Gov. X came")
            table[written] += [Reading(state, ("after_place_preposition",), True),
                               Reading(state, ("before_title",), False)]
    return table


def _cues() -> dict[str, frozenset[str]]:
    lists: dict[str, set[str]] = {}
    for name, words, *_ in _rows("cues.tsv", 2):
        lists.setdefault(name, set()).update(words.split())
    return {k: frozenset(v) for k, v in lists.items()}


ABBREVIATIONS = _readings()
STATES = {r[0]: r[1] for r in _rows("states.tsv", 3)}
UNITS = {r[0]: (r[1], r[2]) for r in _rows("units.tsv", 4)}
UNITS_SPACED = {r[0] for r in _rows("units.tsv", 4) if r[3] == "spaced"}
CURRENCIES = {r[0]: (r[1], r[2], r[3], r[4]) for r in _rows("currencies.tsv", 5)}
CURRENCY_PREFIX = _pairs("currency_prefixes.tsv")
INITIALISMS = _pairs("initialisms.tsv")
FORMULAS = _pairs("formulas.tsv")
TIME_ZONES = _pairs("time_zones.tsv")
# a zone left spelled in a sentence holding a word of the cue list its row names
TIME_ZONE_UNLESS = {r[0]: r[2] for r in _rows("time_zones.tsv", 3) if r[2]}
COMPASS = _pairs("compass.tsv")
PER_UNITS = _pairs("per_units.tsv")
IDIOMS = _pairs("idioms.tsv")
MONTH_ABBR = {k: v for k, v in _pairs("months.tsv").items() if k != v}
MONTHS = [v for k, v in _pairs("months.tsv").items() if k == v]
CUES = _cues()
PARTIES = {"D": "Democrat", "R": "Republican", "I": "Independent"}
_SCALE_ROWS = _rows("scales.tsv", 3)
SCALES = {r[0]: r[1] for r in _SCALE_ROWS}
COUNT_SCALES = {r[0] for r in _SCALE_ROWS if r[2] == "yes"}
CURRENCY_CODES = {r[0]: (r[1], r[2]) for r in _rows("currency_codes.tsv", 3)}
UNIT_DENOMINATORS = _pairs("unit_denominators.tsv")
AIRLINES = _pairs("airlines.tsv")  # IATA code -> the airline's name
UNICODE_FRACTIONS: dict[str, tuple[int, int]] = {
    "½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5),
    "⅖": (2, 5), "⅗": (3, 5), "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8),
    "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8),
}


def cue(name: str) -> frozenset[str]:
    return CUES[name]
