"""Reading figures: number words, scales, currencies and signs, and writing values back readably.

Everything here works on plain strings; the parse-based parts of a quantity claim live in
:mod:`.quantity_parts` and the finders in :mod:`.quantities`.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A word list written as one string, one word per space."""
    return frozenset(text.split())


SCALES: dict[str, float] = {
    "thousand": 1e3, "k": 1e3,
    "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9,
    "trillion": 1e12, "tn": 1e12, "trn": 1e12, "t": 1e12,
}  # fmt: skip

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
MULTIPLIERS = {"hundred": 100, "dozen": 12, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

PREFIX_CURRENCIES: dict[str, str] = {
    "us$": "USD", "u.s.$": "USD", "$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD",
    "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL", "nt$": "TWD", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "usd": "USD", "eur": "EUR", "gbp": "GBP",
    "jpy": "JPY", "cny": "CNY", "rmb": "CNY", "chf": "CHF", "inr": "INR", "krw": "KRW", "rub": "RUB",
}  # fmt: skip
SUFFIX_CURRENCIES: dict[str, str] = {
    "dollar": "USD", "us dollar": "USD", "u.s. dollar": "USD", "american dollar": "USD",
    "australian dollar": "AUD", "canadian dollar": "CAD", "hong kong dollar": "HKD",
    "new zealand dollar": "NZD", "singapore dollar": "SGD", "taiwan dollar": "TWD",
    "yen": "JPY", "euro": "EUR", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "won": "KRW",
    "rouble": "RUB", "ruble": "RUB", "pounds sterling": "GBP", "pound": "GBP", "swiss franc": "CHF",
    "hryvnia": "UAH",
}  # fmt: skip
# Sub-units are stored in their main unit ("one hundred cents" -> 1 USD, "50 pence" -> 0.5 GBP):
# an editor compares "$1" and "100 cents" as the same amount, so they must share one unit.
SUBUNITS: dict[str, tuple[str, float]] = {
    "cent": ("USD", 0.01), "penny": ("GBP", 0.01), "pennies": ("GBP", 0.01), "pence": ("GBP", 0.01),
}  # fmt: skip
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "KRW": "₩", "RUB": "₽"}

# Digit groups: "1,000", "10 000" (space, no-break or thin space) and plain "7.6".
_GROUP_SPACE = "[ \u00a0\u2009\u202f]"
NUM = (
    rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!\d)"
    rf"|\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+(?![\d,]\d)(?:\.\d+)?"
    r"|\d+(?:\.\d+)?"
)
_NUMBER_WORD = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion|trillion|dozen"
)
# "a penny", "one hundred cents", "twenty-five dollars", "hundreds of dollars".
WORDNUM = (
    rf"(?:an?\s+|(?:{_NUMBER_WORD})[\s-]+(?:and\s+)?)*(?:{_NUMBER_WORD})|an?|hundreds\s+of|thousands\s+of"
)
# Scale words in any case ("Million", "BILLION"); a bare letter only when attached ("$2.174T", "£40m").
SCALE = (
    r"(?:\s?(?i:thousand|million|billion|trillion)\b|\s?(?i:bn|mn|mln|bln|tn|trn)\b"
    r"|(?:[mbkt]|M|B|K|T)\b)"
)
PREFIX = (
    r"(?:US\$|U\.S\.\s?\$|AU?\$|CA?\$|NZ\$|HK\$|S\$|R\$|NT\$|\$|€|£|¥|₹|₩|₽"
    r"|(?:USD|EUR|GBP|JPY|CNY|RMB|CHF|INR|KRW|RUB)\s?)"
)
SUFFIX = (
    r"(?:(?:U\.S\.|US|American|Australian|Canadian|Hong\sKong|New\sZealand|Singapore|Taiwan)\s)?dollars?"
    r"|yen|euros?|yuan|renminbi|rupees?|won|roubles?|rubles?|pounds\ssterling|pounds?|Swiss\sfrancs?"
    r"|hryvnias?|cents?|pence|penny|pennies"
)
RANGE_SEP = r"\s?(?:-|–|—|to|and)\s?"
SIGN = r"[-−]"  # hyphen-minus and the minus sign

APPROX = re.compile(
    r"\b(?:about|approximately|approx\.|around|roughly|nearly|almost|some|over|under|more\s+than|"
    r"less\s+than|fewer\s+than|up\s+to|at\s+least|at\s+most|close\s+to|just\s+over|just\s+under|"
    r"well\s+over|upwards\s+of|an\s+estimated|estimated|an\s+approximate|circa|as\s+many\s+as|"
    r"as\s+much\s+as|in\s+excess\s+of)\s+$",
    re.IGNORECASE,
)
BETWEEN = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
NEGATIVE_WORD = re.compile(r"\b(?:minus|negative)\s+$", re.IGNORECASE)

_GROUPED = re.compile(rf"(?<=\d)(?:,|{_GROUP_SPACE})(?=\d{{3}}(?!\d))")


def parse_number(text: str) -> float | None:
    """ "7.6" -> 7.6, "1,000" -> 1000, "10 000" -> 10000, "three" -> 3, "twenty-five" -> 25,
    "1.2 trillion" -> 1.2e12, "a dozen" -> 12, "one hundred" -> 100."""
    text = _GROUPED.sub("", text.strip())
    words = text.lower().replace(",", "").replace("-", " ").split()
    if not words:
        return None
    total = 0.0
    current: float | None = None
    for word in words:
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            current = (current or 0) + float(word)
        elif word in UNITS:
            current = (current or 0) + UNITS[word]
        elif word in TENS:
            current = (current or 0) + TENS[word]
        elif word in ("a", "an") and current is None:
            current = 1
        elif word in ("hundreds", "thousands") and current is None:
            current = MULTIPLIERS[word[:-1]]  # "hundreds of dollars": at least a hundred
        elif word == "of" and current is not None:
            continue
        elif word in MULTIPLIERS or word in SCALES:
            factor = MULTIPLIERS.get(word) or SCALES[word]
            if factor >= 1000:
                total += (current if current is not None else 1) * factor
                current = None
            else:
                current = (current if current is not None else 1) * factor
        elif word == "and":
            continue
        else:
            return None
    return total + (current or 0)


def scale_of(raw: str | None) -> float:
    if not raw:
        return 1.0
    return SCALES.get(raw.strip().lower(), 1.0)


def currency_of_word(word: str) -> tuple[str, float] | None:
    """ "dollars" -> ("USD", 1), "pence" -> ("GBP", 0.01), "Swiss francs" -> ("CHF", 1)."""
    word = " ".join(word.lower().split())
    if word in SUBUNITS:
        return SUBUNITS[word]
    singular = word[:-1] if word.endswith("s") and word != "pounds sterling" else word
    if singular in SUBUNITS:
        return SUBUNITS[singular]
    currency = SUFFIX_CURRENCIES.get(singular) or SUFFIX_CURRENCIES.get(word)
    return (currency, 1.0) if currency else None


def tidy(value: float) -> float:
    """Round away floating-point noise (7.6 * 1e9 == 7599999999.999999)."""
    return float(round(value, 6)) if abs(value) < 1e6 else float(round(value))


def _plain(value: float) -> str:
    """ "7600000000" -> "7.6 billion", "10000" -> "10,000", "99.99" -> "99.99"."""
    size = abs(value)
    for factor, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if size >= factor:
            scaled = round(value / factor, 3)
            return f"{scaled:g} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if size >= 1 else f"{value:g}"


def format_value(value: float, value_max: float | None, unit: str | None, plural: str | None = None) -> str:
    """A value as an editor writes it: "$7.6 billion", "€4 billion", "50–80%", "12 eggs"."""
    low = _plain(value)
    high = _plain(value_max) if value_max is not None else None
    if unit == "%":
        return f"{low}–{high}%" if high else f"{low}%"
    if unit in SYMBOLS or (unit and unit.isupper() and len(unit) == 3):
        if value_max is not None:
            return f"{_money(value, unit)}–{_money(value_max, unit)}"
        return _money(value, unit)
    amount = f"{low}–{high}" if high else low
    if not unit:
        return amount
    if plural is None:
        plural = unit if value == 1 and value_max is None else pluralize(unit)
    return f"{amount} {plural}"


def _money(value: float, unit: str) -> str:
    size = abs(value)
    text = _plain(size) if size >= 1e6 or float(size).is_integer() else f"{size:,.2f}"
    sign = "-" if value < 0 else ""
    symbol = SYMBOLS.get(unit)
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {unit}"


def pluralize(noun: str) -> str:
    """A unit's plural for a statement ("percentage point" -> "percentage points")."""
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es" if not noun.endswith("s") else noun
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith("person"):
        return noun[: -len("person")] + "people"
    return noun + "s"
