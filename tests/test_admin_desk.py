"""The editor's desk without back doors: every admin change goes through a service that keeps the
history, recomputes the suggestions it affects, checks the version the editor saw and empties the
public API's cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from claims.models import Claim, ClaimSheet, HistoryEntry, Mention
from claims.services.review import StaleVersion, mention_move, mention_split
from claims.services.sheets import sheet_add_claims

from .factories import logged_in, make_article, make_claim, make_mention, make_outlet

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor() -> User:
    return User.objects.create_user("ed", password="x", is_staff=True)


def test_after_a_split_the_old_claim_reads_as_its_remaining_source(editor: User) -> None:
    # The machine took the claim's text from the first mention; once that mention is split off,
    # the claim says what its remaining source says.
    claim = make_claim(text="The port cost $5 million", value=5e6, unit="USD")
    first = make_mention(claim=claim, statement="The port cost $5 million", value=5e6, unit="USD")
    make_mention(claim=claim, statement="The port cost $6 million", value=6e6, unit="USD")
    new = mention_split(mention=first, actor=editor, expected_version=claim.version)
    claim.refresh_from_db()
    assert (new.text, new.value) == ("The port cost $5 million", 5e6)
    assert (claim.text, claim.value) == ("The port cost $6 million", 6e6)
    entry = claim.history.filter(action=HistoryEntry.Action.TEXT).get()
    assert entry.before["text"] == "The port cost $5 million" and entry.actor == editor


def test_a_split_keeps_text_an_editor_wrote(editor: User) -> None:
    claim = make_claim(text="machine text")
    first = make_mention(claim=claim, statement="machine text")
    make_mention(claim=claim, statement="other words")
    HistoryEntry.objects.create(claim=claim, actor=editor, action=HistoryEntry.Action.TEXT)
    Claim.objects.filter(pk=claim.pk).update(text="machine text")  # the editor kept these words
    mention_split(mention=first, actor=editor)
    claim.refresh_from_db()
    assert claim.text == "machine text"


def test_move_and_split_refuse_a_stale_page(editor: User) -> None:
    a, b = make_claim(), make_claim()
    m1, m2, _ = make_mention(claim=a), make_mention(claim=a), make_mention(claim=a)
    seen = a.version
    mention_move(mention=m1, target=b, actor=editor, expected_version=seen)  # bumps a's version
    with pytest.raises(StaleVersion):
        mention_split(mention=Mention.objects.get(pk=m2.pk), actor=editor, expected_version=seen)
    with pytest.raises(StaleVersion):
        mention_move(mention=Mention.objects.get(pk=m2.pk), target=b, actor=editor, expected_version=seen)
    assert Mention.objects.get(pk=m2.pk).claim_id == a.pk


def test_split_button_sends_the_version_and_a_stale_one_is_refused() -> None:
    client = logged_in("eve", "Editors")
    claim = make_claim()
    m1, _ = make_mention(claim=claim), make_mention(claim=claim)
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert f'<input type="hidden" name="version" value="{claim.version}">' in page
    Claim.objects.filter(pk=claim.pk).update(version=claim.version + 1)
    asked = client.post(reverse("admin:claims_mention_split", args=[m1.pk]), {"version": claim.version})
    assert "Split this source off claim" in asked.content.decode() and "Cancel" in asked.content.decode()
    assert f'name="version" value="{claim.version}"' in asked.content.decode(), "the version seen is kept"
    response = client.post(
        reverse("admin:claims_mention_split", args=[m1.pk]),
        {"version": claim.version, "confirm": "1"},
        follow=True,
    )
    assert "after you opened it" in response.content.decode()
    assert Mention.objects.get(pk=m1.pk).claim_id == claim.pk


def test_sheet_gets_the_claims_in_the_order_of_the_list() -> None:
    client = logged_in("eve", "Editors")
    reviewed = [
        make_claim(status=Claim.Status.CORROBORATED, verdict_note="ok", text=f"claim {n}") for n in range(3)
    ]
    unreviewed = make_claim(text="not reviewed")
    sheet = ClaimSheet.objects.create(title="Budget", slug="budget")
    url = reverse("admin:claims_claim_changelist") + "?o=1"  # ordered by text, ascending
    ids = [c.pk for c in [*reviewed, unreviewed]]
    asked = client.post(url, {"action": "add_to_sheet", "_selected_action": ids})
    page = asked.content.decode()
    assert "1 of the selected claims is not reviewed." in page and "Cancel" in page
    shown = [int(x) for x in __import__("re").findall(r'<li data-claim="(\d+)">', page)]
    client.post(url, {"action": "add_to_sheet", "_selected_action": ids, "apply": "1", "sheet": sheet.pk})
    stored = list(sheet.items.order_by("position").values_list("claim_id", flat=True))
    assert stored == [pk for pk in shown if pk != unreviewed.pk]
    # Descending order on the list gives the other order.
    other = ClaimSheet.objects.create(title="Other", slug="other")
    sheet_add_claims(sheet=other, claims=Claim.objects.filter(pk__in=ids).order_by("-text"))
    assert list(other.items.order_by("position").values_list("claim_id", flat=True)) == stored[::-1]


def test_mentions_are_read_only_in_the_admin() -> None:
    client = logged_in("eve", "Editors")
    public = make_claim(status=Claim.Status.CORROBORATED, verdict_note="ok")
    hidden = make_claim()
    mention = make_mention(claim=hidden)
    url = reverse("admin:claims_mention_change", args=[mention.pk])
    page = client.get(url)
    assert page.status_code == 200 and b'name="claim"' not in page.content
    client.post(url, {"claim": public.pk, "article": mention.article_id, "start": 0, "end": 5})
    assert Mention.objects.get(pk=mention.pk).claim_id == hidden.pk
    assert client.get(reverse("admin:claims_mention_add")).status_code == 403


def test_changing_an_outlets_group_recomputes_the_claims_it_sources(
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = logged_in("eve", "Editors")
    one, two = make_outlet(name="Daily One"), make_outlet(name="Daily Two")
    claim = make_claim()
    make_mention(claim=claim, article=make_article(outlet=one))
    make_mention(claim=claim, article=make_article(outlet=two))
    from claims.services.suggestions import claim_refresh_suggestion

    claim_refresh_suggestion(claim=claim)
    claim.refresh_from_db()
    assert claim.source_count == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:claims_outlet_change", args=[two.pk]),
            {"name": "Daily Two", "ownership_group": "", "domain": "", "country": ""},
        )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:claims_outlet_change", args=[one.pk]),
            {"name": "Daily One", "ownership_group": "Daily Group", "domain": "", "country": ""},
        )
        client.post(
            reverse("admin:claims_outlet_change", args=[two.pk]),
            {"name": "Daily Two", "ownership_group": "Daily Group", "domain": "", "country": ""},
        )
    claim.refresh_from_db()
    assert claim.source_count == 1, "two outlets of one group are one source"
    assert claim.history.filter(action=HistoryEntry.Action.SUGGESTION).exists()


def test_unpublishing_a_sheet_in_the_admin_hides_it_from_the_api_at_once(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.API_CACHE_SECONDS = 300
    claim = make_claim(status=Claim.Status.CORROBORATED, verdict_note="ok")
    make_mention(claim=claim)
    sheet = ClaimSheet.objects.create(title="Budget", slug="budget", published=True)
    sheet_add_claims(sheet=sheet, claims=Claim.objects.filter(pk=claim.pk))
    public = Client()
    assert public.get("/api/v1/sheets/budget/").status_code == 200  # now cached
    client = logged_in("eve", "Editors")
    form = {
        "title": "Budget",
        "slug": "budget",
        "description": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-id": str(sheet.items.get().pk),
        "items-0-sheet": str(sheet.pk),
        "items-0-position": "0",
        "items-0-claim": str(claim.pk),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:claims_claimsheet_change", args=[sheet.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    sheet.refresh_from_db()
    assert not sheet.published
    assert public.get("/api/v1/sheets/budget/").status_code == 404


def test_demo_accounts_are_an_editor_and_a_reviewer_on_the_sites_address(settings: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8123"
    out = StringIO()
    call_command("create_demo_editor", stdout=out)
    printed = out.getvalue()
    assert "http://127.0.0.1:8123/admin/" in printed and "8000" not in printed
    assert "'editor'" in printed and "'reviewer'" in printed
    editor, reviewer = User.objects.get(username="editor"), User.objects.get(username="reviewer")
    assert editor.has_perm("claims.change_claim") and not reviewer.has_perm("claims.change_claim")
    assert reviewer.has_perm("claims.view_claim")


def test_make_run_builds_the_site_address_from_host_and_port() -> None:
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    dry = subprocess.run(
        ["make", "-n", "run", "HOST=127.0.0.1", "PORT=8123"], cwd=root, capture_output=True, text=True
    ).stdout
    commands = [line for line in dry.splitlines() if "manage.py" in line]
    assert commands and all("SITE_URL=http://127.0.0.1:8123 " in line for line in commands), dry
    assert "runserver 127.0.0.1:8123" in dry and ":8000" not in dry


def test_the_claim_list_is_a_queue_with_its_reasons_and_values_as_people_write_them() -> None:
    client = logged_in("eve", "Editors")
    reviewed = make_claim(
        status=Claim.Status.CORROBORATED, verdict_note="ok", text="reviewed", source_count=5
    )
    plain = make_claim(text="plain unreviewed", worthiness=0.2)
    worthy = make_claim(text="worthy unreviewed", worthiness=0.9)
    sourced = make_claim(text="three sources", source_count=3, worthiness=0.1)
    contradicted = make_claim(
        text="contradicted", has_contradiction=True, source_count=1, value=1.5e9, unit="USD"
    )
    page = client.get(reverse("admin:claims_claim_changelist")).content.decode()
    order = [c.text for c in (contradicted, sourced, worthy, plain, reviewed)]
    positions = [page.index(f">{text}") for text in order]
    assert positions == sorted(positions), "queue: contradictions, sources, worthiness; reviewed last"
    assert "sources contradict" in page and "3 sources" in page and "check-worthy" in page
    assert "$1.5 billion" in page and "1500000000" not in page


def test_assignment_in_progress_and_the_mine_filter() -> None:
    client = logged_in("eve", "Editors")
    mine, other = make_claim(text="mine to check"), make_claim(text="someone else's")
    make_mention(claim=mine)
    client.post(
        reverse("admin:claims_claim_assign", args=[mine.pk]), {"assignee": "me", "version": mine.version}
    )
    mine.refresh_from_db()
    assert mine.assigned_to is not None and mine.assigned_to.username == "eve"
    assert mine.history.filter(action=HistoryEntry.Action.ASSIGN).exists()
    listed = client.get(reverse("admin:claims_claim_changelist") + "?assigned=mine").content.decode()
    assert (
        "mine to check" in listed and "someone else&#x27;s" not in listed and "someone else's" not in listed
    )
    # "In progress" is a state of the desk, never public.
    client.post(
        reverse("admin:claims_claim_review", args=[mine.pk]),
        {
            "status": Claim.Status.IN_PROGRESS,
            "verdict_note": "",
            "internal_note": "",
            "version": mine.version,
        },
    )
    mine.refresh_from_db()
    assert mine.status == Claim.Status.IN_PROGRESS and not mine.is_public
    assert Client().get(f"/api/v1/claims/{mine.pk}/").status_code == 404
    assert other.assigned_to is None


def test_the_internal_discussion_is_never_public() -> None:
    client = logged_in("eve", "Editors")
    claim = make_claim(status=Claim.Status.CORROBORATED, verdict_note="ok")
    make_mention(claim=claim)
    client.post(
        reverse("admin:claims_claim_comment", args=[claim.pk]), {"text": "Ask the ministry for the PDF."}
    )
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "Ask the ministry for the PDF." in page and "eve" in page
    assert claim.comments.count() == 1
    assert "ministry for the PDF" not in Client().get(f"/api/v1/claims/{claim.pk}/").content.decode()
    empty = client.post(reverse("admin:claims_claim_comment", args=[claim.pk]), {"text": "  "}, follow=True)
    assert "Write the comment first" in empty.content.decode() and claim.comments.count() == 1


def test_filters_offer_any_reviewed_and_only_what_the_machine_suggests() -> None:
    client = logged_in("eve", "Editors")
    make_claim(text="judged", status=Claim.Status.REJECTED)
    make_claim(text="waiting")
    page = client.get(reverse("admin:claims_claim_changelist") + "?review=reviewed").content.decode()
    assert ">judged" in page and ">waiting" not in page
    assert "any reviewed" in page
    suggested = page.split('data-filter-title="suggested status"')[1].split("</details>")[0]
    assert "rejected" not in suggested and "in progress" not in suggested and "corroborated" in suggested


def test_history_reads_as_words_newest_first(editor: User) -> None:
    client = logged_in("eve", "Editors")
    claim = make_claim()
    make_mention(claim=claim)
    HistoryEntry.objects.create(
        claim=claim, action=HistoryEntry.Action.SUGGESTION,
        before={"suggested_status": "single_source"}, after={"suggested_status": "corroborated"},
    )  # fmt: skip
    HistoryEntry.objects.create(claim=claim, action=HistoryEntry.Action.COMMENT, after={"comment": 1})
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    history = page.split('id="history"')[1]
    assert "suggested status: single source → corroborated" in history
    assert history.index("comment added") < history.index("suggestion recomputed")


def test_the_demo_data_shows_the_queue_at_work(settings: Any, seeds_dir: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    from claims.services.ingest import articles_ingest

    settings.DEBUG = True
    articles_ingest(paths=[seeds_dir])
    for _ in range(2):  # running it again changes nothing
        call_command("create_demo_editor", stdout=StringIO())
    assert Claim.objects.filter(status=Claim.Status.CORROBORATED).count() == 1
    busy = Claim.objects.get(status=Claim.Status.IN_PROGRESS)
    assert busy.assigned_to is not None and busy.assigned_to.username == "editor"
    assert busy.comments.count() == 1
    client = Client()
    client.force_login(busy.assigned_to)
    page = client.get(reverse("admin:claims_claim_changelist") + "?assigned=mine").content.decode()
    assert page.count('class="action-select"') == 1


def test_publication_dates_read_in_the_projects_time_zone_and_never_midnight(settings: Any) -> None:
    from datetime import UTC, datetime

    settings.TIME_ZONE = "America/New_York"
    from django.utils import timezone

    timezone.deactivate()
    date_only = make_article(published_at=datetime(2024, 3, 1, tzinfo=UTC))  # a day, no time given
    timed = make_article(published_at=datetime(2024, 3, 1, 15, 30, tzinfo=UTC))
    assert date_only.published_label == "2024-03-01", "not shifted to the evening before"
    assert timed.published_label == "2024-03-01 10:30 EST"
    client = logged_in("eve", "Editors")
    page = client.get(reverse("admin:claims_article_changelist")).content.decode()
    assert "midnight" not in page and "2024-03-01 10:30 EST" in page


def test_filters_find_any_outlet_speaker_or_article_by_name() -> None:
    client = logged_in("eve", "Editors")
    outlets = [make_outlet(name=f"Gazette {n:03d}") for n in range(250)]
    wanted = make_claim(text="the far one")
    make_mention(claim=wanted, article=make_article(outlet=outlets[-1], title="Harbour dredging resumes"))
    make_mention(claim=make_claim(text="another"), article=make_article(outlet=outlets[0]))
    url = reverse("admin:claims_claim_changelist")
    page = client.get(url).content.decode()
    assert 'name="outlet"' in page and 'type="search"' in page  # a box, not a cut-off list
    for query in ({"outlet": "Gazette 249"}, {"article": "dredging"}, {"outlet": str(outlets[-1].pk)}):
        body = client.get(url, {**query, "kind": "quantity"}).content.decode()
        assert ">the far one" in body and ">another" not in body, query
        assert 'name="kind" value="quantity"' in body, "the box keeps the other filters"


def test_move_target_is_searched_not_typed_as_a_number() -> None:
    client = logged_in("eve", "Editors")
    source, target = make_claim(text="pledge of aid"), make_claim(text="pledged assistance total")
    m1, _ = make_mention(claim=source), make_mention(claim=source)
    page = client.get(reverse("admin:claims_claim_change", args=[source.pk])).content.decode()
    assert f'name="m{m1.pk}-target"' in page and "admin-autocomplete" in page
    found = client.get(
        "/admin/autocomplete/",
        {"term": "assistance", "app_label": "claims", "model_name": "mention", "field_name": "claim"},
    ).json()
    assert [r["id"] for r in found["results"]] == [str(target.pk)]
    client.post(
        reverse("admin:claims_mention_move", args=[m1.pk]),
        {f"m{m1.pk}-target": target.pk, "version": source.version},
    )
    assert Mention.objects.get(pk=m1.pk).claim_id == target.pk


def test_every_admin_change_form_saves_through_a_service() -> None:
    """Walk the admin: every model an editor may change, add or delete there is saved by a service
    (an override of the admin's own save), never by the admin's raw save."""
    from django.contrib import admin as django_admin
    from django.contrib.auth.models import Group
    from django.test import RequestFactory

    editor_user = User.objects.create_user("walker", password="x", is_staff=True)
    editor_user.groups.add(Group.objects.get(name="Editors"))
    request = RequestFactory().get("/admin/")
    request.user = editor_user
    raw = django_admin.ModelAdmin
    checked = []
    for model, model_admin in django_admin.site._registry.items():
        if model._meta.app_label != "claims":
            continue
        cls = type(model_admin)
        writable = model_admin.has_change_permission(request) and not set(
            model_admin.get_fields(request)
        ) <= set(model_admin.get_readonly_fields(request))
        if writable or model_admin.has_add_permission(request):
            assert cls.save_model is not raw.save_model, f"{model.__name__} is saved by the admin's raw save"
            checked.append(model.__name__)
        if model_admin.has_delete_permission(request):
            assert cls.delete_model is not raw.delete_model, f"{model.__name__} is deleted raw"
    assert {"Outlet", "Article", "Speaker", "ClaimSheet"} <= set(checked)
    assert "Mention" not in checked and "Claim" not in checked and "HistoryEntry" not in checked


def test_correcting_an_articles_outlet_is_recorded_on_its_claims() -> None:
    from claims.services.suggestions import claim_refresh_suggestion

    client = logged_in("eve", "Editors")
    one, two = make_outlet(name="North Star"), make_outlet(name="South Star")
    first = make_article(outlet=one, title="Port reopens")
    second = make_article(outlet=two, title="Port reopens again")
    claim = make_claim()
    make_mention(claim=claim, article=first)
    make_mention(claim=claim, article=second)
    claim_refresh_suggestion(claim=claim)
    claim.refresh_from_db()
    assert claim.source_count == 2
    form = {"title": "Port reopens again", "outlet": one.pk, "published_at_0": "2023-04-05",
            "published_at_1": "00:00:00", "byline": "", "url": "", "language": "en", "republished_from": ""}  # fmt: skip
    response = client.post(reverse("admin:claims_article_change", args=[second.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim.refresh_from_db()
    assert claim.source_count == 1, "both articles are now one outlet's"
    entry = claim.history.get(action=HistoryEntry.Action.SOURCE)
    assert entry.before == {"outlet_id": two.pk} and entry.after == {"outlet_id": one.pk}
    assert entry.actor is not None and entry.actor.username == "eve"


def test_a_sheet_holds_reviewed_claims_only_and_records_each_addition() -> None:
    client = logged_in("eve", "Editors")
    reviewed = make_claim(status=Claim.Status.CORROBORATED, verdict_note="ok")
    draft = make_claim()
    sheet = ClaimSheet.objects.create(title="Budget", slug="budget")
    form = {
        "title": "Budget", "slug": "budget", "description": "",
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000", "items-0-position": "0", "items-0-claim": str(draft.pk),
    }  # fmt: skip
    refused = client.post(reverse("admin:claims_claimsheet_change", args=[sheet.pk]), form)
    assert refused.status_code == 200 and "only reviewed claims go on a sheet" in refused.content.decode()
    assert not sheet.items.exists()
    url = reverse("admin:claims_claim_changelist")
    client.post(
        url, {"action": "add_to_sheet", "_selected_action": [reviewed.pk], "apply": "1", "sheet": sheet.pk}
    )
    entry = reviewed.history.get(action=HistoryEntry.Action.SHEET)
    assert entry.after["sheet"] == "budget" and entry.actor is not None
