"""PostgreSQL: the lookup scores only candidates from the search index, and still finds the claim.

"Has this been checked?" used to score trigram similarity against every public claim (1.4 s at
75k claims). It now takes the claims holding the query's rarest words from the index.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from claims import selectors
from claims.models import Claim

from .factories import make_public_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_postgres")]


def best(query: str) -> list[int]:
    return [m.claim.pk for m in selectors.claims_lookup(query, limit=3)]


def candidate_ids(query: str) -> list[int]:
    candidates = selectors._lookup_candidates(query)
    assert candidates is not None
    sql, params = candidates.sql, candidates.params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [pk for pk, _text in cursor.fetchall()]


def test_a_short_claim_inside_a_long_paste_comes_first() -> None:
    ferries = make_public_claim(text="Porthaven spent $4.2 million on new ferries")
    make_public_claim(text="Porthaven opened a new library in March")
    make_public_claim(text="The island ferries carried 310,000 passengers")
    paste = (
        "At a packed meeting on Tuesday the council heard complaints about late boats and the "
        "cost of parking. Officials confirmed that Porthaven spent $4.2 million on new ferries, "
        "and the mayor promised a daily service to every island by the summer."
    )
    assert best(paste)[0] == ferries.pk


def test_common_words_do_not_make_every_claim_a_candidate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "LOOKUP_COMMON_WORD_CLAIMS", 5)
    monkeypatch.setattr(selectors, "LOOKUP_PG_CANDIDATES", 8)
    for n in range(30):
        make_public_claim(text=f"The budget for district {n} grew by {n} percent")
    target = make_public_claim(text="The budget for the lighthouse grew by 9 percent")
    query = "Councillors said the budget for the lighthouse grew by 9 percent this year"
    candidates = candidate_ids(query)
    assert target.pk in candidates
    assert len(candidates) <= 8
    assert best(query)[0] == target.pk


def test_when_every_word_is_common_a_candidate_holds_two_of_the_rarest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selectors, "LOOKUP_COMMON_WORD_CLAIMS", 3)
    for n in range(6):
        make_public_claim(text=f"Exports rose in region {n}")
        make_public_claim(text=f"Imports fell in region {n}")
        make_public_claim(text=f"Tariffs changed in region {n}")
    target = make_public_claim(text="Exports rose while imports fell")
    candidates = candidate_ids("exports rose and imports fell sharply")
    assert target.pk in candidates
    assert best("exports rose and imports fell sharply")[0] == target.pk


def test_no_shared_word_finds_nothing_and_quotes_in_words_are_safe() -> None:
    make_public_claim(text="O'Brien's office counted 1,200 letters")
    assert best("Completely unrelated sentence about kayaks") == []
    assert best("O'Brien's office counted 1,200 letters \\ today")[0] == Claim.objects.get().pk


def test_remembered_word_counts_give_way_to_a_newly_public_claim(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.contrib.auth.models import User
    from django.core.cache import cache

    from claims.services import review

    from .factories import make_claim

    cache.clear()
    query = "Did the Zanzibar ferry really carry 300 passengers on Sunday?"
    assert best(query) == []  # no claim holds those words yet: each counted as held by none
    pending = make_claim(text="The Zanzibar ferry carried 300 passengers on Sunday")
    assert best(query) == []  # not public yet
    editor = User.objects.create_user("desk", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):  # the public version rises on commit
        review.claim_set_status(
            claim=pending,
            status="single_source",
            verdict_note="One report so far.",
            actor=editor,
            expected_version=pending.version,
        )
    assert best(query) == [pending.pk]
