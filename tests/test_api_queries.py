"""Every list endpoint costs a fixed number of queries, whatever the page size."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import AnonRateThrottle

from claims.models import Claim

from .factories import add_to_sheet, make_article, make_mention, make_public_claim, make_sheet, make_speaker

pytestmark = pytest.mark.django_db

# count + rows (+ one prefetch of mentions with article, outlet and speaker joined). A claim list
# reads stored bodies: count + rows; a claim whose body is not stored yet adds its rows and
# mentions, and the store (a savepoint, an upsert, its release), however many claims it has.
MAX_QUERIES = {
    "claims": 2,
    "quotes": 2,
    "articles": 2,
    "outlets": 2,
    "speakers": 2,
    "sheets": 2,
}


@pytest.fixture(autouse=True)
def no_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})
    cache.clear()


@pytest.fixture
def many_rows() -> None:
    for n in range(60):
        speaker = make_speaker(name=f"Speaker {n}")
        claim = make_public_claim(
            kind=Claim.Kind.QUOTE if n % 2 else Claim.Kind.QUANTITY, text=f"claim number {n}", speaker=speaker
        )
        for _ in range(2):
            make_mention(claim=claim, article=make_article(), speaker=speaker)
        sheet = make_sheet(published=True)
        add_to_sheet(sheet, claim)


@pytest.mark.parametrize("endpoint", sorted(MAX_QUERIES))
@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_count_does_not_grow_with_page_size(
    client: Client, django_assert_max_num_queries: Any, many_rows: None, endpoint: str, page_size: int
) -> None:
    if endpoint in ("claims", "quotes"):
        with django_assert_max_num_queries(MAX_QUERIES[endpoint] + 5):
            first = client.get(f"/api/v1/{endpoint}/", {"page_size": page_size})
        cache.clear()
    with django_assert_max_num_queries(MAX_QUERIES[endpoint]):
        response = client.get(f"/api/v1/{endpoint}/", {"page_size": page_size})
    assert response.status_code == 200
    if endpoint in ("claims", "quotes"):
        assert response.content == first.content
    assert len(response.json()["results"]) == (page_size if endpoint != "quotes" else min(page_size, 30))


def test_sheet_detail_query_count_does_not_grow_with_its_claims(
    client: Client, django_assert_max_num_queries: Any, many_rows: None
) -> None:
    sheet = make_sheet(slug="big", published=True)
    add_to_sheet(sheet, *Claim.objects.all()[:40])
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/sheets/big/")
    assert len(response.json()["claims"]) == 40


@pytest.mark.parametrize("params", [{"search": "claim"}, {"ordering": "value"}, {"outlet": 1, "article": 2}])
def test_filtered_claim_list_stays_fixed(
    client: Client, django_assert_max_num_queries: Any, many_rows: None, params: dict[str, Any]
) -> None:
    # On PostgreSQL a search first looks up the speakers whose name matches (one more query).
    most = 3 if "search" in params else 2
    with django_assert_max_num_queries(most + 5):  # bodies built and stored
        first = client.get("/api/v1/claims/", {**params, "page_size": 50})
    cache.clear()
    with django_assert_max_num_queries(most):
        again = client.get("/api/v1/claims/", {**params, "page_size": 50})
    assert first.status_code == again.status_code == 200
    assert again.content == first.content


def test_lookup_reads_no_mentions_it_does_not_show(client: Client, many_rows: None) -> None:
    """Lookup results are claims without their mentions: reading them would cost a query and
    every mention's row for nothing."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/claims/lookup/", {"q": "claim number 7"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results and results[0]["claim"]["text"] == "claim number 7"
    assert "mentions" not in results[0]["claim"]
    assert not [q["sql"] for q in queries.captured_queries if "claims_mention" in q["sql"]]
    assert len(queries.captured_queries) <= 5
