"""Database constraints hold whatever code writes."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from claims.models import Article, Claim, ClaimSheet, ClaimSheetItem, HistoryEntry, Speaker

from .factories import make_article, make_claim, make_mention, make_speaker

pytestmark = pytest.mark.django_db


def violates(fn: object) -> bool:
    try:
        with transaction.atomic():
            fn()  # type: ignore[operator]
    except IntegrityError:
        return True
    return False


def test_same_text_cannot_be_stored_twice() -> None:
    a = make_article(text="Some text.")
    assert violates(lambda: make_article(text="Other text.", content_hash=a.content_hash))


def test_url_unique_when_present_but_many_articles_may_have_none() -> None:
    make_article(url="https://example.org/a")
    make_article(url="")
    make_article(url="")
    assert violates(lambda: make_article(url="https://example.org/a"))


def test_article_state_must_be_known() -> None:
    assert violates(lambda: make_article(state="bogus"))


def test_article_cannot_be_a_copy_of_itself() -> None:
    a = make_article()
    a.republished_from = a
    assert violates(lambda: a.save())


def test_mention_span_must_be_ordered() -> None:
    claim = make_claim()
    article = make_article()
    assert violates(lambda: make_mention(claim=claim, article=article, start=10, end=10, text="x"))
    assert violates(lambda: make_mention(claim=claim, article=article, start=10, end=4, text="x"))


def test_mention_confidence_and_stance_are_bounded() -> None:
    claim = make_claim()
    assert violates(lambda: make_mention(claim=claim, confidence=1.5))
    assert violates(lambda: make_mention(claim=claim, stance="maybe"))


def test_same_span_is_one_mention_per_claim() -> None:
    claim = make_claim()
    article = make_article()
    make_mention(claim=claim, article=article, start=0, end=5)
    assert violates(lambda: make_mention(claim=claim, article=article, start=0, end=5))


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "true"},
        {"suggested_status": "maybe"},
        {"kind": "opinion"},
        {"version": 0},
        {"text": ""},
        {"value": 10, "value_max": 5},
        {"value": None, "value_max": 5},
    ],
)
def test_claim_constraints(fields: dict[str, object]) -> None:
    assert violates(lambda: make_claim(**fields))


def test_claim_range_in_order_is_fine() -> None:
    assert make_claim(value=3, value_max=5).pk


def test_speaker_name_unique_per_kind() -> None:
    make_speaker(name="The joint statement", kind=Speaker.Kind.DOCUMENT)
    make_speaker(name="The joint statement", kind=Speaker.Kind.ORGANISATION)
    assert violates(lambda: make_speaker(name="The joint statement", kind=Speaker.Kind.DOCUMENT))


def test_history_is_append_only() -> None:
    claim = make_claim()
    entry = HistoryEntry.objects.create(claim=claim, action=HistoryEntry.Action.CREATED)
    entry.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_claim_appears_once_per_sheet() -> None:
    sheet = ClaimSheet.objects.create(title="Japan and NATO", slug="japan-nato")
    claim = make_claim()
    ClaimSheetItem.objects.create(sheet=sheet, claim=claim, position=1)
    assert violates(lambda: ClaimSheetItem.objects.create(sheet=sheet, claim=claim, position=2))


def test_public_queryset_hides_unreviewed_rejected_and_merged() -> None:
    shown = make_claim(status=Claim.Status.CORROBORATED)
    make_claim(status=Claim.Status.UNREVIEWED)
    make_claim(status=Claim.Status.REJECTED)
    make_claim(status=Claim.Status.SINGLE_SOURCE, merged_into=shown)
    assert list(Claim.objects.public()) == [shown]
    assert Article.objects.count() == 0
