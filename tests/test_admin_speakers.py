"""The speaker pages of the admin: aliases with their articles, quotes, moving quotes, duplicates."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim, HistoryEntry, Mention, Speaker, SpeakerAlias, SpeakerDuplicate
from claims.services.speakers import speaker_resolve

from .factories import logged_in, make_article, make_claim, make_mention

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client() -> Client:
    return logged_in("eddie", "Editors")


@pytest.fixture
def reviewer_client() -> Client:
    return logged_in("rita", "Reviewers")


def smith_with_quotes(n: int) -> tuple[Speaker, list[Mention]]:
    first = make_article(title="County news")
    smith = speaker_resolve(
        name="Matt Smith", role="county attorney", aliases=["Matthew Smith"], article=first
    )
    assert smith is not None
    mentions = []
    for i in range(n):
        article = first if i == 0 else make_article(title=f"Story {i}")
        claim = make_claim(kind=Claim.Kind.QUOTE, text=f"quote number {i}", speaker=smith)
        mentions.append(make_mention(claim=claim, article=article, speaker=smith, speaker_text="Smith"))
    return smith, mentions


@pytest.mark.parametrize("n", [3, 30])
def test_speaker_page_shows_aliases_with_articles_and_quotes_in_fixed_queries(
    editor_client: Client, django_assert_max_num_queries: object, n: int
) -> None:
    smith, mentions = smith_with_quotes(n)
    url = reverse("admin:claims_speaker_change", args=[smith.pk])
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = editor_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Matthew Smith" in body and "County news" in body, "each alias with the article it came from"
    assert body.count('name="mentions"') == n
    assert f"claim {mentions[-1].claim_id}" in body
    assert "admin/js/autocomplete.js" in body, "the target speaker is searched, not typed as a number"
    found = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "mention", "field_name": "speaker", "term": "Matthew"},
    ).json()
    assert [r["text"] for r in found["results"]] == ["Matt Smith"], "found by an alias"


def test_editor_moves_quotes_to_a_new_speaker_from_the_page(editor_client: Client) -> None:
    smith, mentions = smith_with_quotes(3)
    url = reverse("admin:claims_speaker_move", args=[smith.pk])
    response = editor_client.post(
        url,
        {
            "mentions": [mentions[1].pk, mentions[2].pk],
            "new_name": "Matt Smith",
            "new_role": "actor",
            "note": "actor",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert (
        "Moved 2 quotes from Matt Smith — county attorney to Matt Smith (2) — actor."
        in response.content.decode()
    )
    actor = Speaker.objects.exclude(pk=smith.pk).get()
    assert set(Mention.objects.filter(speaker=actor).values_list("pk", flat=True)) == {
        mentions[1].pk,
        mentions[2].pk,
    }
    assert HistoryEntry.objects.filter(action=HistoryEntry.Action.SPEAKER, note="actor").count() == 2
    # Moving to an existing speaker: chosen with the autocomplete field (its id).
    response = editor_client.post(url, {"mentions": [mentions[0].pk], "target": actor.pk}, follow=True)
    assert Mention.objects.get(pk=mentions[0].pk).speaker == actor
    # Nothing ticked: a message, no change.
    response = editor_client.post(url, {"target": actor.pk}, follow=True)
    assert "Tick the quotes to move." in response.content.decode()


def test_reviewer_cannot_move_quotes(reviewer_client: Client) -> None:
    smith, mentions = smith_with_quotes(1)
    response = reviewer_client.post(
        reverse("admin:claims_speaker_move", args=[smith.pk]),
        {"mentions": [mentions[0].pk], "new_name": "X Y"},
    )
    assert response.status_code == 403
    assert Mention.objects.get(pk=mentions[0].pk).speaker == smith


def test_possible_duplicates_are_flagged_and_decided_with_buttons(editor_client: Client) -> None:
    attorney = speaker_resolve(name="Matt Smith", role="county attorney")
    actor = speaker_resolve(name="Matt Smith", role="actor")
    assert attorney is not None and actor is not None
    listing = editor_client.get(
        reverse("admin:claims_speaker_changelist"), {"duplicate": "open"}
    ).content.decode()
    assert "Matt Smith" in listing and "actor" in listing
    page = editor_client.get(reverse("admin:claims_speaker_change", args=[actor.pk])).content.decode()
    assert "Keep apart" in page and "Merge into Matt Smith" in page
    dup = SpeakerDuplicate.objects.get()
    assert editor_client.get(reverse("admin:claims_speakerduplicate_changelist")).status_code == 200
    editor_client.post(
        reverse("admin:claims_speakerduplicate_decide", args=[dup.pk, "keep-apart"]), {"back": actor.pk}
    )
    dup.refresh_from_db()
    assert dup.state == SpeakerDuplicate.State.KEPT_APART
    jane = speaker_resolve(name="Jane Roe", role="senator")
    pianist = speaker_resolve(name="Jane Roe", role="pianist")
    assert jane is not None and pianist is not None
    pair = SpeakerDuplicate.objects.get(state=SpeakerDuplicate.State.OPEN)
    response = editor_client.post(
        reverse("admin:claims_speakerduplicate_decide", args=[pair.pk, "merge"]),
        {"back": pianist.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert not Speaker.objects.filter(pk=pianist.pk).exists()


def test_renaming_in_the_admin_goes_through_the_service(editor_client: Client) -> None:
    speaker = speaker_resolve(name="Shin Takai")
    assert speaker is not None
    claim = make_claim(kind=Claim.Kind.QUOTE, text="a quote", speaker=speaker)
    response = editor_client.post(
        reverse("admin:claims_speaker_change", args=[speaker.pk]),
        {"name": "Susumu Takai", "kind": "person", "role": "analyst", "disambiguation": ""},
    )
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.name == "Susumu Takai" and speaker.editor_locked
    assert set(SpeakerAlias.objects.values_list("name", flat=True)) == {"Shin Takai", "Susumu Takai"}
    assert claim.history.filter(action=HistoryEntry.Action.SPEAKER).exists()
    # The speaker list has no delete action: speakers go by merging.
    listing = editor_client.get(reverse("admin:claims_speaker_changelist")).content.decode()
    assert "delete_selected" not in listing and "merge_speakers" in listing


def test_alias_remove_button(editor_client: Client) -> None:
    speaker = speaker_resolve(name="Susumu Takai", aliases=["Shin Takai"])
    assert speaker is not None
    alias = SpeakerAlias.objects.get(name="Shin Takai")
    editor_client.post(reverse("admin:claims_speakeralias_remove", args=[alias.pk]))
    assert not SpeakerAlias.objects.filter(pk=alias.pk).exists()


def test_claim_page_and_list_show_an_unresolved_speaker(editor_client: Client) -> None:
    claim = make_claim(kind=Claim.Kind.QUOTE, text="I will not resign")
    article = make_article(title="Council")
    make_mention(claim=claim, article=article, speaker_status="unresolved", speaker_text="he")
    page = editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "unknown speaker (he)" in page
    listing = editor_client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert "unknown speaker (he)" in listing
    article_page = editor_client.get(
        reverse("admin:claims_article_change", args=[article.pk])
    ).content.decode()
    assert "unknown speaker (he)" in article_page


class FormNesting(HTMLParser):
    """Which form each button of a page submits, as a browser parses it: a <form> opened inside another
    is dropped, so its button submits the outer form (and its own </form> closes that outer one)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: str | None = None
        self.buttons: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and self.open is None:
            self.open = a.get("action") or "(this page)"
        elif tag == "button" and a.get("type", "submit") == "submit":
            key = a.get("value") or a.get("name") or str(len(self.buttons))
            self.buttons.setdefault(key, self.open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.open = None


def form_of_buttons(body: str) -> dict[str, str | None]:
    parser = FormNesting()
    parser.feed(body)
    return parser.buttons


def test_every_button_on_the_claim_page_submits_its_own_form(editor_client: Client) -> None:
    claim = make_claim(kind=Claim.Kind.QUOTE, text="It took too long")
    mention = make_mention(claim=claim, speaker_status="unresolved", speaker_text="he")
    body = editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    buttons = form_of_buttons(body)
    assert buttons["split"] == reverse("admin:claims_mention_split", args=[mention.pk]), (
        "the first source's Split button splits (it used to submit the admin's change form)"
    )
    assert buttons["rejected"] == reverse("admin:claims_claim_review", args=[claim.pk])
    assert "speaker: unknown speaker (he)" in body
    assert "admin/js/autocomplete.js" in body, "the speaker is searched, not picked from a capped list"


def test_move_form_search_leaves_out_the_speaker_and_tells_namesakes_apart(editor_client: Client) -> None:
    attorney = speaker_resolve(name="Matt Grange", role="county attorney")
    actor = speaker_resolve(name="Matt Grange", role="actor")
    assert attorney is not None and actor is not None
    claim = make_claim(kind=Claim.Kind.QUOTE, text="I saw this play at fifteen", speaker=actor)
    make_mention(claim=claim, speaker=actor, speaker_text="Grange")
    page = editor_client.get(reverse("admin:claims_speaker_change", args=[actor.pk])).content.decode()
    search = reverse("admin:claims_speaker_search")
    assert f"{search}?exclude={actor.pk}" in page
    found = editor_client.get(
        search,
        {
            "exclude": actor.pk,
            "term": "Grange",
            "app_label": "claims",
            "model_name": "mention",
            "field_name": "speaker",
        },
    ).json()
    assert [r["id"] for r in found["results"]] == [str(attorney.pk)], "not the speaker being moved from"
    assert found["results"][0]["text"] == "Matt Grange — county attorney · 0 claims", "with its role"
    both = editor_client.get(
        search, {"term": "Grange", "app_label": "claims", "model_name": "claim", "field_name": "speaker"}
    ).json()
    texts = {r["text"] for r in both["results"]}
    assert texts == {"Matt Grange — county attorney · 0 claims", "Matt Grange (actor) · 1 claim"}


def test_duplicate_pages_decide_with_buttons_not_a_save_that_does_nothing(editor_client: Client) -> None:
    attorney = speaker_resolve(name="Matt Grange", role="county attorney")
    actor = speaker_resolve(name="Matt Grange", role="actor")
    assert attorney is not None and actor is not None
    dup = SpeakerDuplicate.objects.get()
    listing = editor_client.get(reverse("admin:claims_speakerduplicate_changelist")).content.decode()
    assert reverse("admin:claims_speakerduplicate_change", args=[dup.pk]) in listing
    assert "Matt Grange — county attorney" in listing and "Matt Grange (actor)" in listing
    page = editor_client.get(reverse("admin:claims_speakerduplicate_change", args=[dup.pk])).content.decode()
    assert 'name="_save"' not in page, "nothing on this page is saved as a form"
    buttons = form_of_buttons(page)
    decide = reverse("admin:claims_speakerduplicate_decide", args=[dup.pk, "keep-apart"])
    assert decide in buttons.values()
    response = editor_client.post(decide, {"back": "duplicates"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:claims_speakerduplicate_changelist")
    assert "apart: two people." in response.content.decode()
    dup.refresh_from_db()
    assert dup.state == SpeakerDuplicate.State.KEPT_APART


def test_speaker_page_offers_no_remove_for_the_speakers_own_name(editor_client: Client) -> None:
    speaker = speaker_resolve(name="Susumu Takai", aliases=["Shin Takai"])
    assert speaker is not None
    own = SpeakerAlias.objects.get(name="Susumu Takai")
    other = SpeakerAlias.objects.get(name="Shin Takai")
    page = editor_client.get(reverse("admin:claims_speaker_change", args=[speaker.pk])).content.decode()
    assert reverse("admin:claims_speakeralias_remove", args=[other.pk]) in page
    assert reverse("admin:claims_speakeralias_remove", args=[own.pk]) not in page
    assert "the speaker's name" in page


def test_claim_list_tells_namesakes_apart_and_filters_quotes_without_a_speaker(editor_client: Client) -> None:
    attorney = speaker_resolve(name="Matt Grange", role="county attorney")
    actor = speaker_resolve(name="Matt Grange", role="actor")
    assert attorney is not None and actor is not None
    make_claim(kind=Claim.Kind.QUOTE, text="attorney words", speaker=attorney)
    make_claim(kind=Claim.Kind.QUOTE, text="actor words", speaker=actor)
    nobody = make_claim(kind=Claim.Kind.QUOTE, text="nobody words")
    make_mention(claim=nobody, speaker_status="unresolved", speaker_text="he")
    url = reverse("admin:claims_claim_changelist")
    listing = editor_client.get(url).content.decode()
    assert attorney.label != actor.label and attorney.label in listing
    only = editor_client.get(url, {"speaker": "none"}).content.decode()
    assert "nobody words" in only and "actor words" not in only
