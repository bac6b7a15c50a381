"""Find the non-word tokens of a text: one left-to-right scan, each token with its kind.

A token kind is a regular expression (one alternative of a combined pattern, earlier kinds
win at the same position). The scan tries the combined pattern only at the few positions
where a token can start (a digit, a capital, a symbol, a handful of lowercase
abbreviations, the start of a domain or e-mail address), so it stays linear in the text.
What a token means in its context is decided by classify.py, how it is said by verbalize.py.
"""
from __future__ import annotations

import re
from typing import Iterator

from service.speech.normalize import tables as T


def _keys(words, boundary: bool = True) -> str:
    """Alternation of ``words``, longest first; a key ending in a letter or digit must not
    run on into a longer word."""
    out = []
    for w in sorted(words, key=len, reverse=True):
        k = re.escape(w)
        out.append(k + r"(?!\w)" if boundary and w[-1].isalnum() else k)
    return "|".join(out)


_MONTHS_FULL = "|".join(T.MONTHS)
_MON = rf"(?P<mon>{_MONTHS_FULL}|(?:{_keys(T.MONTH_ABBR, False)})\.?)"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT_KEYS = _keys(T.UNITS, False)
_SCALE = rf"(?:{_keys(T.SCALES, False)})\b"
_CUR = "".join(re.escape(k) for k in T.CURRENCIES)
_STATE_KEYS = "|".join(k + (r"\b" if k[-1].isalnum() else "")
                       for k in sorted(map(re.escape, T.STATES), key=len, reverse=True))
_DOMAINS = r"com|org|net|gov|edu|io|co\.uk|ly|tv|ai|app|dev|news|info|ca|uk|au|nz|ie"
_SET = r"[0-7]-[0-7](?: \(\d{1,2}-\d{1,2}\))?"
_CLOCK_AFTER = "|".join(sorted(T.cue("clock_after")))
_WEEKDAYS = "Mon|Tues?|Wed|Thu(?:rs)?|Fri|Sat|Sun"

# (kind, pattern), in priority order.
KINDS: list[tuple[str, str]] = [
    ("url", r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9][^\s<>\"“”]*[^\s<>\"“”.,;:!?)\]'’]"
            r"|(?<![\w@.])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
            rf"|(?<![\w@./-])[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:{_DOMAINS})\b"
            r"(?:/[^\s<>\"“”]*[^\s<>\"“”.,;:!?)\]'’])?"),
    ("month_day", rf"\b{_MON}[ \t\u00a0]+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
                  rf"(?:[^\S\n]?[-–][^\S\n]?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?(?![\d:])\b"
                  rf"(?:(?P<ysep>,?\s)(?P<y>1[1-9]\d\d|20\d\d)(?![\w,.]\d|\w))?"),
    ("month_year", rf"\b{_MON}[ \t\u00a0]+(?P<y>1[1-9]\d\d|20\d\d)\b(?![.,]\d)"),
    ("day_month", rf"(?<![\w.,$-])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
                  rf"(?:[^\S\n]?[-–][^\S\n]?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?[ \t\u00a0]+(?P<mon>{_MONTHS_FULL}|(?:{_keys(T.MONTH_ABBR)})(?:\.|(?=,?\s(?:1[1-9]\d\d|20\d\d)\b)))(?![\w'’])"
                  rf"(?:(?P<ysep>,?\s)(?P<y>1[1-9]\d\d|20\d\d)(?![\w,.]\d|\w))?"),
    ("party", rf"(?<![\w-])(?P<p>[DRI])-(?:(?P<st>{_STATE_KEYS})|(?P<city>(?:[A-Z][a-z]{{3,}}|[A-Z][a-z]{{1,2}}(?= [A-Z]))(?: [A-Z][a-z]+)?)(?=[,)]))"),
    ("idiom", rf"(?<![\w/])(?:{_keys(T.IDIOMS)})(?![\w/])"),
    # (never "K-9": a police dog unit)
    ("k_grades", r"(?<![\w-])K[-–](?P<n>[1-8]|1[0-2])(?![\w-]|[.,]\d)"),
    ("article_roman", r"\b(?P<a>Art|Sec)\. (?P<r>[IVX]{1,4})\b(?![.'’]?\w)"),
    ("formula", rf"(?<![\w.])(?:{_keys(T.FORMULAS)})(?![\w]|\.\d)"),
    ("overtime", r"(?<=\d )\((?P<n>[23]?)OT\)"),  # after a score: "in overtime"
    # readings below zero: "-10--15", "-8 – -3" (minus to minus), "in the -20s"
    ("negative_range", rf"(?<![\w.,/-])[-−](?P<a>{_NUM})[^\S\n]?[-–][^\S\n]?[-−](?P<b>{_NUM})(?![\w/°%]|[.,]\d|-\d)"),
    ("negative_decade", r"(?<![\w.,/-])[-−](?P<dd>[1-9])0s\b"),
    ("weekday_range", rf"\b(?P<d1>{_WEEKDAYS})\.?[-–](?P<d2>{_WEEKDAYS})\.(?!\w)"),  # "Mon.-Fri."
    ("ticker", rf"\b(?P<ex>{_keys(T.cue('exchanges'))})[^\S\n]?:[^\S\n]?(?P<sym>[A-Z]{{1,5}}|\d{{4,6}})\b(?!\.\w)"),
    # "S.D." must not be read out of "S.D.N.Y." (a longer dotted name runs on)
    ("abbreviation", rf"(?<![\w.])(?P<a>{_keys(T.ABBREVIATIONS)})(?![A-Za-z]\.)"),
    ("hash_number", r"#(?=\d)"),
    ("paren_ticker", r"(?<=\()(?P<sym>[A-Z]{1,5})(?=\))"),
    ("degree_letter", r"(?<=\bdegrees )(?P<u>[FC])\b(?![.'’-]\w)"),
    ("cashtag", r"(?<![\w$])\$(?P<sym>[A-Z]{1,5})\b(?![.'’]\w)"),
    ("cents", r"(?<![\w.,])(?P<n>\d{1,2})[^\S\n]?¢"),
    ("hashtag", r"(?<![\w&])#(?P<tag>[A-Za-z]\w*)"),
    ("section_sign", r"§§?[^\S\n]?(?=\d)"),
    ("dotted", rf"(?<![\w.])(?:{_keys(T.cue('dotted_names'), False)})"),
    ("state_compound", rf"(?<![\w.-])(?P<st>{_STATE_KEYS})(?=-(?:{_keys(T.cue('state_compounds'))}))"),
    ("numeric_date", r"(?<![\w/.,])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\w/]|[.,]\d)"),
    ("iso_date", r"(?<![\w/.,-])(?P<y>1[1-9]\d\d|20\d\d)-(?P<mo>\d\d)-(?P<d>\d\d)(?![\w-]|[.,]\d)"),
    ("time", r"(?<![\w:.,])(?P<h>\d{1,2}):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\w:]|[.,]\d)"
             r"(?:(?=(?P<ampm>[^\S\n]?(?:[ap]\.?m|[AP]\.?M)\b))|)"),
    # "18:00:00+00": a timestamp's UTC offset of zero, said "UTC" (eSpeak said "plus zero zero")
    ("utc_offset", r"(?<=\d:[0-5]\d)\+00(?::?00)?(?![\w:])"),
    ("clock", rf"(?<![\w.,:$])(?P<hm>[01]\d[0-5]\d|2[0-3][0-5]\d)(?=\s(?:{_CLOCK_AFTER})\b)"),
    ("compass", rf"(?<![\w.-])(?P<c>{_keys(T.COMPASS)})(?![\w'’.-]\w)"),
    ("time_zone", rf"(?<![\w.])(?P<z>{_keys(T.TIME_ZONES)})(?P<slash>/(?=\d))?"),
    ("phone", r"(?<![\w.,/-])(?:(?:\+?1[-. ])?(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}"
              r"|\+?1-\d{3}-\d{3}-\d{4}|[2-9]\d{2}-\d{4}|1-8\d\d-[A-Z]{3,}(?:-[A-Z]{2,})?)(?![\w-]|[.,]\d)"
              r"|(?<![\w+])\+(?!1[-. ])\d{1,3}(?:[ .-]\(?\d{1,8}\)?| \(0\) ?\d{1,8}){2,5}(?![\w-]|[.,]\d)"),
    ("dial", r"(?<![\w.,$#-])(?P<n>[1-9]11|988|999|112|000)(?![\w%°-]|[.,]\d)"),
    ("currency", rf"(?<![\w])(?P<pre>US|NZ|HK|[CAS])?(?P<sym>[{_CUR}])[ \u00a0]?(?P<n>{_NUM})"
                 rf"(?P<scale>[^\S\n]?{_SCALE})?"
                 rf"(?:[^\S\n]?[-–][^\S\n]?[{_CUR}]?(?P<n2>{_NUM})(?P<scale2>[^\S\n]?{_SCALE})?)?"
                 rf"(?![\w]|[.,]\d)"),
    ("currency_code", rf"(?<![\w$])(?P<code>{_keys(T.CURRENCY_CODES, False)})[^\S\n]?(?P<n>{_NUM})"
                      rf"(?P<scale>\s{_SCALE})?(?![\w]|[.,]\d)"),
    ("temperature", r"(?<![\w.,])(?:(?P<lo>[-−]?\d+(?:\.\d+)?)(?:[°º˚][^\S\n]?[FC]?)?[^\S\n]?[-–][^\S\n]?)?"
                    r"(?P<sign>[-−])?(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
                    r"(?P<scale> (?:thousand|million|billion)(?= ?[°º˚]))?"
                    r"(?:[^\S\n]?[°º˚](?:[^\S\n]?(?P<u>[FCKNSEW])(?![a-z]))?|(?P<u2>[CF])(?![\w'’]|[.,]\d)|\s(?P<u3>[CF])(?=\)|\s\([-−]?\d+(?:\.\d+)?[^\S\n]?[°º˚]?[^\S\n]?[CF]\)))"),
    ("year_range", r"(?<![\w.,/:$-])(?P<y1>1[1-9]\d\d|20\d\d)[^\S\n]?[-–][^\S\n]?(?P<y2>1[1-9]\d\d|20\d\d|\d\d)"
                   r"(?![\w%°]|[.,]\d|-\d)"),
    ("decade", r"(?<![\w$.,])(?:'|’)?(?P<c>1[1-9]|20)?(?P<dd>\d)0['’]?s\b(?:(?P<hy>-(?=[a-z]))|(?P<to>[-–](?=['’]?(?:1[1-9]|20)?\d0['’]?s\b)))?"),
    ("short_year", r"(?<![\w'’])['’](?P<yy>\d\d)(?![\w'’]|[.,]\d)"),
    ("foot_height", r"(?<![\w.-])(?P<ft>[4-7])-(?:foot|ft)-(?P<inch>\d{1,2})(?![\w-]|[.,]\d)"),
    ("ratio", r"(?<![\w.,:])(?P<a>\d{1,2}):(?P<b>[1-9]\d?)(?= (?:ratio|margin|odds|split|majority)\b)"),
    ("relay", r"(?<![\w.,-])(?P<a>[1-9])[x×](?P<b>\d{2,4})(?P<u>[^\S\n]?m\b)?(?![\w-]|[.,]\d)"),
    ("cricket", r"(?<![\w.,/-])(?P<r>\d{1,3})/(?P<w>10|\d)(?![\w/]|[.,]\d)"),
    ("pence", r"(?<![\w.,$£€-])(?P<n>\d{1,3}(?:\.\d{1,2})?)p\b(?![\w'’.-]\w)"),
    ("flight_code", r"(?<=[Ff]light )(?P<l>[A-Z]{2}|[A-Z]\d|\d[A-Z])[^\S\n]?(?P<n>\d{2,4})(?![\w-]|[.,]\d)"),
    ("letter_model", r"(?<![\w.-])(?P<l>[A-Z]{1,3})-(?P<n>[1-9]\d\d)(?![\w-]|[.,]\d)"),
    ("feet_inches", r"(?<![\w.,-])(?P<ft>[1-9]) ?ft\.? (?P<inch>\d{1,2}) ?in\b\.?(?!\w)"),
    ("height", r"(?<![\w'’.])(?P<ft>[4-7])['’′] ?(?P<inch>\d{1,2})(?:\"|”|″|'')?(?![\w'’]|\d)"),
    ("inch_mark", r"(?<![\w.,'’\"“])(?:(?P<lo>\d{1,2}(?:\.\d+)?)(?:\"|″)?[-–])?(?P<n>\d{1,2}(?:\.\d+)?)(?:\"|″)(?![\w\"])"),
    ("jet", r"(?<![\w.,-])(?P<n>7[0-8]7)(?P<x>[Xx])?(?:-(?P<v>\d{1,3})(?P<suf>ER|LR|F)?)?(?P<pl>s(?![\w'’]))?(?P<max> MAX)?(?![\w]|[.,]\d)"),
    ("magnitude", r"(?<![\w.-])M(?P<n>\d\.\d)(?![\w]|[.,]\d)"),
    ("embraer", r"(?<![\w.-])E(?P<n>1[79][05])(?![\w-])"),
    ("short_code", r"(?<![\w.,$#-])(?P<n>\d{5,6})(?![\w%°-]|[.,]\d)"),
    ("airbus", r"(?<![\w.-])A(?P<n>220|3[0-8]\d)(?P<suf>neos?|ceos?|XLR|LR)?(?:-(?P<v>\d{3,4}))?(?P<pl>s(?![\w'’-]))?(?![\w-]|[.,]\d)"),
    ("batting", r"(?<![\w.,])\.(?P<avg>\d{3})(?![\w]|[.,]\d)"),
    # a unit's abbreviation after "per" ("5 mg per kg of body weight")
    ("per_unit_word", r"(?<=\bper )(?P<u>kg|km|lb|g|mg|mL|ml|L|hr|mi|oz|ft|sq\. ft\.)(?![\w.]|\.\w)"),
    # a blood pressure ("130/80 mm Hg"): "one hundred thirty over eighty millimeters of mercury"
    ("pressure", r"(?<![\w./])(?P<a>\d{2,3})/(?P<b>\d{2,3})[^\S\n]?mm[^\S\n]?Hg\b"),
    # a swimmer's or runner's time: minutes, seconds and hundredths ("1:52.28"); no clock has those
    ("split_time", r"(?<![\w.,:$])(?P<m>\d{1,2}):(?P<s>[0-5]\d)\.(?P<f>\d{1,3})(?![\w:]|[.,]\d)"),
    # a house number before a street's name ("4500 Research Dr.", "1600 Pennsylvania Ave.")
    ("house_number", r"(?<![\w.,$#-])(?P<n>[1-9]\d{2,3})(?= (?:[NSEW]\.? )?(?:[A-Z][a-z]+ ){1,3}(?:St|Ave|Dr|Rd|Blvd|Ln|Ct|Pl|Pkwy|Hwy)\.|(?= (?:[NSEW]\.? )?(?:[A-Z][a-z]+ ){1,3}(?:Street|Avenue|Drive|Road|Boulevard|Lane|Court|Place|Way|Parkway)\b))"),
    ("sets", rf"(?<![\w.,/:$-])(?:{_SET}(?:,? {_SET})+|[67]-[67] \(\d{{1,2}}-\d{{1,2}}\))"
             r"(?![\w%°/-]|[.,]\d)"),
    ("scaled", rf"(?<![\w.,$€£¥-])(?P<n>{_NUM}) (?P<scale>{_keys(T.COUNT_SCALES)})"
               rf"(?: (?P<u>{_UNIT_KEYS})(?![\w/²]|[.,]\d))?(?![\w]|[.,]\d)"),
    # "11 km/s", "50 mg/dL": a unit per another, said "kilometers per second"
    ("unit_per", rf"(?<![\w.,$€£¥-])(?P<n>{_NUM})[^\S\n]?(?P<u>{_UNIT_KEYS}|m)/(?P<per>{_keys(T.UNIT_DENOMINATORS)})"
                 r"(?![\w/²³]|[.,]\d)"),
    ("unit", rf"(?<![\w.,$€£¥-])(?:(?P<lo>{_NUM})[^\S\n]?[-–][^\S\n]?)?(?P<n>{_NUM})"
             r"(?: (?P<scale>thousand|million|billion|trillion)(?= ))?(?P<sp>[^\S\n]?|-)"
             rf"(?P<u>{_UNIT_KEYS}|m)(?P<dot>\.)?(?![\w/²]|[.,]\d)"
             r"|(?<![\w.,$€£¥-])(?P<n2>\d+(?:\.\d+)?)(?P<u2>[MK])\b"),
    # "Final: Brazil 2, Argentina 1", "Rangers 4, Devils 2;": an agate line score
    ("line_score", r"(?<![\w.,$-])(?P<a>\d{1,3}), (?P<team>[A-Z][\w.'’&]*(?: [A-Z][\w.'’&]*){0,3}) (?P<b>\d{1,3})"
                   r"(?=[;.]?(?:\s|$)| \(|\)|,? (?:in|after|at)\b)"),
    ("triple_record", r"(?<![\w.,/:$-])(?P<a>\d{1,2})-(?P<b>\d{1,2})-(?P<c>\d{1,2})(?![\w-]|[.,]\d)"),
    ("for_pair", r"(?<![\w.,-])(?P<a>\d{1,2})-(?P<w>for|of)-(?P<b>\d{1,3})(?![\w-])"),
    # an abbreviation's period just before a comma goes with it ("$3.49/gal., AAA said")
    ("per_slash", rf"(?:(?<=\d)|(?<=\d[\"″]))/(?P<u>{_keys(T.PER_UNITS)})(?:\.(?=,))?"),
    ("range", rf"(?<![\w.,/:$€£¥-])(?P<a>{_NUM})(?P<pcta>%)?[^\S\n]?[-–][^\S\n]?(?P<b>{_NUM})(?P<pct>[^\S\n]?%)?"
              r"(?![\w/°]|[.,]\d|-\d)"),
    ("fiscal_year", r"\bFY ?['’]?(?P<y>(?:19|20)\d\d|\d\d)\b"),
    ("year", r"(?<![\w$€£¥.,:/#])(?<!\d[-–])(?<!\d[-–][a-z]{2}[-–])(?P<y>1[1-9]\d\d|20\d\d)(?![\w%°]|[.,]\d|[^\S\n]?%)"),
    ("short_date", r"(?<![\w/.,])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/]|[.,]\d)"),
    ("unicode_fraction", r"(?<![\d.,])(?:(?P<whole>\d+)[^\S\n]?)?(?P<f>[" + "".join(T.UNICODE_FRACTIONS) + "])"),
    ("fraction", r"(?<![\w/.,-])(?:(?P<whole>\d+)[ -])?(?P<num>\d{1,2})/(?P<den>\d{1,2})(?![\w/]|[.,]\d)"),
    ("subdivision", r"(?<=[\d)])\((?P<part>[a-zA-Z]|\d{1,2}|[ivx]{1,4})\)"),
    ("roman", r"\b(?P<prev>[A-Z][a-z]+) (?P<r>[IVXL]{1,7})(?P<poss>['’]s)?\b(?![.'’]?\w)"),
    ("initialism", rf"\b(?P<w>{_keys(T.INITIALISMS, False)})(?P<poss>['’]s)?\b(?!['’]?\w)"),
    ("letter_hyphen_number", r"(?<=[A-Za-z])-(?=\d)"),
    # capitals eSpeak may say as a word: classify decides (last, so every named kind goes first)
    ("capitals", r"(?<![\w.&-])(?P<w>[A-Z]{2,5})(?P<poss>['’]s)?(?![\w&-]|['’]\w|\.\w)"),
    ("tilde", r"~[^\S\n]?(?=\d)"),
    ("golf_round", r"(?<![\w.,/-])(?P<n>\d{1,2})-(?P<side>under|over)(?: (?P<r>[5-8]\d))?(?![\w-]|[.,]\d)"),
    ("golf_score", r"(?<![\w.,/-])(?P<sign>[-−+])(?P<n>\d{1,2})(?![\w%°.,:/-]|[^\S\n]?°)"),
    ("rate_hyphen", r"(?<=\d)-(?P<w>a|an|per)-(?=[a-z])"),
    ("plus_minus", r"\+/[-−][^\S\n]?(?=\d)"),
    # "the Oct-Dec quarter": a span of months
    ("month_range", rf"\b(?P<m1>{_keys(T.MONTH_ABBR, False)})\.?[-–](?P<m2>{_keys(T.MONTH_ABBR, False)})\.?(?![\w-])"),
    ("date_dash", rf"(?<=\d)[-–](?=(?:{_MONTHS_FULL}|{_keys(T.MONTH_ABBR, False)})\.? \d)"
                  r"|(?<=\d:\d\d)[-–](?=\d{1,2}:\d\d)|(?<=\d [ap]\.m\.)[-–](?=\d|noon\b|midnight\b)"),
]


# The first characters each kind can start with: d digit, u capital, l lowercase, s sign.
# Only the kinds of the candidate's own class are tried there.
_STARTS = {
    "url": "dlus", "month_day": "u", "month_year": "u", "day_month": "d", "party": "u",
    "idiom": "du", "formula": "u", "k_grades": "u", "article_roman": "u", "ticker": "u", "paren_ticker": "u", "degree_letter": "u",
    "for_pair": "d", "triple_record": "d", "per_slash": "s", "abbreviation": "lu", "hash_number": "s", "cashtag": "s", "cents": "d",
    "hashtag": "s", "section_sign": "s", "dotted": "u", "state_compound": "u", "numeric_date": "d", "iso_date": "d",
    "time": "d", "utc_offset": "s", "clock": "d", "time_zone": "u", "compass": "u", "phone": "ds", "dial": "d",
    "currency": "su", "currency_code": "u", "temperature": "ds", "year_range": "d", "decade": "ds",
    "short_year": "s", "height": "d", "feet_inches": "d", "relay": "d", "ratio": "d", "cricket": "d", "pence": "d", "letter_model": "u", "flight_code": "ud", "foot_height": "d", "inch_mark": "d", "jet": "d", "airbus": "u", "embraer": "u", "short_code": "d", "magnitude": "u", "batting": "s", "split_time": "d", "house_number": "d", "pressure": "d", "per_unit_word": "l",
    "unit_per": "d",
    "line_score": "d",
    "sets": "d", "unit": "d", "scaled": "d", "range": "d", "year": "d", "fiscal_year": "u", "unicode_fraction": "ds",
    "fraction": "d", "short_date": "d", "subdivision": "s", "roman": "u", "initialism": "u", "capitals": "u",
    "letter_hyphen_number": "s", "tilde": "s", "plus_minus": "s", "golf_score": "s", "golf_round": "d", "rate_hyphen": "s", "date_dash": "s", "month_range": "u",
}

_STARTS.update({"overtime": "s", "negative_range": "s", "negative_decade": "s",
                "weekday_range": "u"})


def _kind_at(name: str) -> int:
    """Where a kind stands in KINDS: a later kind is inserted before (or after) it."""
    return [k for k, _ in KINDS].index(name)


# issue 14, round 8: "the Jul.-Sep. quarter", "the July-September quarter", "Jan.-March": a span
# of months, before "abbreviation" so that "Jul." is not read alone
_MONTH_ANY = rf"(?:{_MONTHS_FULL}|(?:{_keys(T.MONTH_ABBR, False)})\.?)"
KINDS.insert(_kind_at("abbreviation"),
             ("month_span", rf"\b(?P<m1>{_MONTH_ANY})[-–](?P<m2>{_MONTH_ANY})(?![\w-])"))
_STARTS["month_span"] = "u"
# "40 to 50 kt", "between 10 and 20 mph": the first end of a range whose second end has a unit
# (classify checks that the second end is read as that unit)
KINDS.append(("unit_range_start", rf"(?<![\w.,$€£¥-])(?P<a>{_NUM})[^\S\n](?P<w>to|and|or)[^\S\n](?=\d)"))
_STARTS["unit_range_start"] = "d"
# issue 14, round 9: a bore before "caliber" (".40-caliber", ".45 caliber"), before "batting"
KINDS.insert(_kind_at("batting"),
             ("caliber", r"(?<![\w.,])\.(?P<n>\d{2,3})(?=[- ]caliber\b)"))
_STARTS["caliber"] = "s"
# "the 1,500 meters", "the 1,600-meter final": a race's distance with its unit written out
KINDS.append(("race_meters", r"(?<![\w.,$€£¥-])(?P<n>1,[1-9]00)(?P<sp>[ -])(?P<u>meters?|metres?)\b(?![-'’]\w)"))
_STARTS["race_meters"] = "d"
# "4th-and-2", "3rd-and-goal", "on fourth-and-1": a football down and the distance to go
_DOWN = r"[1-4](?:st|nd|rd|th)|[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth"
KINDS.append(("down_distance", rf"(?<![\w-])(?P<d>{_DOWN})-and-(?P<n>\d{{1,2}}|goal|long|short|inches)\b(?![\w-]|[.,]\d)"))
_STARTS["down_distance"] = "dlu"
# "latitude 25.1 N, longitude 86.4 W": a coordinate's hemisphere letter (classify checks the word)
KINDS.append(("coordinate", r"(?<![\w.,])(?P<n>\d{1,3}(?:\.\d+)?)(?P<sp>[^\S\n]?)(?P<l>[NSEW])(?![\w'’]|\.\w)"))
_STARTS["coordinate"] = "d"
# "her blood pressure was 140/90": two readings without "mm Hg" (classify checks the sentence)
KINDS.append(("blood_pressure", r"(?<![\w./])(?P<a>\d{2,3})/(?P<b>\d{2,3})(?![\w/]|[.,]\d)"))
_STARTS["blood_pressure"] = "d"
# "713-222-TIPS", "1-800-273-TALK": a number ending in a word (before "range": "713-222" is no range)
KINDS.insert(_kind_at("phone"), (
    "vanity_phone", r"(?<![\w.,/-])(?:1-\d{3}-(?:\d{3}-)?[A-Z]{3,}(?:-[A-Z]{2,})*"
                    r"|(?:\(\d{3}\) ?|\d{3}-)\d{3}-[A-Z]{4})(?![\w-])"))
_STARTS["vanity_phone"] = "ds"
# issue 14, round 8: "won 88-85 in 2OT" (its score checked in classify)
KINDS.append(("overtime_after_in", r"(?<=\d in )(?P<n>[23])OT\b"))
_STARTS["overtime_after_in"] = "d"

# issue 14, held14 round: "Flight 1282", "flight 370": a flight's number, said in pairs
KINDS.insert(_kind_at("flight_code") + 1,
             ("flight_number", r"(?<=[Ff]light )(?P<n>[1-9]\d{2,3})(?![\w-]|[.,]\d)"))
_STARTS["flight_number"] = "d"

# issue 14, held14 round: "the 2400 block of", and a house number before a compass initial
# ("101 S. Main", "1200 W. 48th St."): said in pairs, as house_number says it
KINDS.insert(_kind_at("house_number") + 1,
             ("block_number", r"(?<![\w.,$#-])(?P<n>[1-9]\d{2,3})(?= block of\b)"
                              r"|(?<![\w.,$#-])(?P<h>[1-9]\d{2,3})(?= [NSEW]\. (?:[A-Z]|\d{1,3}(?:st|nd|rd|th)\b))"))
_STARTS["block_number"] = "d"

# issue 14, held16 round: a coordinate in degrees and minutes, its seconds and hemisphere
# optional ("12°35'N", "43° 25′ E", "51°30'26\"N")
KINDS.insert(_kind_at("temperature"),
             ("degrees_minutes", r"(?<![\w.,])(?P<d>\d{1,3})[°º˚][^\S\n]?(?P<m>[0-5]?\d)['’′]"
                                 r"(?:[^\S\n]?(?P<s>[0-5]?\d(?:\.\d+)?)(?:\"|″|''|”))?"
                                 r"(?:[^\S\n]?(?P<h>[NSEW])(?![\w'’]))?"))
_STARTS["degrees_minutes"] = "d"

# issue 14, held16 round: a lone A written before a letter or a number after "of", "at", "for" ...
# ("of A.I. tools", "shares of A-list firms", "of A4 paper"), which eSpeak reads as the article
KINDS.insert(_kind_at("capitals"),  # after every named kind ("A320")
             ("letter_a", r"(?<![\w.'’&-])A(?P<sep>[.-](?=[A-Za-z0-9])|(?=\d))"))
_STARTS["letter_a"] = "u"


# issue 14, held16 round: "G20", "COP29", "H100", "F1": capitals and a number as one name; the
# number said as a word after the letters (a number a flight or model reads in pairs is left)
KINDS.insert(_kind_at("capitals"),
             ("caps_number", r"(?<![\w.&#/-])(?P<l>[A-Z]{1,3})(?P<n>[1-9]\d|[1-9]00)(?P<poss>['’]s)?"
                             r"(?![\w&/-]|['’]\w|[.,]\d)"))
_STARTS["caps_number"] = "u"

# issue 14, held16 round: "the MAX 9", "grounded the MAX" (Boeing's model; classify checks)
KINDS.insert(_kind_at("capitals"),
             ("max_model", r"(?<![\w.&-])MAX(?P<poss>['’]s)?(?![\w&-]|['’]\w|\.\w)"))
_STARTS["max_model"] = "u"

# issue 14, held16 round: "2.7M fans", "15T tokens": a count with a scale letter (before "unit",
# which would say the digits as words; classify checks the count noun)
KINDS.insert(_kind_at("unit"),
             ("count_scale", r"(?<![\w.,$€£¥-])(?P<n>\d{1,3}(?:\.\d{1,2})?)(?P<s>[MBT])(?=[^\S\n][a-z])"))
_STARTS["count_scale"] = "d"

# issue 14, held16 round: "took 5/30", "figures of 4/21": a bowler's wickets for runs (before any
# date; classify checks the words before it)
KINDS.insert(_kind_at("numeric_date"),
             ("bowling_slash", r"(?<![\w.,/-])(?P<a>10|\d)/(?P<b>\d{2,3})(?![\w/]|[.,]\d)"))
_STARTS["bowling_slash"] = "d"

# issue 14, C2 round: "9500 BC", "2500 BCE", "1066 AD": a four-digit year before an era, said
# as a year in pairs (before "year", which stops at 2099)
KINDS.insert(_kind_at("year"),
             ("era_year", r"(?<![\w$€£¥.,:/#-])(?P<y>[1-9]\d{3})(?=[^\S\n](?:BCE?|AD|CE|B\.C\.|A\.D\.|C\.E\.)(?![\w]))"))
_STARTS["era_year"] = "d"

# issue 14, held16 round: "per US$", "12 billion HK$": a prefixed dollar sign without an amount
KINDS.insert(_kind_at("currency") + 1,
             ("currency_unit", r"(?<![\w$])(?P<pre>US|NZ|HK|[CAS])\$(?![\w$]|[^\S\n]?\d)"))
_STARTS["currency_unit"] = "u"

# issue 14, held16 round: a vehicle's plate after "plate", "tag", "registration" (classify
# checks it mixes letters and digits); before every kind a number or capitals could start
_PLATE_AFTER = "".join(f"(?<={w} )" + "|" for w in (
    "plate", "plates", "tag", "tags", "registration", "plate number", "tag number", "tag reading",
    "plate reading"))[:-1]
KINDS.insert(0, ("plate", f"(?:{_PLATE_AFTER})"
                          r"(?P<p>[A-Z0-9]{1,8}(?:[ -][A-Z0-9]{1,4}){0,2})(?![\w-]|[.,]\d)"))
_STARTS["plate"] = "du"


# issue 14, held16 round: "the CEOs' pay", "ATMs' fees": a plural initialism's possessive, which
# eSpeak says as a word ("see-ohs", "atoms"); before "initialism" so a table plural goes here too
KINDS.insert(_kind_at("initialism"),
             ("plural_possessive", r"(?<![\w.&-])(?P<w>[A-Z]{2,5}|PhD)s['’](?!\w)"))
_STARTS["plural_possessive"] = "u"

# issue 14, held16 round: a British road's number ("the A483", "the M180", "the A627(M)"), said
# digit by digit as traffic bulletins do; after "airbus" ("A320" stays a jet); classify checks
KINDS.insert(_kind_at("airbus") + 1,
             ("uk_road", r"(?<![\w.&#/-])(?P<l>[ABM])(?P<n>[1-9]\d{2,3})(?P<m>\(M\))?(?P<poss>['’]s)?(?![\w&/-]|['’]\w|[.,]\d)"))
_STARTS["uk_road"] = "u"

# issue 14, held14 round: an E. coli serotype ("O157:H7", "E. coli O104"), which eSpeak reads
# as a count and a colon; before "caps_number" (classify checks the sentence without the H part)
KINDS.insert(_kind_at("caps_number"),
             ("serotype", r"(?<![\w.:-])O(?P<o>[1-9]\d{1,2})(?::H(?P<h>\d{1,2}))?(?![\w:]|[.,]\d)"))
_STARTS["serotype"] = "u"

# issue 14, held14 round: a numbered fight card ("UFC 315", "Bellator 301"), said in pairs as a
# flight's number is; the series names are data (cues.tsv "event_series")
KINDS.insert(_kind_at("flight_number") + 1,
             ("event_number", "(?:" + "|".join(f"(?<={re.escape(w)} )" for w in sorted(T.cue("event_series")))
              + r")(?P<n>[1-9]\d{2})(?![\w-]|[.,]\d)"))
_STARTS["event_number"] = "d"


# issue 14, held17 round: an IRS form's number ("Form 1099-K", "a 1040", "Form 990"), said in
# pairs with its letters; the numbers are data (cues.tsv "tax_forms"), classify checks the words
_TAX_FORMS = "|".join(sorted(T.cue("tax_forms"), key=len, reverse=True))
KINDS.insert(1, ("tax_form", rf"(?<![\w.,$#/-])(?P<n>{_TAX_FORMS})(?:-(?P<s>[A-Z]{{1,3}}))?(?P<pl>s)?(?![\w-]|[.,]\d)"))
_STARTS["tax_form"] = "d"


# issue 14, held17 round: an airline's code and a flight's number ("Air India AI171", "BA 287");
# the codes are data (airlines.tsv), classify checks the airline's name or "flight" in the sentence
KINDS.insert(1, ("airline_code", rf"(?<![\w.&#/-])(?P<l>{'|'.join(sorted(T.AIRLINES))})[^\S\n]?"
                                 r"(?P<n>[1-9]\d{1,3})(?![\w-]|[.,]\d)"))
_STARTS["airline_code"] = "u"

def _start_class(ch: str) -> str:
    if ch.isdigit():
        return "d"
    if ch.isupper():
        return "u"
    if ch.islower():
        return "l"
    return "s"


def _strip_names(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


COMPILED = {kind: re.compile(pattern) for kind, pattern in KINDS}
# per start class: the kinds in priority order and their combined pattern
_BY_START = {}
for _cls in "dlus":
    _kinds = [(kind, p) for kind, p in KINDS if _cls in _STARTS[kind]]
    _BY_START[_cls] = ([kind for kind, _ in _kinds], re.compile(
        "|".join(f"(?P<{kind}>{_strip_names(p)})" for kind, p in _kinds)))

_LOWER_KEYS = sorted({k.rstrip(".") for k in T.ABBREVIATIONS if k[0].islower()}, key=len, reverse=True)
_START = re.compile(
    r"(?<![A-Za-z0-9])[0-9A-Z]|[$€£¥₹₩₽₪₺#~§" + "".join(T.UNICODE_FRACTIONS) + "".join(T.CURRENCIES) + "]"
    r"|[-\u2212'’+.](?=\d)|(?<=\d)-(?=(?:a|an|per)-[a-z])|\+/[-−]|(?<=\d)/(?=[a-zA-Z])|(?<=\d[\"″])/(?=[a-z])|\((?=\d|[a-z\d]{1,4}\)|[A-Z]\))|(?<=\d)[-–](?=[A-Z])|(?<=[ap]\.m\.)[-–](?=noon|midnight)"
    r"|(?<=\d )\((?=[23]?OT\))"  # "won 3-2 (OT)"
    r"|(?<![\w-])(?:first|second|third|fourth)(?=-and-)"  # "on fourth-and-1"
    r"|(?<![\w.])(?:" + "|".join(map(re.escape, _LOWER_KEYS)) + r"|www|https?|ftp)\b")
_DOMAIN_TAIL = re.compile(rf"@|\.(?:{_DOMAINS})\b")


def _candidates(text: str) -> list[int]:
    starts = [m.start() for m in _START.finditer(text)]
    extra = []
    for m in _DOMAIN_TAIL.finditer(text):
        i = m.start()
        while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "._+-@"):
            i -= 1
        extra.append(i)
    if extra:
        starts = sorted(set(starts).union(extra))
    return starts


def candidates(text: str) -> list[int]:
    """Positions where a token can start, in order."""
    return _candidates(text)


def tokens_at(text: str, start: int) -> Iterator[tuple[str, re.Match]]:
    """The tokens that can start at ``start``, best first: the kind the combined pattern
    picks, then (only if the caller asks for more, because the context ruled it out) each
    later kind that also matches there."""
    order, master = _BY_START[_start_class(text[start])]
    m = master.match(text, start)
    if m is None or m.lastgroup is None:
        return
    kind = m.lastgroup
    rm = COMPILED[kind].match(text, start)
    if rm is not None and rm.end() > start:
        yield kind, rm
    for later in order[order.index(kind) + 1:]:
        rm = COMPILED[later].match(text, start)
        if rm is not None and rm.end() > start:
            yield later, rm



