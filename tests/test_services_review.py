"""The editor workflow: every allowed and forbidden status change, with its history row."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from claims.models import Claim, HistoryEntry, Mention, Speaker
from claims.services.review import (
    TRANSITIONS,
    StaleVersion,
    claim_edit,
    claim_set_status,
    claims_merge,
    mention_move,
    mention_split,
    speakers_merge_reviewed,
)
from claims.services.speakers import speaker_resolve

from .factories import make_article, make_claim, make_mention

pytestmark = pytest.mark.django_db

ALL = list(Claim.Status.values)
PAIRS = list(itertools.product(ALL, ALL))


@pytest.fixture
def editor() -> User:
    return User.objects.create_user("ed", password="x", is_staff=True)


@pytest.mark.parametrize(("before", "after"), [p for p in PAIRS if p[1] in TRANSITIONS[p[0]]])
def test_allowed_status_change_is_saved_with_history(editor: User, before: str, after: str) -> None:
    claim = make_claim(status=before, verdict_note="Two outlets agree.")
    version = claim.version
    claim_set_status(
        claim=claim, status=after, actor=editor, verdict_note="Checked.", expected_version=version
    )
    claim.refresh_from_db()
    assert claim.status == after
    assert claim.version == version + 1
    assert claim.editor_locked
    assert claim.reviewed_by == editor
    entry = claim.history.get(action=HistoryEntry.Action.STATUS)
    assert entry.actor == editor
    assert entry.before["status"] == before and entry.after["status"] == after
    assert entry.note == "Checked."


@pytest.mark.parametrize(("before", "after"), [p for p in PAIRS if p[1] not in TRANSITIONS[p[0]]])
def test_forbidden_status_change_is_refused_and_not_recorded(editor: User, before: str, after: str) -> None:
    claim = make_claim(status=before, verdict_note="note")
    with pytest.raises(ValidationError):
        claim_set_status(
            claim=claim, status=after, actor=editor, verdict_note="x", expected_version=claim.version
        )
    claim.refresh_from_db()
    assert claim.status == before and claim.version == 1
    assert not claim.history.exists()


def test_rejected_claim_must_be_reopened_first(editor: User) -> None:
    claim = make_claim(status=Claim.Status.REJECTED)
    with pytest.raises(ValidationError, match="reopen it as unreviewed first"):
        claim_set_status(
            claim=claim, status="corroborated", actor=editor, verdict_note="x", expected_version=1
        )


def test_public_status_needs_a_verdict_note(editor: User) -> None:
    claim = make_claim()
    with pytest.raises(ValidationError, match="verdict note"):
        claim_set_status(claim=claim, status="single_source", actor=editor, expected_version=1)


def test_second_editor_with_a_stale_version_is_refused(editor: User) -> None:
    other = User.objects.create_user("other", password="x", is_staff=True)
    claim = make_claim()
    claim_set_status(
        claim=claim, status="conflicting", actor=editor, verdict_note="Sources differ.", expected_version=1
    )
    with pytest.raises(StaleVersion, match="changed by ed") as exc:
        claim_set_status(
            claim=claim, status="corroborated", actor=other, verdict_note="Agree.", expected_version=1
        )
    assert "Nothing was saved" in str(exc.value)
    claim.refresh_from_db()
    assert claim.status == "conflicting" and claim.verdict_note == "Sources differ."
    assert claim.history.count() == 1


def test_internal_note_is_kept_apart_from_the_verdict(editor: User) -> None:
    claim = make_claim()
    claim_set_status(
        claim=claim,
        status="single_source",
        actor=editor,
        verdict_note="One source.",
        internal_note="Call them.",
        expected_version=1,
    )
    claim.refresh_from_db()
    assert claim.verdict_note == "One source." and claim.internal_note == "Call them."


def test_edit_text_and_speaker_is_recorded(editor: User) -> None:
    claim = make_claim(kind=Claim.Kind.QUOTE, text="We will win")
    speaker = Speaker.objects.create(name="Ana Lopez")
    claim_edit(
        claim=claim, actor=editor, expected_version=1, text="We will win.", speaker=speaker, note="tidy"
    )
    claim.refresh_from_db()
    assert claim.text == "We will win." and claim.speaker == speaker and claim.version == 2
    entry = claim.history.get()
    assert entry.before == {"text": "We will win", "speaker": None}
    assert entry.after == {"text": "We will win.", "speaker": "Ana Lopez"}


def test_merge_moves_mentions_and_keeps_history(editor: User) -> None:
    a, b = make_claim(), make_claim()
    ma = make_mention(claim=a)
    mb = make_mention(claim=b)
    HistoryEntry.objects.create(claim=b, action=HistoryEntry.Action.CREATED)
    claims_merge(target=a, others=[b], actor=editor, note="same figure")
    b.refresh_from_db()
    assert b.merged_into == a
    assert set(a.mentions.values_list("id", flat=True)) == {ma.pk, mb.pk}
    assert b.history.filter(action="created").exists(), "history of the merged claim stays"
    assert a.history.filter(action="merge", actor=editor).exists()
    assert b.history.filter(action="merge", actor=editor).exists()
    assert Claim.objects.active().filter(pk=b.pk).count() == 0
    a.refresh_from_db()
    assert a.editor_locked and a.suggested_status == Claim.Status.CORROBORATED


def test_merge_refuses_claims_of_different_kinds(editor: User) -> None:
    with pytest.raises(ValidationError, match="same kind"):
        claims_merge(target=make_claim(), others=[make_claim(kind="quote")], actor=editor)


def test_move_and_split_keep_mentions_and_history(editor: User) -> None:
    a, b = make_claim(), make_claim()
    article = make_article()
    m1 = make_mention(claim=a, article=article, start=0, end=5)
    m2 = make_mention(claim=a, article=make_article(), start=0, end=5)
    mention_move(mention=m1, target=b, actor=editor)
    assert Mention.objects.get(pk=m1.pk).claim == b
    assert a.history.filter(action="move").exists() and b.history.filter(action="move").exists()
    with pytest.raises(ValidationError, match="nothing to split"):
        mention_split(mention=Mention.objects.get(pk=m2.pk), actor=editor)
    mention_move(mention=Mention.objects.get(pk=m1.pk), target=a, actor=editor)
    new = mention_split(mention=Mention.objects.get(pk=m2.pk), actor=editor, note="other year")
    assert Mention.objects.get(pk=m2.pk).claim == new
    assert new.editor_locked and new.history.filter(action="split", note="other year").exists()
    assert Mention.objects.count() == 2


def test_speaker_merge_keeps_aliases_and_records_history(editor: User) -> None:
    a = speaker_resolve(name="Susumu Takai")
    b = speaker_resolve(name="Shin Takai")
    claim = make_claim(kind=Claim.Kind.QUOTE, speaker=b)
    speakers_merge_reviewed(target=a, others=[b], actor=editor)
    assert not Speaker.objects.filter(pk=b.pk).exists()
    assert speaker_resolve(name="Shin Takai") == a, "the old name now resolves to the merged speaker"
    claim.refresh_from_db()
    assert claim.speaker == a
    assert claim.history.get(action="speaker").after == {"speaker": "Susumu Takai"}
