"""The public API: only reviewed claims, nothing internal, read-only, filters, search, lookup."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from rest_framework.throttling import AnonRateThrottle

from claims.models import Claim

from .factories import (
    SECRET_MARKERS,
    make_article,
    make_mention,
    make_public_claim,
    make_public_dataset,
)

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = ["claims", "quotes", "articles", "outlets", "speakers", "sheets"]


@pytest.fixture(autouse=True)
def no_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})
    cache.clear()


@pytest.fixture
def data() -> dict[str, Any]:
    return make_public_dataset()


def get_json(client: Client, url: str, params: dict[str, Any] | None = None, **extra: Any) -> Any:
    response = client.get(url, params, **extra)
    assert response.status_code == 200, (url, response.status_code, response.content[:500])
    return response.json()


def detail_urls(data: dict[str, Any]) -> dict[str, str]:
    return {
        "claims": f"/api/v1/claims/{data['quantity'].pk}/",
        "quotes": f"/api/v1/quotes/{data['quote'].pk}/",
        "articles": f"/api/v1/articles/{data['article'].pk}/",
        "outlets": f"/api/v1/outlets/{data['outlet'].pk}/",
        "speakers": f"/api/v1/speakers/{data['speaker'].pk}/",
        "sheets": f"/api/v1/sheets/{data['sheet'].slug}/",
    }


def assert_no_secrets(body: str) -> None:
    for marker in (*SECRET_MARKERS, "internal_note", "reviewed_by", 'example.org"', "@example.org", "email"):
        assert marker not in body, marker


# --- nothing unreviewed or internal leaks ----------------------------------------------------------


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_list_endpoint_leaks_nothing_unreviewed_or_internal(
    client: Client, data: dict[str, Any], endpoint: str
) -> None:
    body = client.get(f"/api/v1/{endpoint}/").content.decode()
    assert json.loads(body)["count"] >= 1
    assert_no_secrets(body)


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_detail_endpoint_leaks_nothing_unreviewed_or_internal(
    client: Client, data: dict[str, Any], endpoint: str
) -> None:
    response = client.get(detail_urls(data)[endpoint])
    assert response.status_code == 200
    assert_no_secrets(response.content.decode())


def test_lookup_and_exports_leak_nothing(client: Client, data: dict[str, Any]) -> None:
    lookup = get_json(client, "/api/v1/claims/lookup/", {"q": "UNREVIEWED-TEXT quote"})
    assert_no_secrets(json.dumps(lookup["results"]))  # the query itself is echoed back
    for fmt in ["json", "csv", "claimreview", "md"]:
        for url in [f"/api/v1/claims/export.{fmt}", f"/api/v1/sheets/japan-nato/export.{fmt}"]:
            response = client.get(url)
            assert response.status_code == 200
            assert_no_secrets(b"".join(response.streaming_content).decode())  # type: ignore[attr-defined]


def test_unreviewed_rejected_and_merged_claims_are_not_found(client: Client, data: dict[str, Any]) -> None:
    for key in ["unreviewed", "rejected", "merged"]:
        assert client.get(f"/api/v1/claims/{data[key].pk}/").status_code == 404
    assert client.get(f"/api/v1/quotes/{data['unreviewed'].pk}/").status_code == 404


def test_objects_only_linked_to_unreviewed_claims_are_not_found(client: Client, data: dict[str, Any]) -> None:
    assert client.get(f"/api/v1/articles/{data['hidden_article'].pk}/").status_code == 404
    assert client.get(f"/api/v1/outlets/{data['hidden_outlet'].pk}/").status_code == 404
    assert client.get(f"/api/v1/speakers/{data['hidden_speaker'].pk}/").status_code == 404
    assert client.get("/api/v1/sheets/draft/").status_code == 404
    assert client.get("/api/v1/sheets/draft/export.json").status_code == 404


def test_list_counts_only_public_rows(client: Client, data: dict[str, Any]) -> None:
    assert get_json(client, "/api/v1/claims/")["count"] == 2
    assert [c["id"] for c in get_json(client, "/api/v1/quotes/")["results"]] == [data["quote"].pk]
    assert get_json(client, "/api/v1/articles/")["count"] == 2
    assert {o["name"] for o in get_json(client, "/api/v1/outlets/")["results"]} == {
        "Japan Times",
        "NHK World",
    }
    assert [s["name"] for s in get_json(client, "/api/v1/speakers/")["results"]] == ["Jens Stoltenberg"]
    assert [s["slug"] for s in get_json(client, "/api/v1/sheets/")["results"]] == ["japan-nato"]


# --- what a claim shows -------------------------------------------------------------------------


def test_claim_shows_status_verdict_value_speaker_and_mentions_with_offsets(
    client: Client, data: dict[str, Any]
) -> None:
    claim = get_json(client, f"/api/v1/claims/{data['quantity'].pk}/")
    assert claim["status"] == "corroborated"
    assert claim["verdict_note"] == "Two outlets report the same figure."
    assert claim["value"] == 7.6e9 and claim["unit"] == "USD"
    # The fact-check page, built from the request when SITE_URL is unset.
    assert claim["url"] == f"http://testserver/claims/{data['quantity'].pk}/approximately-76-billion/"
    first = claim["mentions"][0]
    article_text = data["article"].text
    assert article_text[first["start"] : first["end"]] == first["text"] == "approximately $7.6 billion"
    assert first["sentence"].startswith("Japan has so far announced")
    assert first["article"]["outlet"]["name"] == "Japan Times"
    assert first["article"]["published_at"].startswith("2023-04-05")
    assert first["article"]["url"] == "https://example.org/japan-nato"
    quote = get_json(client, f"/api/v1/quotes/{data['quote'].pk}/")
    assert quote["speaker"]["name"] == "Jens Stoltenberg"
    assert quote["mentions"][0]["cue"] == "said"


def test_sheet_detail_lists_its_public_claims_in_order(client: Client, data: dict[str, Any]) -> None:
    sheet = get_json(client, "/api/v1/sheets/japan-nato/")
    assert [c["id"] for c in sheet["claims"]] == [data["quote"].pk, data["quantity"].pk]
    assert sheet["claim_count"] == 2
    assert "created_by" not in sheet


# --- read-only --------------------------------------------------------------------------------


UNSAFE = ["post", "put", "patch", "delete"]


@pytest.mark.parametrize("method", UNSAFE)
def test_unsafe_methods_get_json_405_anonymously(client: Client, data: dict[str, Any], method: str) -> None:
    urls = [f"/api/v1/{e}/" for e in LIST_ENDPOINTS] + list(detail_urls(data).values())
    urls += [
        "/api/v1/claims/lookup/?q=x",
        "/api/v1/claims/export.json",
        "/api/v1/sheets/japan-nato/export.csv",
    ]
    for url in urls:
        response = getattr(client, method)(url, data="{}", content_type="application/json")
        assert response.status_code == 405, (method, url, response.status_code)
        assert response["Content-Type"].startswith("application/json")
        assert "not allowed" in response.json()["detail"]


@pytest.mark.parametrize("method", UNSAFE)
def test_unsafe_methods_get_405_for_a_superuser_with_session_and_csrf_checks(
    data: dict[str, Any], method: str
) -> None:
    get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="boss", password="pw")
    for url in [f"/api/v1/claims/{data['quantity'].pk}/", "/api/v1/claims/", "/api/v1/sheets/japan-nato/"]:
        response = getattr(client, method)(url, data="{}", content_type="application/json")
        assert response.status_code == 405, (method, url, response.status_code)
        assert response.json()["detail"]
    assert Claim.objects.filter(pk=data["quantity"].pk).exists()


def test_head_and_options_are_allowed(client: Client, data: dict[str, Any]) -> None:
    assert client.head("/api/v1/claims/").status_code == 200
    response = client.options("/api/v1/claims/")
    assert response.status_code == 200
    assert "POST" not in response["Allow"]


# --- filters, search, ordering, pagination ------------------------------------------------------


def ids(client: Client, url: str, params: dict[str, Any]) -> list[int]:
    return [
        c["id"]
        for c in get_json(client, url + "?" + "&".join(f"{k}={v}" for k, v in params.items()))["results"]
    ]


def test_claim_filters(client: Client, data: dict[str, Any]) -> None:
    q, n = data["quote"].pk, data["quantity"].pk
    url = "/api/v1/claims/"
    assert ids(client, url, {"status": "single_source"}) == [q]
    assert ids(client, url, {"status": "corroborated"}) == [n]
    assert ids(client, url, {"kind": "quantity"}) == [n]
    assert ids(client, url, {"speaker": data["speaker"].pk}) == [q]
    assert ids(client, url, {"outlet": data["article2"].outlet_id}) == [n]
    assert ids(client, url, {"article": data["article"].pk}) == [q, n]
    assert ids(client, url, {"published_after": "2023-04-06"}) == [n]
    assert ids(client, url, {"published_before": "2023-04-05"}) == [q, n]
    assert ids(client, url, {"published_after": "2024-01-01"}) == []
    assert ids(client, url, {"value_min": "1000000000", "value_max": "1e10"}) == [n]
    assert ids(client, url, {"value_min": "1e10"}) == []
    assert ids(client, url, {"unit": "usd"}) == [n]


def test_status_filter_refuses_private_statuses(client: Client, data: dict[str, Any]) -> None:
    response = client.get("/api/v1/claims/?status=unreviewed")
    assert response.status_code == 400
    assert "UNREVIEWED-TEXT" not in response.content.decode()


def test_search_finds_words_in_text_speaker_and_verdict(client: Client, data: dict[str, Any]) -> None:
    url = "/api/v1/claims/"
    assert ids(client, url, {"search": "billion"}) == [data["quantity"].pk]
    assert ids(client, url, {"search": "Stoltenberg"}) == [data["quote"].pk]
    assert ids(client, url, {"search": "figure"}) == [data["quantity"].pk]
    assert ids(client, url, {"search": "UNREVIEWED"}) == []


def test_ordering_is_stable_and_ends_with_the_id(client: Client, data: dict[str, Any]) -> None:
    for n in range(5):
        make_public_claim(text=f"same value claim {n}", value=5.0, unit="USD")
    url = "/api/v1/claims/"
    by_value = ids(client, url, {"ordering": "value", "unit": "USD", "page_size": 100})
    again = ids(client, url, {"ordering": "value", "unit": "USD", "page_size": 100})
    assert by_value == again
    same = [c.pk for c in Claim.objects.filter(value=5.0).order_by("id")]
    assert by_value == [*same, data["quantity"].pk]
    pages = ids(client, url, {"ordering": "value", "unit": "USD", "page_size": 2}) + ids(
        client, url, {"ordering": "value", "unit": "USD", "page_size": 2, "page": 2}
    )
    assert pages == by_value[:4]


def test_page_size_is_bounded(client: Client, data: dict[str, Any]) -> None:
    Claim.objects.bulk_create(
        Claim(kind=Claim.Kind.EVENT, text=f"event {n}", status=Claim.Status.SINGLE_SOURCE) for n in range(130)
    )
    body = get_json(client, "/api/v1/claims/?page_size=1000")
    assert len(body["results"]) == 100
    assert body["count"] == 132
    assert len(get_json(client, "/api/v1/claims/")["results"]) == 25


def test_article_filters(client: Client, data: dict[str, Any]) -> None:
    url = "/api/v1/articles/"
    assert ids(client, url, {"outlet": data["outlet"].pk}) == [data["article"].pk]
    assert ids(client, url, {"published_after": "2023-04-06"}) == [data["article2"].pk]


# --- lookup ---------------------------------------------------------------------------------------


def test_lookup_finds_the_checked_claim_inside_a_sentence(client: Client, data: dict[str, Any]) -> None:
    body = get_json(
        client,
        "/api/v1/claims/lookup/",
        {"q": "Officials said Japan has announced approximately $7.6 billion so far"},
    )
    assert body["results"], body
    best = body["results"][0]
    assert best["claim"]["id"] == data["quantity"].pk
    assert 0 < best["score"] <= 1
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_lookup_finds_a_quote(client: Client, data: dict[str, Any]) -> None:
    body = get_json(client, "/api/v1/claims/lookup/", {"q": "no other partner is closer"})
    assert body["results"][0]["claim"]["id"] == data["quote"].pk
    assert body["results"][0]["score"] > 0.5


def test_lookup_ignores_unreviewed_claims_and_needs_q(client: Client, data: dict[str, Any]) -> None:
    body = get_json(client, "/api/v1/claims/lookup/", {"q": "UNREVIEWED-TEXT quote"})
    assert all(r["claim"]["id"] != data["unreviewed"].pk for r in body["results"])
    assert client.get("/api/v1/claims/lookup/").status_code == 400
    assert client.get("/api/v1/claims/lookup/", {"q": "x", "limit": "500"}).status_code == 400


def test_lookup_with_unrelated_text_finds_nothing(client: Client, data: dict[str, Any]) -> None:
    assert get_json(client, "/api/v1/claims/lookup/", {"q": "zebra crossing quietly"})["results"] == []


# --- HTTP niceties --------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_detail_has_etag_and_answers_304(client: Client, data: dict[str, Any], endpoint: str) -> None:
    url = detail_urls(data)[endpoint]
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('"')
    assert client.get(url)["ETag"] == etag
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_etag_changes_when_the_claim_changes(client: Client, data: dict[str, Any]) -> None:
    url = f"/api/v1/claims/{data['quantity'].pk}/"
    etag = client.get(url)["ETag"]
    Claim.objects.filter(pk=data["quantity"].pk).update(verdict_note="Updated verdict.")
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_cors_allows_any_origin_to_read(client: Client, data: dict[str, Any]) -> None:
    response = client.get("/api/v1/claims/", HTTP_ORIGIN="https://reader.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/claims/", HTTP_ORIGIN="https://reader.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_anonymous_requests_are_throttled(
    client: Client, data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    codes = [client.get("/api/v1/outlets/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_schema_and_docs_are_served(client: Client) -> None:
    schema = get_json(client, "/api/v1/schema/?format=json")
    assert schema["openapi"].startswith("3.")
    for path in ["/api/v1/claims/", "/api/v1/claims/lookup/", "/api/v1/sheets/{slug}/export.{export_format}"]:
        assert path in schema["paths"]
    assert all(set(ops) <= {"get", "parameters"} for ops in schema["paths"].values())
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
    assert b"cdn.jsdelivr" not in docs.content and b"unpkg" not in docs.content


def test_article_published_at_none_and_claim_without_mentions_are_fine(client: Client) -> None:
    article = make_article(published_at=None)
    claim = make_public_claim(text="no date claim")
    make_mention(claim=claim, article=article)
    make_public_claim(text="claim without mentions")
    assert get_json(client, f"/api/v1/articles/{article.pk}/")["published_at"] is None
    assert get_json(client, "/api/v1/claims/")["count"] == 2
    _ = datetime.now(UTC)


def test_a_conflicting_claim_says_which_part_differs_with_both_wordings(client: Client) -> None:
    text_a = "Japan's assistance to Ukraine totals $7.6 billion, the ministry said."
    text_b = "Japan's assistance to Ukraine totals $1.5 billion, the ministry said."
    claim = make_public_claim(
        kind=Claim.Kind.QUANTITY,
        text="Japan's assistance to Ukraine: $7.6 billion",
        status=Claim.Status.CONFLICTING,
        value=7.6e9,
        unit="USD",
        measure="assistance",
        subject="Japan",
    )
    for text, value, stance in ((text_a, 7.6e9, "supports"), (text_b, 1.5e9, "contradicts")):
        article = make_article(text=text)
        at = text.index("$")
        make_mention(
            claim=claim, article=article, start=at, end=at + 12, value=value, unit="USD", stance=stance,
            measure="assistance", subject="Japan",
        )  # fmt: skip
    body = get_json(client, f"/api/v1/claims/{claim.pk}/")
    assert body["measure"] == "assistance" and body["subject"] == "Japan"
    conflict = body["conflict"]
    assert conflict["differs"] == ["value"]
    assert [s["stated"] for s in conflict["supporting"]] == ["$7.6 billion"]
    assert [s["stated"] for s in conflict["contradicting"]] == ["$1.5 billion"]
    assert "$7.6 billion" in conflict["summary"] and "$1.5 billion" in conflict["summary"]
    calm = get_json(client, f"/api/v1/claims/{make_public_claim(text='$5 million').pk}/")
    assert calm["conflict"] is None
