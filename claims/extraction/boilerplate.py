"""Detecting page boilerplate (navigation, related items, notices, repeated captions).

Works line by line on any article, from structure more than wording:

* the header (the lines before the first real paragraph): breadcrumbs and menu lines, section or
  tag lines above the title, date/byline lines, and copies of the title;
* blocks opened by a header line ("Related items", "You may also like", "POPULAR ARTICLE",
  "ACCESS RANKING", "Most read", "Trending", ...): the header and the run of short lines after it
  (headlines, "-" list items, date-only lines, cut-off teasers) up to the next real paragraph;
* an untitled run of list items or date-only lines after the last paragraph;
* notices: cookies, privacy, comment forms ("Leave a Comment", "This site uses Akismet ...");
* photo captions: a line ending in a photo credit ("| REUTERS", "REUTERS/Name",
  "via Getty Images", "(Photo courtesy: ...)"), and a line repeated verbatim next to itself;
* share/translate button lines, credit lines closing the page ("Source: X").

A real paragraph (a sentence-ending line of four words or more, or any line of 30 words or more)
is never covered, except when it is itself a notice or caption. The title line is kept as text;
only its copies are boilerplate. The whole pass is linear in the length of the text.
"""

from __future__ import annotations

import re
from collections import Counter

from .metadata import (
    Line,
    breadcrumb_segments,
    byline_line,
    credit_line,
    date_only,
    date_statement,
    find_title,
    is_navigation,
    iter_lines,
)
from .types import BoilerplateRange

# Headers opening a list of other stories. Matched at the start or end of a short line so a
# section label may stand next to them ('"Politics" POPULAR ARTICLE', "JN ACCESS RANKING").
_RANKING_HEADER = re.compile(
    r"most[ -](?:read|popular|viewed|shared|emailed|commented|watched)(?: (?:articles?|stories|news|now|today))?"
    r"|popular(?: (?:articles?|posts?|stories|news|now|today|this week))"
    r"|(?:access |reader |news )?ranking"
    r"|trending(?: (?:now|stories|news|articles|topics))?"
    r"|top (?:stories|news|articles|reads|picks|\d{1,2})"
    r"|editor'?s'? (?:picks?|choice)|what'?s hot|hot (?:news|topics)",
    re.I,
)
_RELATED_HEADER = re.compile(
    r"related(?: (?:items?|articles?|posts?|stories|news|content|coverage|links|reading|topics|video))?"
    r"|you (?:may|might|could) also (?:like|enjoy|be interested(?: in)?|want to read)"
    r"|see also|read (?:more|next|also)|also read|also on \w+|further reading|more like this|don'?t miss"
    r"|recommended(?: (?:for you|stories|articles|reading|videos?))?"
    r"|more (?:from|on|in|news|stories|articles|top stories)\b.{0,40}"
    r"|(?:latest|recent) (?:news|stories|posts|articles|headlines)|other (?:news|stories)"
    r"|(?:previous|next) (?:article|post|story)",
    re.I,
)
_COMMENTS_HEADER = re.compile(
    r"leave a (?:comment|reply)|add (?:a|your) comment|post (?:a )?comment|join the (?:conversation|discussion)"
    r"|\d+ comments?|comments?(?: \(\d+\))?|show comments|view comments|reader comments",
    re.I,
)
_COMMENTS_NOTICE = re.compile(
    r"^(?:this site uses akismet|your email address will not be published|you must be logged in to post"
    r"|comments are closed|be the first to comment|save my name, email|cancel reply|notify me of"
    r"|commenting (?:is|has been) (?:closed|disabled)|we welcome (?:your )?comments|comment policy"
    r"|join the (?:conversation|discussion)\b)",
    re.I,
)
_COOKIE_NOTICE = re.compile(
    r"^(?:this (?:web)?site uses cookies|we use cookies|our (?:web)?site uses cookies|we and our partners use cookies"
    r"|by (?:continuing to (?:use|browse)|using) (?:this|our) (?:web)?site|accept (?:all )?cookies"
    r"|cookie (?:settings|preferences|policy|consent|notice)|manage (?:cookies|consent)|we value your privacy)",
    re.I,
)
_PRIVACY_LINE = re.compile(
    r"^(?:privacy (?:&|and) cookies? policy|privacy(?: policy| overview| notice| settings)?|cookies? policy"
    r"|terms (?:of (?:use|service)|and conditions|& conditions)|do not sell my personal information"
    r"|your privacy (?:choices|rights)|accessibility statement)$",
    re.I,
)
_TAG_LINE = re.compile(
    r"^(?:tags?|topics?|filed under|categories|category|posted in|keywords)\s*[:：]\s*\S", re.I
)
_ADVERT_LINE = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|ad|story continues below(?: advertisement)?"
    r"|continue reading below|scroll to continue(?: with content)?)$",
    re.I,
)
_SHARE_WORDS = frozenset(
    [
        "share",
        "shares",
        "sharing",
        "this",
        "article",
        "story",
        "post",
        "on",
        "via",
        "tweet",
        "email",
        "e-mail",
        "mail",
        "print",
        "facebook",
        "twitter",
        "x",
        "linkedin",
        "whatsapp",
        "reddit",
        "pinterest",
        "telegram",
        "line",
        "copy",
        "link",
        "links",
        "translate",
        "follow",
        "us",
        "save",
        "bookmark",
        "click",
        "to",
        "messenger",
        "flipboard",
        "tumblr",
        "sms",
        "comment",
        "comments",
    ]
)
# A share row names an action ("Share", "Tweet", "Translate") or several platforms; a lone
# "Facebook" may be a section label of the article itself.
_SHARE_ACTIONS = frozenset(["share", "tweet", "translate", "print", "email", "e-mail", "bookmark"])
_SHARE_PLATFORMS = frozenset(
    ["facebook", "twitter", "x", "linkedin", "whatsapp", "reddit", "pinterest", "telegram"]
)

# Photo credits closing a caption line.
_CREDIT_BAR = re.compile(r"\s\|\s*(?P<credit>[^|]{1,80})$")
_CREDIT_AGENCY = re.compile(
    r"\b[A-Z]{2,}[A-Z-]*\b|/|\bvia\b|photo|getty|courtesy|\bfile\b|images?\b|credit", re.I
)
_CREDIT_SLASH = re.compile(
    r"\b(?:[A-Z][A-Z&-]+(?: Photo)?|[A-Z][a-z]+ Photo)/(?:[A-Z][\w.'’-]*)"
    r"(?:\s+(?:[A-Z][\w.'’-]*|van|von|de|der|den|da|del|di|du|la|le|al|bin|ter))*\)?\.?$"
)
_CREDIT_TAIL = re.compile(
    r"(?:\bvia Getty Images|\bGetty Images|\bShutterstock|\bAP Photo|\bAFP Photo|\bEPA-EFE|\bXinhua)\)?\.?$"
)
_CREDIT_PAREN = re.compile(
    r"\((?:photo|image|picture|photograph|file photo|pic|credit)s?(?: courtesy)?(?: of| by)?\s*[:：]?\s*[^()]{0,80}\)\.?$",
    re.I,
)
_CREDIT_LEAD = re.compile(
    r"^(?:photo|image|picture|photograph|pictured|file photo)s?\s*(?:courtesy)?\s*[:：|]\s*\S", re.I
)

_LIST_MARKER = re.compile(r"^(?:[-–—•·*▪►]|\d{1,2}[.)])(?:\s|$)")
_TERMINAL = re.compile(r"[.!?。！？](?:[\"'”’»)\]]+)?$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)(?:[\"'”’»)\]]+)?$")


def is_paragraph(content: str) -> bool:
    """A line of article prose: a finished sentence of four words or more, or 30 words or more."""
    words = content.split()
    if len(words) >= 30:
        return True
    if len(words) < 4 or _ELLIPSIS.search(content):
        return False
    return _TERMINAL.search(content) is not None


def _header_kind(content: str) -> tuple[str, bool] | None:
    """``(kind, standalone)`` when the line opens a block of other stories or of comments.

    ``standalone`` is false for an inline header ("See also <headline>"), which covers one line.
    """
    words = content.split()
    if not words or len(content) > 200:
        return None
    core = content.strip(" \t:：-–—|»>\"'“”")
    for kind, pattern in (
        ("ranking", _RANKING_HEADER),
        ("related", _RELATED_HEADER),
        ("comments", _COMMENTS_HEADER),
    ):
        match = pattern.fullmatch(core)
        if match:
            return kind, True
        if len(words) > 5:
            # A label may stand next to the header ('"Politics" POPULAR ARTICLE'), nothing longer.
            match = pattern.match(core)
            if match and kind == "related" and not is_paragraph(content):
                return _inline(core, match)
            continue
        match = pattern.match(core) or _search_at_end(pattern, core)
        if not match:
            continue
        if match.start() == 0 and match.end() < len(core):
            if kind == "related" and not is_paragraph(content):
                return _inline(core, match)
            continue
        # The header ends the line, after a short label: '"Politics" POPULAR ARTICLE'.
        if match.end() == len(core) and len(words) <= 5 and not is_paragraph(content):
            return kind, True
    return None


def _inline(core: str, match: re.Match[str]) -> tuple[str, bool] | None:
    rest = core[match.end() :]
    # "See also<nbsp>Headline" / "Read more: Headline": the header glued to one headline.
    if rest and (rest[0].isspace() or rest[0] in ":：-–—|»") and rest.strip(" :：-–—|»\u00a0"):
        return "related", False
    return None


def _search_at_end(pattern: re.Pattern[str], core: str) -> re.Match[str] | None:
    for start in range(len(core) - 1, -1, -1):
        if start == 0 or not core[start - 1].isalnum():
            match = pattern.fullmatch(core, start)
            if match:
                return match
    return None


def _notice_kind(content: str) -> str | None:
    if len(content) > 600:
        return None
    if _COOKIE_NOTICE.match(content):
        return "cookie"
    if _COMMENTS_NOTICE.match(content):
        return "comments"
    core = content.strip(" .:|")
    if _PRIVACY_LINE.match(core):
        return "privacy"
    if _ADVERT_LINE.match(core):
        return "other"
    if len(content) <= 200 and _TAG_LINE.match(content):
        return "navigation"
    tokens = re.findall(r"[\w-]+", content.lower())
    words = set(tokens)
    is_row = bool(tokens) and len(tokens) <= 10 and words <= _SHARE_WORDS
    if is_row and (words & _SHARE_ACTIONS or len(words & _SHARE_PLATFORMS) >= 2):
        return "share"
    return None


def is_caption(content: str) -> bool:
    """A line ending (or opening) with a photo credit."""
    if not content or len(content) > 600 or content[0] in "\"“‘'":
        return False
    bar = _CREDIT_BAR.search(content)
    if bar:
        credit = bar.group("credit").strip()
        if len(credit.split()) <= 8 and _CREDIT_AGENCY.search(credit):
            return True
    return bool(
        _CREDIT_SLASH.search(content)
        or _CREDIT_TAIL.search(content)
        or _CREDIT_PAREN.search(content)
        or _CREDIT_LEAD.match(content)
    )


def _key(content: str) -> str:
    """A line's identity for finding copies: case, spacing and quote styles ignored."""
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})
    return " ".join(content.translate(table).lower().split())


def detect_boilerplate(text: str) -> list[BoilerplateRange]:
    """Ranges of ``text`` that are not the article's own text, in order, not overlapping."""
    lines = list(iter_lines(text))
    count = len(lines)
    kinds: list[str | None] = [None] * count
    paragraph = [is_paragraph(line.content) for line in lines]
    first_paragraph = next((i for i in range(count) if paragraph[i]), count)
    last_paragraph = next((i for i in range(count - 1, -1, -1) if paragraph[i]), -1)

    title_at, title_key = _title_line(lines)

    for i, line in enumerate(lines):
        content = line.content
        if not content or i == title_at:
            continue
        kind = _notice_kind(content)
        if kind is None and is_caption(content):
            kind = "caption"
        if kind is None and title_key and i < first_paragraph + 3 and _key(content) == title_key:
            kind = "other"  # a copy of the title
        kinds[i] = kind

    _mark_repeats(lines, kinds, paragraph, title_at)
    _mark_blocks(lines, kinds, paragraph, title_at)
    # Above the first and below the last paragraph, what no block claimed: navigation, metadata.
    for i, line in enumerate(lines):
        if (
            kinds[i] is None
            and line.content
            and i != title_at
            and (i < first_paragraph or i > last_paragraph)
        ):
            kinds[i] = _edge_kind(line.content, before_title=title_at is not None and i < title_at)
    _mark_trailing_list(lines, kinds, paragraph, last_paragraph)
    return _ranges(lines, kinds)


def _title_line(lines: list[Line]) -> tuple[int | None, str | None]:
    """The title's own line (not a breadcrumb holding it) and the title's identity."""
    found = find_title(lines)
    if found is None:
        return None, None
    index, title = found
    key = _key(title)
    if breadcrumb_segments(lines[index].content) is None:
        return index, key
    for j in range(index + 1, min(len(lines), index + 12)):
        if _key(lines[j].content) == key:
            return j, key
    return None, key


def _edge_kind(content: str, *, before_title: bool) -> str | None:
    """Lines above the first or below the last paragraph: navigation, metadata, section labels."""
    if is_navigation(content):
        return "navigation"
    if date_statement(content) or byline_line(content) or credit_line(content):
        return "other"
    if before_title and not is_paragraph(content):
        return "navigation"  # section and tag lines above the headline
    return None


def _mark_repeats(
    lines: list[Line], kinds: list[str | None], paragraph: list[bool], title_at: int | None
) -> None:
    """Lines repeated verbatim (four words or more).

    A short non-sentence line printed twice side by side is a photo caption (the image's text and
    its caption): every copy is marked. A repeated sentence may be the article's own text, so its
    first copy stays and only the copies after it are marked.
    """
    keys = [_key(line.content) if len(line.content.split()) >= 4 else "" for line in lines]
    counts = Counter(key for key in keys if key)
    first_seen: dict[str, int] = {}
    previous_seen: dict[str, int] = {}
    for i, key in enumerate(keys):
        if not key or counts[key] < 2 or i == title_at:
            continue
        first = first_seen.setdefault(key, i)
        previous = previous_seen.get(key)
        previous_seen[key] = i
        if previous is None:
            continue
        side_by_side = all(not lines[j].content for j in range(previous + 1, i))
        if side_by_side and not paragraph[i]:
            kinds[first] = kinds[first] or "caption"
            kinds[i] = kinds[i] or "caption"
        elif not paragraph[i] or side_by_side:
            kinds[i] = kinds[i] or "other"


def _mark_blocks(
    lines: list[Line], kinds: list[str | None], paragraph: list[bool], title_at: int | None
) -> None:
    """A header line and the run of short lines after it, up to the next real paragraph."""
    i = 0
    count = len(lines)
    while i < count:
        content = lines[i].content
        header = _header_kind(content) if content and kinds[i] is None and i != title_at else None
        if header is None:
            i += 1
            continue
        kind, standalone = header
        kinds[i] = kind
        i += 1
        if not standalone:
            continue
        while i < count:
            content = lines[i].content
            if not content:
                i += 1
                continue
            if paragraph[i] or kinds[i] not in (None, "other") or i == title_at:
                break  # a notice or caption keeps its own kind
            nested = _header_kind(content)
            if nested is not None and nested[1]:
                break  # another block: its own kind
            kinds[i] = kind
            i += 1


def _mark_trailing_list(
    lines: list[Line], kinds: list[str | None], paragraph: list[bool], last_paragraph: int
) -> None:
    """Below the last paragraph, a run holding list items or date-only lines is a list of stories."""
    if last_paragraph < 0:
        return
    rest = [i for i in range(last_paragraph + 1, len(lines)) if lines[i].content and kinds[i] is None]
    signals = sum(1 for i in rest if _LIST_MARKER.match(lines[i].content) or date_only(lines[i].content))
    if signals >= 2:
        for i in rest:
            kinds[i] = "related"


def _ranges(lines: list[Line], kinds: list[str | None]) -> list[BoilerplateRange]:
    """Merge marked lines (and the blank lines between them) into ranges of one kind."""
    ranges: list[BoilerplateRange] = []
    current: list[int] | None = None  # [start, end]
    current_kind = ""
    for line, kind in zip(lines, kinds, strict=True):
        if not line.content:
            continue
        if kind is None:
            if current is not None:
                ranges.append(BoilerplateRange(current[0], current[1], current_kind))
                current = None
            continue
        start, end = line.content_start, line.content_end
        if current is not None and kind == current_kind:
            current[1] = end
            continue
        if current is not None:
            ranges.append(BoilerplateRange(current[0], current[1], current_kind))
        current, current_kind = [start, end], kind
    if current is not None:
        ranges.append(BoilerplateRange(current[0], current[1], current_kind))
    return ranges
