"""What surrounds a token: the words before and after it, sentence ends, and the named
contexts the abbreviation table (data/abbreviations.tsv) refers to.

Each context is a predicate ``(text, start, end) -> bool`` over the token ``text[start:end]``.
"""
from __future__ import annotations

import re
from typing import Callable

from service.speech.normalize import tables as T

_NEXT_WORD = re.compile(r"[\s\"'“‘(]*([\w.'’&-]+)")


def next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end)
    return m.group(1) if m else ""


def prev_word(text: str, start: int) -> str:
    """The whitespace-delimited token before ``start``, with its punctuation ("Jackson,")."""
    i = start
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    j = i
    while j > 0 and not text[j - 1].isspace() and i - j < 40:
        j -= 1
    return text[j:i]


def prev_words(text: str, start: int, n: int) -> list[str]:
    """The ``n`` words before ``start``, nearest last, stripped of punctuation."""
    words: list[str] = []
    pos = start
    for _ in range(n):
        w = prev_word(text, pos)
        if not w:
            break
        words.insert(0, core(w))
        pos = text.rfind(w, 0, pos)
    return words


def core(token: str) -> str:
    return token.strip("\"'“”‘’()[],;:!?")


def bare(word: str) -> str:
    return word.rstrip(".,;:!?")


def is_capitalized(word: str) -> bool:
    return bool(word) and word[0].isupper()


def sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?\n\r:"


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence (roughly: between sentence punctuation) around ``text[start:end]``, at
    most a few hundred characters either side (so that looking stays linear)."""
    lo, hi = max(0, start - _SENTENCE_REACH), min(len(text), end + _SENTENCE_REACH)
    a = max(lo - 1, text.rfind(". ", lo, start), text.rfind("\n", lo, start),
            text.rfind("! ", lo, start), text.rfind("? ", lo, start))
    stops = [i for i in (text.find(". ", end, hi), text.find("\n", end, hi)) if i >= 0]
    return text[a + 1:min(stops) if stops else hi]


_SENTENCE_REACH = 300


def sentence_has(text: str, start: int, end: int, cue: str, fold: bool = False) -> bool:
    """Whether the sentence around ``text[start:end]`` holds a word of the cue list ``cue``:
    lower-cased first when ``fold`` ("Snow" is snow), as written otherwise ("PGA", "Masters")."""
    sentence = sentence_of(text, start, end)
    words = re.findall(r"[a-z]+", sentence.lower()) if fold else re.findall(r"[A-Za-z]+", sentence)
    return not T.cue(cue).isdisjoint(words)


def _abbreviation_word(word: str) -> bool:
    return word in T.ABBREVIATIONS


def ends_sentence(text: str, end: int, continuations: frozenset[str] = frozenset()) -> bool:
    """Does a period at ``end - 1`` also end a sentence? True at the end of the text, at a
    line break, or before a capitalized word (unless that word is a known continuation or
    another abbreviation: "Martin Luther King Jr. Blvd.")."""
    i, n = end, len(text)
    while i < n and text[i] in " \t\u00a0":
        i += 1
    if i >= n or text[i] in "\r\n":
        return True
    if i == end:  # no space after: "Inc.," or "U.S.-led"
        return False
    if text[i] == "(":  # "Apple Inc. (AAPL)": an aside, not a new sentence
        return False
    while i < n and text[i] in "\"'“‘":
        i += 1
    if i < n and text[i].isupper():
        word = next_word(text, i)
        if word.endswith(".") and _abbreviation_word(word):
            return False
        return bare(word) not in continuations
    return False


# ---------------------------------------------------------------------------------------
# Named contexts for abbreviation readings
# ---------------------------------------------------------------------------------------
def before_name(text: str, start: int, end: int) -> bool:
    """A capitalized name follows ("Sen. Warren", "Gov. McMaster", "Mr. O'Brien")."""
    i = end
    while i < len(text) and text[i] in " \u00a0":
        i += 1
    return i > end and i < len(text) and text[i].isupper()


def before_capital(text: str, start: int, end: int) -> bool:
    return text[end:end + 1] == " " and is_capitalized(next_word(text, end))


def before_proper_name(text: str, start: int, end: int) -> bool:
    nxt = next_word(text, end)
    return (text[end:end + 1] == " " and is_capitalized(nxt)
            and nxt not in T.cue("sentence_starters"))


def before_number(text: str, start: int, end: int) -> bool:
    i = end + (text[end:end + 1] in (" ", "\u00a0"))
    return text[i:i + 1].isdigit()


def before_and(text: str, start: int, end: int) -> bool:
    return text.startswith(" and ", end)


def before_generation_letter(text: str, start: int, end: int) -> bool:
    return re.match(r" [XYZ]\b", text[end:end + 3]) is not None


def before_county_name(text: str, start: int, end: int) -> bool:
    """"Co. Kerry", "Co. Durham": a county's name follows."""
    return text[end:end + 1] == " " and bare(next_word(text, end)) in T.cue("counties")


def before_county_office(text: str, start: int, end: int) -> bool:
    """"the Orange Co. Sheriff's Office", "Cook Co. Jail": a county's office follows."""
    return text[end:end + 1] == " " and bare(next_word(text, end)) in T.cue("county_offices")


def before_senate_office(text: str, start: int, end: int) -> bool:
    """"Sen. Majority Leader Chuck Schumer": the Senate's office follows, not a name."""
    return text[end:end + 1] == " " and bare(next_word(text, end)) in T.cue("senate_offices")


def after_in_name(text: str, start: int, end: int) -> bool:
    """"in Polk Co.": one capitalized word after "in" ("the owner of Acme Co." is not)."""
    words = prev_words(text, start, 2)
    return len(words) == 2 and words[0] == "in" and words[1][:1].isupper() and words[1].isalpha()


def county_in_sentence(text: str, start: int, end: int) -> bool:
    """"The sheriff's office in Polk Co. confirmed": a sheriff, deputies or a county jail in
    the sentence make "Co." the county."""
    return sentence_has(text, start, end, "county_words", fold=True)


def at_sentence_start(text: str, start: int, end: int) -> bool:
    return sentence_start(text, start)


def before_lowercase(text: str, start: int, end: int) -> bool:
    """A lowercase word follows the period, which then cannot end a sentence ("in Mass. on
    Tuesday"): the period is an abbreviation's."""
    nxt = next_word(text, end)
    return text[end:end + 1] == " " and nxt[:1].islower()


def _state_abbreviation(word: str) -> bool:
    return word.endswith(".") and word in T.STATES


def in_state_list(text: str, start: int, end: int) -> bool:
    """"Flood watches cover Del., Md. and southern N.J.": right before or after another
    state's abbreviation, in a list ("Del.," then "Md.")."""
    after = re.match(r",? (?:and |or )?([A-Z][\w.]*\.)", text[end:end + 14])
    if after is not None and _state_abbreviation(after.group(1)):
        return True
    before = prev_word(text, start)
    if before in ("and", "or"):  # "in Ill. and Ind."
        before = prev_word(text, text.rfind(before, 0, start)) + ","
    return before.endswith(",") and _state_abbreviation(before[:-1])


def before_institution(text: str, start: int, end: int) -> bool:
    """"The Del. Supreme Court", "the Ill. Legislature": a state's institution follows."""
    return text[end:end + 1] == " " and bare(next_word(text, end)) in T.cue("state_institutions")


def before_code_word(text: str, start: int, end: int) -> bool:
    return text[end:end + 1] == " " and next_word(text, end) in T.cue("code_words")


def before_university(text: str, start: int, end: int) -> bool:
    """"Washington St. University", "Ohio St. College"."""
    return text[end:end + 1] == " " and bare(next_word(text, end)) in ("University", "College")


def before_saint_name(text: str, start: int, end: int) -> bool:
    return text[end:end + 1] == " " and bare(next_word(text, end)) in T.cue("saint_names")


def after_name(text: str, start: int, end: int) -> bool:
    """Right after a capitalized word of the same phrase ("Main St.", "Sunset Dr.")."""
    prev = prev_word(text, start)
    i = start
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    return (bool(prev) and prev[0].isupper() and prev[-1].isalnum()
            and prev not in T.cue("saint_before") and prev not in T.ABBREVIATIONS
            and not sentence_start(text, i - len(prev)))


def after_number(text: str, start: int, end: int) -> bool:
    return re.fullmatch(r"\d+(?:st|nd|rd|th)?|\d+(?:\.\d+)?(?:[-–]\d+(?:\.\d+)?)?",
                        prev_word(text, start)) is not None


def after_capital(text: str, start: int, end: int) -> bool:
    return is_capitalized(core(prev_word(text, start)))


def after_city(text: str, start: int, end: int) -> bool:
    """After "City, " ("Jackson, Miss."): a state, not the word it spells."""
    prev = prev_word(text, start)
    return prev.endswith(",") and is_capitalized(prev)


def after_state_team(text: str, start: int, end: int) -> bool:
    """"Ohio St. beat Michigan": a state name before, no street preposition before that,
    and no house number: the university's team."""
    words = prev_words(text, start, 3)
    if not words or words[-1] not in T.cue("state_teams"):
        return False
    nxt = next_word(text, end)
    if re.fullmatch(r"\d{1,3}-\d{1,3}[.,;]?", nxt):
        return True  # "rallied past Penn St. 27-24": a score follows the team
    before = words[:-1]
    if before and (before[-1] in T.cue("street_prepositions") or before[-1].isdigit()):
        return False
    return not nxt[:1].isdigit()


def after_place_preposition(text: str, start: int, end: int) -> bool:
    """"filed for bankruptcy in Del.": a state after "in", "from", "near" (never "to":
    "went to Mass.")."""
    return core(prev_word(text, start)).lower() in T.cue("place_prepositions")


def after_place_or_of(text: str, start: int, end: int) -> bool:
    """After a place preposition, "of" or an article ("Gov. Maura Healey of Mass. signed",
    "a Mass. lawmaker")."""
    return core(prev_word(text, start)).lower() in T.cue("place_prepositions") | {"of", "a", "the"}


def before_of_office(text: str, start: int, end: int) -> bool:
    """"Sec. of State", "Sec. of Defense": a title before "of" and a capitalized office."""
    m = re.match(r" of ([A-Z])", text[end:end + 6])
    return m is not None


def before_title(text: str, start: int, end: int) -> bool:
    """"Ark. Gov. Sarah Huckabee Sanders": a state before the title of its official."""
    return text[end:end + 1] == " " and next_word(text, end) in T.cue("state_titles")


def before_day_part(text: str, start: int, end: int) -> bool:
    """"Sat. night", "Fri. morning": a weekday before a part of the day."""
    return text[end:end + 1] == " " and bare(next_word(text, end)) in T.cue("day_parts")


def before_date(text: str, start: int, end: int) -> bool:
    """"Mon., March 10", "Fri., Feb. 28": a weekday before the date it names."""
    m = re.match(r",? ([A-Z][a-z]+)\.? \d", text[end:end + 16])
    return m is not None and (m.group(1) in T.MONTHS or m.group(1) in T.MONTH_ABBR)


def storm_in_sentence(text: str, start: int, end: int) -> bool:
    """"a Cat 3 storm", "Cat 4 hurricane": a category only where a storm is named."""
    return sentence_has(text, start, end, "storm_words", fold=True)


def before_maximum_noun(text: str, start: int, end: int) -> bool:
    """"Max sustained winds", "max gusts": the maximum of a measured quantity."""
    nxt = bare(next_word(text, end))  # lowercase: "Max Speed Inc." is a name
    return text[end:end + 1] == " " and nxt.islower() and nxt in T.cue("maximum_nouns")


def after_percent(text: str, start: int, end: int) -> bool:
    """"4.5% p.a.", "up 8% YoY"."""
    return prev_word(text, start).endswith(("%", "percent"))


def after_clock(text: str, start: int, end: int) -> bool:
    """"until 6 a.m. Thurs.": a weekday after the hour it names."""
    return prev_word(text, start).lower() in T.cue("clock_words")


def after_date_cue(text: str, start: int, end: int) -> bool:
    return core(prev_word(text, start)).lower() in T.cue("date_cues")


def after_said(text: str, start: int, end: int) -> bool:
    """"officials said Fri.": a weekday right after a verb of saying."""
    return core(prev_word(text, start)).lower() in T.cue("said_words")


def after_time_zone(text: str, start: int, end: int) -> bool:
    """"9 a.m. CDT Sun.": a weekday after the time zone of the hour it names."""
    return core(prev_word(text, start)) in T.TIME_ZONES


def before_clock(text: str, start: int, end: int) -> bool:
    """"Tues. 10 a.m.", "Wed. at 8 p.m.": the hour of the day follows."""
    return re.match(r" (?:at )?\d{1,2}(?::\d\d)?[^\S\n]?(?:[ap]\.m\.|[AP]M\b|noon)", text[end:end + 16]) is not None


def after_possessive_name(text: str, start: int, end: int) -> bool:
    """"Japan's PM met": after a name's possessive, with a word to follow."""
    prev = prev_word(text, start)
    return (text[end:end + 1] == " " and prev[:1].isupper()
            and (prev.endswith("'s") or prev.endswith("’s")))


def after_office_adjective(text: str, start: int, end: int) -> bool:
    """"named a new PM", "the former PM": an office's adjective before."""
    return core(prev_word(text, start)).lower() in T.cue("office_adjectives")


def home_run_slot(text: str, start: int, end: int) -> bool:
    """"his 58th HR of the season": after an ordinal or a determiner, in a sentence about
    baseball ("2 HR managers" stays)."""
    prev = core(prev_word(text, start)).lower()
    ordinal = re.fullmatch(r"\d+(?:st|nd|rd|th)", prev) is not None
    if ordinal and core(next_word(text, end)).lower() in T.cue("home_run_after"):
        return True  # "his 54th HR traveled 430 ft.": only a hit travels
    return ((ordinal or prev in ("his", "her", "a", "the", "their"))
            and (sentence_has(text, start, end, "batting_sentence") or has_batting_average(text, start, end)))


def has_batting_average(text: str, start: int, end: int) -> bool:
    """"hit .331 with 53 HRs": a batting average (a bare point and three digits) "with" the stats
    after it, earlier in the text."""
    return re.search(r"(?:^|[\s(])\.\d{3} with\b", text[max(0, start - 300):start]) is not None


def after_article(text: str, start: int, end: int) -> bool:
    """"the Sun.", "The Sun.": an article before makes it a noun, never a weekday."""
    return core(prev_word(text, start)).lower() in ("a", "an", "the")



def before_direction(text: str, end: int) -> bool:
    """"95 mi. NE of San Juan", "30 mi. North of Dallas": a compass point and "of" follow a
    unit's period, which then ends no sentence."""
    m = re.match(r" ([A-Z][A-Za-z-]{0,15}) of\b", text[end:end + 22])
    return m is not None and (m.group(1) in T.COMPASS or m.group(1).lower() in T.COMPASS.values())


def before_place_rest(text: str, start: int, end: int) -> bool:
    """"N. Dakota", "S. Korea": the rest of a place name follows a compass initial."""
    return text[end:end + 1] == " " and bare(next_word(text, end)) in T.cue("place_rests")


def after_rate_a(text: str, start: int, end: int) -> bool:
    """"$3.49 a gal.", "$2,341.60 an oz.", "50 cents per lb.": a unit after a price and "a",
    "an" or "per" (never "a gal." alone: a woman)."""
    words = prev_words(text, start, 2)
    return (len(words) == 2 and words[1] in ("a", "an", "per")
            and re.fullmatch(r"[$€£]?\d[\d.,]*|cents?|dollars?|euros?|pence", words[0]) is not None)


def after_per(text: str, start: int, end: int) -> bool:
    """"17.2 cents per kWh", "carbon per MWh": right after "per", a unit's abbreviation."""
    return prev_word(text, start) == "per"


def before_comma_lowercase(text: str, start: int, end: int) -> bool:
    """"fell Tues., then rose": a comma and a lowercase word follow the period."""
    return re.match(r", [a-z]", text[end:end + 3]) is not None

CONTEXTS: dict[str, Callable[[str, int, int], bool]] = {
    "always": lambda text, start, end: True, "after_clock": after_clock,
    "before_name": before_name, "before_capital": before_capital,
    "before_proper_name": before_proper_name, "before_number": before_number,
    "before_and": before_and, "before_generation_letter": before_generation_letter,
    "before_saint_name": before_saint_name, "before_county_name": before_county_name,
    "before_lowercase": before_lowercase, "in_state_list": in_state_list, "before_institution": before_institution, "at_sentence_start": at_sentence_start, "county_in_sentence": county_in_sentence,
    "after_in_name": after_in_name, "before_senate_office": before_senate_office, "before_code_word": before_code_word, "after_place_or_of": after_place_or_of,
    "before_county_office": before_county_office, "before_university": before_university,
    "after_name": after_name,
    "after_number": after_number, "after_capital": after_capital, "after_city": after_city,
    "after_state_team": after_state_team, "after_date_cue": after_date_cue, "after_percent": after_percent,
    "before_day_part": before_day_part, "before_of_office": before_of_office,
    "before_title": before_title, "before_date": before_date, "storm_in_sentence": storm_in_sentence,
    "after_place_preposition": after_place_preposition, "before_maximum_noun": before_maximum_noun,
    "after_said": after_said, "after_time_zone": after_time_zone, "before_clock": before_clock,
    "after_article": after_article, "before_place_rest": before_place_rest,
    "after_rate_a": after_rate_a, "after_per": after_per, "after_possessive_name": after_possessive_name, "after_office_adjective": after_office_adjective, "home_run_slot": home_run_slot,
    "before_comma_lowercase": before_comma_lowercase,
}


def holds(names: tuple[str, ...], text: str, start: int, end: int) -> bool:
    for name in names:
        negate = name.startswith("!")
        if CONTEXTS[name.lstrip("!")](text, start, end) == negate:
            return False
    return True


# --- issue 14, round 6 (held8's kinds) ----------------------------------------------------
_STATE_AFTER_COMMA = re.compile(r", ([A-Z][A-Za-z.]*\.?(?: [A-Z][a-z]+)?)")


def after_county_name_before_state(text: str, start: int, end: int) -> bool:
    """"Fulton Co., Ga.", "Maricopa Co., Arizona": a place's name, "Co." and then its state is
    a county (a company is not followed by its state); not after a trade word ("Ford Motor
    Co., Mich." stays the company)."""
    m = _STATE_AFTER_COMMA.match(text, end)
    if m is None or not (m.group(1) in T.STATES or m.group(1) in T.STATES.values()):
        return False
    prev = core(prev_word(text, start))
    # a place's name, even one that comes before "St." elsewhere ("Lake Co., Ind.")
    named = after_name(text, start, end) or (prev[:1].isupper() and prev in T.cue("saint_before"))
    return named and prev not in T.cue("company_words")


def county_in_alert(text: str, start: int, end: int) -> bool:
    """"a tornado warning for Tulsa Co. until 9:45": in a weather alert, a place's "Co." after
    "for" or "in" is the county the alert covers."""
    words = prev_words(text, start, 2)
    return (len(words) == 2 and words[0].lower() in ("for", "in", "across") and after_name(text, start, end)
            and words[1] not in T.cue("company_words")
            and not T.cue("alert_words").isdisjoint(_words_since_sentence_start(text, start)))


def _words_since_sentence_start(text: str, start: int) -> list[str]:
    """The lowercase words from the sentence's start to ``start`` ("p.m." ends no sentence)."""
    before = re.sub(r"\b([ap])\.m\.", r"\1m", text[max(0, start - 200):start])
    return re.findall(r"[a-z]+", re.split(r"[.!?]\s+(?=[A-Z\"“])|\n", before)[-1].lower())


def before_colon(text: str, start: int, end: int) -> bool:
    """"Mon.: Mostly cloudy": a forecast's day heading, its colon right after the period."""
    return text[end:end + 1] == ":"


def after_fraction(text: str, start: int, end: int) -> bool:
    """"1/2 mi.", "3/4 in.": a unit after a fraction of one, in the singular."""
    return re.fullmatch(r"\d{1,2}/\d{1,2}", prev_word(text, start)) is not None


def after_titlecase_word(text: str, start: int, end: int) -> bool:
    """"the Japanese GP", "Monaco GP": after a capitalized (not all-capital) word of the name."""
    prev = core(prev_word(text, start))
    return prev[:1].isupper() and prev[1:].islower() and prev not in T.cue("sentence_starters") \
        and prev not in T.cue("not_race_names")


def after_score_number(text: str, start: int, end: int) -> bool:
    """"Maple Leafs 2 (OT)": in parentheses right after a game's score."""
    return re.search(r"\d \($", text[max(0, start - 4):start]) is not None and text[end:end + 1] == ")"


CONTEXTS.update({
    "after_county_name_before_state": after_county_name_before_state,
    "county_in_alert": county_in_alert, "before_colon": before_colon,
    "after_fraction": after_fraction,
    "after_titlecase_word": after_titlecase_word, "after_score_number": after_score_number,
})


# --- issue 14, round 8 ---------------------------------------------------------------------
def before_state_body(text: str, start: int, end: int) -> bool:
    """"the Fla. Supreme Court", "Tenn. Legislature": a state's abbreviation before the name
    of one of its bodies (a sentence does not start with "Supreme Court" after a state)."""
    return text[end:end + 1] == " " and next_word(text, end) in T.cue("state_bodies")


CONTEXTS.update({"before_state_body": before_state_body})


def after_ranked_state(text: str, start: int, end: int) -> bool:
    """"No. 12 Arizona St. at 7 p.m.": a poll ranking before a state's name; its number is
    no house number."""
    words = prev_words(text, start, 3)
    return (len(words) == 3 and words[2] in T.cue("state_teams") and words[1].isdigit()
            and words[0] in ("No.", "no."))


def after_state_at_game(text: str, start: int, end: int) -> bool:
    """"The game is at Ohio St. next week", "vs. Penn St.": a state's name after "at", "vs."
    or "against" in a sentence about a game (no house number before: "at 100 Ohio St.")."""
    words = prev_words(text, start, 2)
    return (len(words) == 2 and words[1] in T.cue("state_teams") and words[0] in T.cue("opponent_words")
            and sentence_has(text, start, end, "game_words", fold=True))


CONTEXTS.update({"after_ranked_state": after_ranked_state, "after_state_at_game": after_state_at_game})


_STREET_AFTER_NAME = re.compile(r" [A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?? (?:St\.|Ave\.|Dr\.|Rd\.|Blvd\.|Ln\.|Ct\.|Pl\."
                                r"|Pkwy\.|Hwy\.|Street|Avenue|Drive|Road|Boulevard|Lane|Court|Place|Way|Parkway)(?!\w)")
_SINGLE_NAME_THEN_LOWER = re.compile(r" [A-Z][\w'’-]* [a-z]")


def before_street_name(text: str, start: int, end: int) -> bool:
    """"W. Division St.", "N. Martin Luther Ave.": a compass initial before a street's name;
    also after a house number ("1200 W. Madison") or a street word before a one-word name and
    a lowercase word ("on S. Halsted near"; "by E. Jean Carroll" stays a person's initial)."""
    m = _STREET_AFTER_NAME.match(text, end)
    if m is not None:
        return True
    prev = core(prev_word(text, start))
    if re.fullmatch(r"\d{2,5}", prev) and before_capital(text, start, end):
        return True
    return (prev.lower() in T.cue("street_prepositions") | T.cue("street_verbs")
            and _SINGLE_NAME_THEN_LOWER.match(text, end) is not None)


CONTEXTS.update({"before_street_name": before_street_name})


_SCORE_IN = re.compile(r"\d{1,3}[-–]\d{1,3},? in \Z")


def after_score_in(text: str, start: int, end: int) -> bool:
    """"won 3-2 in OT": overtime after a game's score and "in"."""
    return _SCORE_IN.search(text, max(0, start - 12), start) is not None


CONTEXTS.update({"after_score_in": after_score_in})


def after_australian_city(text: str, start: int, end: int) -> bool:
    """"Perth, WA", "Brisbane, Qld.": an Australian state right after its city and a comma."""
    prev = prev_word(text, start)
    return prev.endswith(",") and core(prev) in T.cue("australian_cities")


CONTEXTS.update({"after_australian_city": after_australian_city})


_NAME_LINKS = frozenset({"of", "and", "for", "the", "&", "de"})


def _initials_before(text: str, start: int, n: int) -> str:
    """The initials of the capitalized words before ``start`` ("North Atlantic Treaty
    Organization" -> "NATO"), linking words ("of", "the") skipped."""
    words = [w for w in prev_words(text, start, 2 * n) if w.lower() not in _NAME_LINKS]
    return "".join(w[0] for w in words if w[:1].isupper())


def ticker_after_name(text: str, start: int, end: int) -> bool:
    """"Apple (AAPL) shares rose", "Nvidia (NVDA) gained": capitals in parentheses after a
    company's name, in a sentence about shares or markets, are its stock symbol; never the
    initials of the words before them ("the North Atlantic Treaty Organization (NATO)") nor one
    of those words again ("Kospi Index (KOSPI)")."""
    sym = text[start:end]
    prev = core(prev_word(text, start - 1))
    if not (prev[:1].isupper() and prev not in T.cue("sentence_starters")):
        return False
    if _initials_before(text, start - 1, len(sym)).endswith(sym):
        return False
    if sym.lower() in {w.lower() for w in prev_words(text, start - 1, 4)}:
        return False  # "South Korea's Kospi Index (KOSPI)": a name said again, a word
    return sentence_has(text, start, end, "market_words", fold=True)
def weather_temps(text: str, start: int, end: int) -> bool:
    """"high temps", "temps as low as -30": "temps" is temperatures after a weather word, or
    before a word that leads to a reading a few words on ("hired temps in 2020" stays)."""
    if core(prev_word(text, start)).lower() in T.cue("temps_before"):
        return True
    if re.match(r" in the (?:(?:low|mid|upper|high)[ -])?(?:\d0s|teens|single digits)\b", text[end:end + 30]):
        return True  # "temps in the upper 80s" (not "hired temps in 2020")
    nxt = bare(next_word(text, end)).lower()
    reading_soon = re.match(r"(?:\s+\S+){0,4}?\s+[-−]?\d", text[end:end + 40]) is not None
    return nxt in T.cue("temps_after") and reading_soon


CONTEXTS["weather_temps"] = weather_temps


def overtime_after_score(text: str, start: int, end: int) -> bool:
    """"beat the Knicks 112-104 in OT", "won in double OT": after "in" in a sentence with a
    game's score or result ("the OT" of a Bible class stays)."""
    words = prev_words(text, start, 2)
    if not words or not (words[-1] == "in" or (words[-1] in ("double", "triple") and words[:1] == ["in"])):
        return False
    sentence = sentence_of(text, start, end)
    return re.search(r"\b\d{1,3}-\d{1,3}\b", sentence) is not None or not T.cue("score_cues").isdisjoint(
        re.findall(r"[a-z]+", sentence))


def after_forecast_word(text: str, start: int, end: int) -> bool:
    """"highs Thu. 45-50", "lows Sat. near 20": a weekday after a forecast's highs or lows."""
    return core(prev_word(text, start)).lower() in T.cue("forecast_words")


CONTEXTS.update({"overtime_after_score": overtime_after_score, "after_forecast_word": after_forecast_word})


_BOARD_OF = re.compile(r" [Bb]oard of (\w+)")


def before_county_board(text: str, start: int, end: int) -> bool:
    """"the Cook Co. Board of Commissioners": a county's board ("Acme Co. board" stays)."""
    m = _BOARD_OF.match(text, end)
    return m is not None and m.group(1) in T.cue("county_boards")


CONTEXTS.update({"before_county_board": before_county_board})


_ORDINAL_THEN_NAME = re.compile(r" \d{1,3}(?:st|nd|rd|th) [A-Z]")


def before_ordinal_street(text: str, start: int, end: int) -> bool:
    """"W. 48th St.", "E. 12th Avenue": a compass initial before a numbered street (an ordinal
    and the street's word)."""
    return _ORDINAL_THEN_NAME.match(text, end) is not None


CONTEXTS.update({"before_ordinal_street": before_ordinal_street})


_GAME_CLOCK = re.compile(r"\d{1,2}:[0-5]\d")
_SCORE = re.compile(r"\d{1,3}[-–]\d{1,3}")


def overtime_after_clock_or_score(text: str, start: int, end: int) -> bool:
    """"at 4:32 of OT", "1:15 into OT": a game clock before; "a 3-2 OT win": a score before, in
    a sentence about a game's result ("2-3 OT sessions a week" is occupational therapy)."""
    words = prev_words(text, start, 2)
    if words and _SCORE.fullmatch(words[-1]):
        return sentence_has(text, start, end, "score_cues", fold=True)
    return len(words) == 2 and words[1] in ("of", "into") and _GAME_CLOCK.fullmatch(words[0]) is not None


def after_day_count(text: str, start: int, end: int) -> bool:
    """"the 15-day IL", "a 60-day IL stint": a stay counted in days before (the injured list)."""
    return re.fullmatch(r"\d{1,2}-day", core(prev_word(text, start))) is not None


def on_baseball_list(text: str, start: int, end: int) -> bool:
    """"came off the IL", "back on the IL": "the" and a roster's preposition before, in a
    sentence about baseball ("Springfield, IL" stays)."""
    words = [w.lower() for w in prev_words(text, start, 2)]
    return (len(words) == 2 and words[1] == "the" and words[0] in ("on", "off", "from", "to")
            and baseball_sentence(text, start, end))


def baseball_sentence(text: str, start: int, end: int) -> bool:
    """A sentence about baseball: its games' words or a roster's ("placed", "bullpen", "IL")."""
    return sentence_has(text, start, end, "baseball_words") or sentence_has(text, start, end, "roster_words")


CONTEXTS.update({"overtime_after_clock_or_score": overtime_after_clock_or_score,
                 "after_day_count": after_day_count, "on_baseball_list": on_baseball_list,
                 "baseball_sentence": baseball_sentence})


# --- issue 14, held16 round: a compass initial before a region, a state closing a clause ----
def before_clause_end(text: str, start: int, end: int) -> bool:
    """"was found in N.D.", "in N.D., officials said", "in N.D. He": nothing of the clause
    follows (the text or line ends, a comma, or a new sentence's first word; "N.D. Ill." runs on)."""
    rest = text[end:end + 2]
    if not rest.strip() or rest[:1] in "\n,;:)":
        return True
    return rest[:1] == " " and core(next_word(text, end)) in T.cue("sentence_starters")


def before_region(text: str, start: int, end: int) -> bool:
    """"W. Texas", "E. Africa", "S. Florida": a compass initial before a state's or a region's name."""
    return text[end:end + 1] == " " and bare(next_word(text, end)) in T.cue("compass_regions")


CONTEXTS.update({"before_clause_end": before_clause_end, "before_region": before_region})


def stat_plural_slot(text: str, start: int, end: int) -> bool:
    """"50 HRs and 50 SBs", "hit 40 HRs for the Yankees": a baseball stat's plural after a
    count, with another stat or a baseball word in the sentence ("24 HRs" of work stays)."""
    if not after_number(text, start, end):
        return False
    others = set(re.findall(r"[A-Za-z]+", sentence_of(text, start, end))) - {text[start:end]}
    return not T.cue("baseball_stats").isdisjoint(others) or baseball_sentence(text, start, end) or \
        has_batting_average(text, start, end)


CONTEXTS["stat_plural_slot"] = stat_plural_slot


def before_quadrant(text: str, start: int, end: int) -> bool:
    """"International Dr. NW": a city quadrant follows the street's word."""
    return text[end:end + 1] == " " and bare(next_word(text, end)) in T.cue("quadrants")


def after_street_word(text: str, start: int, end: int) -> bool:
    """"Pennsylvania Ave. NW", "4th Street SE": right after a street's word."""
    return text[start - 1:start] == " " and prev_word(text, start) in T.cue("street_words")


CONTEXTS.update({"before_quadrant": before_quadrant, "after_street_word": after_street_word})


def after_name_suffix(text: str, start: int, end: int) -> bool:
    """"Martin Luther King Jr. Dr.": a street named for a person ends in "Jr." or "Sr."."""
    words = prev_words(text, start, 2)
    return len(words) == 2 and words[1] in ("Jr.", "Sr.") and is_capitalized(words[0])


def before_lowercase_or_end(text: str, start: int, end: int) -> bool:
    """"Ocean Dr. was closed", "on Ocean Dr.", "Ocean Dr., where": no name follows, so the
    word is no title before one."""
    rest = text[end:]
    return re.match(r"\s*(?:$|[,;:)!?]|[a-z])", rest) is not None


def after_place_word(text: str, start: int, end: int) -> bool:
    """A capitalized word that is no sentence starter ("Ocean Dr. was", not "The Dr. said")."""
    prev = core(prev_word(text, start))
    return is_capitalized(prev) and prev not in T.cue("sentence_starters") and \
        prev_word(text, start) not in T.ABBREVIATIONS


CONTEXTS.update({"after_name_suffix": after_name_suffix, "before_lowercase_or_end": before_lowercase_or_end,
                 "after_place_word": after_place_word})


def after_mixed_number(text: str, start: int, end: int) -> bool:
    """"1 1/2 in.", "2 1/4 mi.": a unit after a whole number and a fraction, in the plural."""
    words = prev_words(text, start, 2)
    return len(words) == 2 and re.fullmatch(r"\d{1,3}", words[0]) is not None \
        and re.fullmatch(r"\d{1,2}/\d{1,2}", words[1]) is not None
CONTEXTS["after_mixed_number"] = after_mixed_number


def before_city_team(text: str, start: int, end: int) -> bool:
    """"N.Y. Rangers", "L.A. Kings": a city's initials before one of its teams' names."""
    return text[end:end + 1] == " " and core(next_word(text, end)) in T.cue("city_teams")


CONTEXTS["before_city_team"] = before_city_team
# a city's initials read before its team, and the team (for a box line's team names)
ABBR_CITY_TEAM = re.compile(r"(?<!\S)(" + "|".join(
    re.escape(w) for w, rs in T.ABBREVIATIONS.items() if any(r.context == ("before_city_team",) for r in rs))
    + r")(?= (?:" + "|".join(sorted(T.cue("city_teams"))) + r")\b)")


def after_ordinal_office(text: str, start: int, end: int) -> bool:
    """"named his 5th PM", "the 3rd PM since 2022": an office counted by an ordinal, with no
    noun after it ("the 2nd PM shift" stays)."""
    if re.fullmatch(r"\d+(?:st|nd|rd|th)", core(prev_word(text, start))) is None:
        return False
    nxt = next_word(text, end) if text[end:end + 1] == " " else ""
    return not nxt[:1].islower() or core(nxt) in T.cue("office_ordinal_after")


CONTEXTS["after_ordinal_office"] = after_ordinal_office
