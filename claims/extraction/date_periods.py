"""Calendar periods: years, quarters, halves, seasons and named days, and how values are written.

Quarters and halves are those of the calendar year ("2023-Q3", "2023-H1"). Seasons are
meteorological and northern: spring March-May, summer June-August, autumn September-November,
winter December-February, named by the year its December falls in ("2022-winter" runs into 2023).
Without a year, the period the tense points at is taken (see :mod:`.date_values`).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

YEAR = r"(?P<{}>1[89]\d\d|20\d\d)"

# "of last year", "this year", ", 2022": which year a month, quarter or season belongs to.
OF_YEAR = r"(?:,?\s+(?:of\s+)?(?P<{}>(?:1[89]\d\d|20\d\d)|(?:the\s+)?(?:last|this|next|previous|current|past)\s+year|the\s+year))?"


def fill(template: str, *names: str) -> str:
    return template.format(*names)


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_QUARTER = re.compile(
    r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter|q(?P<q>[1-4]))"
    + fill(OF_YEAR, "y")
)
_QUARTER_YEAR_FIRST = re.compile(fill(YEAR, "y") + r"\s+q(?P<q>[1-4])")
_HALF = re.compile(r"(?:(?P<ord>first|second|1st|2nd)[\s-]+half|h(?P<h>[12]))" + fill(OF_YEAR, "y"))
_SEASONS = {"spring": 0, "summer": 1, "autumn": 2, "fall": 2, "winter": 3}
_SEASON_NAMES = ("spring", "summer", "autumn", "winter")
_SEASON = re.compile(
    r"(?:(?P<which>last|this|next|past|coming|this\s+past)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
    + fill(OF_YEAR, "y")
)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 for the last) given weekday of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


# Days named after what happens on them, for the years nearest the publication date.
HOLIDAYS = {
    "christmas": lambda y: date(y, 12, 25),
    "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24),
    "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31),
    "independence day": lambda y: date(y, 7, 4),
    "the fourth of july": lambda y: date(y, 7, 4),
    "fourth of july": lambda y: date(y, 7, 4),
    "halloween": lambda y: date(y, 10, 31),
    "valentine's day": lambda y: date(y, 2, 14),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    # United States: the Tuesday after the first Monday in November.
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + timedelta(days=1),
}


def year_word(word: str | None, ref: date | None) -> int | None:
    """The year "2022", "last year", "this year" or "the year" names (None: unknown or absent)."""
    if not word:
        return None
    if word[:1].isdigit():
        return int(word)
    if ref is None:
        return None
    if "last" in word or "previous" in word or "past" in word:
        return ref.year - 1
    return ref.year + 1 if "next" in word else ref.year


def _cycle(slot: int, size: int, current: int, which: str | None, tense: str | None) -> int:
    """The index (year * size + slot) of a quarter, half or season the words point at.

    ``current`` is the index of the period the publication date falls in.
    """
    behind = current - (current - slot) % size  # latest on or before the current period
    if which in ("last", "past", "this past"):
        return behind if behind < current else behind - size
    if which in ("next", "coming"):
        return behind + size
    if which is None and tense == "future":
        return behind if behind == current else behind + size
    return behind


def period_value(cleaned: str, ref: date | None, tense: str | None) -> str | None:
    """Quarters, halves and seasons: "Q3 2022", "the first half", "last fall"."""
    match = _QUARTER.fullmatch(cleaned) or _QUARTER_YEAR_FIRST.fullmatch(cleaned)
    if match:
        groups = match.groupdict()
        quarter = int(groups["q"]) if groups.get("q") else _ORDINALS[groups["ord"]]
        year = year_word(groups.get("y"), ref)
        if year is None:
            if ref is None or groups.get("y"):
                return None
            index = _cycle(quarter - 1, 4, ref.year * 4 + (ref.month - 1) // 3, None, tense)
            year = index // 4
        return f"{year:04d}-Q{quarter}"
    match = _HALF.fullmatch(cleaned)
    if match:
        half = int(match["h"]) if match["h"] else _ORDINALS[match["ord"]]
        year = year_word(match["y"], ref)
        if year is None:
            if ref is None or match["y"]:
                return None
            year = _cycle(half - 1, 2, ref.year * 2 + (ref.month - 1) // 6, None, tense) // 2
        return f"{year:04d}-H{half}"
    match = _SEASON.fullmatch(cleaned)
    if match:
        slot = _SEASONS[match["season"]]
        year = year_word(match["y"], ref)
        if year is None:
            if ref is None or match["y"]:
                return None
            current = _season_index(ref)
            if match["which"] == "this":
                year = ref.year - (1 if slot == 3 and ref.month <= 2 else 0)
            else:
                year = _cycle(slot, 4, current, match["which"], tense) // 4
        return f"{year:04d}-{_SEASON_NAMES[slot]}"
    return None


def _season_index(ref: date) -> int:
    """year * 4 + slot of the season ``ref`` falls in (winter is named by its December)."""
    if ref.month <= 2:
        return (ref.year - 1) * 4 + 3
    return ref.year * 4 + (ref.month - 3) // 3


_READABLE_SEASON = {name: name for name in _SEASON_NAMES}


def readable_date(value: str) -> str:
    """A stored date value as an editor reads it: "29 June 2023", "January 2023", "Q3 2023"."""
    if "/" in value:
        start, end = value.split("/", 1)
        if re.fullmatch(r"\d{4}-\d\d-\d\d", start) and re.fullmatch(r"\d{4}-\d\d-\d\d", end):
            a, b = date.fromisoformat(start), date.fromisoformat(end)
            if (a.year, a.month) == (b.year, b.month):
                return f"{a.day}–{b.day} {calendar.month_name[a.month]} {a.year}"
            if a.year == b.year:
                return f"{a.day} {calendar.month_name[a.month]} – {readable_date(end)}"
        return f"{readable_date(start)} – {readable_date(end)}"
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        day = date.fromisoformat(value)
        return f"{day.day} {calendar.month_name[day.month]} {day.year}"
    match = re.fullmatch(r"(\d{4})-(\d\d)", value)
    if match:
        return f"{calendar.month_name[int(match[2])]} {match[1]}"
    match = re.fullmatch(r"(\d{4})-([QH]\d)", value)
    if match:
        return f"{match[2]} {match[1]}"
    match = re.fullmatch(r"(\d{4})-(\w+)", value)
    if match and match[2] in _READABLE_SEASON:
        return f"{match[2]} {match[1]}"
    return value
