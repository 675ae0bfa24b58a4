"""Checkable claims: quantities, dates, "first" and record claims, events.

:func:`find_claims` runs the finders over one parsed document. They share a
:class:`ClaimContext`, which computes once what several of them need (skipped ranges, entity
lookups, full names for surnames, resolved dates) so the whole pass stays linear in the text.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from datetime import datetime

from spacy.tokens import Doc, Span, Token

from . import dates, events, firsts, quantities, worthiness
from .dates import DatedEntity
from .nlp import doc_ents, doc_text
from .people import PeopleIndex
from .types import BoilerplateRange, ClaimItem

NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART"})


def _grouped(
    found: list[DatedEntity], key: Callable[[DatedEntity], int | None]
) -> dict[int, list[DatedEntity]]:
    """Dates by a token index (None: left out), each group in the text's order."""
    grouped: dict[int, list[DatedEntity]] = {}
    for dated in found:
        at = key(dated)
        if at is not None:
            grouped.setdefault(at, []).append(dated)
    return grouped


class ClaimContext:
    """One document with the lookups the claim finders share."""

    def __init__(
        self,
        doc: Doc,
        *,
        skip: Sequence[BoilerplateRange] = (),
        published_at: datetime | None = None,
        people: PeopleIndex | None = None,
        byline: str | None = None,
    ) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.published_at = published_at
        # The author of a signed piece: "I" in its own words (not inside a quote) is the author.
        self.byline = byline
        self._starts, self._ends = _merge_ranges(skip)
        self._entity_of: list[Span | None] = [None] * len(doc)
        for ent in doc_ents(doc):
            for i in range(ent.start, ent.end):
                self._entity_of[i] = ent
        self._dates: list[DatedEntity] | None = None
        self._dates_by_verb: dict[int, list[DatedEntity]] | None = None
        self._dates_by_start: dict[int, list[DatedEntity]] | None = None
        self.people = people if people is not None else PeopleIndex(doc, [(r.start, r.end) for r in skip])

    def skipped(self, start: int, end: int) -> bool:
        """Whether the character range [start, end) overlaps a boilerplate range."""
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and self._ends[i] > start:
            return True
        j = i + 1
        return j < len(self._starts) and self._starts[j] < end

    def entity(self, token: Token) -> Span | None:
        return self._entity_of[token.i]

    def sentence(self, token: Token) -> str:
        return token.sent.text

    def dates(self) -> list[DatedEntity]:
        """DATE entities with their resolved values and verbs, computed once per document."""
        if self._dates is None:
            self._dates = list(dates.date_entities(self))
        return self._dates

    def dates_by_verb(self) -> dict[int, list[DatedEntity]]:
        """The same dates grouped by the index of the verb they are attached to."""
        if self._dates_by_verb is None:
            self._dates_by_verb = _grouped(self.dates(), lambda d: d.verb.i if d.verb is not None else None)
        return self._dates_by_verb

    def dates_by_start(self) -> dict[int, list[DatedEntity]]:
        """The same dates by the index of their first token (a figure's phrase looks its own up)."""
        if self._dates_by_start is None:
            self._dates_by_start = _grouped(self.dates(), lambda d: d.ent.start)
        return self._dates_by_start

    def full_name(self, name: str, label: str) -> str:
        """The full name of a person mentioned by surname alone ("Kishida" -> "Fumio Kishida")."""
        # The small model often tags a lone surname as ORG or GPE; a surname of a person named
        # in full earlier is that person whatever the label says.
        if " " not in name and label in ("PERSON", "ORG", "GPE", "NORP"):
            return self.people.full_name(name)
        return name


def _merge_ranges(skip: Sequence[BoilerplateRange]) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for item in sorted(skip, key=lambda r: r.start):
        if item.end <= item.start:
            continue
        if ends and item.start <= ends[-1]:
            ends[-1] = max(ends[-1], item.end)
        else:
            starts.append(item.start)
            ends.append(item.end)
    return starts, ends


def find_claims(
    doc: Doc,
    *,
    skip: Sequence[BoilerplateRange] = (),
    published_at: datetime | None = None,
    people: PeopleIndex | None = None,
    byline: str | None = None,
) -> list[ClaimItem]:
    """Every checkable claim in ``doc`` outside the ``skip`` ranges, in text order."""
    ctx = ClaimContext(doc, skip=skip, published_at=published_at, people=people, byline=byline)
    found: list[ClaimItem] = []
    found.extend(quantities.find_quantities(ctx))
    found.extend(firsts.find_firsts(ctx))
    event_claims, taken_dates = events.find_events(ctx)
    found.extend(event_claims)
    found.extend(dates.find_date_claims(ctx, taken=taken_dates))
    result = []
    seen: set[tuple[str, int, int]] = set()
    score = worthiness.Worthiness(ctx)
    for claim in sorted(found, key=lambda c: (c.start, c.end, c.kind)):
        key = (claim.kind, claim.start, claim.end)
        if key in seen or ctx.skipped(claim.start, claim.end):
            continue
        seen.add(key)
        result.append(score(claim))  # a copy with its check-worthiness and reasons
    return result
