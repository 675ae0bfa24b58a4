"""Admin: check-worthiness is shown on the claim list and the claim page, never edited."""

from __future__ import annotations

import pytest

from claims.models import Claim

from .factories import logged_in, make_claim, make_mention

pytestmark = pytest.mark.django_db


def test_claim_list_and_page_show_worthiness_with_reasons() -> None:
    claim = make_claim(
        worthiness=0.82, worthiness_reasons=["+ specific figure: $5 million", "- hedged: <could>"]
    )
    make_mention(claim=claim)
    quote = make_claim(kind=Claim.Kind.QUOTE, text="We finished early")
    client = logged_in("eddie", "Editors")
    listing = client.get("/admin/claims/claim/").content.decode()
    assert ">Worth<" in listing and "0.82" in listing
    page = client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert 'id="worthiness"' in page
    assert "<li>+ specific figure: $5 million</li>" in page
    assert "&lt;could&gt;" in page, "reasons are escaped"
    assert 'name="worthiness"' not in page, "no input: worthiness is the machine's"
    page = client.get(f"/admin/claims/claim/{quote.pk}/change/").content.decode()
    assert 'id="worthiness"' not in page, "quotes have no score yet"
