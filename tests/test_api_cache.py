"""Anonymous API pages are cached briefly; an editor's change is visible at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from claims.services.review import claim_set_status

from .factories import make_claim, make_mention

pytestmark = pytest.mark.django_db


def test_editor_change_is_visible_at_once_despite_the_cache(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.API_CACHE_SECONDS = 300
    shown = make_claim(status="single_source", verdict_note="One source.", text="shown claim")
    make_mention(claim=shown)
    hidden = make_claim(text="not yet reviewed")
    make_mention(claim=hidden)
    client = Client()
    first = client.get("/api/v1/claims/").json()
    assert [c["text"] for c in first["results"]] == ["shown claim"]
    # The same page again comes from the cache: no query for the claims.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/claims/").json()
    assert again == first
    assert not any("claims_claim" in q["sql"] for q in queries.captured_queries)

    editor = User.objects.create_user("ed", password="x", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):  # the change commits
        claim_set_status(
            claim=hidden, status="corroborated", actor=editor, verdict_note="Two agree.", expected_version=1
        )
    after = client.get("/api/v1/claims/").json()
    assert {c["text"] for c in after["results"]} == {"shown claim", "not yet reviewed"}
    detail = client.get(f"/api/v1/claims/{hidden.pk}/").json()
    assert detail["status"] == "corroborated"


def test_cached_detail_keeps_its_etag_and_answers_304(settings: Any) -> None:
    settings.API_CACHE_SECONDS = 300
    claim = make_claim(status="single_source", verdict_note="One source.")
    make_mention(claim=claim)
    client = Client()
    url = f"/api/v1/claims/{claim.pk}/"
    first = client.get(url, HTTP_ACCEPT="application/json")
    second = client.get(url, HTTP_ACCEPT="application/json")  # served from the cache
    assert first.status_code == second.status_code == 200
    assert first["ETag"] == second["ETag"] and first.content == second.content
    assert (
        client.get(url, HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    )
