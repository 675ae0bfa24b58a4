"""'First' and record claims: "the first time", "for the second straight year", "the only
country that...", "record", "largest ever", "unprecedented", "the world's most powerful".

Each claim stores the actor (``subject``), the verb lemma (``action``) and, for ordinals, the
ordinal as ``value`` with a unit ("time", "consecutive year", "visit"), so a matcher can tell
that "first NATO summit in 2022" and "second time in 2023" agree.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .dates import DatedEntity, governing_verb
from .events import actors_of, clause_tokens, describe_actor, event_statement, event_target, phrase
from .types import ClaimItem

if TYPE_CHECKING:
    from .claimset import ClaimContext

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_ORD = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)"

# "the first time", "for the second straight year", "the chairman's fourth official visit".
# Years, months and weeks count only as a streak ("second straight year"). A "second term" is
# the name of a period ("the second terms of Presidents Reagan and Clinton"), not a record.
ORDINAL_TIME = re.compile(
    rf"\b(?:for\s+)?(?:the|its|his|her|their|a|[A-Z][\w.-]*['’]s)\s+(?P<ord>{_ORD})\s+"
    r"(?:(?P<streak>straight|consecutive|successive|running)\s+|(?P<adj>[\w-]+)\s+(?=(?:visit|trip|summit|meeting)s?\b))?"
    r"(?P<unit>time|year|month|week|visit|trip|summit|meeting)s?\b",
    re.IGNORECASE,
)
FIRST_EVER = re.compile(rf"\b(?P<ord>{_ORD})[-\s]ever\b", re.IGNORECASE)
FIRST_SINCE = re.compile(
    r"\bthe\s+(?P<ord>first)\s+(?:[\w’'-]+\s+){1,6}?(?:since\s+(?:\d{4}|the\s+\w+)|in\s+(?:more\s+than\s+|over\s+|nearly\s+|almost\s+)?"
    r"(?:a|an|\w+)\s+(?:decades?|years?|centur(?:y|ies)))\b",
    re.IGNORECASE,
)
ONLY = re.compile(r"\bthe\s+only\s+", re.IGNORECASE)
RECORD = re.compile(
    r"\b(?:record(?:-breaking|-setting|[-\s]highs?|[-\s]lows?)?|all-time\s+(?:high|low)|unprecedented)\b"
    r"|\b(?:largest|biggest|highest|lowest|smallest|greatest|longest|worst|best|most\s+\w+)\s+(?:[\w-]+\s+){0,3}?ever\b"
    r"|\b(?:the\s+)?world['’]s\s+(?:largest|biggest|highest|lowest|smallest|greatest|longest|oldest|most\s+\w+|\w+est)\b",
    re.IGNORECASE,
)
_STREAK_UNITS = ("year", "month", "week")
_VAGUE_ONLY = frozenset(
    {
        "way",
        "thing",
        "one",
        "reason",
        "time",
        "option",
        "question",
        "problem",
        "answer",
        "hope",
        "choice",
        "solution",
    }
)
_EVENT_NOUNS = ("visit", "trip", "summit", "meeting")
_NOT_A_RECORD = frozenset(
    {"track", "criminal", "public", "voting", "service", "medical", "dental", "police", "official"}
)
_RECORD_VERBS = frozenset({"set", "break", "hit", "reach", "beat", "smash", "equal", "match", "surpass"})


def _ordinal_value(word: str) -> int | None:
    word = word.lower()
    if word in ORDINALS:
        return ORDINALS[word]
    digits = re.match(r"\d+", word)
    return int(digits.group()) if digits else None


def _clause_verb(anchor: Token) -> Token | None:
    """The verb whose event the claim is about: a relative clause on "time", else the governor."""
    for child in anchor.children:
        if child.dep_ in ("relcl", "acl") and child.pos_ in ("VERB", "AUX"):
            return child
    return governing_verb(anchor)


def _date_for(ctx: ClaimContext, verb: Token | None, by_verb: dict[int, list[DatedEntity]]) -> str | None:
    """The resolved date attached to ``verb`` or to a verb above it in the same sentence."""
    current = verb
    for _ in range(6):
        if current is None:
            return None
        for dated in by_verb.get(current.i, []):
            if dated.value is not None:
                return dated.value
        if current.head == current:
            return None
        current = current.head
    return None


def _claim(
    ctx: ClaimContext,
    span: Span,
    anchor: Token,
    by_verb: dict[int, list[DatedEntity]],
    *,
    value: float | None,
    unit: str,
    confidence: float,
) -> ClaimItem:
    verb = _clause_verb(anchor)
    subject, entities = describe_actor(ctx, verb) if verb is not None else (None, ())
    target = event_target(verb) if verb is not None else None
    if target is not None and target.i == anchor.i:
        target = None  # "for the first time": the ordinal's own noun is not what was first
    if (
        target is None
        and anchor.pos_ == "NOUN"
        and anchor.lemma_.lower() not in _VAGUE_ONLY | {"year", "month", "week"}
    ):
        target = anchor  # "the largest ever deployment of the fleet": the record is the deployment's
    date = _date_for(ctx, verb, by_verb)
    statement = None
    if verb is not None and subject:
        tokens = [t.i for t in clause_tokens(verb)]
        clause = ctx.doc[min(tokens) : max(tokens) + 1]
        statement = event_statement(ctx, verb, clause, subject, date)
        if span.text not in statement:
            statement += f" ({span.text})"
    target_text = phrase(ctx, target, target.sent) if target is not None else None
    if statement is None and target_text:
        # No actor, but what was first is said: "there is for the first time a practical pathway"
        # reads "Practical in depth pathway: for the first time", never a bare "for the first time".
        statement = f"{target_text[:1].upper()}{target_text[1:]}: {span.text}"
    return ClaimItem(
        kind="first",
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        sentence=ctx.sentence(anchor),
        value=value,
        unit=unit,
        date=date,
        subject=subject,
        action=verb.lemma_.lower() if verb is not None else None,
        target=target_text,
        entities=entities,
        confidence=confidence,
        statement=statement,
    )


def _ordinal_claims(ctx: ClaimContext, by_verb: dict[int, list[DatedEntity]]) -> list[ClaimItem]:
    doc = ctx.doc
    text = ctx.text
    claims: list[ClaimItem] = []
    for match in ORDINAL_TIME.finditer(text):
        unit = match["unit"].lower()
        streak = match["streak"]
        if unit in _STREAK_UNITS and not streak:
            continue  # "the first year of the war" is a period, not a claim
        value = _ordinal_value(match["ord"])
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if value is None or span is None or ctx.skipped(match.start(), match.end()):
            continue
        # "for the first time in history": the qualifier is part of what must be checked.
        tail = re.match(
            r"\s+(?:in\s+(?:history|decades|years|a\s+decade|\d+\s+years)|ever)\b", text[match.end() :]
        )
        if tail:
            span = doc.char_span(match.start(), match.end() + tail.end(), alignment_mode="expand") or span
        anchor = doc.char_span(match.start("unit"), match.end("unit"), alignment_mode="expand")
        if anchor is None:
            continue
        noun = anchor.root
        # "the first time a Japanese prime minister has attended a NATO summit": the clause is the claim.
        clause = next((c for c in noun.children if c.dep_ in ("relcl", "acl") and c.i > noun.i), None)
        if clause is not None and not tail:
            right = min(clause.right_edge.i, noun.sent.end - 1, noun.i + 25)
            while right > clause.i and (doc[right].is_punct or doc[right].is_space):
                right -= 1
            if "\n" not in doc[span.start : right + 1].text:
                span = doc[span.start : right + 1]
        label = f"consecutive {unit}" if streak else unit
        claim = _claim(ctx, span, noun, by_verb, value=value, unit=label, confidence=0.75)
        if unit in _EVENT_NOUNS:
            # "the chairman's fourth official visit": the possessor is the actor, the noun the action.
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            subject = None
            if owner is not None:
                names, _weight = actors_of(ctx, owner)
                subject = " and ".join(names) if names else owner.text
            claim = replace(claim, subject=subject or claim.subject, action=unit)
        claims.append(claim)
    for pattern, unit in ((FIRST_EVER, "ever"), (FIRST_SINCE, "first since")):
        for match in pattern.finditer(text):
            value = _ordinal_value(match["ord"])
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if value is None or span is None or ctx.skipped(match.start(), match.end()):
                continue
            anchor = doc.char_span(match.start("ord"), match.end("ord"), alignment_mode="expand")
            head = anchor.root.head if anchor is not None else span.root
            claims.append(_claim(ctx, span, head, by_verb, value=value, unit=unit, confidence=0.7))
    return claims


def _only_claims(ctx: ClaimContext, by_verb: dict[int, list[DatedEntity]]) -> list[ClaimItem]:
    doc = ctx.doc
    claims: list[ClaimItem] = []
    for match in ONLY.finditer(ctx.text):
        first = doc.char_span(
            match.start(),
            match.end() - 1 if match.end() > match.start() else match.end(),
            alignment_mode="expand",
        )
        if first is None or first.end >= len(doc):
            continue
        noun = next((t for t in doc[first.end : first.end + 4] if t.pos_ in ("NOUN", "PROPN")), None)
        if noun is None or (noun.sent.start != first.start and noun.sent != first[0].sent):
            continue
        while noun.head.i > noun.i and noun.dep_ == "compound":
            noun = noun.head
        if noun.lemma_.lower() in _VAGUE_ONLY or not any(
            c.dep_ in ("prep", "relcl", "acl") and c.i > noun.i for c in noun.children
        ):
            continue  # "the only way", a bare "the only candidate": nothing to check against
        sent = noun.sent
        right = min(noun.right_edge.i, sent.end - 1, noun.i + 20)
        while right > noun.i and doc[right].is_punct:
            right -= 1
        span = doc[first.start : right + 1]
        if ctx.skipped(span.start_char, span.end_char):
            continue
        claim = _claim(ctx, span, noun, by_verb, value=1, unit="only", confidence=0.65)
        # "Japan was the only country ...": the actor is the subject of "was", not of the relative clause.
        if noun.dep_ == "attr":
            subject, entities = describe_actor(ctx, noun.head)
            if subject is not None:
                claim = ClaimItem(
                    **{
                        **claim.__dict__,
                        "subject": subject,
                        "statement": f"{subject} {noun.head.text} {span.text}",
                        "entities": tuple(dict.fromkeys(entities + claim.entities)),
                    }
                )
        claims.append(claim)
    return claims


def _record_claims(ctx: ClaimContext, by_verb: dict[int, list[DatedEntity]]) -> list[ClaimItem]:
    doc = ctx.doc
    claims: list[ClaimItem] = []
    for match in RECORD.finditer(ctx.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None or ctx.skipped(match.start(), match.end()):
            continue
        token = span[0] if span[0].lower_ not in ("the",) else span[1] if len(span) > 1 else span[0]
        if token.lower_.startswith("record"):
            previous = doc[token.i - 1] if token.i > 0 else None
            if previous is not None and previous.lower_ in _NOT_A_RECORD:
                continue
            if token.pos_ == "VERB":
                continue  # "recorded" never matches; "to record" is the verb
            following = doc[span.end] if span.end < len(doc) else None
            qualifies = (
                (token.dep_ in ("amod", "compound", "nmod") and token.head.pos_ in ("NOUN", "NUM", "PROPN"))
                or (
                    following is not None
                    and (
                        following.like_num or following.lower_ in ("high", "low", "number", "levels", "level")
                    )
                )
                or (token.dep_ == "dobj" and token.head.lemma_.lower() in _RECORD_VERBS)
                or "-" in token.text
            )
            if not qualifies:
                continue
        following = doc[span.end] if span.end < len(doc) else None
        if following is not None and following.like_num and following.sent == span[0].sent:
            # "a record 65 million people": the record is the number and what it counts.
            counted = following
            while counted.like_num and counted.head.i > counted.i and counted.head.i - span.end < 6:
                counted = counted.head
            span = doc[span.start : counted.i + 1]
        # Extend to the noun the superlative describes ("unprecedented frequency").
        last = span[-1]
        head = last.head if last.dep_ in ("amod", "compound", "advmod") else None
        if head is not None and head.pos_ == "NOUN" and 0 < head.i - last.i <= 4 and head.sent == last.sent:
            span = doc[span.start : head.i + 1]
        claim = _claim(ctx, span, span.root, by_verb, value=None, unit="record", confidence=0.6)
        if "world" in span.text.lower() and span.root.pos_ == "NOUN":
            # "the world's most powerful military alliance": the record belongs to the thing itself.
            claim = replace(claim, subject=span.root.lemma_.lower())
        claims.append(claim)
    return claims


def find_firsts(ctx: ClaimContext) -> list[ClaimItem]:
    """Ordinal ("first time"), "only" and record claims outside the skipped ranges."""
    by_verb = ctx.dates_by_verb()
    found = _ordinal_claims(ctx, by_verb) + _only_claims(ctx, by_verb) + _record_claims(ctx, by_verb)
    # A "first" must name who or what was first: a bare "for the first time" says nothing checkable.
    return [c for c in found if c.subject or c.target]
