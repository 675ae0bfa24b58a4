"""Editors' changes to speakers: merge, split (move mentions), rename, duplicates; history and the API follow."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from claims.models import Claim, ClaimKey, HistoryEntry, Mention, Speaker, SpeakerAlias, SpeakerDuplicate
from claims.services.speakers import (
    speaker_alias_remove,
    speaker_duplicate_keep_apart,
    speaker_duplicate_merge,
    speaker_merge,
    speaker_resolve,
    speaker_split,
    speaker_update,
)

from .factories import make_article, make_claim, make_mention

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor() -> User:
    return User.objects.create_user("eddie", password="x", is_staff=True)


def quote(speaker: Speaker | None, *articles: Any, text: str = "a quote", public: bool = True) -> Claim:
    """A quote claim with one mention per article, all attributed to ``speaker``."""
    claim = make_claim(
        kind=Claim.Kind.QUOTE,
        text=text,
        speaker=speaker,
        status=Claim.Status.SINGLE_SOURCE if public else Claim.Status.UNREVIEWED,
        verdict_note="Checked." if public else "",
    )
    for article in articles:
        make_mention(claim=claim, article=article, speaker=speaker, start=0, end=5)
    return claim


def api_speakers(client: Client, claim: Claim) -> tuple[str | None, list[str | None]]:
    body = client.get(f"/api/v1/claims/{claim.pk}/").json()
    name = body["speaker"]["name"] if body["speaker"] else None
    return name, [m["speaker"]["name"] if m["speaker"] else None for m in body["mentions"]]


def test_split_moves_mentions_to_a_new_speaker_and_claims_follow(
    editor: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.API_CACHE_SECONDS = 300
    # Two people named Matt Smith were merged: the attorney wrote in article 1, the actor in 2.
    attorney_article, actor_article = make_article(), make_article()
    smith = speaker_resolve(name="Matt Smith", role="county attorney", article=attorney_article)
    assert smith is not None
    SpeakerAlias.objects.create(speaker=smith, name="Matthew Smith", key="matthew smith", short_key="matthew smith",
                                article=actor_article)  # fmt: skip
    only_actor = quote(smith, actor_article, text="Filming wraps in spring")
    both = quote(smith, attorney_article, actor_article, text="It was a long week")
    only_attorney = quote(smith, attorney_article, text="Charges on Monday")
    client = Client()
    assert api_speakers(client, only_actor) == ("Matt Smith", ["Matt Smith"])  # now cached

    moving = list(Mention.objects.filter(article=actor_article))
    with django_capture_on_commit_callbacks(execute=True):
        actor = speaker_split(
            speaker=smith,
            mentions=moving,
            new_name="Matt Smith",
            role="actor",
            actor=editor,
            note="two people",
        )
    assert actor.pk != smith.pk and actor.label == "Matt Smith (2)" and actor.role == "actor"
    # A claim whose every mention moved takes the new speaker; its history says so.
    only_actor.refresh_from_db()
    assert only_actor.speaker == actor and only_actor.editor_locked
    entry = only_actor.history.get(action=HistoryEntry.Action.SPEAKER)
    assert entry.actor == editor and entry.before["speaker"] == "Matt Smith" and entry.note == "two people"
    # A claim with mentions of both: the moved one is split off into a claim of its own.
    both.refresh_from_db()
    assert both.speaker == smith and both.mentions.count() == 1
    new = Claim.objects.exclude(pk__in=[only_actor.pk, both.pk, only_attorney.pk]).get()
    assert new.speaker == actor and new.editor_locked
    assert both.history.filter(action=HistoryEntry.Action.SPLIT).exists()
    assert new.history.filter(action=HistoryEntry.Action.SPLIT).exists()
    # Untouched claim: no history.
    assert not only_attorney.history.exists()
    # The spelling first seen in the actor's article went with the actor; the shared name stays.
    assert set(smith.aliases.values_list("name", flat=True)) == {"Matt Smith"}
    assert set(actor.aliases.values_list("name", flat=True)) == {"Matt Smith", "Matthew Smith"}
    # Matching finds the claims under their new speaker.
    assert ClaimKey.objects.filter(claim=only_actor, key__startswith=f"q:{actor.pk}:").exists()
    # The editor decided they are two people: recorded, both speakers locked against the machine.
    dup = SpeakerDuplicate.objects.get()
    assert dup.state == SpeakerDuplicate.State.KEPT_APART and dup.decided_by == editor
    assert Speaker.objects.filter(editor_locked=True).count() == 2
    # The public API follows at once, cache or not.
    assert api_speakers(client, only_actor) == ("Matt Smith", ["Matt Smith"])
    body = client.get(f"/api/v1/claims/{only_actor.pk}/").json()
    assert body["speaker"]["id"] == actor.pk and body["speaker"]["disambiguation"] == "2"


def test_split_to_an_existing_speaker(editor: User) -> None:
    a, b = make_article(), make_article()
    donald = speaker_resolve(name="Donald Trump", article=a)
    melania = speaker_resolve(name="Melania Trump", article=b)
    assert donald is not None and melania is not None
    wrong = quote(donald, b, text="Be best")
    speaker_split(speaker=donald, mentions=list(wrong.mentions.all()), target=melania, actor=editor)
    wrong.refresh_from_db()
    assert wrong.speaker == melania and Mention.objects.get(claim=wrong).speaker == melania


def test_split_refuses_what_makes_no_sense(editor: User) -> None:
    a = make_article()
    donald = speaker_resolve(name="Donald Trump", article=a)
    other = speaker_resolve(name="Melania Trump", article=a)
    assert donald is not None and other is not None
    claim = quote(donald, a)
    mentions = list(claim.mentions.all())
    with pytest.raises(ValidationError, match="one of the two"):
        speaker_split(speaker=donald, mentions=mentions, actor=editor)
    with pytest.raises(ValidationError, match="one of the two"):
        speaker_split(speaker=donald, mentions=mentions, target=other, new_name="X Y", actor=editor)
    with pytest.raises(ValidationError, match="Only mentions of"):
        speaker_split(speaker=other, mentions=mentions, new_name="X Y", actor=editor)
    with pytest.raises(ValidationError, match="already on that speaker"):
        speaker_split(speaker=donald, mentions=mentions, target=donald, actor=editor)
    with pytest.raises(ValidationError, match="Choose the mentions"):
        speaker_split(speaker=donald, mentions=[], new_name="X Y", actor=editor)
    assert not HistoryEntry.objects.exists()


def test_merge_records_history_on_every_claim_and_empties_the_api_cache(
    editor: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.API_CACHE_SECONDS = 300
    a, b = make_article(), make_article()
    susumu = speaker_resolve(name="Susumu Takai", article=a)
    shin = speaker_resolve(name="Shin Takai", article=b)
    assert susumu is not None and shin is not None
    as_claim = quote(shin, b, text="one")
    # A claim whose own speaker is someone else but one mention is Shin's: it is recorded too.
    mixed = quote(susumu, a, text="two")
    make_mention(claim=mixed, article=b, speaker=shin, start=1, end=6)
    client = Client()
    assert api_speakers(client, as_claim) == ("Shin Takai", ["Shin Takai"])
    with django_capture_on_commit_callbacks(execute=True):
        speaker_merge(target=susumu, others=[shin], actor=editor)
    assert not Speaker.objects.filter(pk=shin.pk).exists()
    assert api_speakers(client, as_claim) == ("Susumu Takai", ["Susumu Takai"])
    for claim in (as_claim, mixed):
        entry = claim.history.get(action=HistoryEntry.Action.SPEAKER)
        assert entry.before == {"speaker": "Shin Takai"} and entry.after == {"speaker": "Susumu Takai"}
        assert entry.actor == editor
    assert speaker_resolve(name="Shin Takai") == Speaker.objects.get(pk=susumu.pk), "the old name is an alias"
    alias = SpeakerAlias.objects.get(name="Shin Takai")
    assert alias.article == b, "the alias keeps the article it came from"
    assert Speaker.objects.get(pk=susumu.pk).editor_locked


def test_duplicates_are_merged_or_kept_apart_by_editors(editor: User) -> None:
    attorney = speaker_resolve(name="Matt Smith", role="county attorney")
    actor = speaker_resolve(name="Matt Smith", role="actor")
    assert attorney is not None and actor is not None and attorney != actor
    dup = SpeakerDuplicate.objects.get()
    speaker_duplicate_keep_apart(duplicate=dup, actor=editor)
    dup.refresh_from_db()
    assert dup.state == SpeakerDuplicate.State.KEPT_APART and dup.decided_at is not None
    with pytest.raises(ValidationError, match="decided"):
        speaker_duplicate_merge(duplicate=dup, actor=editor)

    twin = speaker_resolve(name="Jane Roe", role="senator")
    other = speaker_resolve(name="Jane Roe", role="pianist")
    assert twin is not None and other is not None
    claim = quote(other, make_article())
    pair = SpeakerDuplicate.objects.get(state=SpeakerDuplicate.State.OPEN)
    kept = speaker_duplicate_merge(duplicate=pair, actor=editor)
    assert kept == twin and not Speaker.objects.filter(pk=other.pk).exists()
    pair.refresh_from_db()
    assert pair.state == SpeakerDuplicate.State.MERGED and pair.decided_by == editor
    assert pair.names == "Jane Roe / Jane Roe (pianist)"
    claim.refresh_from_db()
    assert claim.speaker == twin and claim.history.filter(action=HistoryEntry.Action.SPEAKER).exists()


def test_rename_goes_through_the_service_with_history_and_keeps_the_old_spelling(
    editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    speaker = speaker_resolve(name="Shin Takai")
    assert speaker is not None
    claim = quote(speaker, make_article())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        speaker_update(speaker=speaker, name="Susumu Takai", kind="person", role="analyst", disambiguation="",
                       actor=editor)  # fmt: skip
    assert callbacks, "the API cache is emptied"
    speaker.refresh_from_db()
    assert speaker.name == "Susumu Takai" and speaker.editor_locked
    assert set(speaker.aliases.values_list("name", flat=True)) == {"Shin Takai", "Susumu Takai"}
    entry = claim.history.get(action=HistoryEntry.Action.SPEAKER)
    assert entry.before["speaker"] == "Shin Takai" and entry.after["speaker"] == "Susumu Takai"
    other = speaker_resolve(name="Jun Nagashima")
    assert other is not None
    with pytest.raises(ValidationError, match="merge the two"):
        speaker_update(
            speaker=other, name="Susumu Takai", kind="person", role="", disambiguation="", actor=editor
        )


def test_an_alias_an_editor_removes_no_longer_joins(editor: User) -> None:
    speaker = speaker_resolve(name="Susumu Takai", aliases=["Shin Takai"])
    assert speaker is not None
    alias = SpeakerAlias.objects.get(name="Shin Takai")
    speaker_alias_remove(alias=alias, actor=editor)
    assert speaker_resolve(name="Shin Takai") != speaker
    with pytest.raises(ValidationError, match="own name"):
        speaker_alias_remove(alias=SpeakerAlias.objects.get(name="Susumu Takai"), actor=editor)
