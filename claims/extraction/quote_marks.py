"""Pairing quotation marks into quoted stretches of text.

Works on characters only (no parse). Double marks (straight ``"`` and curly “ ”) delimit quotes;
single marks (‘ ’ and ``'``) are only ever nested quotes or apostrophes, so they never open or
close a top-level quote. A quote may run over several paragraphs: news style repeats the
opening mark at each new paragraph and closes only at the end.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'
_MARK_RE = re.compile(r'["“”„«»]')
_TAG_RE = re.compile(r"<[^<>\n]{1,400}>")  # markup left in the text: its attribute quotes are not quotes
# Characters after which an ambiguous straight mark opens a quote.
_OPEN_CONTEXT = set(" \t\n([{—–-/:;") | set(OPENERS)


@dataclass(frozen=True)
class MarkedSpan:
    """A top-level quoted stretch: ``start`` is the opening mark, ``end`` is one past the closing mark."""

    start: int
    end: int
    closed: bool = True  # False when the paragraph ended without a closing mark


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line; news text puts one paragraph per line."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _direction(text: str, i: int) -> str:
    """'open', 'close' or '?' for the mark at ``i``."""
    ch = text[i]
    if ch in OPENERS:
        return "open"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in CLOSERS:
        # A closing mark typed as an opener at a word start ("”Fear. I am afraid.”", or before
        # an ellipsis) opens: nothing before it could be closed.
        word_start = before in _OPEN_CONTEXT or unicodedata.category(before) == "Cf"
        if word_start and (after.isalnum() or text.startswith((" …", "…"), i + 1)):
            return "open"
        return "close"
    if before in _OPEN_CONTEXT and not after.isspace():
        return "open"
    if after.isspace() or after in ".,;:!?)]}—–-" or before.isalnum() or before in ".,!?;":
        return "close"
    return "?"


def _pair_paragraph(text: str, marks: list[int], *, nest: bool) -> tuple[list[tuple[int, int]], int | None]:
    """Pair the marks of one paragraph.

    Returns the closed (start, end) spans and the position of a mark left open at the paragraph end.
    With ``nest`` an opening mark inside an open quote nests (same-mark nesting, seen in translated
    news); without it the marks alternate open/close.
    """
    spans: list[tuple[int, int]] = []
    depth = 0
    start = -1
    for i in marks:
        d = _direction(text, i)
        if depth == 0:
            if d == "close" and text[i] in CLOSERS:
                continue  # a stray closing mark cannot open anything
            depth, start = 1, i
        elif nest and d == "open":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans, (start if depth else None)


def _balanced(text: str, marks: list[int]) -> bool:
    """True when nesting the curly marks of a paragraph leaves no mark unmatched but an outer one."""
    depth = 0
    for i in marks:
        d = _direction(text, i)
        if d == "open":
            depth += 1
        elif d == "close":
            depth -= 1
            if depth < 0:
                return False
        else:
            return False
    return depth in (0, 1)


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """All top-level quoted stretches of ``text``, in order, joined across paragraphs."""
    result: list[MarkedSpan] = []
    carry: int | None = None  # start of a quote still open from an earlier paragraph
    carry_end = 0
    in_tags = {i for t in _TAG_RE.finditer(text) for i in range(t.start(), t.end())} if "<" in text else set()
    for p_start, p_end in _paragraphs(text):
        para = text[p_start:p_end]
        stripped = para.lstrip()
        if not stripped:
            continue  # blank lines between paragraphs do not end an open quote
        lead = p_start + len(para) - len(stripped)
        marks = [p_start + m.start() for m in _MARK_RE.finditer(para) if p_start + m.start() not in in_tags]
        continues = (
            carry is not None and bool(marks) and marks[0] == lead and _direction(text, lead) == "open"
        )
        if carry is not None and not continues:
            result.append(MarkedSpan(carry, carry_end, closed=False))
            carry = None
        if not marks:
            continue
        spans, left_open = _pair_paragraph(text, marks, nest=_balanced(text, marks))
        if continues and carry is not None:
            # The opening mark of this paragraph repeats the open quote's: it is not a new quote.
            if spans and spans[0][0] == lead:
                result.append(MarkedSpan(carry, spans[0][1]))
                spans = spans[1:]
                carry = None
            elif left_open == lead:
                carry_end = p_end
                continue
        result.extend(MarkedSpan(s, e) for s, e in spans)
        if left_open is not None:
            carry, carry_end = left_open, p_end
    if carry is not None:
        result.append(MarkedSpan(carry, carry_end, closed=False))
    return result
