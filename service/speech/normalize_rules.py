"""Tables for the English news normalizer (service.speech.normalize).

Plain data, meant to be read and extended: abbreviations, titles, states, months, units,
currencies, initialisms. The logic that uses them lives in normalize.py.
"""
from __future__ import annotations

# --- Titles: expanded (and their period dropped) only before a capitalized name. -----------
# "Sen. Elizabeth Warren" -> "Senator Elizabeth Warren". "St.", "Dr." and "Ft." are
# ambiguous and decided in normalize.py (Saint/Street, Doctor/Drive, Fort/feet).
TITLES: dict[str, str] = {
    "Sen": "Senator", "Sens": "Senators",
    "Rep": "Representative", "Reps": "Representatives",
    "Gov": "Governor", "Govs": "Governors",
    "Lt": "Lieutenant", "Gen": "General", "Gens": "Generals", "Col": "Colonel",
    "Sgt": "Sergeant", "Capt": "Captain", "Cmdr": "Commander", "Cdr": "Commander",
    "Adm": "Admiral", "Maj": "Major", "Brig": "Brigadier", "Cpl": "Corporal",
    "Pvt": "Private", "Spc": "Specialist", "Det": "Detective", "Insp": "Inspector",
    "Supt": "Superintendent", "Prof": "Professor", "Rev": "Reverend", "Msgr": "Monsignor",
    "Fr": "Father", "Hon": "Honorable", "Pres": "President", "Atty": "Attorney",
    "Amb": "Ambassador", "Sec": "Secretary", "Secs": "Secretaries", "Asst": "Assistant",
    "Mr": "Mister", "Messrs": "Messieurs", "Mrs": "Missus", "Ms": "Miz",
    "Drs": "Doctors", "Mt": "Mount", "Mts": "Mountains", "Pt": "Point",
}

# --- Abbreviations expanded only before a number ("No. 1", "Sec. 230", "pp. 12-15"). ------
BEFORE_NUMBER: dict[str, str] = {
    "No": "number", "no": "number", "Nos": "numbers", "nos": "numbers",
    "Sec": "Section", "Art": "Article", "Fig": "Figure", "Vol": "Volume", "Ch": "Chapter",
    "p": "page", "pp": "pages",
}

# --- Abbreviations read the same wherever they appear (case-sensitive, with their period).
# The period is kept when it also ends a sentence.
ABBREVIATIONS: dict[str, str] = {
    "Inc": "Incorporated", "Corp": "Corporation", "Co": "Company", "Cos": "Companies",
    "Ltd": "Limited", "Bros": "Brothers", "Jr": "Junior", "Sr": "Senior",
    "Ave": "Avenue", "Blvd": "Boulevard", "Rd": "Road", "Hwy": "Highway", "Pkwy": "Parkway",
    "Ln": "Lane", "Sq": "Square", "Dept": "Department", "Univ": "University",
    "Assn": "Association", "Intl": "International", "Natl": "National",
    "Govt": "Government", "vs": "versus", "approx": "approximately",
    "etc": "et cetera", "e.g": "for example", "i.e": "that is", "a.k.a": "also known as",
    "Ph.D": "P H D",
}

# --- US states (AP style abbreviations, postal codes, full names). ------------------------
STATE_NAMES = [
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
    "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
    "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
    "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
    "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
    "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia",
    "Washington", "West Virginia", "Wisconsin", "Wyoming",
]

# AP abbreviations (written with a final period).
STATE_AP: dict[str, str] = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Cal.": "California", "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware",
    "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois", "Ind.": "Indiana",
    "Kan.": "Kansas", "Kans.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana",
    "Md.": "Maryland", "Mass.": "Massachusetts", "Mich.": "Michigan",
    "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri", "Mont.": "Montana",
    "Neb.": "Nebraska", "Nebr.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire",
    "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York",
    "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma",
    "Ore.": "Oregon", "Oreg.": "Oregon", "Pa.": "Pennsylvania", "Penn.": "Pennsylvania",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia",
    "Wash.": "Washington", "W.Va.": "West Virginia", "W. Va.": "West Virginia",
    "Wis.": "Wisconsin", "Wisc.": "Wisconsin", "Wyo.": "Wyoming",
}
# These read as ordinary words too ("Miss.", "Ind.", "La.") or are short enough to be
# something else: expand them only after "City, " or a party letter ("D-", "R-").
STATE_AP_AMBIGUOUS = {"Del.", "Ga.", "Ind.", "La.", "Md.", "Miss.", "Mo.", "Pa.", "Va.",
                      "Wash.", "Ill.", "Mont.", "Penn.", "Cal.", "Tex.", "Kan.", "N.C.",
                      "N.D.", "N.Y."}

STATE_POSTAL: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida",
    "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
    "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine",
    "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska",
    "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "DC": "D.C.",
    "PR": "Puerto Rico", "GU": "Guam",
}

PARTIES = {"D": "Democrat", "R": "Republican", "I": "Independent"}

# --- Months. ---------------------------------------------------------------------------
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MONTH_ABBR: dict[str, str] = {
    "Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June",
    "Jul": "July", "Aug": "August", "Sep": "September", "Sept": "September",
    "Oct": "October", "Nov": "November", "Dec": "December",
}

# --- Units after a number: abbreviation -> (singular, plural). ---------------------------
# "m" is decided in normalize.py (million or metres).
UNITS: dict[str, tuple[str, str]] = {
    "km": ("kilometer", "kilometers"), "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"), "kg": ("kilogram", "kilograms"),
    "mg": ("milligram", "milligrams"), "g": ("gram", "grams"),
    "lb": ("pound", "pounds"), "lbs": ("pound", "pounds"), "oz": ("ounce", "ounces"),
    "ft": ("foot", "feet"), "mi": ("mile", "miles"), "yd": ("yard", "yards"),
    "ml": ("milliliter", "milliliters"), "mph": ("mile per hour", "miles per hour"),
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "kph": ("kilometer per hour", "kilometers per hour"),
    "mpg": ("mile per gallon", "miles per gallon"),
    "sq ft": ("square foot", "square feet"), "sq mi": ("square mile", "square miles"),
    "sq km": ("square kilometer", "square kilometers"),
    "km2": ("square kilometer", "square kilometers"),
    "km²": ("square kilometer", "square kilometers"),
    "kW": ("kilowatt", "kilowatts"), "MW": ("megawatt", "megawatts"),
    "GW": ("gigawatt", "gigawatts"), "kWh": ("kilowatt hour", "kilowatt hours"),
    "GB": ("gigabyte", "gigabytes"), "MB": ("megabyte", "megabytes"),
    "TB": ("terabyte", "terabytes"), "GHz": ("gigahertz", "gigahertz"),
    "MHz": ("megahertz", "megahertz"),
    "bn": ("billion", "billion"), "tn": ("trillion", "trillion"),
    "k": ("thousand", "thousand"),
}
# Units that may stand apart from their number ("5 km"); the rest must be attached ("5g").
UNITS_SPACED = {"km", "cm", "mm", "kg", "mg", "lb", "lbs", "oz", "ft", "mi", "yd", "ml",
                "mph", "km/h", "kph", "mpg", "sq ft", "sq mi", "sq km", "km2", "km²", "kW",
                "MW", "GW", "kWh", "GB", "MB", "TB", "GHz", "MHz", "bn", "tn"}
# "100m sprint" is metres; "5.2m people" / "£5.2m" is million.
METRE_CONTEXT = {"sprint", "race", "hurdles", "freestyle", "butterfly", "backstroke",
                 "breaststroke", "relay", "medley", "dash", "final", "tall", "high", "long",
                 "wide", "deep", "away", "above", "below", "from", "under", "underwater",
                 "deep", "in"}
SCALES = {"thousand": "thousand", "million": "million", "billion": "billion",
          "trillion": "trillion", "m": "million", "mn": "million", "bn": "billion",
          "b": "billion", "tn": "trillion", "k": "thousand", "K": "thousand",
          "M": "million", "B": "billion", "T": "trillion"}

# --- Currencies: symbol -> (singular, plural, minor singular, minor plural). ------------
CURRENCIES: dict[str, tuple[str, str, str, str]] = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "€": ("euro", "euros", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "¥": ("yen", "yen", "", ""),
    "₹": ("rupee", "rupees", "paisa", "paise"),
    "₩": ("won", "won", "", ""),
    "₽": ("ruble", "rubles", "kopeck", "kopecks"),
    "₪": ("shekel", "shekels", "agora", "agorot"),
    "₺": ("lira", "lira", "kurus", "kurus"),
}
CURRENCY_PREFIX = {"US": "US", "C": "Canadian", "A": "Australian", "NZ": "New Zealand",
                   "HK": "Hong Kong", "S": "Singapore"}

# --- Fractions. ------------------------------------------------------------------------
UNICODE_FRACTIONS: dict[str, tuple[int, int]] = {
    "½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5),
    "⅖": (2, 5), "⅗": (3, 5), "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8),
    "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8),
}
SLASH_IDIOMS = {"24/7": "twenty-four seven", "9/11": "nine eleven", "50/50": "fifty-fifty",
                "20/20": "twenty-twenty", "7/11": "seven eleven"}

# --- Initialisms eSpeak reads wrongly in running text (checked against its phonemes). ----
INITIALISMS: dict[str, str] = {
    "NCAA": "N C double A", "ACLU": "A C L U", "IPO": "I P O", "IPOs": "I P Os",
    "FEMA": "Feema", "NAACP": "N double A C P", "AFL-CIO": "A F L C I O",
    "UAW": "U A W", "WHO": "W H O", "IDs": "I Ds", "MPs": "M Ps", "EVs": "E Vs",
    "USC": "U S C", "NYU": "N Y U", "GAO": "G A O", "OMB": "O M B", "UFC": "U F C",
    "ICU": "I C U", "IQ": "I Q", "AOC": "A O C", "DOD": "D O D", "DOE": "D O E",
    "NIH": "N I H", "IRA": "I R A", "IRAs": "I R As",
}

# --- Roman numerals: after these words a numeral is a cardinal ("World War Two"); after
# other capitalized names it is a regnal ordinal ("Henry the Eighth").
ROMAN_CARDINAL_AFTER = {"War", "Bowl", "Part", "Chapter", "Title", "Phase", "Vatican",
                        "Type", "Class", "Stage", "Grade", "Level", "Book", "Volume",
                        "Act", "Round", "Article", "Apollo", "Rocky", "Episode", "Schedule",
                        "Category", "Division", "League", "Tier", "Mark", "Section"}

# --- Words after a 4-digit number that make it a count, not a year ("1958 people"). -----
COUNT_NOUNS = {"people", "children", "men", "women", "police", "staff", "personnel",
               "cattle", "feet", "sheep", "fish", "deer", "aircraft", "more", "fewer",
               "percent", "per", "new", "additional", "other", "times", "of", "out",
               "million", "billion", "thousand", "hundred", "dollars", "euros", "pounds",
               "yen"}
# Lowercase words ending in "s" that are not plural nouns ("in 1958 was" is a year).
NOT_PLURAL = {"is", "was", "has", "does", "as", "this", "his", "its", "thus", "plus",
              "us", "versus", "across", "always", "perhaps", "besides", "whereas",
              "unless", "less", "towards", "afterwards", "whereas", "yes", "series",
              "news", "politics", "economics", "analysis", "crisis", "census", "status",
              "campus", "bonus", "consensus", "process", "success", "progress", "access",
              "congress", "address", "business", "express", "press", "class", "mass",
              "boss", "loss", "gas", "bus", "lotus", "virus", "focus", "thesis",
              "basis", "emphasis", "diagnosis", "bias", "canvas", "atlas", "chaos",
              "pass", "glass", "grass", "cross", "kiss", "dress", "stress", "guess",
              "miss", "bass", "chess", "mess", "ethos", "genesis", "tennis", "physics",
              "elections", "sees", "goes", "makes", "takes", "marks", "remains", "sets",
              "comes", "becomes", "saw", "lows", "highs", "levels"}
# Words before a 4-digit number that make it a year whatever follows ("the 2023 results").
YEAR_CUES = {"the", "The", "this", "This", "that", "its", "his", "her", "their", "our", "my",
             "your", "since", "Since", "until", "Until", "till", "during", "During", "in",
             "In", "circa", "c.", "early", "late", "mid", "spring", "summer", "fall",
             "autumn", "winter", "year", "Year", "fiscal", "before", "after", "Before",
             "After", "around", "through", "season", "class", "Class", "vintage"}
# Words before a 4-digit number that make it a plain number ("Flight 1549").
NUMBER_CUES = {"No", "No.", "Nos", "Nos.", "#", "number", "Number", "Room", "room",
               "Suite", "suite", "Flight", "flight", "page", "Page", "pp.", "p.", "Box",
               "Apt", "Apt.", "Unit", "unit", "Highway", "Route", "Interstate", "Model",
               "model", "Boeing", "Airbus", "Vol.", "Volume", "Bill", "bill", "Resolution",
               "Section", "section", "Rule", "rule", "Article", "Chapter", "Precinct",
               "Local", "Lot", "Gate", "gate", "Platform", "Track", "Channel", "Pier",
               "Exit", "exit", "Code", "code", "PIN", "Form", "form", "Serial", "serial",
               "Ward", "District", "Court", "Street", "Avenue", "St.", "Ave.", "Road",
               "Rd.", "Lane", "Drive", "Boulevard", "Blvd.", "Way", "Place", "Square",
               "at", "At"}
# Words before "737-800" that make it a model or serial number rather than a range.
MODEL_CUES = {"Boeing", "Airbus", "Embraer", "Model", "model", "Flight", "flight", "Serial",
              "serial", "Code", "code", "PIN", "Form", "form", "Lot", "Unit", "Box",
              "Part", "part", "Case", "case", "Docket"}
# Words after which a capitalized word is likely a new sentence rather than the rest of
# a name: used to decide whether an abbreviation's period also ends a sentence.
US_CONTINUATIONS = {"Army", "Navy", "Air", "Marine", "Marines", "Coast", "Senate", "House",
                    "Capitol", "Supreme", "Attorney", "Attorneys", "Marshals", "Census",
                    "Open", "Embassy", "Department", "Treasury", "Postal", "Border",
                    "Customs", "Secret", "Chamber", "Forest", "Geological", "Constitution",
                    "Congress", "District", "Court", "Circuit", "Olympic", "Soccer",
                    "Women's", "Men's", "National", "Central", "Command", "Forces",
                    "Agency", "Secretary", "President", "Ambassador", "Justice", "State",
                    "Trade", "Steel", "Bank", "Bancorp", "Airways", "Cellular", "Space",
                    "Security", "General", "Envoy", "Rep.", "Sen.", "Reps.", "Sens.",
                    "Representative", "Senator", "Government", "Intelligence", "Military",
                    "Federal", "Energy", "Education", "Health", "Commerce", "Labor",
                    "Interior", "Agriculture", "Defense", "Mint", "Patent", "Fish",
                    "Park", "Naval", "Virgin", "Prime", "Foreign", "Home", "Parliament",
                    "Council", "Mission", "Special", "High", "Human", "Refugee",
                    "Climate", "Nations", "Commission", "Court", "Budget", "Cabinet",
                    "Consulate", "Treasury's", "Conference", "Visa", "Midwest", "South"}
SENTENCE_STARTERS = {"The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "In",
                     "But", "And", "This", "That", "These", "Those", "There", "His", "Her",
                     "Their", "Its", "Our", "On", "At", "As", "If", "When", "After",
                     "Before", "Since", "While", "For", "So", "Yet", "Still", "Now",
                     "Then", "Meanwhile", "However", "Officials", "Police", "Authorities"}
