"""Dates normalised against the publication date, and date claims."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from spacy.language import Language

from claims.extraction.claimset import find_claims
from claims.extraction.dates import clause_tense, resolve_date
from claims.extraction.nlp import load_nlp
from claims.extraction.types import BoilerplateRange, ClaimItem

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
APRIL_5_2023 = datetime(2023, 4, 5, 9, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def claims_of(nlp: Language, text: str, **kwargs: object) -> list[ClaimItem]:
    claims = find_claims(nlp(text), **kwargs)  # type: ignore[arg-type]
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
    return claims


def dated(claims: list[ClaimItem], expression: str) -> ClaimItem:
    """The date or event claim that carries ``expression`` (the date's own span or the event's)."""
    found = [c for c in claims if c.kind in ("date", "event") and expression in c.text and c.date]
    assert found, [(c.kind, c.text, c.date) for c in claims]
    return found[0]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("last December", "2022-12"),
        ("this January", "2023-01"),
        ("June 29 to 30", "2022-06-29/2022-06-30"),  # no tense: the latest past occurrence
        ("in March 2019", "2019-03"),
        ("on Wednesday", "2023-04-05"),
        ("Monday", "2023-04-03"),
        ("last year", "2022"),
        ("this year", "2023"),
        ("last month", "2023-03"),
        ("in 2014", "2014"),
        ("July 12, 2023", "2023-07-12"),
        ("12 July 2023", "2023-07-12"),
        ("Feb. 2, 2023", "2023-02-02"),
        ("the 2023-26 period", "2023/2026"),
        ("two years ago", "2021"),
        ("yesterday", "2023-04-04"),
        ("in March", "2023-03"),
    ],
)
def test_resolve_date_against_publication(expression: str, expected: str) -> None:
    assert resolve_date(expression, APRIL_5_2023) == expected


def test_month_day_without_year_takes_the_nearest_year() -> None:
    assert resolve_date("December 20", date(2023, 1, 10)) == "2022-12-20"
    assert resolve_date("January 3", date(2022, 12, 28)) == "2023-01-03"  # a week ahead beats a year back
    assert resolve_date("June 29 to 30", APRIL_5_2023, future=True) == "2023-06-29/2023-06-30"
    # Without a future tense, a date months ahead is read as the previous occurrence.
    assert resolve_date("Sept. 11", APRIL_5_2023) == "2022-09-11"
    assert resolve_date("Sept. 11", APRIL_5_2023, future=True) == "2023-09-11"


def test_weekday_in_future_clause_looks_ahead() -> None:
    assert resolve_date("Friday", APRIL_5_2023, future=True) == "2023-04-07"
    assert resolve_date("Friday", APRIL_5_2023) == "2023-03-31"


@pytest.mark.parametrize(
    "expression", ["last December", "this January", "on Wednesday", "last year", "June 29 to 30"]
)
def test_relative_dates_stay_unresolved_without_publication_date(expression: str) -> None:
    assert resolve_date(expression, None) is None


def test_absolute_dates_resolve_without_publication_date() -> None:
    assert resolve_date("in March 2019", None) == "2019-03"
    assert resolve_date("July 12, 2023", None) == "2023-07-12"


@pytest.mark.parametrize(
    "expression", ["recent years", "five years", "the past decade", "the early 2010s", "today's"]
)
def test_vague_expressions_are_not_dates(expression: str) -> None:
    assert resolve_date(expression, APRIL_5_2023) is None


def test_date_claim_for_event_with_plain_subject(nlp: Language) -> None:
    text = "Last December, a powerful earthquake struck the southern coast."
    claim = next(c for c in claims_of(nlp, text, published_at=APRIL_5_2023) if c.kind == "date")
    assert (claim.text, claim.date, claim.action) == ("Last December", "2022-12", "strike")
    assert claim.subject == "powerful earthquake"
    assert claim.target == "southern coast"
    assert claim.statement == "A powerful earthquake struck the southern coast: December 2022"


def date_claims(nlp: Language, text: str, published_at: datetime = APRIL_5_2023) -> list[ClaimItem]:
    return [c for c in claims_of(nlp, text, published_at=published_at) if c.kind == "date"]


@pytest.mark.parametrize(
    "text",
    [
        "The company said on Monday that profits rose.",
        "Smith told reporters Friday that the deal was off.",
        "The minister added on Tuesday that talks would continue.",
        "Wednesday was the coldest day of the month.",
        "The 2015 plan is still in force.",
        "Officials did not meet on Tuesday.",
        "The mayor could open the bridge in May.",
    ],
)
def test_no_date_claim_without_a_stated_event(nlp: Language, text: str) -> None:
    assert date_claims(nlp, text) == []


def test_announcing_a_thing_is_an_event_announcing_that_is_speech(nlp: Language) -> None:
    assert date_claims(nlp, "The regional bank reported a loss in the third quarter.")[0].date == "2022-Q3"
    assert date_claims(nlp, "The regional bank announced on Tuesday that it would close branches.") == []


def test_date_claim_statement_from_its_parts(nlp: Language) -> None:
    claim = date_claims(nlp, "The city council approved the budget last month.")[0]
    assert (claim.subject, claim.action, claim.target) == ("city council", "approve", "budget")
    assert claim.statement == "The city council approved the budget: March 2023"


def test_passive_date_claim_names_what_it_happened_to(nlp: Language) -> None:
    claim = date_claims(nlp, "The bridge was completed in 1932.")[0]
    assert (claim.date, claim.subject, claim.action) == ("1932", "bridge", "complete")
    assert claim.statement == "The bridge was completed: 1932"


def test_future_date_claim_says_will(nlp: Language) -> None:
    claim = date_claims(nlp, "The governor will open the new hospital next Tuesday.")[0]
    assert claim.date == "2023-04-11"
    assert claim.statement == "The governor will open the new hospital: 11 April 2023"


def test_date_claim_uses_the_full_name_of_a_surname(nlp: Language) -> None:
    text = (
        "Senator Maria Okonkwo-Hale chairs the committee. Okonkwo-Hale toured the flooded district last fall."
    )
    claims = [c for c in claims_of(nlp, text, published_at=APRIL_5_2023) if c.date == "2022-autumn"]
    assert claims and claims[0].subject == "Maria Okonkwo-Hale"


def test_comparison_base_is_not_the_date_of_the_event(nlp: Language) -> None:
    claims = date_claims(nlp, "Exports climbed in March from a year earlier.")
    assert [c.date for c in claims] == ["2023-03"]


def test_event_claim_carries_the_normalised_date(nlp: Language) -> None:
    text = "The government formulated a new security strategy last December."
    claims = claims_of(nlp, text, published_at=APRIL_5_2023)
    assert dated(claims, "last December").date == "2022-12"


def test_range_with_publication_year(nlp: Language) -> None:
    text = "Prime Minister Fumio Kishida will attend the summit in Madrid from June 29 to 30."
    claims = claims_of(nlp, text, published_at=datetime(2022, 6, 20, tzinfo=UTC))
    assert dated(claims, "June 29 to 30").date == "2022-06-29/2022-06-30"


def test_weekday_in_publication_week(nlp: Language) -> None:
    text = "Foreign Minister Yoshimasa Hayashi met his counterparts in Brussels on Wednesday."
    claims = claims_of(nlp, text, published_at=datetime(2023, 4, 6, 11, 0, tzinfo=UTC))
    assert dated(claims, "Wednesday").date == "2023-04-05"


def test_relative_date_without_publication_date_is_not_a_date_claim(nlp: Language) -> None:
    text = "Last December, a powerful earthquake struck the southern coast."
    assert [c for c in claims_of(nlp, text) if c.kind == "date"] == []


def test_dateline_and_possessive_dates_are_not_claims(nlp: Language) -> None:
    text = "20:00 JST, April 6, 2023\nToday's students may be tomorrow's leaders, the minister said."
    claims = claims_of(nlp, text, published_at=APRIL_5_2023)
    assert [c for c in claims if c.kind == "date"] == []


def test_dates_in_skipped_ranges_are_ignored(nlp: Language) -> None:
    text = "Related: Officials resigned on Monday.\nThe council approved the budget last month."
    skip = [BoilerplateRange(0, text.index("\n"), "related")]
    claims = claims_of(nlp, text, skip=skip, published_at=APRIL_5_2023)
    assert all(c.start > text.index("\n") for c in claims)
    assert any(c.date == "2023-03" for c in claims)


# --- seed articles -----------------------------------------------------------------------------


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_seed_003_relative_dates(nlp: Language) -> None:
    claims = claims_of(nlp, seed_text("003"), published_at=APRIL_5_2023)
    assert dated(claims, "this January").date == "2023-01"
    assert dated(claims, "last December").date == "2022-12"
    assert dated(claims, "in January 2023").date == "2023-01"


def test_seed_002_dates(nlp: Language) -> None:
    claims = claims_of(nlp, seed_text("002"), published_at=datetime(2022, 6, 27, tzinfo=UTC))
    assert dated(claims, "June 29 to 30").date == "2022-06-29/2022-06-30"
    assert dated(claims, "March 2019").date == "2019-03"
    assert dated(claims, "December 2020").date == "2020-12"
    assert dated(claims, "June 26").date == "2022-06-26"


def test_seed_001_last_year_and_last_month(nlp: Language) -> None:
    claims = claims_of(nlp, seed_text("001"), published_at=datetime(2023, 2, 2, tzinfo=UTC))
    assert dated(claims, "Last year").date == "2022"
    assert dated(claims, "Last month").date == "2023-01"
    assert dated(claims, "in 2017").date == "2017"


def test_weekday_with_time_of_day_is_one_date(nlp: Language) -> None:
    claim = date_claims(nlp, "Hikers found the missing dog on Saturday morning.")[0]
    assert (claim.text, claim.date) == ("Saturday morning", "2023-04-01")


@pytest.mark.parametrize(
    "text",
    [
        "The utility promised to cut emissions by 2030.",
        "At least 40 people were injured by storms so far this year.",
    ],
)
def test_deadlines_and_running_periods_are_not_dates_of_events(nlp: Language, text: str) -> None:
    assert date_claims(nlp, text) == []


def test_one_of_with_a_name_in_apposition_is_that_person(nlp: Language) -> None:
    text = "One of the league's most famous coaches, Walter Brennan, died in February and the team has yet to replace him."
    claim = dated(claims_of(nlp, text, published_at=APRIL_5_2023), "February")
    assert (claim.subject, claim.date) == ("Walter Brennan", "2023-02")


def test_statement_keeps_the_particle_and_the_article_of_a_relative_clause(nlp: Language) -> None:
    text = "A bomb went off in the market on Sunday. The library, which was founded in 1901, closed."
    statements = [c.statement for c in date_claims(nlp, text)]
    assert "A bomb went off in the market: 2 April 2023" in statements
    assert "The library was founded: 1901" in statements


@pytest.mark.parametrize(
    ("text", "verb", "tense"),
    [
        ("The race is likely to wrap up in June.", "wrap", "future"),
        ("The senator is poised to win the primary in June.", "win", "future"),
        ("The council is expected to approve the budget in June.", "approve", "future"),
        # A perfect infinitive looks back: the text does not say the meeting is ahead.
        ("The council is likely to have approved the budget in June.", "approved", None),
    ],
)
def test_a_prediction_puts_its_clause_in_the_future(
    nlp: Language, text: str, verb: str, tense: str | None
) -> None:
    doc = nlp(text)
    token = next(t for t in doc if t.text == verb)
    assert clause_tense(token) == tense
    # And so a month ahead of an April publication is this year's, not last year's.
    if tense == "future":
        assert resolve_date("June", datetime(2016, 4, 6, tzinfo=UTC), tense=tense) == "2016-06"
