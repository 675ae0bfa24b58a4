"""Quantity claims: money, percentages and counts, with normalised value and unit.

Money and percentages are found with regular expressions over the text (the statistical NER
often splits or mislabels them); counts come from the parse (a number modifying a noun), so the
counted noun and its compound modifiers give the unit ("16 collaboration areas" ->
"collaboration area"). Years, dates, times, durations, article numbers and referential phrases
("the two sides", "one of") are left out: nobody checks them as amounts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .dates import governing_verb
from .types import ClaimItem

if TYPE_CHECKING:
    from .claimset import ClaimContext

SCALES: dict[str, float] = {
    "thousand": 1e3, "k": 1e3,
    "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9,
    "trillion": 1e12, "tn": 1e12, "trn": 1e12,
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
    "rouble": "RUB", "ruble": "RUB", "pounds sterling": "GBP", "swiss franc": "CHF", "hryvnia": "UAH",
}  # fmt: skip

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = r"an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?\s+of"
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion)\b|\s?(?:bn|mn|mln|bln|tn|trn)\b|(?:[mbk]|M|B|K)\b)"
_PREFIX = r"(?:US\$|U\.S\.\s?\$|AU?\$|CA?\$|NZ\$|HK\$|S\$|R\$|NT\$|\$|€|£|¥|₹|₩|₽|(?:USD|EUR|GBP|JPY|CNY|RMB|CHF|INR|KRW|RUB)\s?)"
_SUFFIX = (
    r"(?:(?:U\.S\.|US|American|Australian|Canadian|Hong\sKong|New\sZealand|Singapore|Taiwan)\s)?dollars?"
    r"|yen|euros?|yuan|renminbi|rupees?|won|roubles?|rubles?|pounds\ssterling|Swiss\sfrancs?|hryvnias?"
)
_RANGE_SEP = r"\s?(?:-|–|—|to|and)\s?"

MONEY_PREFIXED = re.compile(
    rf"(?P<cur>{_PREFIX})\s?(?P<n1>{_NUM})(?P<s1>{_SCALE})?"
    rf"(?:(?P<sep>{_RANGE_SEP})(?:{_PREFIX})?\s?(?P<n2>{_NUM})(?P<s2>{_SCALE})?)?"
    rf"(?!\w)"
)
MONEY_SUFFIXED = re.compile(
    rf"\b(?P<n1>{_NUM}|{_WORDNUM})(?:(?P<sep>{_RANGE_SEP})(?P<n2>{_NUM}))?(?P<s1>{_SCALE})?\s(?P<word>{_SUFFIX})\b",
    re.IGNORECASE,
)
PERCENT = re.compile(
    rf"\b(?P<n1>{_NUM}|[a-z]+(?:-[a-z]+)?)(?:(?P<sep>{_RANGE_SEP})(?P<n2>{_NUM}|[a-z]+(?:-[a-z]+)?))?"
    r"\s?(?P<unit>%|percent\b|per\scent\b|percentage\spoints?\b)",
    re.IGNORECASE,
)
APPROX = re.compile(
    r"\b(?:about|approximately|approx\.|around|roughly|nearly|almost|some|over|under|more\s+than|"
    r"less\s+than|fewer\s+than|up\s+to|at\s+least|at\s+most|close\s+to|just\s+over|just\s+under|"
    r"well\s+over|upwards\s+of|an\s+estimated|estimated|an\s+approximate|circa|as\s+many\s+as|"
    r"as\s+much\s+as|in\s+excess\s+of)\s+$",
    re.IGNORECASE,
)
BETWEEN = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)

# Counted nouns that make a number a date, a duration, a time or a manner of speaking.
NOISE_UNITS = frozenset(
    [
        "year",
        "month",
        "week",
        "day",
        "hour",
        "minute",
        "second",
        "decade",
        "century",
        "time",
        "times",
        "o'clock",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "side",
        "way",
        "part",
        "thing",
        "one",
        "percent",
        "per",
        "cent",
        "point",
        "round",
        "term",
        "age",
    ]
)
REFERENTIAL = frozenset({"the", "these", "those", "both", "its", "their", "our", "his", "her", "your", "my"})
SKIP_ENTITY_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"})


def parse_number(text: str) -> float | None:
    """ "7.6" -> 7.6, "1,000" -> 1000, "three" -> 3, "twenty-five" -> 25, "1.2 trillion" -> 1.2e12."""
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


def _scale(raw: str | None) -> float:
    if not raw:
        return 1.0
    word = raw.strip()
    return SCALES.get(word.lower(), 1.0)


def _approximate_start(text: str, start: int) -> tuple[int, bool]:
    """Extend ``start`` over a preceding qualifier such as "about" or "more than"."""
    window = text[max(0, start - 30) : start]
    match = APPROX.search(window)
    if match is None:
        return start, False
    return start - (len(window) - match.start()), True


def _is_year(value: float, raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100


def _tokens(ctx: ClaimContext, start: int, end: int) -> Span | None:
    return ctx.doc.char_span(start, end, alignment_mode="expand")


def _noun_phrase(token: Token) -> str:
    """The noun phrase headed by ``token`` without determiners, relative clauses or long tails."""
    tokens = [t for t in token.subtree if t.dep_ not in ("relcl", "acl", "appos", "punct") or t is token]
    left = token.left_edge.i
    while left < token.i and token.doc[left].dep_ in ("det", "predet"):
        left += 1
    right = token.i
    for t in tokens:
        if (
            t.i > token.i
            and t.head.i <= right + 2
            and t.dep_ in ("prep", "pobj", "compound", "amod", "poss", "case", "cc", "conj")
        ):
            right = max(right, t.i)
        if right - token.i > 8:
            break
    return token.doc[left : right + 1].text


def _money_subject(span: Span) -> tuple[str | None, str | None]:
    """What an amount of money is for, and the verb that moves it, from the parse."""
    root = span.root
    head = root.head
    action = None
    for _ in range(4):
        if head.pos_ == "NOUN" and head.lemma_.lower() not in ("total", "sum", "amount", "worth"):
            return _noun_phrase(head), action
        if head.pos_ == "VERB":
            if action is None:
                action = head.lemma_.lower()
            if head.dep_ == "acl" and head.head.pos_ == "NOUN":
                return _noun_phrase(head.head), action
            for child in head.children:
                if (
                    child.dep_ == "dobj"
                    and child.i not in range(span.start, span.end)
                    and child.pos_ == "NOUN"
                    and child.lemma_.lower() not in ("total", "sum", "amount")
                ):
                    return _noun_phrase(child), action
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in ("in", "for", "to", "on"):
                    objects = [g for g in child.children if g.dep_ == "pobj"]
                    if objects:
                        return f"{child.lower_} {_noun_phrase(objects[0])}", action
            return None, action
        if head.head is head:
            break
        head = head.head
    return None, action


def _percent_subject(span: Span) -> tuple[str | None, int | None]:
    """ "2% of GDP" -> ("GDP", end of "GDP"); "growth of 3%" -> ("growth", None)."""
    root = span.root
    doc = root.doc
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.lower_ == "of":
        objects = [g for g in after.children if g.dep_ == "pobj"]
        if objects:
            phrase = _noun_phrase(objects[0])
            right = objects[0].i
            return phrase, doc[right].idx + len(doc[right].text)
    head = root.head
    if head.lower_ in ("of", "by") and head.head.pos_ == "NOUN":
        return _noun_phrase(head.head), None
    return None, None


def _range_ok(text: str, start: int, sep: str | None) -> bool:
    """ "and" makes a range only after "between"; "from X to Y" is a change, not a range."""
    if not sep:
        return True
    before = text[max(0, start - 12) : start]
    word = sep.strip().lower()
    if word == "and":
        return bool(re.search(r"\bbetween\s+$", before, re.IGNORECASE))
    if word == "to":
        return not re.search(r"\bfrom\s+$", before, re.IGNORECASE)
    return True


def _money(ctx: ClaimContext) -> list[ClaimItem]:
    text = ctx.text
    found: list[ClaimItem] = []
    for pattern in (MONEY_PREFIXED, MONEY_SUFFIXED):
        position = 0
        while (match := pattern.search(text, position)) is not None:
            position = match.end()
            claim = _money_claim(ctx, match)
            if claim is None:
                continue
            # A range cut short ("from $2 billion to $3 billion") leaves the rest to match again.
            position = claim.end
            if not _overlaps([(c.start, c.end) for c in found], claim.start, claim.end):
                found.append(claim)
    return found


def _money_claim(ctx: ClaimContext, match: re.Match[str]) -> ClaimItem | None:
    text = ctx.text
    n1 = parse_number(match["n1"])
    if n1 is None:
        return None
    groups = match.groupdict()
    if "word" in groups:
        word = " ".join(match["word"].lower().split())
        singular = word[:-1] if word.endswith("s") and not word.endswith("pounds sterling") else word
        currency = SUFFIX_CURRENCIES.get(singular) or SUFFIX_CURRENCIES.get(word)
        # "won" is also a verb: accept it only after a scale ("500 billion won").
        if currency is None or (singular == "won" and not match["s1"]):
            return None
        scale_low = scale_high = _scale(match["s1"])
    else:
        currency = PREFIX_CURRENCIES.get(match["cur"].lower().replace(" ", ""), "USD")
        scale_high = _scale(groups.get("s2")) if groups.get("s2") else _scale(match["s1"])
        scale_low = _scale(match["s1"]) if match["s1"] else scale_high
    end = match.end()
    n2 = parse_number(match["n2"]) if match["n2"] else None
    if n2 is not None and not _range_ok(text, match.start(), match["sep"]):
        end = match.end("s1") if match["s1"] else match.end("n1")
        n2 = None
        scale_low = _scale(match["s1"])
    value = n1 * scale_low
    value_max = n2 * scale_high if n2 is not None else None
    if value_max is not None and value_max <= value:
        value_max = None
    return _make(ctx, "money", match.start(), end, value, value_max, currency)


def _make(
    ctx: ClaimContext,
    what: str,
    start: int,
    end: int,
    value: float,
    value_max: float | None,
    unit: str,
    *,
    subject: str | None = None,
    confidence: float = 0.85,
) -> ClaimItem | None:
    text = ctx.text
    if value_max is not None and BETWEEN.search(text[max(0, start - 12) : start]):
        start = start - len(BETWEEN.search(text[max(0, start - 12) : start])[0])  # type: ignore[index]
        approximate = False
    else:
        start, approximate = _approximate_start(text, start)
    if ctx.skipped(start, end):
        return None
    span = _tokens(ctx, start, end)
    if span is None:
        return None
    action = None
    if what == "money":
        subject, action = _money_subject(span)
    elif what == "percent":
        subject, of_end = _percent_subject(span)
        if of_end is not None and "\n" not in text[end:of_end]:
            end = of_end  # "2% of GDP": the share means nothing without its whole
            span = ctx.doc.char_span(start, end, alignment_mode="expand") or span
    return ClaimItem(
        kind="quantity",
        start=start,
        end=end,
        text=text[start:end],
        sentence=ctx.sentence(span.root),
        value=_tidy(value),
        value_max=_tidy(value_max) if value_max is not None else None,
        unit=unit,
        approximate=approximate,
        subject=subject,
        action=action,
        confidence=confidence,
    )


def _tidy(value: float) -> float:
    """Round away floating-point noise (7.6 * 1e9 == 7599999999.999999)."""
    return float(round(value, 6)) if abs(value) < 1e6 else float(round(value))


def _percentages(ctx: ClaimContext, taken: list[tuple[int, int]]) -> list[ClaimItem]:
    text = ctx.text
    found: list[ClaimItem] = []
    for match in PERCENT.finditer(text):
        n1 = parse_number(match["n1"])
        start = match.start()
        if n1 is None:
            # "between three and five percent": the first word may not be a number word at all.
            if match["n2"] is None:
                continue
            start = match.start("n2")
            n1, n2 = parse_number(match["n2"]), None
            if n1 is None:
                continue
        else:
            n2 = parse_number(match["n2"]) if match["n2"] else None
            if match["n2"] and n2 is None:
                continue
        if n2 is not None and not _range_ok(text, start, match["sep"]):
            start = match.start("n2")
            n1, n2 = n2, None
        if _overlaps(taken, start, match.end()):
            continue
        unit_word = match["unit"].lower()
        unit = "percentage point" if unit_word.startswith("percentage") else "%"
        claim = _make(ctx, "percent", start, match.end(), n1, n2, unit)
        if claim is not None:
            found.append(claim)
    return found


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)


def _number_run(token: Token) -> tuple[int, int]:
    """Token indices [first, last] of the number ending at ``token`` ("2 million", "twenty - five")."""
    doc = token.doc
    first = token.i
    while first > 0 and (doc[first - 1].like_num or doc[first - 1].lower_ in MULTIPLIERS):
        first -= 1
    return first, token.i


def _counted_unit(head: Token) -> str:
    """Singular unit from the counted noun and its compound modifiers ("practice ship", "Asia-Pacific partner")."""
    doc = head.doc
    first = head.i
    while first > 0:
        previous = doc[first - 1]
        hyphen_join = (
            previous.text in ("-", "–")
            and not previous.whitespace_
            and first >= 2
            and not doc[first - 2].whitespace_
        )
        if previous.dep_ == "compound" and not previous.like_num:
            first -= 1
        elif hyphen_join:
            first -= 2
        else:
            break
    words = "".join(
        (t.text if t.pos_ == "PROPN" or t.text.isupper() else t.lower_) + t.whitespace_
        for t in doc[first : head.i]
    )
    return words + head.lemma_.lower()


POSSESSION_VERBS = frozenset(
    {"have", "include", "encompass", "outline", "comprise", "contain", "cover", "list", "set"}
)


def _count_subject(ctx: ClaimContext, head: Token) -> str | None:
    """Whose count it is: the subject of "have/include/encompass..." when the count is its object."""
    if head.dep_ not in ("dobj", "pobj", "conj"):
        return None
    verb = governing_verb(head)
    if verb is None or verb.lemma_.lower() not in POSSESSION_VERBS:
        return None
    from .events import describe_actor  # local: events imports this package's date helpers

    subject, _ = describe_actor(ctx, verb)
    return subject


def _counts(ctx: ClaimContext, taken: list[tuple[int, int]]) -> list[ClaimItem]:
    doc = ctx.doc
    found: list[ClaimItem] = []
    for token in doc:
        if token.dep_ != "nummod" or not token.like_num:
            continue
        head = token.head
        if head.pos_ != "NOUN" or head.i < token.i or head.i - token.i > 5:
            continue  # "Article 10": a number after its noun is a label, not a count
        if token.ent_type_ in SKIP_ENTITY_LABELS or head.ent_type_ in ("DATE", "TIME"):
            continue
        if head.lemma_.lower() in NOISE_UNITS or head.lower_ in NOISE_UNITS:
            continue
        first, last = _number_run(token)
        raw = doc[first : last + 1].text
        value = parse_number(raw)
        if value is None or _is_year(value, raw):
            continue
        if raw.lower() in ("one", "a", "an", "zero", "0"):
            continue  # "one country", "zero experience": not a count anyone checks
        after = doc[last + 1] if last + 1 < len(doc) else None
        if after is not None and after.lower_ in ("times", "fold"):
            continue  # "10 times the average": a ratio, not a count of averages
        if after is not None and after.text in ("-", "–") and not token.whitespace_:
            continue  # "two-day summit", "16-year-old": adjectives, not counts
        before = doc[first - 1] if first > 0 else None
        if before is not None and (before.lower_ in REFERENTIAL or before.lower_ == "other"):
            continue  # "the two sides", "the other three partners": referring back, not counting
        if any(t.lower_ in REFERENTIAL for t in doc[head.left_edge.i : first]):
            continue
        start = doc[first].idx
        end = head.idx + len(head.text)
        if _overlaps(taken, start, end):
            continue
        claim = _make(
            ctx,
            "count",
            start,
            end,
            value,
            None,
            _counted_unit(head),
            subject=_count_subject(ctx, head),
            confidence=0.75,
        )
        if claim is not None:
            found.append(claim)
    return found


def find_quantities(ctx: ClaimContext) -> list[ClaimItem]:
    """Money, percentages and counts in the document, outside the skipped ranges."""
    money = _money(ctx)
    taken = [(c.start, c.end) for c in money]
    percentages = _percentages(ctx, taken)
    taken.extend((c.start, c.end) for c in percentages)
    return money + percentages + _counts(ctx, taken)
