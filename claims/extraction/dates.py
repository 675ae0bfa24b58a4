"""Dates: normalising date expressions against the publication date, and date claims.

:func:`resolve_date` turns the text of a date expression ("last December", "June 29 to 30",
"in March 2019", "on Wednesday") into an ISO date, month or year, or a range "start/end".
Relative expressions need the publication date; without it they stay unresolved (``None``).
Vague expressions ("in recent years", "five years") are never resolved: nobody can check them.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .types import ClaimItem

if TYPE_CHECKING:
    from .claimset import ClaimContext

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _number
        MONTHS[_name.lower()[:3]] = _number
MONTHS["sept"] = 9

WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH = r"(?P<{}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{}>1[89]\d\d|20\d\d)"
_TO = r"\s*(?:-|–|—|to|through|until|and)\s*"
_WEEKDAY = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"


def _p(template: str, *names: str) -> str:
    return template.format(*names)


# Patterns are matched against the whole cleaned expression (fullmatch) so that a duration such
# as "five years" or "the past decade" is never read as a date by accident.
_ABSOLUTE: list[tuple[str, re.Pattern[str]]] = [
    (
        "md_md_range",
        re.compile(
            _p(_MONTH, "m1")
            + r"\s+"
            + _p(_DAY, "d1")
            + _TO
            + _p(_MONTH, "m2")
            + r"\s+"
            + _p(_DAY, "d2")
            + r"(?:,?\s+"
            + _p(_YEAR, "y")
            + ")?"
        ),
    ),
    (
        "md_d_range",
        re.compile(
            _p(_MONTH, "m1")
            + r"\s+"
            + _p(_DAY, "d1")
            + _TO
            + _p(_DAY, "d2")
            + r"(?:,?\s+"
            + _p(_YEAR, "y")
            + ")?"
        ),
    ),
    (
        "d_dm_range",
        re.compile(
            _p(_DAY, "d1")
            + _TO
            + _p(_DAY, "d2")
            + r"\s+"
            + _p(_MONTH, "m1")
            + r"(?:,?\s+"
            + _p(_YEAR, "y")
            + ")?"
        ),
    ),
    ("iso", re.compile(r"(?P<y>1[89]\d\d|20\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)")),
    (
        "mdy",
        re.compile(
            r"(?:"
            + _WEEKDAY
            + r",?\s+)?"
            + _p(_MONTH, "m1")
            + r"\s+"
            + _p(_DAY, "d1")
            + r"(?:,?\s+"
            + _p(_YEAR, "y")
            + ")?"
        ),
    ),
    (
        "dmy",
        re.compile(
            r"(?:"
            + _WEEKDAY
            + r",?\s+)?"
            + _p(_DAY, "d1")
            + r"\s+(?:of\s+)?"
            + _p(_MONTH, "m1")
            + r"(?:,?\s+"
            + _p(_YEAR, "y")
            + ")?"
        ),
    ),
    ("my", re.compile(_p(_MONTH, "m1") + r"(?:\s+of)?,?\s+" + _p(_YEAR, "y"))),
    ("year_range", re.compile(r"(?P<y>1[89]\d\d|20\d\d)\s*(?:-|–|/|to)\s*(?P<y2>\d{2}|\d{4})")),
    ("year", re.compile(r"(?:the\s+year\s+)?" + _p(_YEAR, "y"))),
]

_RELATIVE_UNIT = re.compile(r"(?P<which>last|this|next|previous|coming|current)\s+(?P<unit>year|month|week)")
_RELATIVE_MONTH = re.compile(r"(?P<which>last|this|next|past|coming)\s+" + _p(_MONTH, "m1"))
_RELATIVE_WEEKDAY = re.compile(r"(?:(?P<which>last|this|next|past|coming)\s+)?" + _WEEKDAY)
_RELATIVE_DAY = re.compile(r"(?P<word>yesterday|today|tomorrow|tonight)")
_AGO = re.compile(
    r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?P<unit>year|month|week|day)s?\s+ago"
)
_BARE_MONTH = re.compile(_p(_MONTH, "m1"))

_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

# Words around a date that do not change which date it is.
_LEADING = re.compile(
    r"^(?:(?:on|in|at|since|from|by|until|till|during|of|as of|the|early|earlier|mid|mid-|late|later|"
    r"the end of|the beginning of|the start of|the middle of|the week of|beginning|end|starting|around|about)\s+)+"
)
_TRAILING = re.compile(r"(?:\s+(?:period|timeframe|time frame))$")


def clean_expression(text: str) -> str:
    """Lower-case, single-spaced, with leading prepositions and fillers removed."""
    cleaned = " ".join(text.lower().replace("’", "'").split()).strip(" ,.;:")
    cleaned = re.sub(r"^mid-", "", cleaned)
    cleaned = _LEADING.sub("", cleaned)
    return _TRAILING.sub("", cleaned).strip(" ,")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int | None, ref: date, *, future: bool) -> int:
    """The year that puts month (and day) nearest the reference date; ties go to the past."""
    best_year, best_distance = ref.year, None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        target = _safe_date(year, month, day or 15)
        if target is None:
            continue
        distance = (target - ref).days
        # Past events dominate news; a stated future tense tips the balance the other way.
        penalty = abs(distance) + (0 if (distance >= 0) == future or distance == 0 else 150)
        if best_distance is None or penalty < best_distance:
            best_year, best_distance = year, penalty
    return best_year


def _month_iso(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _absolute(cleaned: str, ref: date | None, *, future: bool) -> str | None:
    for name, pattern in _ABSOLUTE:
        match = pattern.fullmatch(cleaned)
        if match is None:
            continue
        groups = match.groupdict()
        year = int(groups["y"]) if groups.get("y") else None
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
            year = _nearest_year(month, day, ref, future=future)
        start = _safe_date(year, month, day)
        if start is None:
            return None
        if name in ("md_d_range", "d_dm_range", "md_md_range"):
            end_month = MONTHS[groups["m2"].rstrip(".")] if name == "md_md_range" else month
            end = _safe_date(year, end_month, int(groups["d2"]))
            if end is None or end <= start:
                return None
            return f"{start.isoformat()}/{end.isoformat()}"
        return start.isoformat()
    return None


def _relative(cleaned: str, ref: date, *, future: bool) -> str | None:
    match = _RELATIVE_UNIT.fullmatch(cleaned)
    if match:
        which, unit = match["which"], match["unit"]
        delta = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit == "year":
            return f"{ref.year + delta:04d}"
        if unit == "month":
            return _month_iso(*_shift_month(ref.year, ref.month, delta))
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=delta)
        return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
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
        if which in ("next", "coming") or (which is None and future):
            ahead = (target - ref.weekday()) % 7 or 7
            return (ref + timedelta(days=ahead)).isoformat()
        back = (ref.weekday() - target) % 7
        if which in ("last", "past") and back == 0:
            back = 7
        return (ref - timedelta(days=back)).isoformat()
    match = _RELATIVE_DAY.fullmatch(cleaned)
    if match:
        offset = {"yesterday": -1, "tomorrow": 1}.get(match["word"], 0)
        return (ref + timedelta(days=offset)).isoformat()
    match = _AGO.fullmatch(cleaned)
    if match:
        count = _SMALL_NUMBERS.get(match["n"]) or int(match["n"])
        unit = match["unit"]
        if unit == "year":
            return f"{ref.year - count:04d}"
        if unit == "month":
            return _month_iso(*_shift_month(ref.year, ref.month, -count))
        days = count * (7 if unit == "week" else 1)
        return (ref - timedelta(days=days)).isoformat()
    match = _BARE_MONTH.fullmatch(cleaned)
    if match:
        month = MONTHS[match["m1"].rstrip(".")]
        return _month_iso(_nearest_year(month, None, ref, future=future), month)
    return None


def resolve_date(text: str, published_at: datetime | date | None, *, future: bool = False) -> str | None:
    """Normalise a date expression; relative ones only when the publication date is known.

    ``future`` says the expression belongs to a future-tense clause ("will meet on Friday"),
    which decides between the previous and the next occurrence of a weekday or month.
    """
    cleaned = clean_expression(text)
    if not cleaned:
        return None
    ref = published_at.date() if isinstance(published_at, datetime) else published_at
    found = _absolute(cleaned, ref, future=future)
    if found is not None or ref is None:
        return found
    return _relative(cleaned, ref, future=future)


# ---------------------------------------------------------------------------------------------
# Date claims

FUTURE_MARKERS = frozenset({"will", "'ll", "shall"})
# Clauses whose verb states a condition rather than an event: a date there dates nothing checkable.
STATIVE_VERBS = frozenset({"be", "have", "seem", "become", "remain", "need", "want", "hope", "accord"})


@dataclass(frozen=True)
class DatedEntity:
    """A DATE entity, its resolved value (or None) and the verb it is attached to (or None)."""

    ent: Span
    value: str | None
    verb: Token | None


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` in the parse (the clause the token belongs to)."""
    current = token
    for _ in range(40):  # parses are trees; the bound only guards against malformed input
        if current.pos_ in ("VERB", "AUX") and current is not token:
            return current
        if current.head is current:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
    return None


def is_future(verb: Token) -> bool:
    """Whether the clause of ``verb`` is in the future tense ("will attend", "is going to")."""
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in FUTURE_MARKERS:
            return True
    return verb.lower_ == "going" and any(child.dep_ == "xcomp" for child in verb.children)


def _attached_verb(ent: Span) -> Token | None:
    """The verb a date belongs to; none for a date that only modifies a noun ("the 2015 plan")."""
    root = ent.root
    if root.dep_ in ("compound", "nummod", "amod", "poss", "nmod") and root.head.pos_ in ("NOUN", "PROPN"):
        return None
    verb = governing_verb(root)
    if verb is None:
        return None
    lo, hi = sorted((verb.i, ent.start))
    if "\n" in ent.doc[lo:hi].text_with_ws:  # the tokens between, not the whole text rebuilt
        return None  # a dateline or caption date next to an unrelated sentence
    return verb


def date_entities(ctx: ClaimContext) -> Iterator[DatedEntity]:
    """Every DATE entity outside the skipped ranges, with its resolved value (or None)."""
    for ent in ctx.doc.ents:
        if ent.label_ != "DATE" or ctx.skipped(ent.start_char, ent.end_char):
            continue
        if ent[-1].tag_ == "POS" or ent.text.endswith(("’s", "'s")):
            continue  # "tomorrow's East Asia": a figure of speech
        verb = _attached_verb(ent)
        future = verb is not None and is_future(verb)
        yield DatedEntity(ent, resolve_date(ent.text, ctx.published_at, future=future), verb)


def find_date_claims(ctx: ClaimContext, *, taken: set[int]) -> list[ClaimItem]:
    """Dates that say when something happened: a resolved date attached to an action verb.

    ``taken`` holds the start offsets of date entities already carried by an event claim;
    those are not repeated as separate date claims.
    """
    from .events import describe_actor  # local: events imports this module

    claims: list[ClaimItem] = []
    for dated in ctx.dates():
        ent, verb = dated.ent, dated.verb
        if dated.value is None or ent.start_char in taken or verb is None:
            continue
        if verb.lemma_.lower() in STATIVE_VERBS:
            continue
        subject, entities = describe_actor(ctx, verb)
        claims.append(
            ClaimItem(
                kind="date",
                start=ent.start_char,
                end=ent.end_char,
                text=ent.text,
                sentence=ctx.sentence(ent.root),
                date=dated.value,
                subject=subject,
                action=verb.lemma_.lower(),
                entities=entities,
                confidence=0.6,
            )
        )
    return claims
