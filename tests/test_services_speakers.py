"""Speakers across articles: who joins a stored speaker, who becomes a new one, who stays unknown.

The store is tested on extractions built by hand (the extraction contract of claims/extraction/types.py),
so these tests say what the store does whatever the in-article resolution finds; a few go end to end
through ingest on texts written for them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from claims import selectors
from claims.exports import export_claims
from claims.extraction.types import ArticleMeta, Extraction, SpeakerRef
from claims.models import Article, Claim, Mention, Speaker, SpeakerAlias, SpeakerDuplicate
from claims.services.extracted import article_store_extraction
from claims.services.ingest import articles_ingest
from claims.services.speaker_names import name_key, roles_conflict, unstorable_reason

from .factories import make_article, said

pytestmark = pytest.mark.django_db


def store(
    words: str,
    who: str | None,
    *,
    role: str | None = None,
    aliases: tuple[str, ...] = (),
    **kw: Any,
) -> Mention:
    """Store one article with one quote, as ingest does after extraction; returns its mention."""
    text, quote = said(words, who, **kw)
    refs = ()
    if who and quote.speaker_status == "resolved":
        refs = (SpeakerRef(name=who, kind=kw.get("kind", "person"), role=role, aliases=aliases),)
    article = make_article(text=text)
    extraction = Extraction(meta=ArticleMeta(), boilerplate=(), quotes=(quote,), claims=(), speakers=refs)
    [mention] = article_store_extraction(article=article, extraction=extraction)
    return Mention.objects.select_related("speaker", "claim").get(pk=mention.pk)


# --- names ----------------------------------------------------------------------------------------


def test_folding_ignores_case_dots_diacritics_titles_and_middle_initials() -> None:
    def key(name: str, kind: str = "person") -> str:
        found = name_key(name, kind)
        assert found is not None, name
        return found.key

    assert key("Recep Tayyip Erdoğan") == key("recep tayyip  ERDOGAN")
    assert key("President Donald Trump") == key("Mr. Donald Trump") == "donald trump"
    assert name_key("Donald J. Trump", "person").short == name_key("Donald Trump", "person").short  # type: ignore[union-attr]
    assert key("Martin Luther King Jr.") != key("Martin Luther King")
    assert name_key("W. Mark Felt", "person").short == name_key("Mark Felt", "person").short  # type: ignore[union-attr]
    assert key("Jean-Claude Juncker") == key("Jean Claude Juncker")
    assert key("Conan O’Brien") == key("Conan O'Brien") == key("Conan OBrien")
    assert key("N.A.T.O.", "organisation") == key("NATO", "organisation") == key("the Nato", "organisation")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("He", "person"),
        ("we", "person"),
        ("They", "organisation"),
        ("The company", "organisation"),
        ("police", "organisation"),
        ("Police", "organisation"),
        ("Groups", "organisation"),
        ("the Foreign Ministry", "organisation"),
        ("The statement", "document"),
        ("Trump", "person"),
        ("Mrs. Clinton", "person"),
        ("President", "person"),
        ("a senior Foreign Ministry official", "anonymous"),
    ],
)
def test_pronouns_surnames_titles_and_common_nouns_are_not_speakers(name: str, kind: str) -> None:
    assert unstorable_reason(name, kind) is not None


@pytest.mark.parametrize(
    ("name", "kind"), [("Matt Smith", "person"), ("NATO", "organisation"), ("Apple", "organisation")]
)
def test_full_names_and_named_organisations_are_speakers(name: str, kind: str) -> None:
    assert unstorable_reason(name, kind) is None


def test_roles_conflict_only_when_they_share_no_word() -> None:
    assert roles_conflict("county attorney", "actor")
    assert not roles_conflict("Prime Minister", "Japanese prime minister")
    assert not roles_conflict("chairman of the Japan Institute for Security Strategies", "its chairman")
    assert not roles_conflict("", "actor"), "a missing role never conflicts"
    assert not roles_conflict("Mr.", "actor") and not roles_conflict("75", "actor"), "nor an empty one"
    assert not roles_conflict("Judge", "Justice") and not roles_conflict("Alaska Gov.", "candidate")
    assert not roles_conflict("Deputy Public Defender", "defense attorney")


# --- joining across articles ------------------------------------------------------------------------


def test_full_name_spellings_join_one_speaker_across_articles() -> None:
    a = store("We will not bow to pressure from anyone", "Recep Tayyip Erdoğan")
    b = store("Turkey stands by its friends in the region", "Recep Tayyip Erdogan")
    c = store("Jobs are coming back to this country", "Donald Trump")
    d = store("Nobody builds walls better than me", "Donald J. Trump")
    e = store("The alliance is open to new members", "N.A.T.O.", kind="organisation")
    f = store("Our door remains open to partners", "NATO", kind="organisation")
    assert a.speaker == b.speaker and c.speaker == d.speaker and e.speaker == f.speaker
    assert Speaker.objects.count() == 3


def test_another_middle_name_is_another_person() -> None:
    w = store("We will not tire and we will not falter", "George W. Bush")
    hw = store("Read my lips: no new taxes", "George H. W. Bush")
    assert w.speaker != hw.speaker


def test_never_joins_by_surname_pronoun_or_common_noun() -> None:
    donald = store("We will make the deal of the century", "Donald Trump", aliases=("Trump", "Donald"))
    bare = store("The fake news will not stop us", "Trump")
    pronoun = store("I never said that about the governor", None, named="he", status="unresolved")
    company = store("Our chips ship next quarter", "The company", kind="organisation")
    company2 = store("Sales grew in every region", "The company", kind="organisation")
    we = store("We are proud of our people", "we")
    assert donald.speaker is not None
    assert bare.speaker is None and bare.speaker_status == "unresolved" and bare.speaker_text == "Trump"
    assert all(m.speaker is None for m in (pronoun, company, company2, we))
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Donald Trump"]
    assert list(SpeakerAlias.objects.values_list("name", flat=True)) == ["Donald Trump"], "no surname alias"


def test_unresolved_quote_is_shown_as_unknown_speaker_and_stores_no_speaker() -> None:
    m = store("I will not resign over this", None, named="he", status="unresolved")
    assert m.speaker is None and m.claim.speaker is None
    assert m.speaker_status == "unresolved" and m.speaker_text == "he"
    assert m.speaker_display == "unknown speaker (he)"
    assert not Speaker.objects.filter(name__iexact="he").exists()
    claim = Claim.objects.prefetch_related("mentions").get(pk=m.claim_id)
    assert claim.speaker_display == "unknown speaker (he)" and claim.speaker_status == "unresolved"


def test_ambiguous_quote_names_its_candidates_and_has_no_speaker() -> None:
    m = store(
        "We love this country",
        None,
        named="Trump",
        status="ambiguous",
        candidates=("Donald Trump", "Melania Trump"),
    )
    assert m.speaker is None and m.speaker_candidates == ["Donald Trump", "Melania Trump"]
    assert m.speaker_display == "ambiguous: Donald Trump or Melania Trump"
    assert not Speaker.objects.exists()


def test_anonymous_sources_never_join() -> None:
    a = store("The talks have stalled again", "a senior official", kind="anonymous")
    b = store("The talks will resume next week", "a senior official", kind="anonymous")
    assert a.speaker is None and b.speaker is None
    assert a.speaker_display == "unknown speaker (a senior official)"


def test_same_name_with_conflicting_roles_is_two_speakers_flagged_as_duplicates() -> None:
    attorney = store("The charges will be filed on Monday", "Matt Smith", role="county attorney")
    actor = store("Filming wraps up in the spring", "Matt Smith", role="actor")
    assert attorney.speaker != actor.speaker
    assert {s.label for s in Speaker.objects.all()} == {"Matt Smith", "Matt Smith (actor)"}
    [dup] = SpeakerDuplicate.objects.all()
    assert dup.state == SpeakerDuplicate.State.OPEN
    assert {dup.speaker, dup.other} == {attorney.speaker, actor.speaker}
    assert "county attorney" in dup.reason and "actor" in dup.reason
    # A later article with one of the roles joins that one; with no role, either fits: ambiguous.
    again = store("The jury will hear from the victims", "Matt Smith", role="Hennepin County Attorney")
    assert again.speaker == attorney.speaker
    unknown = store("It was a long week for everyone", "Matt Smith")
    assert unknown.speaker is None and unknown.speaker_status == "ambiguous"
    assert unknown.speaker_display == "ambiguous: Matt Smith or Matt Smith (actor)"
    assert SpeakerDuplicate.objects.count() == 1


def test_same_name_without_a_role_is_one_speaker() -> None:
    a = store("The charges will be filed on Monday", "Matt Smith", role="county attorney")
    b = store("We expect a verdict soon", "Matt Smith")
    assert a.speaker == b.speaker and Speaker.objects.count() == 1
    assert not SpeakerDuplicate.objects.exists()


def test_full_name_aliases_join_and_are_recorded_with_their_article() -> None:
    spellings = ("Shin Takai", "Nobuyoshi Takai", "Takai Jin")
    first = store(
        "Japan is not eligible to join the alliance",
        "Susumu Takai",
        role="chairman of the Japan Institute for Security Strategies",
        aliases=spellings,
    )
    later = store("Cooperation will grow stronger and stronger", "Takai Jin", role="chairman")
    assert later.speaker == first.speaker
    assert Speaker.objects.count() == 1
    aliases = {a.name: a.article_id for a in SpeakerAlias.objects.all()}
    assert set(aliases) == {"Susumu Takai", *spellings}
    assert set(aliases.values()) == {first.article_id}, "each alias remembers the article it came from"


def test_unattributed_quotes_of_two_articles_join_only_on_a_long_identical_passage() -> None:
    short_a = store("We will win", None, named="he", status="unresolved")
    short_b = store("We will win", None, named="she", status="unresolved")
    assert short_a.claim_id != short_b.claim_id
    long = "The river will be clean again within ten years, we promise"
    long_a = store(long, None, named="he", status="unresolved")
    long_b = store(long, None, named="they", status="unresolved")
    assert long_a.claim_id == long_b.claim_id


# --- end to end -----------------------------------------------------------------------------------


def test_unresolved_speaker_in_the_api_and_exports(settings: Any) -> None:
    m = store("I will not resign over this", None, named="he", status="unresolved")
    Claim.objects.filter(pk=m.claim_id).update(status=Claim.Status.SINGLE_SOURCE, verdict_note="One source.")
    body = Client().get(f"/api/v1/quotes/{m.claim_id}/").json()
    assert body["speaker"] is None
    assert body["speaker_status"] == "unresolved" and body["speaker_text"] == "he"
    assert body["mentions"][0]["speaker"] is None and body["mentions"][0]["speaker_status"] == "unresolved"
    exported = json.loads(b"".join(export_claims("json", selectors.claims_for_export())))
    [claim] = exported["claims"]
    assert claim["speaker"] is None and claim["speaker_status"] == "unresolved"
    assert claim["speaker_text"] == "he"
    rows = list(
        csv.DictReader(
            io.StringIO(b"".join(export_claims("csv", selectors.claims_for_export())).decode("utf-8-sig"))
        )
    )
    assert rows[0]["Speaker"] == rows[0]["Speaker in source"] == "unknown speaker (he)"
    markdown = b"".join(export_claims("md", selectors.claims_for_export())).decode()
    assert "unknown speaker (he)" in markdown


def test_ingest_keeps_a_pronoun_that_resolves_to_nobody_unresolved(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Council Meets\n\n\u201cWe will publish the budget on Friday,\u201d he said at the meeting.\n",
        encoding="utf-8",
    )
    articles_ingest(paths=[tmp_path])
    quotes = Mention.objects.filter(kind=Claim.Kind.QUOTE)
    assert quotes.exists()
    assert not Speaker.objects.filter(name__iexact="he").exists()
    assert all(m.speaker_id is None for m in quotes if m.speaker_text.casefold() == "he")


def test_seed_speakers_hold_no_pronoun_or_common_noun(seeds_dir: Path) -> None:
    articles_ingest(paths=[seeds_dir])
    assert Article.objects.count() == 5
    for speaker in Speaker.objects.all():
        assert unstorable_reason(speaker.name, speaker.kind) is None, speaker.name
    for alias in SpeakerAlias.objects.select_related("speaker"):
        assert name_key(alias.name, alias.speaker.kind) is not None, alias.name
    places = ["Japan", "Paris", "Tokyo", "China", "Ukraine", "Washington", "Brussels", "Vilnius"]
    assert not Speaker.objects.filter(kind="person", name__in=places).exists(), "no place used as a person"


def test_seed_002_takai_spellings_are_one_speaker(seeds_dir: Path) -> None:
    articles_ingest(paths=[seeds_dir / "002_7c12e80272804c2f.txt"])
    takai = Speaker.objects.filter(aliases__name__contains="Takai").distinct()
    assert takai.count() == 1, [s.label for s in takai]
    spellings = set(takai.get().aliases.values_list("name", flat=True))
    assert {"Susumu Takai", "Shin Takai", "Nobuyoshi Takai", "Takai Jin"} <= spellings
