"""Article metadata stated by the page text: title, publication date, outlet, byline.

Only what a page states in the forms news pages use is taken, never guessed from the body:

* title: the first non-empty line that is not navigation ("Skip to content", a
  "Home » Section » Headline" breadcrumb), a date, byline or credit line. A breadcrumb whose last
  segment reads like a headline (three words or more) gives the title; otherwise the next proper
  line does.
* publication date, from the top of the page (the first lines) or a credit line at its end:
  a time-stamp line ("20:00 JST, April 6, 2023"), a labelled date in any language
  ("Published: 5 April 2023", "Опубликовано: Wednesday, 05 April 2023 04:49"), "Updated ..." as a
  fall-back, an ISO date line, a date alone on a line, a dateline ("WASHINGTON, July 12, 2023 — "),
  or a credit such as "(From The Yomiuri Shimbun, Feb. 2, 2023)". Dates inside sentences and photo
  captions are never taken. A time with a known zone gives an aware datetime in that zone; a date
  alone (or a time whose zone is not stated) gives midnight UTC of that date.
* outlet: "Source: X", "(From X, <date>)", "© 2023 X", "By Jane Doe | X".
* byline: "By Jane Doe", "by admin", "Author: Jane Doe".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from .types import ArticleMeta

# Publication dates outside these years are typing errors (0001-01-01), and near the ends of what a
# datetime holds a time zone or a relative date ("yesterday") pushes them out of range.
MIN_YEAR, MAX_YEAR = 1600, 2200


def plausible_publication(moment: datetime | None) -> datetime | None:
    """The moment, or None when its year cannot be a publication date."""
    return moment if moment is not None and MIN_YEAR <= moment.year <= MAX_YEAR else None


# How far from the top and the end of a page metadata lines are looked for (non-empty lines).
HEAD_LINES = 12
TAIL_LINES = 12

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
_DMY = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH}),?\s+(?P<year>\d{{4}})\b", re.I
)
_MDY = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I
)
_ISO = re.compile(
    r"\b(?P<iso>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)(?![\d:])"
)
# Day.month.year is the order everywhere dots are used; slashed dates are ambiguous and skipped.
_DOTTED = re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b")
_TIME = re.compile(
    r"\b(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?\s?m\b\.?)?"
    r"(?:\s*\(?(?P<tz>[A-Z]{2,5}\b|(?:UTC|GMT)\s?[+-]\s?\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2})\)?)?",
    re.I,
)
# Zone abbreviations news sites print next to a time.
_ZONES = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "IST": 330,
    "ICT": 420,
    "WIB": 420,
    "HKT": 480,
    "SGT": 480,
    "PHT": 480,
    "AWST": 480,
    "JST": 540,
    "KST": 540,
    "AEST": 600,
    "AEDT": 660,
    "NZST": 720,
    "NZDT": 780,
    "EST": -300,
    "EDT": -240,
    "ET": -300,
    "CST": -360,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
    "PT": -480,
}
# What may surround a date on a line that is nothing but a date.
_DATE_FILLER = re.compile(rf"(?:{_WEEKDAY}|\bat\b|\bon\b|[\s,|·•/()\-–—:.])*", re.I)
_UPDATE_LABEL = re.compile(
    r"updat|modif|revis|aktualisiert|mis à jour|actualizad|aggiornat|обновл|更新|업데이트|修改", re.I
)
# "Published: <date>" with any label of a few words; the colon is what marks a label in any language.
_LABELLED = re.compile(r"^(?P<label>[^\W\d_][^:：\d]{0,40}?)\s*[:：]\s*(?P<rest>.+)$")
# English labels written without a colon.
_VERB_LABELLED = re.compile(
    r"^(?P<label>(?:first |last |originally )?(?:published|posted|updated|modified|released|dated?))"
    r"(?:\s+(?:on|at))?\s+(?P<rest>.+)$",
    re.I,
)
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z .'’-]{1,40}?),?\s+(?P<rest>.{6,40}?)\s*[—–-]\s+\S")
_CREDIT = re.compile(
    r"^\(?\s*(?P<label>From|Source|Sources|Originally published (?:in|by|on)|First published (?:in|by))"
    r"\s*(?P<colon>[:：])?\s*(?P<rest>.+?)\s*\)?\.?$",
    re.I,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:(?P<year>\d{4})(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?P<owner>[^|]+?)\s*(?:\d{4})?\s*\.?\s*(?:all rights reserved\.?)?$",
    re.I,
)
_BYLINE = re.compile(r"^(?:written\s+|posted\s+|words\s+|story\s+)?by\s*[:：]?\s+(?P<rest>.+)$", re.I)
_AUTHOR_LABEL = re.compile(r"^(?:author|authors|byline|written by)\s*[:：]\s*(?P<rest>.+)$", re.I)
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z\u00C0-\u024F\u0400-\u04FF][\w.'’-]*|[A-Z]\.|and|&|de|da|del|der|van|von|bin|al|le|la)$"
)
_BREADCRUMB_SEP = re.compile(r"\s*(?:»|›|>|→|/|\|)\s*")
_NAV_LINE = re.compile(
    r"^(?:skip to (?:main )?content|skip navigation|menu|main menu|search|home|sign in|log ?in|subscribe"
    r"|toggle navigation|open menu|close menu|navigation)$",
    re.I,
)


@dataclass(frozen=True)
class Line:
    """One line of a text: offsets without the line break, and the stripped content."""

    start: int
    end: int
    content: str
    content_start: int  # where ``content`` starts in the text: ``text[content_start:content_end] == content``

    @property
    def content_end(self) -> int:
        return self.content_start + len(self.content)


def iter_lines(text: str) -> Iterator[Line]:
    """Every line of ``text`` with its offsets (``\\r\\n``, ``\\n`` and ``\\r`` end a line)."""
    pos = 0
    for match in re.finditer(r"\r\n|\n|\r", text):
        yield _line(text, pos, match.start())
        pos = match.end()
    if pos < len(text):
        yield _line(text, pos, len(text))


def _line(text: str, start: int, end: int) -> Line:
    raw = text[start:end]
    content = raw.strip()
    return Line(start, end, content, start + (len(raw) - len(raw.lstrip())) if content else start)


# --- dates ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundDate:
    value: datetime
    start: int
    end: int  # the span of the date and its time-stamp within the searched string


def find_date(s: str) -> FoundDate | None:
    """The first calendar date in ``s``, with a time-stamp next to it when it names its zone."""
    best: tuple[int, int, datetime] | None = None
    iso = _ISO.search(s)
    if iso:
        try:
            value = _from_iso(iso.group("iso"))
        except ValueError:
            value = None
        if value is not None:
            best = (iso.start(), iso.end(), value)
    for pattern in (_MDY, _DMY, _DOTTED):
        match = pattern.search(s)
        if not match or (best and best[0] <= match.start()):
            continue
        day = _calendar_date(match)
        if day is not None:
            best = (match.start(), match.end(), day)
    if best is None:
        return None
    start, end, value = best
    if value.hour == 0 and value.minute == 0 and value.tzinfo is UTC:
        start, end, value = _with_time(s, start, end, value)
    return FoundDate(value, start, end)


def _from_iso(raw: str) -> datetime:
    raw = raw.replace(" ", "T")
    if len(raw) == 10:
        day = datetime.fromisoformat(raw)
        return day.replace(tzinfo=UTC)
    value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    if value.tzinfo is None:
        # A time without a zone could be any zone's; keep only the date (see module docstring).
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value


def _calendar_date(match: re.Match[str]) -> datetime | None:
    month_raw = match.group("month")
    month = int(month_raw) if month_raw.isdigit() else _MONTHS.get(month_raw[:3].lower())
    try:
        return datetime(int(match.group("year")), month or 0, int(match.group("day")), tzinfo=UTC)
    except ValueError:
        return None


def _with_time(s: str, start: int, end: int, day: datetime) -> tuple[int, int, datetime]:
    """Attach a zoned time-stamp written just before or after the date ("20:00 JST, April 6")."""
    window_start = max(0, start - 24)
    for match in _TIME.finditer(s, window_start, min(len(s), end + 40)):
        near = (match.end() <= start + 1 and start - match.end() <= 6) or (
            match.start() >= end and match.start() - end <= 6
        )
        if not near:
            continue
        hour, minute = int(match.group("hour")), int(match.group("minute"))
        ampm = (match.group("ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            continue
        offset = _zone_offset(match.group("tz"))
        new_start, new_end = min(start, match.start()), max(end, match.end())
        if offset is None:
            return new_start, new_end, day  # zone unknown: the date alone
        stamp = datetime(day.year, day.month, day.day, hour, minute, tzinfo=offset)
        return new_start, new_end, stamp
    return start, end, day


def _zone_offset(raw: str | None) -> timezone | None:
    if not raw:
        return None
    token = raw.replace(" ", "").upper()
    if token in _ZONES:
        return timezone(timedelta(minutes=_ZONES[token]))
    match = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", token)
    if not match:
        return None
    minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
    return timezone(timedelta(minutes=minutes if match.group(1) == "+" else -minutes))


def date_only(s: str) -> datetime | None:
    """The date when ``s`` is nothing but a date (with weekday, time-stamp, separators)."""
    found = find_date(s)
    if found is None:
        return None
    rest = s[: found.start] + " " + s[found.end :]
    rest = _TIME.sub(" ", rest)
    if _DATE_FILLER.fullmatch(rest):
        return found.value
    return None


@dataclass(frozen=True)
class DateStatement:
    value: datetime
    updated: bool = False  # an "Updated ..." date: used only when no publication date is stated


def date_statement(line: str) -> DateStatement | None:
    """A line stating the page's date: a date line, a labelled date, a time-stamp."""
    if len(line) > 120:
        return None
    value = date_only(line)
    if value is not None:
        return DateStatement(value)
    for pattern in (_VERB_LABELLED, _LABELLED):
        match = pattern.match(line)
        if not match or len(match.group("label").split()) > 4:
            continue
        value = date_only(match.group("rest"))
        if value is not None:
            return DateStatement(value, updated=bool(_UPDATE_LABEL.search(match.group("label"))))
    return None


def dateline_date(line: str) -> datetime | None:
    """The date of a dateline opening a story: "WASHINGTON, July 12, 2023 — The ..." """
    match = _DATELINE.match(line)
    if not match or not any(ch.isalpha() for ch in match.group("place")):
        return None
    return date_only(match.group("rest"))


# --- credits, bylines, titles -----------------------------------------------------------------


@dataclass(frozen=True)
class Credit:
    outlet: str | None = None
    published_at: datetime | None = None
    byline: str | None = None


def credit_line(line: str) -> Credit | None:
    """A source or copyright line: "Source: X", "(From X, Feb. 2, 2023)", "© 2023 X"."""
    if not line or len(line) > 120:
        return None
    match = _CREDIT.match(line)
    if match:
        rest = match.group("rest")
        outlet, _, tail = rest.partition(",")
        published = date_only(tail) if tail.strip() else None
        if tail.strip() and published is None:
            return None
        # "From ..." opens many sentences: only take it enclosed in brackets or with its date.
        if match.group("label").lower() == "from" and not (line.startswith("(") or published):
            return None
        if match.group("label").lower().startswith("source") and not (
            match.group("colon") or line.startswith("(")
        ):
            return None
        if _looks_like_name(outlet, max_words=8):
            return Credit(outlet=outlet.strip(), published_at=published)
        return None
    match = _COPYRIGHT.match(line)
    if match:
        owner = match.group("owner").strip(" ,.")
        if _looks_like_name(owner, max_words=8):
            return Credit(outlet=owner)
    return None


def byline_line(line: str) -> Credit | None:
    """A byline: "By Jane Doe", "by admin", "By Jane Doe | Outlet", "Author: Jane Doe"."""
    if not line or len(line) > 100:
        return None
    match = _BYLINE.match(line) or _AUTHOR_LABEL.match(line)
    if not match:
        return None
    rest = match.group("rest").strip()
    # "By Wednesday, the talks had collapsed." is a sentence, not a byline.
    if rest.endswith((".", "?", "!")) and not re.search(r"\b[A-Z]\.$", rest):
        return None
    if len(re.split(r",|\|", rest, maxsplit=1)[-1].split()) > 6:
        return None
    name, bar, outlet = rest.partition("|")
    name = re.split(r",|\s[-–—]\s|\s+on\s+", name, maxsplit=1)[0].strip()
    if not name:
        return None
    # A site's user name ("by admin") stands alone on its line; "By contrast, ..." is a sentence.
    single_handle = re.fullmatch(r"[a-z][\w.-]{1,30}", rest) is not None
    if not single_handle and not _looks_like_name(name, max_words=8, strict=True):
        return None
    outlet = outlet.strip()
    return Credit(byline=name, outlet=outlet if bar and _looks_like_name(outlet, max_words=8) else None)


def _looks_like_name(value: str, *, max_words: int, strict: bool = False) -> bool:
    words = value.split()
    if not words or len(words) > max_words or any(ch.isdigit() for ch in value):
        return False
    if not words[0][0].isupper():
        return False
    if value.rstrip().endswith((".", "?", "!")) and not re.search(r"\b[A-Z]\.$", value.rstrip()):
        return False
    if strict:
        return all(_NAME_TOKEN.match(word) for word in words)
    return True


def is_navigation(line: str) -> bool:
    """A navigation line: a breadcrumb ("Home » Blog » ...") or a menu/skip link."""
    return bool(line) and (_NAV_LINE.match(line) is not None or breadcrumb_segments(line) is not None)


def breadcrumb_segments(line: str) -> list[str] | None:
    """The segments of a breadcrumb trail, or ``None`` when the line is not one.

    A trail starts at "Home" (in any case) or joins three or more short segments with "»" or "›".
    """
    if not line or len(line) > 300:
        return None
    parts = [part for part in _BREADCRUMB_SEP.split(line) if part]
    if len(parts) < 2:
        return None
    starts_home = parts[0].lower() in {"home", "homepage", "start", "top"}
    strong = "»" in line or "›" in line
    if starts_home and (strong or ">" in line or "/" in line):
        return parts
    if strong and len(parts) >= 3 and all(len(part.split()) <= 12 for part in parts[:-1]):
        return parts
    return None


def is_metadata_line(line: str) -> bool:
    """A line that states metadata (date, byline, credit) rather than article text."""
    return bool(date_statement(line) or byline_line(line) or credit_line(line))


def find_title(lines: list[Line]) -> tuple[int, str] | None:
    """The index of the line holding the title, and the title (see the module docstring)."""
    seen = 0
    for index, line in enumerate(lines):
        if not line.content:
            continue
        seen += 1
        if seen > HEAD_LINES:
            return None
        content = line.content
        crumbs = breadcrumb_segments(content)
        if crumbs is not None:
            last = crumbs[-1]
            if len(last.split()) >= 3:
                return index, last
            continue
        if _NAV_LINE.match(content) or is_metadata_line(content):
            continue
        if len(content.split()) < 2 or len(content) > 250:
            # One word is a section label; a very long first line is the body, not a headline.
            if len(content) > 250:
                return None
            continue
        return index, content
    return None


def detect_metadata(text: str) -> ArticleMeta:
    """Title, publication date, outlet and byline as the page states them; ``None`` where it does not."""
    lines = list(iter_lines(text))
    nonblank = [line for line in lines if line.content]
    head = nonblank[:HEAD_LINES]
    tail = nonblank[-TAIL_LINES:] if len(nonblank) > HEAD_LINES else []

    found = find_title(lines)
    title = found[1] if found else None

    published: datetime | None = None
    updated: datetime | None = None
    outlet: str | None = None
    byline: str | None = None
    for position, line in enumerate(head):
        statement = date_statement(line.content)
        if statement is not None:
            if statement.updated:
                updated = updated or statement.value
            else:
                published = published or statement.value
            continue
        if position < 4 and published is None:
            # Only the first lines open with a dateline; later ones are body text.
            published = dateline_date(line.content)
        credit = byline_line(line.content)
        if credit is not None:
            byline = byline or credit.byline
            outlet = outlet or credit.outlet
            continue
        credit = credit_line(line.content)
        if credit is not None:
            outlet = outlet or credit.outlet
            published = published or credit.published_at
    # Credits close a page ("Source: X", "(From X, date)"): the nearest to the end wins.
    for line in reversed(tail):
        credit = credit_line(line.content) or byline_line(line.content)
        if credit is None:
            continue
        outlet = outlet or credit.outlet
        published = published or credit.published_at
        byline = byline or credit.byline
    published = plausible_publication(published) or plausible_publication(updated)
    return ArticleMeta(title=title, published_at=published, outlet=outlet, byline=byline)
