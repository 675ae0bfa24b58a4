"""One quantity claim from a figure found in the text: its span, sign, approximation, parts and statement.

Shared by the money, percentage and count finders (:mod:`.quantity_money`, :mod:`.quantities`).
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from spacy.tokens import Span, Token

from .dates import governing_verb
from .events import phrasal_lemma
from .quantity_numbers import APPROX, BETWEEN, NEGATIVE_WORD, format_value, parse_number, tidy, words
from .quantity_parts import proposition
from .types import ClaimItem

if TYPE_CHECKING:
    from .claimset import ClaimContext

# Verbs of change: "rose from 50% to 80%" reports two levels, not a range of uncertainty.
CHANGE_VERBS = words(
    """rise fall increase decrease grow drop climb jump go move shrink slide tumble decline slip sink
    soar surge plunge cut raise reduce lower boost double triple change shift swing balloon dip
    narrow widen expand"""
)


_SENTENCES: WeakKeyDictionary[ClaimContext, tuple[list[int], list[Span]]] = WeakKeyDictionary()


def sentence_of(ctx: ClaimContext, token: Token) -> Span:
    """The sentence holding ``token``, looked up in the document's sentences listed once.

    ``token.sent`` walks the sentence from the token each time: quadratic on a long sentence
    of figures.
    """
    if ctx not in _SENTENCES:
        sents = list(ctx.doc.sents)
        _SENTENCES[ctx] = ([s.start for s in sents], sents)
    starts, sents = _SENTENCES[ctx]
    return sents[bisect.bisect_right(starts, token.i) - 1]


def _text_of(ctx: ClaimContext, sent: Span) -> str:
    return ctx.text[sent.start_char : sent.end_char]  # a slice, not the tokens joined again


def _approximate_start(text: str, start: int) -> tuple[int, bool]:
    """Extend ``start`` over a preceding qualifier such as "about" or "more than"."""
    window = text[max(0, start - 30) : start]
    match = APPROX.search(window)
    if match is None:
        return start, False
    return start - (len(window) - match.start()), True


def _negative_start(text: str, start: int) -> int | None:
    """Start of "minus"/"negative" right before ``start``, if there is one."""
    window = text[max(0, start - 12) : start]
    match = NEGATIVE_WORD.search(window)
    return start - (len(window) - match.start()) if match else None


def token_at(ctx: ClaimContext, char: int) -> Token | None:
    span = ctx.doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def is_change(ctx: ClaimContext, start: int) -> bool:
    token = token_at(ctx, start)
    verb = governing_verb(token) if token is not None else None
    return verb is not None and verb.lemma_.lower() in CHANGE_VERBS


def range_ok(ctx: ClaimContext, start: int, sep: str | None) -> bool:
    """ "and" makes a range only after "between"; "from X to Y" after a verb of change is two levels."""
    if not sep:
        return True
    text = ctx.text
    before = text[max(0, start - 12) : start]
    word = sep.strip().lower()
    if word == "and":
        return bool(re.search(r"\bbetween\s+$", before, re.IGNORECASE))
    if word == "to" and re.search(r"\bfrom\s+$", before, re.IGNORECASE):
        return not is_change(ctx, start)
    return True


# --- one claim ----------------------------------------------------------------------------------


def make_claim(
    ctx: ClaimContext,
    what: str,
    start: int,
    end: int,
    value: float,
    value_max: float | None,
    unit: str,
    *,
    negative: bool = False,
    anchor: Token | None = None,
    population: str | None = None,
    subject: str | None = None,
    confidence: float = 0.85,
) -> ClaimItem | None:
    text = ctx.text
    number_start = start
    if value_max is not None and (between := BETWEEN.search(text[max(0, start - 12) : start])):
        start = start - len(between[0])
        approximate = False
    else:
        if (minus := _negative_start(text, start)) is not None:
            start, negative = minus, True  # "minus 3%", "negative 2 percent"
        start, approximate = _approximate_start(text, start)
    if negative:
        value = -abs(value)
        value_max = -abs(value_max) if value_max is not None else None
        if value_max is not None:
            value, value_max = value_max, value
    if ctx.skipped(start, end):
        return None
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    if anchor is None:
        anchor = _anchor(span, what)
    if what == "percent" and span.end < len(ctx.doc) and ctx.doc[span.end].lower_ == "of":
        objects = [g for g in ctx.doc[span.end].children if g.dep_ == "pobj"]
        if objects and "\n" not in text[end : objects[0].idx]:
            # "2% of GDP": a share means nothing without its whole
            end = objects[0].idx + len(objects[0].text)
            span = ctx.doc.char_span(start, end, alignment_mode="expand") or span
    parts = proposition(ctx, span, anchor, what, population)
    verb = parts.act or governing_verb(anchor)
    # The verb that states the figure ("has 503 delegates", "won 46 percent"): what is said of it.
    action = phrasal_lemma(verb) if verb is not None and verb.pos_ == "VERB" else None
    qualifier = text[start:number_start].strip().lower()
    approx_words = qualifier if approximate and qualifier else None
    return ClaimItem(
        kind="quantity",
        start=start,
        end=end,
        text=text[start:end],
        sentence=_text_of(ctx, sentence_of(ctx, span.root)),
        value=tidy(value),
        value_max=tidy(value_max) if value_max is not None else None,
        unit=unit,
        approximate=approximate,
        date=parts.date,
        subject=parts.subject or subject,
        action=action,
        measure=parts.measure,
        qualifiers=parts.qualifiers,
        place=parts.place,
        confidence=confidence,
        statement=_statement(
            parts.label, approx_words, value, value_max, unit, population, ctx, number_start, parts.share
        ),
    )


def _anchor(span: Span, what: str) -> Token:
    """The head of a money or percentage phrase ("%" in "46%", "billion" in "$7.6 billion")."""
    if what == "percent":
        for token in span:
            if token.text == "%" or token.lower_ in ("percent", "cent", "points", "point"):
                return token
    root = span.root
    for token in span:
        if token.head.i >= span.end or token.head.i < span.start:
            root = token
    return root


def _statement(
    label: str | None,
    approx: str | None,
    value: float,
    value_max: float | None,
    unit: str,
    population: str | None,
    ctx: ClaimContext,
    number_start: int,
    share: str | None = None,
) -> str:
    """ "Japan's assistance to Ukraine: approximately $7.6 billion", "Democrats who ...: 73%"."""
    plural = population if population and not unit.endswith("point") else None
    amount = format_value(value, value_max, unit, plural)
    if population and label and label.lower().startswith(population.lower()):
        amount = format_value(value, value_max, None)  # "People killed ...: 5", not "5 people"
        word = re.match(r"[a-z]+\b", ctx.text[number_start : number_start + 12])
        if word and value_max is None and word[0] != "a" and parse_number(word[0]) == abs(value):
            amount = word[0]  # as written: "five"
    if share:
        amount = f"{amount} {share}"
    if approx:
        amount = f"{approx} {amount}"
    if not label:
        return amount[:1].upper() + amount[1:]
    return " ".join(f"{label}: {amount}".split())  # a phrase may run over a line break
