"""Date values: the text of a date expression normalised against the publication date.

:func:`resolve_date` turns "last December", "June 29 to 30", "the third quarter", "last fall" or
"on Wednesday" into the value stored on a claim: ISO ("2023", "2022-12", "2023-06-29", ranges
"start/end") or, for what ISO dates cannot say, the year with its granularity ("2023-Q3",
"2023-H1", "2022-autumn"); quarters, halves, seasons and named days are in :mod:`.date_periods`,
which also writes a value the way an editor reads it (:func:`.date_periods.readable_date`).

Which occurrence a relative expression means is decided by the tense of its clause:

* past or unknown tense: the nearest occurrence on or before the publication date. "Tuesday" in
  an article published on a Monday is six days earlier; "on Monday" in that article is the same
  day (news style names the day rather than writing "today"); "April" in a December article is
  that year's April, in a January article the previous year's. A month and day ("Jan. 3") may lie
  up to a week after the publication date when the tense is unknown, a day when it is past:
  publication dates are often a day off, and nobody writes "Jan. 3" for a date 51 weeks back.
* future tense ("will meet on Tuesday", "next Tuesday"): the nearest occurrence on or after it.

Seasons are meteorological and northern: spring March-May, summer June-August, autumn
September-November, winter December-February, named by the year its December falls in.
Relative expressions need the publication date; without it they stay unresolved (``None``).
Vague ones ("in recent years", "five years", "the 1990s", "that year") are never resolved.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial

from .date_periods import HOLIDAYS, OF_YEAR, YEAR, fill, period_value, year_word

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _number
        MONTHS[_name.lower()[:3]] = _number
MONTHS["sept"] = 9

WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH = r"(?P<{}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
_TO = r"\s*(?:-|–|—|to|through|until|and)\s*"
_WEEKDAY = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# Patterns are matched against the whole cleaned expression (fullmatch) so that a duration such
# as "five years" or "the past decade" is never read as a date by accident.
_MD = fill(_MONTH, "m1") + r"\s+" + fill(_DAY, "d1")
_ABSOLUTE: list[tuple[str, re.Pattern[str]]] = [
    (
        "md_md_range",
        re.compile(_MD + _TO + fill(_MONTH, "m2") + r"\s+" + fill(_DAY, "d2") + fill(OF_YEAR, "y")),
    ),
    ("md_d_range", re.compile(_MD + _TO + fill(_DAY, "d2") + fill(OF_YEAR, "y"))),
    (
        "d_dm_range",
        re.compile(
            fill(_DAY, "d1") + _TO + fill(_DAY, "d2") + r"\s+" + fill(_MONTH, "m1") + fill(OF_YEAR, "y")
        ),
    ),
    ("iso", re.compile(r"(?P<y>1[89]\d\d|20\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)")),
    ("mdy", re.compile(r"(?:" + _WEEKDAY + r",?\s+)?" + _MD + fill(OF_YEAR, "y"))),
    (
        "dmy",
        re.compile(
            r"(?:"
            + _WEEKDAY
            + r",?\s+)?"
            + fill(_DAY, "d1")
            + r"\s+(?:of\s+)?"
            + fill(_MONTH, "m1")
            + fill(OF_YEAR, "y")
        ),
    ),
    ("my", re.compile(fill(_MONTH, "m1") + r"(?:\s+of)?,?\s+" + fill(YEAR, "y"))),
    ("year_range", re.compile(r"(?P<y>1[89]\d\d|20\d\d)\s*(?:-|–|/|to)\s*(?P<y2>\d{2}|\d{4})")),
    ("year", re.compile(r"(?:(?:the\s+)?year\s+)?" + fill(YEAR, "y"))),
]

_RELATIVE_UNIT = re.compile(
    r"(?P<which>last|this|next|previous|coming|current|past)\s+(?P<unit>year|month|week|quarter)"
)
_MONTH_OF_YEAR = re.compile(fill(_MONTH, "m1") + r",?\s+(?:of\s+)?(?P<y>(?:last|this|next)\s+year)")
_RELATIVE_MONTH = re.compile(r"(?P<which>last|this|next|past|coming)\s+" + fill(_MONTH, "m1"))
_RELATIVE_WEEKDAY = re.compile(r"(?:(?P<which>last|this|next|past|coming|this\s+past)\s+)?" + _WEEKDAY)
_RELATIVE_DAY = re.compile(
    r"(?P<word>yesterday|today|tomorrow|tonight|this morning|this afternoon|this evening|last night)"
)
_WEEKEND = re.compile(r"(?:(?P<which>last|this|next|past|coming|this\s+past)\s+)?weekend")
_AGO = re.compile(
    r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?P<unit>year|month|week|day)s?\s+"
    r"(?P<dir>ago|earlier|before|later|after)"
)
_PREVIOUS_YEAR = re.compile(
    r"(?:previous|prior|following)\s+year|(?:the\s+)?year\s+(?:before|after)"  # "next year" counts from now
)
_BARE_MONTH = re.compile(fill(_MONTH, "m1"))
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

# Words around a date that do not change which date it is.
_LEADING = re.compile(
    r"^(?:(?:on|in|at|since|from|by|until|till|during|over|of|as of|the|early|earlier|mid|mid-|late|later|just|"
    r"the end of|the beginning of|the start of|the middle of|the week of|beginning|end|starting|around|about)\s+)+"
)
_TRAILING = re.compile(r"(?:\s+(?:period|timeframe|time frame|morning|afternoon|evening|night))$")


def clean_expression(text: str) -> str:
    """Lower-case, single-spaced, with leading prepositions and fillers removed."""
    cleaned = " ".join(text.lower().replace("’", "'").split()).strip(" ,.;:")
    cleaned = re.sub(r"^mid-", "", cleaned)
    cleaned = re.sub(
        r"^(?:(?:about|around|nearly|shortly after|before|after)\s+)?\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am|pm)\s+",
        "",
        cleaned,
    )
    if cleaned in ("last night", "this morning", "this afternoon", "this evening"):
        return cleaned
    cleaned = _LEADING.sub("", cleaned)
    return _TRAILING.sub("", cleaned).strip(" ,")


def _day_in(month: int, day: int, year: int) -> date | None:
    return _safe_date(year, month, day)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _pick_year(make: Callable[[int], date | None], ref: date, tense: str | None) -> date | None:
    """The occurrence of a yearly day (``make(year) -> date``) that the tense points at."""
    grace = {"past": 1, None: 7}.get(tense, 0)
    candidates = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := make(y)) is not None]
    if tense == "future":
        ahead = [d for d in candidates if (d - ref).days >= -1]
        return min(ahead) if ahead else None
    behind = [d for d in candidates if (d - ref).days <= grace]
    return max(behind) if behind else None


def _month_iso(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _absolute(cleaned: str, ref: date | None, tense: str | None) -> str | None:
    for name, pattern in _ABSOLUTE:
        match = pattern.fullmatch(cleaned)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("y") and not groups["y"][:1].isdigit() and ref is None:
            return None  # "June 16 of last year" without a publication date
        year = year_word(groups.get("y"), ref)
        if name == "year":
            return f"{year:04d}"
        if name == "year_range":
            end = groups["y2"]
            end_year = int(end) if len(end) == 4 else (year // 100) * 100 + int(end)  # type: ignore[operator]
            return f"{year:04d}/{end_year:04d}" if end_year > year else None  # type: ignore[operator]
        if name == "iso":
            found = _safe_date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
            return found.isoformat() if found else None
        month = MONTHS[groups["m1"].rstrip(".")]
        if name == "my":
            return _month_iso(year, month)  # type: ignore[arg-type]
        day = int(groups["d1"])
        if year is None:
            if ref is None:
                return None
            picked = _pick_year(partial(_day_in, month, day), ref, tense)
            if picked is None:
                return None
            year = picked.year
        start = _safe_date(year, month, day)
        if start is None:
            return None
        if name in ("md_d_range", "d_dm_range", "md_md_range"):
            end_month = MONTHS[groups["m2"].rstrip(".")] if name == "md_md_range" else month
            end_day = _safe_date(year, end_month, int(groups["d2"]))
            if end_day is None or end_day <= start:
                return None
            return f"{start.isoformat()}/{end_day.isoformat()}"
        return start.isoformat()
    return period_value(cleaned, ref, tense)


def _week(monday: date) -> str:
    return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"


def _relative(cleaned: str, ref: date, tense: str | None, anchor: str | None) -> str | None:
    future = tense == "future"
    match = _PREVIOUS_YEAR.fullmatch(cleaned)
    if match and anchor is not None:
        return _shift(anchor, "year", 1 if ("following" in cleaned or "after" in cleaned) else -1)
    match = _RELATIVE_UNIT.fullmatch(cleaned)
    if match:
        which, unit = match["which"], match["unit"]
        if which == "past" and unit != "year":
            return None  # "the past week": the seven days up to now, a duration
        delta = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit == "year":
            return f"{ref.year + delta:04d}"
        if unit == "month":
            return _month_iso(*_shift_month(ref.year, ref.month, delta))
        if unit == "quarter":
            index = ref.year * 4 + (ref.month - 1) // 3 + delta
            return f"{index // 4:04d}-Q{index % 4 + 1}"
        return _week(ref - timedelta(days=ref.weekday()) + timedelta(weeks=delta))
    if cleaned == "this past week":
        return f"{(ref - timedelta(days=6)).isoformat()}/{ref.isoformat()}"
    match = _MONTH_OF_YEAR.fullmatch(cleaned)
    if match:
        return _month_iso(year_word(match["y"], ref) or ref.year, MONTHS[match["m1"].rstrip(".")])
    match = _RELATIVE_MONTH.fullmatch(cleaned)
    if match:
        month = MONTHS[match["m1"].rstrip(".")]
        which = match["which"]
        if which in ("last", "past"):
            year = ref.year if month < ref.month else ref.year - 1
        elif which in ("next", "coming"):
            year = ref.year if month > ref.month else ref.year + 1
        else:
            year = ref.year
        return _month_iso(year, month)
    match = _RELATIVE_WEEKDAY.fullmatch(cleaned)
    if match:
        target = WEEKDAYS[match["wd"]]
        which = match["which"]
        if which in ("next", "coming") or (which in (None, "this") and future):
            ahead = (target - ref.weekday()) % 7
            if which in ("next", "coming") and ahead == 0:
                ahead = 7
            return (ref + timedelta(days=ahead)).isoformat()
        back = (ref.weekday() - target) % 7
        if which in ("last", "past", "this past") and back == 0:
            back = 7
        return (ref - timedelta(days=back)).isoformat()
    match = _WEEKEND.fullmatch(cleaned)
    if match:
        which = match["which"]
        on_weekend = ref.weekday() >= 5
        saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)  # the latest on or before ref
        if which in ("next", "coming") or (which in (None, "this") and future):
            if not on_weekend or which in ("next", "coming"):
                saturday += timedelta(days=7)
        elif which == "last" and on_weekend:
            saturday -= timedelta(days=7)
        return f"{saturday.isoformat()}/{(saturday + timedelta(days=1)).isoformat()}"
    match = _RELATIVE_DAY.fullmatch(cleaned)
    if match:
        offset = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(match["word"], 0)
        return (ref + timedelta(days=offset)).isoformat()
    match = _AGO.fullmatch(cleaned)
    if match:
        count = _SMALL_NUMBERS.get(match["n"]) or int(match["n"])
        sign = 1 if match["dir"] in ("later", "after") else -1
        if match["dir"] != "ago":
            return _shift(anchor, match["unit"], sign * count) if anchor else None
        if anchor and match["unit"] == "year" and not re.fullmatch(r"\d{4}", anchor):
            return _shift(anchor, "year", -count)  # "in March, up from a year ago": that month
        if match["unit"] == "year":
            return f"{ref.year - count:04d}"
        return _shift(ref.isoformat(), match["unit"], -count)
    match = _BARE_MONTH.fullmatch(cleaned)
    if match:
        month = MONTHS[match["m1"].rstrip(".")]
        picked = _pick_year(
            lambda y: date(y, month, 1), ref.replace(day=1), "past" if tense is None else tense
        )
        return _month_iso(picked.year, month) if picked else None
    if cleaned in HOLIDAYS:
        found = _pick_year(HOLIDAYS[cleaned], ref, tense)
        return found.isoformat() if found else None
    return None


def _shift(value: str, unit: str, count: int) -> str | None:
    """``value`` moved by ``count`` years, months, weeks or days, at a granularity that fits."""
    if unit == "year":
        match = re.fullmatch(r"(\d{4})(-.+)?", value)
        if match is None or "/" in value:
            return None
        year, rest = int(match[1]) + count, match[2] or ""
        if re.fullmatch(r"-\d\d-\d\d", rest):
            rest = rest[:3]  # "a year earlier" than a day: that month, a year before
        return f"{year:04d}{rest}"
    if unit == "month":
        match = re.fullmatch(r"(\d{4})-(\d\d)(?:-\d\d)?", value)
        if match is None:
            return None
        return _month_iso(*_shift_month(int(match[1]), int(match[2]), count))
    found = re.fullmatch(r"\d{4}-\d\d-\d\d", value)
    if found is None:
        return None
    days = count * (7 if unit == "week" else 1)
    return (date.fromisoformat(value) + timedelta(days=days)).isoformat()


def resolve_date(
    text: str,
    published_at: datetime | date | None,
    *,
    future: bool = False,
    tense: str | None = None,
    anchor: str | None = None,
) -> str | None:
    """Normalise a date expression; relative ones only when the publication date is known.

    ``tense`` is the tense of the expression's clause, "past", "future" or None (unknown);
    ``future=True`` is the same as ``tense="future"``. ``anchor`` is the value of the date the
    sentence is about, for "a year earlier" or "from a year ago" ("2023-03" gives "2022-03").
    """
    cleaned = clean_expression(text)
    if not cleaned:
        return None
    if future:
        tense = "future"
    ref = published_at.date() if isinstance(published_at, datetime) else published_at
    found = _absolute(cleaned, ref, tense)
    if found is not None or ref is None:
        return found
    return _relative(cleaned, ref, tense, anchor)


def needs_anchor(text: str) -> bool:
    """Whether the expression counts from another date ("a year earlier", "the previous year")."""
    cleaned = clean_expression(text)
    match = _AGO.fullmatch(cleaned)
    if match is not None:
        return match["dir"] != "ago" or match["unit"] == "year"
    return bool(_PREVIOUS_YEAR.fullmatch(cleaned))
