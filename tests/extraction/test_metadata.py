"""Metadata stated by the page text: title, publication date, outlet, byline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from claims.extraction.metadata import byline_line, credit_line, date_statement, detect_metadata
from claims.extraction.pipeline import extract_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
JST = timezone(timedelta(hours=9))


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_seed_000_title_and_timestamp_with_zone() -> None:
    meta = detect_metadata(_seed("000"))
    assert meta.title == "China Concerns Stoke Expectations for Greater Japan-NATO Cooperation"
    assert meta.published_at == datetime(2023, 4, 6, 20, 0, tzinfo=JST)
    assert meta.outlet is None  # the page names no outlet in a form that states it


def test_seed_001_date_and_outlet_from_closing_credit() -> None:
    meta = detect_metadata(_seed("001"))
    assert meta.title == "Both Sides Have Come to Share Awareness about Countering China"
    assert meta.published_at == datetime(2023, 2, 2, tzinfo=UTC)
    assert meta.outlet == "The Yomiuri Shimbun"


def test_seed_002_title_from_breadcrumb_and_byline() -> None:
    meta = detect_metadata(_seed("002"))
    assert (
        meta.title
        == "Out of the main body diplomacy, Japan expands cooperation with NATO to jointly deal with China"
    )
    assert meta.byline == "admin"
    assert meta.published_at is None  # the page states no date
    assert meta.outlet is None


def test_seed_003_labelled_date_in_another_language() -> None:
    meta = detect_metadata(_seed("003"))
    assert meta.title == "Japanese FM: It’s time to deepen cooperation"
    # "Опубликовано: Wednesday, 05 April 2023 04:49": the time's zone is not stated, so the date alone.
    assert meta.published_at == datetime(2023, 4, 5, tzinfo=UTC)
    assert meta.outlet is None


def test_seed_004_outlet_from_source_line_and_no_date_from_caption() -> None:
    meta = detect_metadata(_seed("004"))
    assert meta.title == "Japan and NATO Usher in New Era of Cooperation Amid China Concerns"
    assert meta.outlet == "The Japan Times"
    # "July 12, 2023" only appears in a photo caption, which does not state the publication date.
    assert meta.published_at is None


BODY = (
    "The regional parliament approved the harbour plan on Monday after a debate that lasted into the night.\n"
    "Opposition members said the cost estimate of 48 million euros was far too low.\n"
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Published: 5 April 2023\n", datetime(2023, 4, 5, tzinfo=UTC)),
        ("Publié le : 5 April 2023 à 10:15\n", datetime(2023, 4, 5, tzinfo=UTC)),
        ("Posted on July 3rd, 2023 at 5:00 pm\n", datetime(2023, 7, 3, tzinfo=UTC)),
        (
            "Updated April 6, 2023 8:00 p.m. EDT\n",
            datetime(2023, 4, 6, 20, 0, tzinfo=timezone(timedelta(hours=-4))),
        ),
        ("2023-04-05T10:00:00+02:00\n", datetime(2023, 4, 5, 10, 0, tzinfo=timezone(timedelta(hours=2)))),
        (
            "Thursday 6 April 2023 10.32 BST\n",
            datetime(2023, 4, 6, 10, 32, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("Veröffentlicht am: 05.04.2023\n", datetime(2023, 4, 5, tzinfo=UTC)),
        ("Sept. 14, 2022\n", datetime(2022, 9, 14, tzinfo=UTC)),
    ],
)
def test_date_forms_pages_state(header: str, expected: datetime) -> None:
    meta = detect_metadata("Harbour Plan Approved\n" + header + BODY)
    assert meta.title == "Harbour Plan Approved"
    assert meta.published_at == expected
    assert meta.published_at is not None and meta.published_at.tzinfo is not None


def test_publication_date_wins_over_update() -> None:
    text = "Harbour Plan Approved\nUpdated: 7 April 2023\nPublished: 5 April 2023\n" + BODY
    assert detect_metadata(text).published_at == datetime(2023, 4, 5, tzinfo=UTC)


def test_dateline_date_is_the_publication_date() -> None:
    text = "Harbour Plan Approved\n\nROTTERDAM, July 12, 2023 — " + BODY
    assert detect_metadata(text).published_at == datetime(2023, 7, 12, tzinfo=UTC)


def test_dates_inside_sentences_and_captions_are_not_publication_dates() -> None:
    text = (
        "Harbour Plan Approved\n"
        "The mayor opens the harbour in Rotterdam, Netherlands July 12, 2023. REUTERS/Jane Roe\n"
        "The council met on March 3, 2023 to debate the plan, which was first proposed in 2019.\n" + BODY
    )
    assert detect_metadata(text).published_at is None


def test_byline_with_outlet_and_copyright_line() -> None:
    text = "Harbour Plan Approved\nBy Jane Doe | Harbour Post\n" + BODY + "\n© 2023 Reuters\n"
    meta = detect_metadata(text)
    assert meta.byline == "Jane Doe"
    assert meta.outlet == "Harbour Post"


def test_copyright_line_gives_outlet() -> None:
    text = "Harbour Plan Approved\n" + BODY + "\nCopyright 2023 The Associated Press. All rights reserved.\n"
    assert detect_metadata(text).outlet == "The Associated Press"


def test_breadcrumb_with_short_last_segment_gives_next_line_as_title() -> None:
    text = "Home » News » Politics\nHarbour Plan Approved\n" + BODY
    assert detect_metadata(text).title == "Harbour Plan Approved"


def test_text_without_metadata_gives_none() -> None:
    meta = detect_metadata(BODY)
    assert meta.published_at is None and meta.outlet is None and meta.byline is None


@pytest.mark.parametrize(
    "line",
    [
        "By contrast, the plan failed.",
        "By Wednesday, the talks had collapsed and nobody expected a deal before the summer break.",
        "From Tokyo, the minister flew on to Seoul.",
        "Sources said the deal was close.",
    ],
)
def test_sentences_are_not_bylines_or_credits(line: str) -> None:
    assert byline_line(line) is None
    assert credit_line(line) is None
    assert date_statement(line) is None


@pytest.mark.parametrize("dateline", ["January 1, 0001", "December 31, 9999"])
def test_a_dateline_no_article_can_have_is_no_publication_date(dateline: str) -> None:
    """Year 1 or 9999 is a typing error: never the publication date, and the text still extracts
    (a relative date such as "yesterday" counted from it would leave the calendar)."""
    text = f"LONDON, {dateline} — Yesterday the mayor said 3 bridges cost $4 million last year."
    result = extract_text(text)
    assert result.meta.published_at is None
    assert any(c.kind == "quantity" for c in result.claims)
