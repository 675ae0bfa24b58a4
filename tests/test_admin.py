"""The admin as editors and reviewers use it: lists, claim pages, verdict buttons, permissions."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from claims.models import Claim, HistoryEntry

from .factories import make_article, make_claim, make_mention, make_outlet, make_speaker

pytestmark = pytest.mark.django_db


def member(name: str, group: str) -> User:
    user = User.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor_client() -> Client:
    client = Client()
    client.force_login(member("eddie", "Editors"))
    return client


@pytest.fixture
def reviewer_client() -> Client:
    client = Client()
    client.force_login(member("rita", "Reviewers"))
    return client


def make_claims(n: int) -> None:
    outlets = [make_outlet() for _ in range(3)]
    speaker = make_speaker()
    for i in range(n):
        claim = make_claim(kind=Claim.Kind.QUOTE if i % 2 else Claim.Kind.QUANTITY, speaker=speaker)
        for outlet in outlets[: 1 + i % 3]:
            make_mention(claim=claim, article=make_article(outlet=outlet))


@pytest.mark.parametrize("n", [5, 200])
def test_claim_list_costs_a_fixed_number_of_queries(
    editor_client: Client, django_assert_max_num_queries: object, n: int
) -> None:
    make_claims(n)
    url = reverse("admin:claims_claim_changelist")
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        response = editor_client.get(url)
    assert response.status_code == 200
    assert response.content.count(b'class="action-select"') == min(n, 50)


def test_claim_list_filters(editor_client: Client) -> None:
    conflicting = make_claim(suggested_status="conflicting", has_contradiction=True, text="conflict-claim")
    make_claim(suggested_status="single_source", text="lonely-claim")
    make_mention(claim=conflicting)
    url = reverse("admin:claims_claim_changelist")
    body = editor_client.get(url, {"suggested": "conflicting"}).content.decode()
    assert "conflict-claim" in body and "lonely-claim" not in body
    body = editor_client.get(url, {"contradicted": "yes"}).content.decode()
    assert "conflict-claim" in body and "lonely-claim" not in body
    article_id = conflicting.mentions.get().article_id
    body = editor_client.get(url, {"article": article_id}).content.decode()
    assert "conflict-claim" in body and "lonely-claim" not in body


def test_editor_marks_a_claim_and_sees_the_history(editor_client: Client) -> None:
    claim = make_claim()
    make_mention(claim=claim)
    response = editor_client.post(
        reverse("admin:claims_claim_review", args=[claim.pk]),
        {"status": "conflicting", "verdict_note": "Two figures.", "internal_note": "ask desk", "version": 1},
        follow=True,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == "conflicting"
    page = response.content.decode()
    assert "Marked conflicting" in page
    assert "status: unreviewed → conflicting" in page
    assert "Two figures." in page


def test_stale_page_gets_the_conflict_message_and_nothing_is_overwritten(editor_client: Client) -> None:
    claim = make_claim()
    url = reverse("admin:claims_claim_review", args=[claim.pk])
    editor_client.post(url, {"status": "conflicting", "verdict_note": "first", "version": 1})
    response = editor_client.post(
        url, {"status": "corroborated", "verdict_note": "second", "version": 1}, follow=True
    )
    assert "after you opened it" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "conflicting" and claim.verdict_note == "first"


def test_reviewer_can_view_but_cannot_change_a_verdict(reviewer_client: Client) -> None:
    claim = make_claim()
    make_mention(claim=claim)
    page = reviewer_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert page.status_code == 200
    assert b"review-form" not in page.content
    response = reviewer_client.post(
        reverse("admin:claims_claim_review", args=[claim.pk]),
        {"status": "corroborated", "verdict_note": "x", "version": 1},
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "unreviewed" and not HistoryEntry.objects.filter(claim=claim).exists()
    assert (
        reviewer_client.post(
            reverse("admin:claims_claim_edit", args=[claim.pk]), {"text": "x", "version": 1}
        ).status_code
        == 403
    )


def test_groups_are_created_with_their_permissions() -> None:
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    reviewers = set(Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True))
    assert {"change_claim", "view_claim", "change_speaker"} <= editors
    assert "view_claim" in reviewers and not any(
        p.startswith(("change_", "add_", "delete_")) for p in reviewers
    )


def test_article_page_highlights_claims_and_escapes_html(editor_client: Client) -> None:
    text = (
        "Title\n<script>alert('x')</script> The council said it spent $5 million on roads.\nRelated items\n"
    )
    article = make_article(text=text, boilerplate=[[text.index("Related"), len(text) - 1, "related"]])
    start = text.index("$5 million")
    claim = make_claim(text="$5 million")
    make_mention(claim=claim, article=article, start=start, end=start + len("$5 million"))
    body = editor_client.get(reverse("admin:claims_article_change", args=[article.pk])).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert f'data-claim="{claim.pk}">$5 million</a>' in body
    assert 'class="fc-boilerplate"' in body


def test_claim_page_shows_every_source_with_the_span_highlighted(editor_client: Client) -> None:
    claim = make_claim(text="$5 million")
    for outlet in ("Daily Ledger", "Evening Post"):
        text = f"{outlet} reports the city spent $5 million on roads."
        at = text.index("$5")
        make_mention(
            claim=claim,
            article=make_article(text=text, outlet=make_outlet(name=outlet)),
            start=at,
            end=at + 10,
            sentence=text,
        )
    body = editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert body.count("<mark>$5 million</mark>") == 2
    assert "Daily Ledger" in body and "Evening Post" in body


def test_claim_page_marks_the_whole_passage_of_a_split_quote(editor_client: Client) -> None:
    text = (
        "Port news. “The cranes came late,” said Lena Okafor, the port chief. “We still open in June.” More."
    )
    start, end = text.index("The cranes"), text.index("June.") + len("June.")
    claim = make_claim(kind=Claim.Kind.QUOTE, text="The cranes came late, We still open in June.")
    make_mention(
        claim=claim,
        article=make_article(text=text),
        start=start,
        end=end,
        text=claim.text,
        sentence="“The cranes came late,” said Lena Okafor, the port chief.",
    )
    body = editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    marked = re.findall(r"<mark>(.*?)</mark>", body, re.S)
    assert len(marked) == 1
    assert marked[0].startswith("The cranes came late") and marked[0].endswith("open in June.")


def test_merge_action_asks_first_then_links_to_the_merged_claim(editor_client: Client) -> None:
    a, b = make_claim(), make_claim()
    make_mention(claim=a)
    make_mention(claim=b)
    changelist = reverse("admin:claims_claim_changelist")
    asked = editor_client.post(changelist, {"action": "merge_claims", "_selected_action": [a.pk, b.pk]})
    # An intermediate page says what will happen; nothing is merged yet.
    assert asked.status_code == 200
    page = asked.content.decode()
    assert f"Merge 2 claims into claim {a.pk}?" in page
    assert f"merged into {a.pk}" in page and "Cancel" in page
    b.refresh_from_db()
    assert b.merged_into_id is None
    done = editor_client.post(
        changelist,
        {
            "action": "merge_claims",
            "_selected_action": [a.pk, b.pk],
            "confirm": "1",
            f"version_{a.pk}": a.version,
            f"version_{b.pk}": b.version,
            "note": "same figure",
        },
        follow=True,
    )
    b.refresh_from_db()
    assert b.merged_into_id == a.pk
    assert a.mentions.count() == 2
    # The message links to the claim the others went into, and the editor lands on it.
    assert done.redirect_chain[-1][0] == reverse("admin:claims_claim_change", args=[a.pk])
    assert (
        f'<a href="{reverse("admin:claims_claim_change", args=[a.pk])}">claim {a.pk}</a>'
        in done.content.decode()
    )
    assert HistoryEntry.objects.filter(claim=b, action=HistoryEntry.Action.MERGE, note="same figure").exists()


def test_merge_from_a_stale_confirmation_page_is_refused(editor_client: Client) -> None:
    a, b = make_claim(), make_claim()
    seen = {f"version_{a.pk}": a.version, f"version_{b.pk}": b.version}
    Claim.objects.filter(pk=b.pk).update(version=b.version + 1)  # another editor changed b meanwhile
    response = editor_client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "merge_claims", "_selected_action": [a.pk, b.pk], "confirm": "1", **seen},
        follow=True,
    )
    b.refresh_from_db()
    assert b.merged_into_id is None
    assert f"Claim {b.pk} was changed" in response.content.decode()


def test_a_merged_away_claim_leads_to_the_claim_it_went_into(editor_client: Client) -> None:
    a, b, c = make_claim(), make_claim(), make_claim()
    Claim.objects.filter(pk=c.pk).update(merged_into=b)
    Claim.objects.filter(pk=b.pk).update(merged_into=a)  # b was merged later into a
    response = editor_client.get(reverse("admin:claims_claim_change", args=[c.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:claims_claim_change", args=[a.pk])
    assert f"Claim {c.pk} was merged into claim {a.pk}" in response.content.decode()


def test_a_refused_verdict_keeps_what_the_editor_typed(editor_client: Client) -> None:
    claim = make_claim()
    make_mention(claim=claim)
    response = editor_client.post(
        reverse("admin:claims_claim_review", args=[claim.pk]),
        {"status": Claim.Status.CORROBORATED, "verdict_note": "", "internal_note": "call the ministry back",
         "version": claim.version},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "Write a public verdict note" in page
    assert "call the ministry back</textarea>" in page
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNREVIEWED and claim.internal_note == ""
    # Shown once: the next visit shows the stored (empty) note again.
    again = editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "call the ministry back" not in again


def test_a_reviewer_is_not_offered_sheet_or_merge_actions(
    reviewer_client: Client, editor_client: Client
) -> None:
    make_claim()
    url = reverse("admin:claims_claim_changelist")
    reviewer_page = reviewer_client.get(url).content.decode()
    assert 'value="add_to_sheet"' not in reviewer_page and 'value="merge_claims"' not in reviewer_page
    assert 'value="export_claims_csv"' in reviewer_page
    editor_page = editor_client.get(url).content.decode()
    assert 'value="add_to_sheet"' in editor_page and 'value="merge_claims"' in editor_page
