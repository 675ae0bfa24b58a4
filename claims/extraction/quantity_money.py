"""Money and percentages, found with regular expressions over the text.

The statistical NER often splits or mislabels amounts ("$25 Million", "-15€", "($99.99)"), so the
figures are read from the characters and only then placed in the parse for their parts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .quantity_claim import make_claim, range_ok, sentence_of, token_at
from .quantity_numbers import (
    NUM,
    PREFIX,
    PREFIX_CURRENCIES,
    RANGE_SEP,
    SCALE,
    SIGN,
    SUFFIX,
    WORDNUM,
    currency_of_word,
    parse_number,
    scale_of,
)
from .types import ClaimItem, Occupied

if TYPE_CHECKING:
    from .claimset import ClaimContext

# A sign counts only at the start of a number, not inside a range ("2-3").
_SIGNED = rf"(?:(?<![\w.,\-–]){SIGN})"
MONEY_PREFIXED = re.compile(
    rf"(?P<sign>{_SIGNED})?(?P<cur>{PREFIX})\s?(?P<sign2>{SIGN})?(?P<n1>{NUM})(?P<s1>{SCALE})?"
    rf"(?:(?P<sep>{RANGE_SEP})(?:{PREFIX})?\s?(?P<n2>{NUM})(?P<s2>{SCALE})?)?"
    rf"(?!\w)"
)
MONEY_SUFFIXED = re.compile(
    rf"(?<![\w.,])(?P<sign>{_SIGNED})?(?P<n1>{NUM}|{WORDNUM})(?:(?P<sep>{RANGE_SEP})(?P<n2>{NUM}))?"
    rf"(?P<s1>{SCALE})?\s(?P<word>{SUFFIX})\b",
    re.IGNORECASE,
)
# "15€", "-15 €", "2,50 £" are written in much of Europe with the symbol after the amount.
MONEY_SYMBOL_AFTER = re.compile(
    rf"(?<![\w.,])(?P<sign>{_SIGNED})?(?P<n1>{NUM})(?P<s1>{SCALE})?\s?(?P<cur>€|£|¥|₹)"
)
PERCENT = re.compile(
    rf"(?<![\w.,])(?P<sign>{_SIGNED})?(?P<n1>{NUM}|[a-z]+(?:-[a-z]+)?)"
    rf"(?:(?P<sep>{RANGE_SEP})(?P<n2>{NUM}|[a-z]+(?:-[a-z]+)?))?"
    r"\s?(?P<unit>%|percent\b|per\scent\b|percentage\spoints?\b)",
    re.IGNORECASE,
)


# --- money --------------------------------------------------------------------------------------


def find_money(ctx: ClaimContext) -> list[ClaimItem]:
    text = ctx.text
    found: list[ClaimItem] = []
    occupied = Occupied()
    for pattern in (MONEY_PREFIXED, MONEY_SUFFIXED, MONEY_SYMBOL_AFTER):
        position = 0
        while (match := pattern.search(text, position)) is not None:
            position = match.end()
            claim = _money_claim(ctx, match)
            if claim is None:
                continue
            # A range cut short ("from $2 billion to $3 billion") leaves the rest to match again.
            position = min(claim.end, match.end())
            if not occupied.overlaps(claim.start, claim.end):
                found.append(claim)
                occupied.add(claim.start, claim.end)
    return found


def _money_claim(ctx: ClaimContext, match: re.Match[str]) -> ClaimItem | None:
    text = ctx.text
    n1 = parse_number(match["n1"])
    if n1 is None:
        return None
    groups = match.groupdict()
    factor = 1.0
    if groups.get("word"):
        read = currency_of_word(match["word"])
        if read is None:
            return None
        currency, factor = read
        word = match["word"].lower()
        # "won" is also a verb: accept it only after a scale ("500 billion won").
        if word == "won" and not match["s1"]:
            return None
        # "5 pounds of beef" is a weight; "a pound" alone is too often one.
        weight = re.match(r"\s+(?:of|per)\b", text[match.end() :]) or match["n1"].lower() in ("a", "an")
        if word.startswith("pound") and word != "pounds sterling" and weight:
            return None
        if factor != 1.0 and currency == "USD" and re.search(r"€|\beuros?\b", _sentence_around(ctx, match)):
            currency = "EUR"  # cents of a euro
        scale_low = scale_high = scale_of(match["s1"])
    else:
        currency = PREFIX_CURRENCIES.get(match["cur"].lower().replace(" ", ""), "USD")
        scale_high = scale_of(groups.get("s2")) if groups.get("s2") else scale_of(match["s1"])
        scale_low = scale_of(match["s1"]) if match["s1"] else scale_high
    end = match.end()
    n2 = parse_number(match["n2"]) if groups.get("n2") else None
    if n2 is not None and not range_ok(ctx, match.start(), match["sep"]):
        end = match.end("s1") if match["s1"] else match.end("n1")
        if groups.get("word"):
            return None  # "from 5 to 10 dollars" after a verb of change: the first is read alone below
        n2 = None
        scale_low = scale_of(match["s1"])
    value = n1 * scale_low * factor
    value_max = n2 * scale_high * factor if n2 is not None else None
    if value_max is not None and value_max <= value:
        value_max = None
    start = match.start()
    negative = bool(groups.get("sign") or groups.get("sign2"))
    # Accounting brackets: "($99.99)" is a loss. In prose a bracketed amount is mostly an aside
    # ("the fund ($5 million)"), so only the bookkeeping form with cents reads as negative.
    if (
        start > 0
        and text[start - 1] == "("
        and text[end : end + 1] == ")"
        and re.search(r"\.\d\d$", match["n1"])
        and not match["s1"]
        and n2 is None
    ):
        negative = True
        start, end = start - 1, end + 1
    return make_claim(ctx, "money", start, end, value, value_max, currency, negative=negative)


def _sentence_around(ctx: ClaimContext, match: re.Match[str]) -> str:
    token = token_at(ctx, match.start())
    return sentence_of(ctx, token).text if token is not None else ""


# --- percentages --------------------------------------------------------------------------------


def find_percentages(ctx: ClaimContext, taken: Occupied) -> list[ClaimItem]:
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
            if n2 is not None and re.fullmatch(r"(?:18|19|20)\d\d", match["n1"]):
                start, n1, n2 = match.start("n2"), n2, None  # "by 2030 to 32%": a year, then the share
        unit_word = match["unit"].lower()
        unit = "percentage point" if unit_word.startswith("percentage") else "%"
        if n2 is not None and n1 is not None and n2 < n1 and not taken.overlaps(start, match.end("n1")):
            # "beat Trump 46 to 40 percent": a score, two shares, not a range running down
            first = make_claim(
                ctx, "percent", start, match.end("n1"), n1, None, unit, negative=bool(match["sign"])
            )
            if first is not None:
                found.append(first)
            start, n1, n2 = match.start("n2"), n2, None
        if n2 is not None and not range_ok(ctx, start, match["sep"]):
            start = match.start("n2")
            n1, n2 = n2, None
        if taken.overlaps(start, match.end()):
            continue
        claim = make_claim(ctx, "percent", start, match.end(), n1, n2, unit, negative=bool(match["sign"]))
        if claim is not None:
            found.append(claim)
    return found
