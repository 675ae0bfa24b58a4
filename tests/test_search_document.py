"""PostgreSQL: each claim's stored full-text document follows every way a claim is written.

Search reads Claim.search_vector, which a trigger keeps (migration 0012). A write path that
skipped it would leave a claim unfindable by its new words, or findable by words it lost.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from claims import selectors
from claims.models import Claim

from .factories import make_public_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_postgres")]


def found(client: Client, word: str) -> list[int]:
    body = client.get("/api/v1/claims/", {"search": word}).json()
    return [row["id"] for row in body["results"]]


def test_every_kind_of_write_keeps_the_document(client: Client) -> None:
    created = make_public_claim(text="The ferry carried 400 passengers")
    assert found(client, "ferry") == [created.pk]

    created.text = "The tram carried 400 passengers"
    created.save()
    assert found(client, "tram") == [created.pk]
    assert found(client, "ferry") == []

    Claim.objects.filter(pk=created.pk).update(text="The cable car carried 400 passengers")
    assert found(client, "cable") == [created.pk]
    assert found(client, "tram") == []

    bulk = Claim.objects.bulk_create(
        [
            Claim(
                kind=Claim.Kind.QUANTITY,
                text="Lighthouse keepers numbered 12",
                status=Claim.Status.CORROBORATED,
            )
        ]
    )
    assert found(client, "lighthouse") == [bulk[0].pk]

    bulk[0].subject = "harbour staff"
    Claim.objects.bulk_update(bulk, ["subject"])
    assert found(client, "harbour") == [bulk[0].pk]

    # A save of other fields only leaves the document as it was.
    created.status = Claim.Status.SINGLE_SOURCE
    created.save(update_fields=["status"])
    assert found(client, "cable") == [created.pk]

    created.verdict_note = "Checked against the operator's timetable."
    created.save()
    assert found(client, "timetable") == [created.pk]


def test_stored_document_is_the_weighted_document_of_the_fields() -> None:
    claim = make_public_claim(
        text="Wind farms supplied 40% of power", subject="wind farms", verdict_note="Grid data"
    )
    row = Claim.objects.annotate(expected=selectors.claim_search_vector()).get(pk=claim.pk)
    assert row.search_vector == row.expected


def test_text_matches_rank_above_verdict_note_matches(client: Client) -> None:
    in_note = make_public_claim(
        text="Exports rose 3%", verdict_note="Customs figures for the orchard sector."
    )
    in_text = make_public_claim(text="Orchard exports rose 5%")
    assert found(client, "orchard") == [in_text.pk, in_note.pk]


def test_search_reads_the_index_not_every_claim() -> None:
    make_public_claim(text="Bridges were repaired in 14 towns")
    # All claims, not the public ones: on a tiny table the planner would pick the public index.
    query = selectors.claims_search(Claim.objects.all(), "bridges")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        # The test table is tiny, so the planner would scan it; this asks what it can use.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "claims_claim_search_vector_idx" in plan
    assert "to_tsvector" not in plan


def test_the_product_connection_prices_page_reads_for_cached_storage() -> None:
    # At 75k public claims, the server default (4) made a common word's search read every public
    # claim through the status index (45 ms) instead of the search index (14 ms): bench/api_load.py.
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
