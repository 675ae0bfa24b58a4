"""Storing an article costs a bounded number of queries, and still matches within the article."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, HistoryEntry, Mention
from claims.services.ingest import articles_ingest

pytestmark = pytest.mark.django_db

THINGS = [
    "harbour bridge",
    "river tunnel",
    "city library",
    "north ring road",
    "airport terminal",
    "water plant",
    "tram depot",
    "sports stadium",
    "central hospital",
    "ferry pier",
    "concert hall",
    "fire station",
    "bus station",
    "science museum",
    "school campus",
    "flood barrier",
    "cycle bridge",
    "port crane",
    "metro line",
    "town hall",
]


def figures(n: int, *, day: int, unit: str = "million", first: int = 0) -> str:
    """An article of ``n`` figures, each about another thing (no speakers: their names cost
    queries of their own)."""
    lines = [f"Council Budget Report {day}", f"Published: {day} March 2024", ""]
    for i in range(first, first + n):
        lines.append(f"The council said the repairs to the {THINGS[i]} cost ${10 + i} {unit}.")
    return "\n".join(lines) + "\n"


def queries_to_ingest(path: Path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        [outcome] = articles_ingest(paths=[path])
    assert outcome.status == "new"
    return len(ctx.captured_queries)


def mentions_of(day: int) -> int:
    return Mention.objects.filter(article__title=f"Council Budget Report {day}").count()


def test_queries_per_article_do_not_grow_with_its_claims(
    write_article: Callable[..., Path], django_assert_max_num_queries: Any
) -> None:
    # Stored candidates for every figure below, a thousand times apart: compared, never joined.
    queries_to_ingest(write_article("before.txt", figures(20, day=1, unit="billion")))
    small = queries_to_ingest(write_article("small.txt", figures(2, day=2)))
    assert mentions_of(2) == 2
    # The large article joins the small one's claims: one update more for each (its suggestion
    # changes), and the read of their stored sources; nothing more per item. (+ 1: the reads made
    # only when needed, such as the article's own stored mentions, may differ by one.)
    with django_assert_max_num_queries(small + 1 + 2 + 1):
        articles_ingest(paths=[write_article("large.txt", figures(20, day=3))])
    assert mentions_of(3) == 20
    joined = Claim.objects.filter(mentions__article__title__endswith=" 2").filter(
        mentions__article__title__endswith=" 3"
    )
    assert joined.distinct().count() == 2


def test_article_repeating_its_own_new_claim_adds_a_mention_of_it(
    write_article: Callable[..., Path],
) -> None:
    text = (
        "Harbour Bridge Reopens After Repairs\nPublished: 3 March 2024\n\n"
        '"We finished ahead of schedule and under budget, and the bridge is safe again," said Mayor Ana Lopez.\n'
        "Traffic resumed on Tuesday morning.\n"
        '"We finished ahead of schedule and under budget," said Mayor Ana Lopez.\n'
    )
    articles_ingest(paths=[write_article("a.txt", text)])
    quote = Claim.objects.get(kind=Claim.Kind.QUOTE)
    spans = sorted((m.start, m.end) for m in quote.mentions.all())
    assert [text[s:e] for s, e in spans] == [
        "We finished ahead of schedule and under budget, and the bridge is safe again",
        "We finished ahead of schedule and under budget",
    ]
    # As one write per item would record it: created, the later mention, then the suggestion.
    actions = list(HistoryEntry.objects.filter(claim=quote).order_by("id").values_list("action", flat=True))
    assert actions == ["created", "mention", "suggestion"]
    assert quote.suggested_status == Claim.Status.SINGLE_SOURCE and quote.source_count == 1


def test_joining_a_stored_claim_records_its_previous_suggestion(write_article: Callable[..., Path]) -> None:
    quote = '"We finished ahead of schedule and under budget," said Mayor Ana Lopez.\n'
    articles_ingest(paths=[write_article("a.txt", f"Bridge Reopens\nPublished: 3 March 2024\n\n{quote}")])
    articles_ingest(paths=[write_article("b.txt", f"Bridge Open Again\nPublished: 4 March 2024\n\n{quote}")])
    claim = Claim.objects.get(kind=Claim.Kind.QUOTE)
    assert claim.mentions.count() == 2
    last = HistoryEntry.objects.filter(claim=claim, action=HistoryEntry.Action.SUGGESTION).order_by("id")
    assert [(h.before, h.after) for h in last] == [
        ({"suggested_status": "unreviewed"}, {"suggested_status": "single_source"}),
        ({"suggested_status": "single_source"}, {"suggested_status": "corroborated"}),
    ]
