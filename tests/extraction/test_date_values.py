"""Which date a relative expression means: the tense decides between past and future occurrences."""

from __future__ import annotations

from datetime import date

import pytest

from claims.extraction.date_periods import readable_date
from claims.extraction.date_values import resolve_date

MONDAY = date(2023, 4, 3)


def test_weekday_without_tense_is_the_previous_one_not_a_week_before() -> None:
    assert resolve_date("Tuesday", MONDAY) == "2023-03-28"  # six days back, not thirteen
    assert resolve_date("Sunday", MONDAY) == "2023-04-02"


def test_weekday_of_the_publication_day_in_past_tense_is_that_day() -> None:
    assert resolve_date("on Monday", MONDAY, tense="past") == "2023-04-03"
    assert resolve_date("last Monday", MONDAY, tense="past") == "2023-03-27"


def test_weekday_in_future_tense_or_after_next_looks_ahead() -> None:
    assert resolve_date("next Tuesday", MONDAY) == "2023-04-04"
    assert resolve_date("on Tuesday", MONDAY, tense="future") == "2023-04-04"
    assert resolve_date("on Tuesday", MONDAY, future=True) == "2023-04-04"
    assert resolve_date("Monday", MONDAY, tense="future") == "2023-04-03"  # "will meet Monday": today
    assert resolve_date("next Monday", MONDAY) == "2023-04-10"


def test_weekday_with_a_time_of_day_is_that_day() -> None:
    assert resolve_date("Tuesday night", MONDAY) == "2023-03-28"
    assert resolve_date("early Friday", MONDAY) == "2023-03-31"
    assert resolve_date("last night", MONDAY) == "2023-04-02"


def test_month_without_year_is_the_latest_past_one() -> None:
    assert resolve_date("April", date(2022, 12, 10), tense="past") == "2022-04"
    assert resolve_date("in April", date(2023, 1, 10), tense="past") == "2022-04"
    assert resolve_date("in April", date(2023, 1, 10)) == "2022-04"
    assert resolve_date("in April", date(2023, 1, 10), tense="future") == "2023-04"
    assert resolve_date("in January", date(2023, 1, 10)) == "2023-01"  # the month under way


def test_month_and_day_ahead_of_publication() -> None:
    # Unknown tense: a week's grace for publication dates that run late; past tense: a day.
    assert resolve_date("January 3", date(2022, 12, 28)) == "2023-01-03"
    assert resolve_date("January 3", date(2022, 12, 28), tense="past") == "2022-01-03"
    assert resolve_date("Sept. 13", date(2016, 9, 12), tense="past") == "2016-09-13"
    assert resolve_date("Sept. 30", date(2016, 9, 12), tense="past") == "2015-09-30"
    assert resolve_date("Sept. 30", date(2016, 9, 12), tense="future") == "2016-09-30"


@pytest.mark.parametrize(
    ("expression", "published", "expected"),
    [
        ("the third quarter", date(2023, 10, 20), "2023-Q3"),
        ("the third quarter", date(2023, 2, 1), "2022-Q3"),
        ("third-quarter", date(2023, 11, 2), "2023-Q3"),
        ("Q3 2022", MONDAY, "2022-Q3"),
        ("2022 Q4", MONDAY, "2022-Q4"),
        ("the fourth quarter of last year", MONDAY, "2022-Q4"),
        ("the first quarter of this year", MONDAY, "2023-Q1"),
        ("last quarter", MONDAY, "2023-Q1"),
        ("the first half", date(2023, 8, 1), "2023-H1"),
        ("the first half of 2022", MONDAY, "2022-H1"),
        ("H2 2021", MONDAY, "2021-H2"),
    ],
)
def test_quarters_and_halves_keep_their_granularity(expression: str, published: date, expected: str) -> None:
    assert resolve_date(expression, published) == expected


@pytest.mark.parametrize(
    ("expression", "published", "expected"),
    [
        ("last fall", MONDAY, "2022-autumn"),
        ("last autumn", MONDAY, "2022-autumn"),
        ("this spring", MONDAY, "2023-spring"),
        ("this spring", date(2023, 2, 1), "2023-spring"),
        ("next spring", MONDAY, "2024-spring"),
        ("last summer", date(2023, 9, 15), "2023-summer"),
        ("last winter", MONDAY, "2022-winter"),  # December 2022 to February 2023
        ("the summer of 2010", MONDAY, "2010-summer"),
        ("fall 2019", MONDAY, "2019-autumn"),
    ],
)
def test_seasons_are_the_year_with_the_season(expression: str, published: date, expected: str) -> None:
    assert resolve_date(expression, published) == expected


def test_bare_season_follows_the_tense() -> None:
    assert resolve_date("in the summer", MONDAY) == "2022-summer"
    assert resolve_date("in the summer", MONDAY, tense="future") == "2023-summer"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("last year", "2022"),
        ("a year ago", "2022"),
        ("two years ago", "2021"),
        ("earlier this month", "2023-04"),
        ("earlier this year", "2023"),
        ("late last year", "2022"),
        ("this week", "2023-04-03/2023-04-09"),
        ("last week", "2023-03-27/2023-04-02"),
        ("this past weekend", "2023-04-01/2023-04-02"),
        ("over the weekend", "2023-04-01/2023-04-02"),
        ("June 16th of last year", "2022-06-16"),
        ("March of last year", "2022-03"),
        ("the year 2000", "2000"),
    ],
)
def test_relative_periods(expression: str, expected: str) -> None:
    assert resolve_date(expression, MONDAY) == expected


def test_a_year_earlier_counts_from_the_date_the_sentence_is_about() -> None:
    assert resolve_date("a year earlier", MONDAY, anchor="2023-03") == "2022-03"
    assert resolve_date("a year ago", MONDAY, anchor="2023-Q1") == "2022-Q1"
    assert resolve_date("a year earlier", MONDAY, anchor="2008") == "2007"
    assert resolve_date("two years later", MONDAY, anchor="2015") == "2017"
    assert resolve_date("the previous year", MONDAY, anchor="2015") == "2014"
    assert resolve_date("a year earlier", MONDAY) is None  # earlier than what?


def test_named_days() -> None:
    assert resolve_date("Election Day", date(2016, 9, 12), tense="future") == "2016-11-08"
    assert resolve_date("on Christmas", MONDAY) == "2022-12-25"
    assert resolve_date("Labor Day", date(2016, 9, 12)) == "2016-09-05"


def test_weekend_ahead_in_future_tense() -> None:
    assert resolve_date("this weekend", date(2023, 4, 5), tense="future") == "2023-04-08/2023-04-09"


@pytest.mark.parametrize(
    "expression",
    ["the 1990s", "that year", "recent months", "the past week", "the third quarter of the century"],
)
def test_what_names_no_checkable_date_stays_unresolved(expression: str) -> None:
    assert resolve_date(expression, MONDAY) is None


@pytest.mark.parametrize("expression", ["the third quarter", "last fall", "a year ago", "Christmas"])
def test_relative_periods_need_the_publication_date(expression: str) -> None:
    assert resolve_date(expression, None) is None


@pytest.mark.parametrize(
    ("value", "readable"),
    [
        ("2023", "2023"),
        ("2023-01", "January 2023"),
        ("2023-06-29", "29 June 2023"),
        ("2023-06-29/2023-06-30", "29–30 June 2023"),
        ("2023-06-29/2023-07-02", "29 June – 2 July 2023"),
        ("2023-Q3", "Q3 2023"),
        ("2023-H1", "H1 2023"),
        ("2022-autumn", "autumn 2022"),
        ("2019/2021", "2019 – 2021"),
    ],
)
def test_readable_date(value: str, readable: str) -> None:
    assert readable_date(value) == readable


def test_next_year_counts_from_publication_even_after_another_date() -> None:
    assert resolve_date("next year", MONDAY, tense="future", anchor="2016-09") == "2024"
    assert resolve_date("the following year", MONDAY, anchor="2016") == "2017"
