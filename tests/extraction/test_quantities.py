"""Quantity claims: money, counts, percentages and ranges, with offsets checked against the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from claims.extraction.claimset import find_claims
from claims.extraction.nlp import load_nlp
from claims.extraction.quantities import parse_number
from claims.extraction.types import BoilerplateRange, ClaimItem

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def quantities(nlp: Language, text: str, **kwargs: object) -> list[ClaimItem]:
    claims = [c for c in find_claims(nlp(text), **kwargs) if c.kind == "quantity"]  # type: ignore[arg-type]
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        assert claim.text in claim.sentence
    return claims


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def one(claims: list[ClaimItem], text: str) -> ClaimItem:
    found = [c for c in claims if c.text == text]
    assert len(found) == 1, [c.text for c in claims]
    return found[0]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("7.6", 7.6),
        ("1,000", 1000),
        ("three", 3),
        ("twenty-five", 25),
        ("1.2 trillion", 1.2e12),
        ("two million", 2e6),
    ],
)
def test_parse_number_reads_digits_and_words(raw: str, value: float) -> None:
    assert parse_number(raw) == pytest.approx(value)


def test_money_with_scale_and_qualifier_is_approximate(nlp: Language) -> None:
    claims = quantities(nlp, "The ministry said it had spent approximately $7.6 billion on the programme.")
    claim = one(claims, "approximately $7.6 billion")
    assert (claim.value, claim.unit, claim.approximate) == (7_600_000_000, "USD", True)


def test_money_without_qualifier_is_exact(nlp: Language) -> None:
    claim = one(quantities(nlp, "The company paid $30 million to settle the case."), "$30 million")
    assert (claim.value, claim.unit, claim.approximate) == (30_000_000, "USD", False)


@pytest.mark.parametrize(
    ("sentence", "span", "value", "unit"),
    [
        ("Tokyo set aside ¥195 billion for the port.", "¥195 billion", 195e9, "JPY"),
        ("The bank wrote off €2.5bn in loans last quarter.", "€2.5bn", 2.5e9, "EUR"),
        ("The club was sold for £40m to a consortium.", "£40m", 40e6, "GBP"),
        ("The budget includes 1.2 trillion yen for defence.", "1.2 trillion yen", 1.2e12, "JPY"),
        ("The charity received US$5 million from donors.", "US$5 million", 5e6, "USD"),
        ("Exports reached 300 billion won in May.", "300 billion won", 300e9, "KRW"),
    ],
)
def test_money_currency_and_scale_are_normalised(
    nlp: Language, sentence: str, span: str, value: float, unit: str
) -> None:
    claim = one(quantities(nlp, sentence), span)
    assert claim.value == pytest.approx(value)
    assert claim.unit == unit


def test_money_range_has_low_and_high_end(nlp: Language) -> None:
    claim = one(quantities(nlp, "Analysts expect a loss of $2-3 billion this year."), "$2-3 billion")
    assert (claim.value, claim.value_max, claim.unit) == (2e9, 3e9, "USD")


def test_money_from_to_is_two_amounts_not_a_range(nlp: Language) -> None:
    claims = quantities(nlp, "Revenue rose from $2 billion to $3 billion.")
    assert {c.text for c in claims} == {"$2 billion", "$3 billion"}
    assert all(c.value_max is None for c in claims)


def test_count_unit_is_singular_head_with_compounds(nlp: Language) -> None:
    claim = one(
        quantities(nlp, "The agreement covers 16 collaboration areas, including space security."),
        "16 collaboration areas",
    )
    assert (claim.value, claim.unit) == (16, "collaboration area")


def test_count_in_words(nlp: Language) -> None:
    text = "The plan sets out three strategic objectives, and the navy sent two practice ships to the region."
    claims = quantities(nlp, text)
    assert one(claims, "three strategic objectives").value == 3
    ships = one(claims, "two practice ships")
    assert (ships.value, ships.unit) == (2, "practice ship")


def test_count_with_approximation(nlp: Language) -> None:
    claim = one(
        quantities(nlp, "Police said more than 300 protesters gathered outside."), "more than 300 protesters"
    )
    assert (claim.value, claim.unit, claim.approximate) == (300, "protester", True)


def test_percentage_of_whole_keeps_its_whole(nlp: Language) -> None:
    claim = one(quantities(nlp, "The party wants defence spending of 2% of GDP."), "2% of GDP")
    assert (claim.value, claim.unit, claim.measure) == (2, "%", "defence spending")
    assert claim.qualifiers == ("of GDP",)
    assert claim.statement == "Defence spending: 2% of GDP"


def test_percentage_range_between(nlp: Language) -> None:
    claim = one(
        quantities(nlp, "Economists expect growth of between 3 and 5 percent next year."),
        "between 3 and 5 percent",
    )
    assert (claim.value, claim.value_max, claim.unit, claim.approximate) == (3, 5, "%", False)


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2014 the treaty was signed.",
        "Under Article 10 of the treaty, only European states may join.",
        "The two sides agreed to meet again.",
        "Japan is one of the largest donors.",
        "The meeting began at 10:30 a.m. on the first day.",
        "Officials met on June 23 to discuss the plan.",
        "The two-day summit ended on Wednesday.",
        "He promised to act within five years.",
        "She was 54.",
        "The other three partners did not attend.",
        "He had zero experience in government.",
        "Prices were 10 times the national average.",
    ],
)
def test_noise_numbers_are_not_quantities(nlp: Language, sentence: str) -> None:
    assert quantities(nlp, sentence) == []


def test_nothing_from_skipped_ranges(nlp: Language) -> None:
    text = "Popular: Record 320 staff punished for $5 million fraud.\nThe fund received $30 million."
    skip = [BoilerplateRange(0, text.index("\n"), "ranking")]
    claims = quantities(nlp, text, skip=skip)
    assert [c.text for c in claims] == ["$30 million"]


# --- the seed articles: every amount there, normalised ---------------------------------------


def test_seed_001_amounts(nlp: Language) -> None:
    claims = quantities(nlp, seed_text("001"))
    usd = one(claims, "about $1.5 billion")
    jpy = one(claims, "about ¥195 billion")
    assert (usd.value, usd.unit, usd.approximate) == (1.5e9, "USD", True)
    assert (jpy.value, jpy.unit, jpy.approximate) == (195e9, "JPY", True)
    assert len(claims) == 2


def test_seed_002_amounts(nlp: Language) -> None:
    claims = quantities(nlp, seed_text("002"))
    gdp = one(claims, "2% of GDP")
    assert (gdp.value, gdp.unit, gdp.measure) == (2, "%", "proposed target")
    assert gdp.qualifiers[0] == "of GDP"
    ships = one(claims, "two practice ships")
    assert (ships.value, ships.unit) == (2, "practice ship")
    partners = one(claims, "four Asia-Pacific partners")
    assert (partners.value, partners.unit) == (4, "Asia-Pacific partner")
    # Years, "Article 10", "the two sides", "five years", "5 days" are not amounts.
    assert {c.text for c in claims} == {"2% of GDP", "two practice ships", "four Asia-Pacific partners"}


def test_seed_003_amounts(nlp: Language) -> None:
    claims = quantities(nlp, seed_text("003"))
    total = one(claims, "approximately $7.6 billion")
    assert (total.value, total.unit, total.approximate) == (7_600_000_000, "USD", True)
    fund = one(claims, "$30 million")
    assert (fund.value, fund.unit, fund.approximate) == (30_000_000, "USD", False)
    assert fund.action == "contribute"
    assert len(claims) == 2


def test_seed_004_amounts(nlp: Language) -> None:
    claims = quantities(nlp, seed_text("004"))
    areas = one(claims, "16 collaboration areas")
    assert (areas.value, areas.unit) == (16, "collaboration area")
    objectives = one(claims, "three strategic objectives")
    assert (objectives.value, objectives.unit) == (3, "objective")
    leaders = one(claims, "Three other Indo-Pacific leaders")
    assert (leaders.value, leaders.unit) == (3, "leader")
    # "the two-day NATO summit", "the four IP4 leaders", "the other three ... partners" are not counts.
    assert len(claims) == 3


def test_seed_000_amounts(nlp: Language) -> None:
    claims = quantities(nlp, seed_text("000"))
    nations = one(claims, "three other invited partner nations")
    assert (nations.value, nations.unit) == (3, "partner nation")
