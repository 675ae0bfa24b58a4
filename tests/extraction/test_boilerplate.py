"""Boilerplate ranges: every block covered, no real paragraph of the article covered."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.extraction.boilerplate import detect_boilerplate
from claims.extraction.types import BoilerplateRange

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _check_offsets(text: str, ranges: list[BoilerplateRange]) -> None:
    previous_end = 0
    for r in ranges:
        assert 0 <= previous_end <= r.start < r.end <= len(text), r
        assert text[r.start : r.end] == text[r.start : r.end].strip(), r  # no stray whitespace at the edges
        assert r.kind in {
            "navigation",
            "related",
            "ranking",
            "comments",
            "cookie",
            "privacy",
            "caption",
            "share",
            "other",
        }
        previous_end = r.end


def _kinds_at(
    text: str, ranges: list[BoilerplateRange], snippet: str, occurrence: int = 0
) -> set[str | None]:
    """The kinds covering each character of ``snippet`` (``None`` for uncovered characters)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(snippet, start + 1)
    kinds: set[str | None] = set()
    for pos in range(start, start + len(snippet)):
        kinds.add(next((r.kind for r in ranges if r.start <= pos < r.end), None))
    return kinds


def assert_body(text: str, ranges: list[BoilerplateRange], *snippets: str, occurrence: int = 0) -> None:
    for snippet in snippets:
        assert _kinds_at(text, ranges, snippet, occurrence) == {None}, snippet


def assert_covered(
    text: str, ranges: list[BoilerplateRange], kind: str, *snippets: str, occurrence: int = 0
) -> None:
    for snippet in snippets:
        assert _kinds_at(text, ranges, snippet, occurrence) == {kind}, snippet


def assert_long_lines_are_body(
    text: str, ranges: list[BoilerplateRange], credits: tuple[str, ...] = ()
) -> None:
    """Every long line (30 words or more) is article text unless it is a photo caption."""
    for line in text.splitlines():
        if len(line.split()) >= 30 and not any(credit in line for credit in credits):
            assert_body(text, ranges, line.strip())


# --- seeds ------------------------------------------------------------------------------------


def test_seed_000_ranking_lists_and_timestamp() -> None:
    text = _seed("000")
    ranges = detect_boilerplate(text)
    _check_offsets(text, ranges)
    assert_body(text, ranges, "China Concerns Stoke Expectations for Greater Japan-NATO Cooperation")
    assert_body(
        text,
        ranges,
        "BRUSSELS — Japan intends to deepen cooperation",
        "Nagashima also pointed out that Japan-Europe cooperation will highly likely be effective",
    )
    assert_covered(text, ranges, "other", "20:00 JST, April 6, 2023")
    start = text.index('"Politics" POPULAR ARTICLE')
    assert_covered(text, ranges, "ranking", text[start:].strip())  # both lists, to the end of the page
    assert_long_lines_are_body(text, ranges)
    assert [r.kind for r in ranges] == ["other", "ranking"]


def test_seed_001_only_the_closing_credit() -> None:
    text = _seed("001")
    ranges = detect_boilerplate(text)
    _check_offsets(text, ranges)
    assert [(r.kind, text[r.start : r.end]) for r in ranges] == [
        ("other", "(From The Yomiuri Shimbun, Feb. 2, 2023)")
    ]
    for line in text.splitlines()[:-1]:
        if line.strip():
            assert_body(text, ranges, line.strip())


def test_seed_002_blog_navigation_captions_and_footer() -> None:
    text = _seed("002")
    ranges = detect_boilerplate(text)
    _check_offsets(text, ranges)
    title = "Out of the main body diplomacy, Japan expands cooperation with NATO to jointly deal with China"
    assert_covered(text, ranges, "navigation", "Home » " + title)
    assert_body(text, ranges, title, occurrence=1)  # the title's own line
    assert_covered(text, ranges, "other", "by admin")
    assert_covered(text, ranges, "other", title, occurrence=2)  # its copy
    assert_covered(text, ranges, "caption", "Shin Takai (Photo courtesy: Shin Takai)")
    assert_covered(text, ranges, "caption", "(Photo courtesy: Xie Wensheng)", occurrence=0)
    assert_covered(text, ranges, "caption", "(Photo courtesy: Xie Wensheng)", occurrence=1)
    assert_covered(
        text,
        ranges,
        "related",
        "See also\u00a0 Change at the top of the Ukrainian Armed Forces",
        "You may also like",
    )
    assert_covered(text, ranges, "comments", "Leave a Comment", "This site uses Akismet to reduce spam.")
    assert_covered(text, ranges, "cookie", "This website uses cookies to improve your experience.")
    assert_covered(text, ranges, "privacy", "Privacy & Cookies Policy")
    assert_body(
        text,
        ranges,
        "Sanctions on Russia see change",
        "Expanding alliance with Europe",
        "Japanese Prime Minister Fumio Kishida went to Europe to attend the G7 summit",
        "Xie Wensheng, an expert on Japan-China relations and the CEO of Taiwan Oasis",
    )
    assert_long_lines_are_body(text, ranges, credits=("Photo courtesy",))


def test_seed_003_related_items_to_the_end() -> None:
    text = _seed("003")
    ranges = detect_boilerplate(text)
    _check_offsets(text, ranges)
    title = "Japanese FM: It’s time to deepen cooperation"
    assert_body(text, ranges, title)
    assert_covered(text, ranges, "other", title, occurrence=1)
    assert_covered(text, ranges, "other", "Опубликовано: Wednesday, 05 April 2023 04:49")
    assert_covered(text, ranges, "caption", "| Kenzo Tribouillard/AFP via Getty Images")
    start = text.index("Related items")
    assert_covered(text, ranges, "related", text[start:].strip())
    assert_body(
        text,
        ranges,
        "Japan is determined to take the lead in maintaining and strengthening",
        "Meanwhile, Japan and NATO have also opened a new chapter in our support for Ukraine.",
        "I look forward to working in lockstep with NATO",
    )
    assert_long_lines_are_body(text, ranges)


def test_seed_004_breadcrumb_sections_captions_and_credit() -> None:
    text = _seed("004")
    ranges = detect_boilerplate(text)
    _check_offsets(text, ranges)
    title = "Japan and NATO Usher in New Era of Cooperation Amid China Concerns"
    assert_covered(
        text, ranges, "navigation", "Home » Blog » " + title, "China Global News Japan News Politics"
    )
    assert_body(text, ranges, title, occurrence=1)
    assert_covered(text, ranges, "caption", "Lithuania July 12, 2023. REUTERS/Yves Herman")
    assert [r.kind for r in ranges].count("caption") == 3  # three captions, two of them printed twice
    for caption_line in (line for line in text.splitlines() if line.endswith("| REUTERS")):
        assert_covered(text, ranges, "caption", caption_line)
    assert_covered(text, ranges, "other", "Source : The Japan Times")
    assert_covered(text, ranges, "share", "Translate")
    assert_body(
        text,
        ranges,
        "But how can Japan achieve this in practice?",
        "Japan and NATO have ushered in a new era in bilateral relations",
        "These developments have raised concerns in Pyongyang, Moscow and Beijing",
    )
    assert_long_lines_are_body(text, ranges, credits=("| REUTERS", "REUTERS/"))


# --- articles written for these tests --------------------------------------------------------

NEWS_SITE = """Skip to content
News › World › Europe › Harbour Plan Approved
Europe Politics Transport
Harbour Plan Approved
By Jane Doe
Published: 5 April 2023

The regional parliament approved the harbour plan on Monday after a debate that lasted into the night.

"This is the biggest investment the port has seen in a generation," said the transport minister, Erik Janssen.

The harbour authority will start dredging in June, according to a timetable published with the plan.

Workers unload containers at the port, March 3, 2023. REUTERS/Piroschka van de Wouw

Opposition members said the cost estimate of 48 million euros was far too low and demanded an audit.

Read more: Port strike ends after two weeks

Most Read
1. Storm closes northern rail line
2. Museum reopens after renovation
3. City budget passes first vote

Tags: harbour, parliament, transport

Share Tweet Email

We use cookies to personalise content and ads. By continuing to browse you agree to our cookie policy.
Accept all cookies
"""


def test_news_site_article() -> None:
    text = NEWS_SITE
    ranges = detect_boilerplate(text)
    _check_offsets(text, ranges)
    assert_covered(
        text, ranges, "navigation", "Skip to content", "News › World › Europe", "Europe Politics Transport"
    )
    assert_body(text, ranges, "Harbour Plan Approved", occurrence=1)
    assert_covered(text, ranges, "other", "By Jane Doe", "Published: 5 April 2023")
    assert_covered(
        text,
        ranges,
        "caption",
        "Workers unload containers at the port, March 3, 2023. REUTERS/Piroschka van de Wouw",
    )
    assert_covered(text, ranges, "related", "Read more: Port strike ends after two weeks")
    assert_covered(
        text, ranges, "ranking", "Most Read", "1. Storm closes", "3. City budget passes first vote"
    )
    assert_covered(text, ranges, "navigation", "Tags: harbour, parliament, transport")
    assert_covered(text, ranges, "share", "Share Tweet Email")
    assert_covered(text, ranges, "cookie", "We use cookies to personalise", "Accept all cookies")
    assert_body(
        text,
        ranges,
        "The regional parliament approved the harbour plan on Monday",
        '"This is the biggest investment the port has seen in a generation," said the transport minister',
        "The harbour authority will start dredging in June",
        "Opposition members said the cost estimate of 48 million euros was far too low",
    )


DAILY = """Rail Fares to Rise 4% in January
20:15 CET, 12 November 2024

Rail fares will rise by an average of 4% in January, the national operator announced on Tuesday, citing higher energy costs.

Advertisement

Commuters on the busiest routes will pay up to 6% more, while off-peak tickets will stay at this year's prices.

A commuter train leaves the central station
A commuter train leaves the central station

Passenger groups called the increase "unjustified" and said services had not improved since the last rise.

Trending
- Airport expansion approved despite protests
- Bus drivers vote to strike
- New bridge opens ahead of schedule

The operator said it would publish the new fare tables on its website next week.

You might also like

Ferry timetable changes for winter
12 November 2024
The ferry operator will cut two evening...

Cycle lanes extended in city centre
11 November 2024
Work on the new lanes begins in...

3 Comments

Join the discussion. Your email address will not be published.

Privacy Policy
Terms of Use
© 2024 Metro Daily
"""


def test_daily_article_with_mid_page_list_and_footer() -> None:
    text = DAILY
    ranges = detect_boilerplate(text)
    _check_offsets(text, ranges)
    assert_body(text, ranges, "Rail Fares to Rise 4% in January")
    assert_covered(
        text, ranges, "other", "20:15 CET, 12 November 2024", "Advertisement", "© 2024 Metro Daily"
    )
    assert_covered(text, ranges, "caption", "A commuter train leaves the central station", occurrence=0)
    assert_covered(text, ranges, "caption", "A commuter train leaves the central station", occurrence=1)
    assert_covered(
        text, ranges, "ranking", "Trending", "- Airport expansion", "- New bridge opens ahead of schedule"
    )
    start, end = text.index("You might also like"), text.index("Work on the new lanes begins in...")
    assert_covered(text, ranges, "related", text[start:end])
    assert_covered(
        text,
        ranges,
        "comments",
        "3 Comments",
        "Join the discussion. Your email address will not be published.",
    )
    assert_covered(text, ranges, "privacy", "Privacy Policy", "Terms of Use")
    assert_body(
        text,
        ranges,
        "Rail fares will rise by an average of 4% in January",
        "Commuters on the busiest routes will pay up to 6% more",
        'Passenger groups called the increase "unjustified"',
        "The operator said it would publish the new fare tables on its website next week.",
    )


def test_offsets_hold_with_windows_line_endings() -> None:
    text = NEWS_SITE.replace("\n", "\r\n")
    ranges = detect_boilerplate(text)
    _check_offsets(text, ranges)
    assert_covered(text, ranges, "ranking", "Most Read")
    assert_body(text, ranges, "The regional parliament approved the harbour plan on Monday")
    assert not any("\r" in text[r.start : r.end].splitlines()[-1] for r in ranges)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Just one line without a break",
        "Title\n\nA body sentence that ends here, with enough words to count.\n",
        "Most read\n",
    ],
)
def test_small_inputs_give_valid_ranges(text: str) -> None:
    _check_offsets(text, detect_boilerplate(text))


def test_plain_article_has_no_boilerplate() -> None:
    text = (
        "Council Delays Budget Vote\n\n"
        "The city council delayed its budget vote on Tuesday after members asked for more time.\n\n"
        "Related talks with the unions will continue next week, the mayor said.\n\n"
        "Read the full budget proposal on the council's website, officials said in a statement.\n\n"
        "Most read newspapers in the region carried the story on their front pages.\n"
    )
    assert detect_boilerplate(text) == []
