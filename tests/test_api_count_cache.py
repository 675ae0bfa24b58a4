"""A list's row count is remembered under the public version: never stale after a change."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from claims.cache import public_changed
from tests.factories import make_public_claim

pytestmark = pytest.mark.django_db


def test_the_count_is_counted_again_after_every_public_change(client: Client, settings: Any) -> None:
    settings.API_CACHE_SECONDS = 0  # no page cache: only the count is remembered
    for n in range(3):
        make_public_claim(text=f"Figure {n}")
    assert client.get("/api/v1/claims/").json()["count"] == 3
    make_public_claim(text="Figure added without telling anyone")
    # Remembered: the count of the query did not run again...
    assert client.get("/api/v1/claims/", {"page_size": 2}).json()["count"] == 3
    # ...but the rows did, and a change that reaches the public (every service calls this) counts anew.
    public_changed()
    body = client.get("/api/v1/claims/", {"page_size": 2}).json()
    assert body["count"] == 4 and body["next"]
    # Each filter has its own count.
    assert client.get("/api/v1/claims/", {"search": "telling"}).json()["count"] == 1


def test_no_count_is_remembered_when_switched_off(client: Client, settings: Any) -> None:
    settings.API_CACHE_SECONDS = 0
    settings.API_COUNT_CACHE_SECONDS = 0
    make_public_claim(text="One")
    assert client.get("/api/v1/claims/").json()["count"] == 1
    make_public_claim(text="Two")
    assert client.get("/api/v1/claims/").json()["count"] == 2
