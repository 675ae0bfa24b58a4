"""Quantity figures read right: scales, digit groups, signs, currency words, counts, points, ranges."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claims.extraction.claimset import find_claims
from claims.extraction.nlp import load_nlp
from claims.extraction.quantities import parse_number
from claims.extraction.quantity_numbers import format_value
from claims.extraction.types import ClaimItem


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def quantities(nlp: Language, text: str) -> list[ClaimItem]:
    claims = [c for c in find_claims(nlp(text)) if c.kind == "quantity"]
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
    return claims


def one(claims: list[ClaimItem], text: str) -> ClaimItem:
    found = [c for c in claims if c.text == text]
    assert len(found) == 1, [c.text for c in claims]
    return found[0]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("10 000", 10_000),
        ("10\u00a0000", 10_000),
        ("2\u202f500\u202f000", 2_500_000),
        ("a dozen", 12),
        ("one hundred", 100),
        ("hundreds of", 100),
    ],
)
def test_parse_number_reads_spaced_groups_and_words(raw: str, value: float) -> None:
    assert parse_number(raw) == pytest.approx(value)


@pytest.mark.parametrize(
    ("sentence", "span", "value", "unit"),
    [
        ("The startup raised $25 Million from investors.", "$25 Million", 25e6, "USD"),
        ("The national debt passed $2.174T in March.", "$2.174T", 2.174e12, "USD"),
        ("The merger is valued at 3.5bn euros by analysts.", "3.5bn euros", 3.5e9, "EUR"),
        ("Brussels approved a €4 Billion rescue fund.", "€4 Billion", 4e9, "EUR"),
        ("The firm was fined $12 BILLION by regulators.", "$12 BILLION", 12e9, "USD"),
    ],
)
def test_scale_in_any_case_and_letter_form(
    nlp: Language, sentence: str, span: str, value: float, unit: str
) -> None:
    claim = one(quantities(nlp, sentence), span)
    assert (claim.value, claim.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    "sentence",
    [
        "The farmer sold the tractor for 10 000 dollars last week.",
        "The farmer sold the tractor for 10\u00a0000 dollars last week.",
        "The farmer sold the tractor for 10\u2009000 dollars last week.",
    ],
)
def test_digit_groups_with_spaces(nlp: Language, sentence: str) -> None:
    (claim,) = quantities(nlp, sentence)
    assert (claim.value, claim.unit) == (10_000, "USD")


def test_accounting_brackets_are_a_negative_amount(nlp: Language) -> None:
    claim = one(quantities(nlp, "Net income for the quarter: ($99.99) per share."), "($99.99)")
    assert (claim.value, claim.unit) == (-99.99, "USD")


def test_bracketed_aside_is_not_negative(nlp: Language) -> None:
    claim = one(quantities(nlp, "The new fund ($5 million) opens in May."), "$5 million")
    assert claim.value == 5e6


@pytest.mark.parametrize(
    ("sentence", "span", "value", "unit"),
    [
        ("The fare change is -15€ for pensioners.", "-15€", -15, "EUR"),
        ("The balance fell to -$40 overnight.", "-$40", -40, "USD"),
        ("Output growth was minus 3% in the second quarter.", "minus 3%", -3, "%"),
        ("Real wages grew by negative 2 percent.", "negative 2 percent", -2, "%"),
    ],
)
def test_negative_signs_and_words(nlp: Language, sentence: str, span: str, value: float, unit: str) -> None:
    claim = one(quantities(nlp, sentence), span)
    assert (claim.value, claim.unit) == (value, unit)


def test_hyphen_in_a_range_is_not_a_sign(nlp: Language) -> None:
    claim = one(quantities(nlp, "Repairs will cost $2-3 million."), "$2-3 million")
    assert (claim.value, claim.value_max) == (2e6, 3e6)


@pytest.mark.parametrize(
    ("sentence", "span", "value", "unit"),
    [
        ("The club paid 20 million pounds for the striker.", "20 million pounds", 20e6, "GBP"),
        ("A first-class stamp costs 50 pence more this year.", "50 pence", 0.5, "GBP"),
        ("The council raised the bus fare by a penny.", "a penny", 0.01, "GBP"),
        # Sub-units are stored in the main unit: 100 cents is one dollar.
        ("The boy found one hundred cents under the sofa.", "one hundred cents", 1, "USD"),
        ("Petrol rose 20 cents a litre in euro terms.", "20 cents", 0.2, "EUR"),
        ("Each ticket cost twenty-five dollars at the door.", "twenty-five dollars", 25, "USD"),
    ],
)
def test_currency_words_and_sub_units(
    nlp: Language, sentence: str, span: str, value: float, unit: str
) -> None:
    claim = one(quantities(nlp, sentence), span)
    assert (claim.value, claim.unit) == (pytest.approx(value), unit)


def test_pounds_of_something_are_a_weight_not_money(nlp: Language) -> None:
    assert all(c.unit != "GBP" for c in quantities(nlp, "The bakery used 40 pounds of flour a day."))


def test_coordinated_counts_are_one_claim_per_number(nlp: Language) -> None:
    claims = quantities(nlp, "Health officials reported 45 and 50 cases in the two districts.")
    assert [(c.text, c.value, c.unit) for c in claims] == [("45", 45, "case"), ("50 cases", 50, "case")]


def test_count_of_a_nationality_counts_people(nlp: Language) -> None:
    claim = one(
        quantities(nlp, "About 41 million Americans lack health insurance."), "About 41 million Americans"
    )
    assert (claim.value, claim.unit, claim.approximate) == (41e6, "person", True)
    assert claim.measure == "lack"
    assert claim.statement == "Americans who lack health insurance: about 41 million"


def test_a_dozen_is_twelve(nlp: Language) -> None:
    claim = one(quantities(nlp, "The shop sold a dozen eggs to the chef."), "a dozen eggs")
    assert (claim.value, claim.unit) == (12, "egg")
    assert claim.statement is not None and claim.statement.endswith("12 eggs")


def test_points_in_a_poll_are_percentage_points(nlp: Language) -> None:
    claim = one(quantities(nlp, "The senator leads her rival by 11 points in the latest poll."), "11 points")
    assert (claim.value, claim.unit, claim.measure) == (11, "percentage point", "lead")


def test_points_without_a_poll_are_not_a_quantity(nlp: Language) -> None:
    assert quantities(nlp, "She made two points in her speech.") == []


def test_percentage_points_written_out(nlp: Language) -> None:
    claim = one(
        quantities(nlp, "The lead narrowed by 4 percentage points after the debate."), "4 percentage points"
    )
    assert (claim.value, claim.unit) == (4, "percentage point")


def test_from_to_without_a_change_is_a_range(nlp: Language) -> None:
    claim = one(quantities(nlp, "Turnout is expected to be from 50 to 80% in the city."), "from 50 to 80%")
    assert (claim.value, claim.value_max, claim.unit) == (50, 80, "%")
    assert claim.statement is not None and claim.statement.endswith("50–80%")


def test_a_change_from_to_is_two_levels(nlp: Language) -> None:
    claims = quantities(nlp, "Turnout rose from 50% to 80% over the decade.")
    before, after = (one(claims, "50%"), one(claims, "80%"))
    assert (before.value, before.value_max, after.value, after.value_max) == (50, None, 80, None)
    assert before.measure == after.measure == "turnout"
    assert "after the change from 50%" in after.qualifiers
    assert "before the change to 80%" in before.qualifiers


@pytest.mark.parametrize(
    "sentence",
    [
        "I told him one time and then twice.",
        "There are three ways to read it.",
        "She listed two things she disliked.",
        "He has tried it many times.",
    ],
)
def test_counts_of_nothing_are_not_claims(nlp: Language, sentence: str) -> None:
    assert quantities(nlp, sentence) == []


@pytest.mark.parametrize(
    ("value", "value_max", "unit", "written"),
    [
        (7.6e9, None, "USD", "$7.6 billion"),
        (1.5e6, None, "EUR", "€1.5 million"),
        (10_000, None, "USD", "$10,000"),
        (-99.99, None, "USD", "-$99.99"),
        (0.5, None, "GBP", "£0.50"),
        (300e9, None, "KRW", "₩300 billion"),
        (2e6, None, "CHF", "2 million CHF"),
        (50, 80, "%", "50–80%"),
        (12, None, "egg", "12 eggs"),
        (11, None, "percentage point", "11 percentage points"),
    ],
)
def test_values_are_written_readably(value: float, value_max: float | None, unit: str, written: str) -> None:
    assert format_value(value, value_max, unit) == written


def test_a_score_running_down_is_two_shares_not_a_range(nlp: Language) -> None:
    found = quantities(
        nlp, "A new poll found that Ana Lee would beat Tom Reyes 46 to 40 percent in November."
    )
    assert sorted((c.value, c.value_max, c.unit) for c in found) == [(40, None, "%"), (46, None, "%")]
