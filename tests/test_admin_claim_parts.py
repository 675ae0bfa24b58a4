"""Admin: the claim page says what a claim claims, and why it conflicts."""

from __future__ import annotations

import pytest

from claims.models import Claim

from .factories import logged_in, make_article, make_claim, make_mention, make_outlet

pytestmark = pytest.mark.django_db


def test_claim_page_shows_the_parts_and_which_part_of_a_conflict_differs() -> None:
    claim = make_claim(
        text="Japan's assistance to Ukraine: $7.6 billion",
        value=7.6e9,
        unit="USD",
        measure="assistance",
        subject="Japan",
        qualifiers="to Ukraine",
    )
    for outlet, amount, value, stance in (
        ("Tokyo Ledger", "$7.6 billion", 7.6e9, "supports"),
        ("Kyiv Evening", "$1.5 billion", 1.5e9, "contradicts"),
    ):
        text = f"Japan's assistance to Ukraine totals {amount}, the ministry said."
        article = make_article(text=text, outlet=make_outlet(name=outlet))
        at = text.index("$")
        make_mention(
            claim=claim,
            article=article,
            start=at,
            end=at + len(amount),
            value=value,
            unit="USD",
            stance=stance,
        )
    page = logged_in("eddie", "Editors").get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert 'id="claim-parts"' in page and "<em>assistance</em>" in page and "<em>Japan</em>" in page
    assert 'id="conflict"' in page and "differ on the value" in page
    assert "Contradicts: “$1.5 billion” (Kyiv Evening" in page
    assert "Supports: “$7.6 billion” (Tokyo Ledger" in page


def test_claim_page_of_an_agreed_claim_shows_no_conflict() -> None:
    claim = make_claim(
        kind=Claim.Kind.EVENT, text="Jens Stoltenberg visited Japan", subject="Jens Stoltenberg"
    )
    make_mention(claim=claim)
    page = logged_in("eddie", "Editors").get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert 'id="conflict"' not in page and "by <em>Jens Stoltenberg</em>" in page
