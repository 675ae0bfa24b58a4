"""`rematch --speakers` heals a store made by the old rules and keeps what editors decided."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.extraction.types import ArticleMeta, Extraction, ExtractionError, Quote, SpeakerRef
from claims.models import Article, Claim, HistoryEntry, Mention, Speaker, SpeakerAlias
from claims.services.ingest import articles_ingest
from claims.services.rematch import speakers_rematch

from .factories import make_article, make_claim, make_mention, said

pytestmark = pytest.mark.django_db


class FakeExtract:
    """What the current extraction says about each stored text (the store is what is tested)."""

    def __init__(self) -> None:
        self.by_text: dict[str, Extraction | ExtractionError] = {}

    def add(self, text: str, quote: Quote, ref: SpeakerRef | None = None) -> None:
        self.by_text[text] = Extraction(
            meta=ArticleMeta(), boilerplate=(), quotes=(quote,), claims=(), speakers=(ref,) if ref else ()
        )

    def __call__(self, texts: Sequence[str]) -> Iterator[Extraction | ExtractionError]:
        for text in texts:
            yield self.by_text.get(text) or ExtractionError(message="extraction failed: test")


def old_quote(
    fake: FakeExtract, words: str, *, stored_on: Speaker | None, now: str | None, named: str, **kw: object
) -> Claim:
    """An article whose quote the old rules attributed to ``stored_on``; today's extraction says ``now``."""
    status = "resolved" if now else "unresolved"
    text, quote = said(words, now, named=named, status=status)
    article = make_article(text=text)
    claim = make_claim(kind=Claim.Kind.QUOTE, text=words, speaker=stored_on, **kw)
    make_mention(
        claim=claim, article=article, start=quote.start, end=quote.end, speaker=stored_on, speaker_text=named
    )
    fake.add(text, quote, SpeakerRef(name=now) if now else None)
    return claim


def old_speaker(name: str, *aliases: tuple[str, str]) -> Speaker:
    """A speaker as the old store kept it: its aliases keyed the old way, a bare surname among them."""
    speaker = Speaker.objects.create(name=name)
    for alias, key in aliases:
        SpeakerAlias.objects.create(speaker=speaker, name=alias, key=key)
    return speaker


def test_rematch_heals_a_store_joined_by_a_bare_surname_and_keeps_editor_decisions() -> None:
    fake = FakeExtract()
    donald = old_speaker("Donald Trump", ("Donald Trump", "donald trump"), ("Trump", "trump"))
    he = old_speaker("He", ("He", "he"))
    own = old_quote(
        fake, "We will build the wall", stored_on=donald, now="Donald Trump", named="Donald Trump"
    )
    wrong = old_quote(fake, "Be best, always", stored_on=donald, now="Melania Trump", named="Trump")
    pronoun = old_quote(fake, "I never said that", stored_on=he, now=None, named="he")
    reviewed = old_quote(
        fake,
        "I love this country so much",
        stored_on=donald,
        now="Melania Trump",
        named="Trump",
        editor_locked=True,
        status=Claim.Status.SINGLE_SOURCE,
        verdict_note="Checked.",
    )

    report = speakers_rematch(extract=fake)

    assert (report.articles, report.failed, report.mentions) == (4, 0, 4)
    assert (report.changed, report.kept, report.speakers_removed) == (2, 1, 1)
    melania = Speaker.objects.get(name="Melania Trump")
    assert Mention.objects.get(claim=own).speaker == donald, "the same row keeps its speaker"
    assert Claim.objects.get(pk=wrong.pk).speaker == melania, "the claim follows its mention"
    assert Mention.objects.get(claim=wrong).speaker == melania
    m = Mention.objects.get(claim=pronoun)
    assert (
        m.speaker is None and m.speaker_status == "unresolved" and m.speaker_display == "unknown speaker (he)"
    )
    assert Claim.objects.get(pk=pronoun.pk).speaker is None
    assert not Speaker.objects.filter(pk=he.pk).exists(), "the pronoun speaker is gone"
    assert not SpeakerAlias.objects.filter(name="Trump").exists(), "no bare surname alias"
    # The editor reviewed this claim: its mention keeps the speaker it had.
    assert Mention.objects.get(claim=reviewed).speaker == donald
    assert Claim.objects.get(pk=reviewed.pk).speaker == donald
    entry = HistoryEntry.objects.get(claim=wrong, action=HistoryEntry.Action.SPEAKER)
    assert entry.before == {"speakers": ["Donald Trump"]} and entry.after == {"speakers": ["Melania Trump"]}
    assert entry.note.startswith("rematch")

    speakers = sorted(Speaker.objects.values_list("id", "name", "role"))
    aliases = sorted(SpeakerAlias.objects.values_list("id", "speaker_id", "key", "article_id"))
    mentions = sorted(Mention.objects.values_list("id", "claim_id", "speaker_id", "speaker_status"))
    again = speakers_rematch(extract=fake)
    assert (again.changed, again.aliases_removed, again.speakers_removed) == (0, 0, 0)
    assert (again.claims.moved, again.claims.claims_created, again.claims.claims_removed) == (0, 0, 0)
    assert sorted(Speaker.objects.values_list("id", "name", "role")) == speakers
    assert sorted(SpeakerAlias.objects.values_list("id", "speaker_id", "key", "article_id")) == aliases
    assert sorted(Mention.objects.values_list("id", "claim_id", "speaker_id", "speaker_status")) == mentions


def test_rematch_splits_namesakes_and_leaves_speakers_an_editor_touched() -> None:
    fake = FakeExtract()
    smith = old_speaker("Matt Smith", ("Matt Smith", "matt smith"))
    text, q = said("The charges will be filed on Monday", "Matt Smith")
    attorney_article = make_article(text=text)
    fake.add(text, q, SpeakerRef(name="Matt Smith", role="county attorney"))
    first = make_claim(kind=Claim.Kind.QUOTE, text=q.text, speaker=smith)
    make_mention(claim=first, article=attorney_article, start=q.start, end=q.end, speaker=smith)
    text, q = said("Filming wraps up in the spring", "Matt Smith")
    actor_article = make_article(text=text)
    fake.add(text, q, SpeakerRef(name="Matt Smith", role="actor"))
    second = make_claim(kind=Claim.Kind.QUOTE, text=q.text, speaker=smith)
    make_mention(claim=second, article=actor_article, start=q.start, end=q.end, speaker=smith)
    # An editor-touched speaker whose quote today's extraction gives to nobody: kept.
    locked = Speaker.objects.create(name="Jane Roe", editor_locked=True)
    kept = old_quote(fake, "We shall see what happens", stored_on=locked, now=None, named="she")

    report = speakers_rematch(extract=fake)

    assert report.changed == 1 and report.kept == 1
    assert Claim.objects.get(pk=first.pk).speaker == smith
    actor = Claim.objects.get(pk=second.pk).speaker
    assert actor is not None and actor != smith and actor.label == "Matt Smith (actor)"
    assert smith.duplicates_as_first.get().other == actor
    assert Mention.objects.get(claim=kept).speaker == locked
    assert speakers_rematch(extract=fake).changed == 0


def test_an_article_extraction_fails_on_keeps_its_mentions() -> None:
    fake = FakeExtract()
    speaker = old_speaker("Jun Nagashima", ("Jun Nagashima", "jun nagashima"))
    article = make_article(text="“A text the extraction now fails on,” Jun Nagashima said.")
    claim = make_claim(kind=Claim.Kind.QUOTE, text="A text", speaker=speaker)
    make_mention(claim=claim, article=article, start=1, end=7, speaker=speaker)
    report = speakers_rematch(extract=fake)
    assert (report.failed, report.changed, report.speakers_removed) == (1, 0, 0)
    assert Mention.objects.get(claim=claim).speaker == speaker


def test_rematch_speakers_right_after_ingest_changes_nothing(seeds_dir: Path) -> None:
    articles_ingest(paths=[seeds_dir])
    before = sorted(Mention.objects.values_list("id", "claim_id", "speaker_id", "speaker_status"))
    speakers = sorted(Speaker.objects.values_list("id", "name"))
    out = StringIO()
    call_command("rematch", "--speakers", stdout=out)
    assert "0 changed speaker" in out.getvalue()
    assert "0 moved" in out.getvalue()
    assert sorted(Mention.objects.values_list("id", "claim_id", "speaker_id", "speaker_status")) == before
    assert sorted(Speaker.objects.values_list("id", "name")) == speakers
    assert Article.objects.count() == 5
