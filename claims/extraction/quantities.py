"""Quantity claims: money, percentages and counts, with normalised value, unit and their parts.

Money and percentages are found with regular expressions over the text (the statistical NER
often splits or mislabels them); counts come from the parse (a number modifying a noun), so the
counted noun and its compound modifiers give the unit ("16 collaboration areas" ->
"collaboration area"). Years, dates, times, durations, article numbers and referential phrases
("the two sides", "one of") are left out: nobody checks them as amounts. Neither are counts of
words that name no countable thing ("one time", "two ways", "three things").

Each figure is then read as a proposition (:mod:`.quantity_parts`): what it measures, of whom,
narrowed how, when and where, and a statement built from those parts.

A change "rose from 50% to 80%" is two claims, each an amount an editor can check on its own
(the old level and the new one), each carrying the other end as a qualifier ("from 50%");
"from 50 to 80%" without a verb of change is a range (an estimate's low and high end).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from .dates import governing_verb
from .quantity_claim import is_change, make_claim, sentence_of
from .quantity_money import find_money, find_percentages
from .quantity_numbers import MULTIPLIERS, TENS, format_value, parse_number, words
from .quantity_parts import actor
from .types import ClaimItem, Occupied

if TYPE_CHECKING:
    from .claimset import ClaimContext

__all__ = ["find_quantities", "parse_number"]

# Counted nouns that make a number a date, a duration, a time or a manner of speaking.
NOISE_UNITS = words(
    """year month week day hour minute second decade century o'clock am pm a.m. p.m. percent per
    cent point round term age"""
)
# Nouns that name no countable thing of their own: "one time", "two ways", "three things",
# "in many respects". A count of them says how something was said, not a fact to check.
GENERIC_NOUNS = words(
    """time times way thing one side part kind sort type lot bit piece aspect respect sense case-by-case
    occasion instance example step option reason question idea"""
)
REFERENTIAL = frozenset({"the", "these", "those", "both", "its", "their", "our", "his", "her", "your", "my"})
SKIP_ENTITY_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"})
# Words that make "11 points" a difference between two percentages (a poll lead, a margin).
POINT_CONTEXT = words(
    """poll polls polling survey lead leads leading led ahead behind trail trails trailing margin
    advantage edge gap approval rating ratings percentage percent"""
)
_PEOPLE = frozenset({"people", "persons", "person"})


def _is_year(value: float, raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100


# --- counts -------------------------------------------------------------------------------------


def _number_run(token: Token) -> tuple[int, int]:
    """Token indices [first, last] of the number ending at ``token`` ("2 million", "a dozen", "10 000")."""
    doc = token.doc
    first = token.i
    while first > 0:
        previous = doc[first - 1]
        if previous.like_num or previous.lower_ in MULTIPLIERS:
            first -= 1
        elif (
            previous.text in ("-", "–")
            and first >= 2
            and not previous.whitespace_
            and not doc[first - 2].whitespace_
            and doc[first - 2].lower_ in TENS
        ):
            first -= 2  # "Twenty-seven states": one number written with a hyphen
        else:
            break
    if first > 0 and doc[first].lower_ in MULTIPLIERS and doc[first - 1].lower_ in ("a", "an"):
        first -= 1  # "a dozen eggs", "a hundred people"
    return first, token.i


def _noun_after(number: Token) -> Token | None:
    """The plural noun a cardinal number quantifies when the parser did not attach them ("has won
    758 pledged delegates" parsed with the number as the object): the number, then at most two
    adjectives or noun modifiers, then a plural common noun that depends on the same word."""
    doc = number.doc
    multiplier = number.lower_ in MULTIPLIERS and number.dep_ == "compound"  # "two dozen villages"
    if not multiplier and (number.tag_ != "CD" or number.dep_ in ("nummod", "quantmod", "compound", "pobj")):
        return None
    if multiplier:
        return number.head if number.head.tag_ == "NNS" and number.head.i == number.i + 1 else None
    for i in range(number.i + 1, min(number.i + 4, len(doc))):
        token = doc[i]
        if token.tag_ == "NNS" and token.head.i == number.head.i and token.dep_ == number.dep_:
            return token
        if token.dep_ not in ("amod", "compound") or token.is_punct:
            return None
    return None


def _restricted(noun: Token) -> bool:
    """The noun phrase is made definite by what follows it, not by an earlier mention: "the 1,237
    delegates needed to win" (a participle, relative clause or infinitive after the noun)."""
    return any(c.dep_ in ("acl", "relcl") and c.i > noun.i for c in noun.children)


def _counted_unit(head: Token) -> tuple[str, str]:
    """Singular unit and the plural phrase as written, from the counted noun and its compounds.

    A people noun ("people", "Americans", "Democrats") gives the unit "person": an editor checks
    "41 million Americans" and "41 million people in the US" as counts of the same thing.
    """
    doc = head.doc
    first = head.i
    while first > 0:
        previous = doc[first - 1]
        hyphen_join = (
            previous.text in ("-", "–")
            and not previous.whitespace_
            and first >= 2
            and not doc[first - 2].whitespace_
        )
        if previous.dep_ == "compound" and not previous.like_num and previous.lower_ not in MULTIPLIERS:
            first -= 1
        elif hyphen_join:
            first -= 2
        else:
            break
    words = "".join(
        (t.text if t.pos_ == "PROPN" or t.text.isupper() else t.lower_) + t.whitespace_
        for t in doc[first : head.i]
    )
    written = words + (head.text if head.pos_ == "PROPN" else head.lower_)
    if head.lower_ in _PEOPLE or head.ent_type_ == "NORP":
        return "person", written
    return words + head.lemma_.lower(), written


POSSESSION_VERBS = frozenset(
    {"have", "include", "encompass", "outline", "comprise", "contain", "cover", "list", "set"}
)


def _count_subject(ctx: ClaimContext, head: Token) -> str | None:
    """Whose count it is: the subject of "have/include/encompass..." when the count is its object."""
    if head.dep_ not in ("dobj", "pobj", "conj"):
        return None
    verb = governing_verb(head)
    if verb is None or verb.lemma_.lower() not in POSSESSION_VERBS:
        return None
    return actor(ctx, verb)


def _skipped_entity(ctx: ClaimContext, token: Token) -> bool:
    """A number inside a date, time, money or percentage entity, unless the tagger only took a
    bare number for a date ("45 and 50 cases" tagged DATE)."""
    if token.ent_type_ not in SKIP_ENTITY_LABELS:
        return False
    ent = ctx.entity(token)
    if ent is None or ent.label_ != "DATE":
        return True
    return not all(t.like_num or t.lower_ in ("and", "or", ",") for t in ent)


def _points_context(ctx: ClaimContext, head: Token) -> bool:
    sentence = sentence_of(ctx, head)
    return any(t.lower_ in POINT_CONTEXT or t.text == "%" for t in sentence)


def _counts(ctx: ClaimContext, taken: Occupied) -> list[ClaimItem]:
    doc = ctx.doc
    found: list[ClaimItem] = []
    for token in doc:
        if not (token.like_num or token.lower_ in MULTIPLIERS):
            continue
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is not None and following.lower_ in MULTIPLIERS and following.head.i == token.head.i:
            continue  # "two dozen eggs" parsed as two modifiers of "eggs": the number ends at "dozen"
        if token.dep_ == "nummod":
            head = token.head
        elif (misparsed := _noun_after(token)) is not None:
            head = misparsed
        else:
            continue
        if head.lower_ in MULTIPLIERS:
            continue  # "two dozen eggs": "dozen" is part of the number, the eggs are counted
        people_name = head.pos_ == "PROPN" and head.ent_type_ == "NORP"
        if (head.pos_ != "NOUN" and not people_name) or head.i < token.i or head.i - token.i > 5:
            continue  # "Article 10": a number after its noun is a label, not a count
        if _skipped_entity(ctx, token) or head.ent_type_ in ("DATE", "TIME"):
            continue
        lemma = head.lemma_.lower()
        unit_override = None
        if lemma == "point" and _points_context(ctx, head):
            unit_override = "percentage point"  # "leads by 11 points" in a poll
        elif lemma in NOISE_UNITS or head.lower_ in NOISE_UNITS or lemma in GENERIC_NOUNS:
            continue
        numbers = [token, *(c for c in token.conjuncts if c.like_num and c.i < head.i)]
        numbers.sort(key=lambda t: t.i)
        for k, number in enumerate(numbers):
            last_of_run = number.i if number is not token else token.i
            first, last = _number_run(doc[last_of_run])
            while last + 1 < head.i and doc[last + 1].lower_ in MULTIPLIERS:
                last += 1  # "two dozen eggs" with "dozen" hung on "two": the number is "two dozen"
            raw = doc[first : last + 1].text
            value = parse_number(raw)
            if value is None or _is_year(value, raw):
                continue
            if raw.lower() in ("one", "a", "an", "zero", "0"):
                continue  # "one country", "zero experience": not a count anyone checks
            after = doc[last + 1] if last + 1 < len(doc) else None
            if after is not None and after.lower_ in ("times", "fold"):
                continue  # "10 times the average": a ratio, not a count of averages
            if after is not None and after.text in ("-", "–") and not number.whitespace_:
                continue  # "two-day summit", "16-year-old": adjectives, not counts
            before = doc[first - 1] if first > 0 else None
            if (
                before is not None
                and (before.lower_ in REFERENTIAL or before.lower_ == "other")
                and not (before.lower_ == "the" and _restricted(head))
            ):
                continue  # "the two sides", "the other three partners": referring back, not counting
            if any(t.lower_ in REFERENTIAL for t in doc[head.left_edge.i : first]) and not _restricted(head):
                continue
            start = doc[first].idx
            # In "45 and 50 cases" each number is its own claim; the last one carries the noun.
            end = head.idx + len(head.text) if k == len(numbers) - 1 else doc[last].idx + len(doc[last].text)
            if taken.overlaps(start, end):
                continue
            unit, written = _counted_unit(head)
            if unit_override:
                unit, written = unit_override, head.lower_
            claim = make_claim(
                ctx,
                "percent" if unit_override else "count",
                start,
                end,
                value,
                None,
                unit,
                anchor=head,
                population=None if unit_override else written,
                subject=_count_subject(ctx, head),
                confidence=0.75,
            )
            if claim is not None:
                found.append(claim)
    return found


def _changes(ctx: ClaimContext, claims: list[ClaimItem]) -> list[ClaimItem]:
    """ "rose from 50% to 80%": the two levels carry each other as qualifiers."""
    ordered = sorted(claims, key=lambda c: c.start)
    out = {id(c): c for c in ordered}
    text = ctx.text
    for a, b in itertools.pairwise(ordered):
        if a.unit != b.unit or a.value_max is not None or b.value_max is not None:
            continue
        if not re.fullmatch(r"\s+to\s+", text[a.end : b.start]):
            continue
        if not re.search(r"\bfrom\s+$", text[max(0, a.start - 8) : a.start], re.IGNORECASE):
            continue
        if not is_change(ctx, a.start):
            continue
        a_text = format_value(a.value or 0, None, a.unit)
        b_text = format_value(b.value or 0, None, b.unit)
        # The verb's subject is what changed; the parse often gives it to one end only.
        measure, subject = a.measure or b.measure, a.subject or b.subject
        label = _label_of(a) or _label_of(b)
        for claim, note in ((a, f"before the change to {b_text}"), (b, f"after the change from {a_text}")):
            amount = (claim.statement or "").rpartition(": ")[2] or claim.text
            statement = f"{label} ({note}): {amount}" if label else f"{amount} ({note})"
            out[id(claim)] = replace(
                claim,
                measure=measure,
                subject=subject,
                qualifiers=(*claim.qualifiers, note),
                statement=statement,
            )
    return [out[id(c)] for c in claims]


def _label_of(claim: ClaimItem) -> str | None:
    label, sep, _ = (claim.statement or "").rpartition(": ")
    return label if sep else None


def _poll_lists(claims: list[ClaimItem]) -> list[ClaimItem]:
    """ "46% for Lee, 41% for Ray among likely voters": the list's qualifiers narrow every figure."""
    polls: dict[str, list[ClaimItem]] = {}
    for claim in claims:
        if claim.measure == "support" and claim.unit == "%" and claim.subject:
            polls.setdefault(claim.sentence, []).append(claim)
    replaced: dict[int, ClaimItem] = {}
    for group in polls.values():
        if len(group) < 2:
            continue
        shared = tuple(dict.fromkeys(q for c in group for q in c.qualifiers if not q.startswith("for ")))
        for claim in group:
            qualifiers = tuple(dict.fromkeys((*claim.qualifiers, *shared)))
            amount = (claim.statement or "").rpartition(": ")[2]
            label = " ".join([f"Support for {claim.subject}", *qualifiers])
            replaced[id(claim)] = replace(claim, qualifiers=qualifiers, statement=f"{label}: {amount}")
    return [replaced.get(id(c), c) for c in claims]


def find_quantities(ctx: ClaimContext) -> list[ClaimItem]:
    """Money, percentages and counts in the document, outside the skipped ranges."""
    money = find_money(ctx)
    taken = Occupied((c.start, c.end) for c in money)
    percentages = find_percentages(ctx, taken)
    for c in percentages:
        taken.add(c.start, c.end)
    return _poll_lists(_changes(ctx, money + percentages + _counts(ctx, taken)))
