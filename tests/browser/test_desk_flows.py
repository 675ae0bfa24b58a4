"""The editor's desk in a browser: split, merge (with its confirmation), move, a refused verdict,
adding claims to a sheet in the list's order, and a reviewer's read-only view.

The data is built with the factories (short sentences written for these tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User

from claims.models import Claim, ClaimSheet, Mention
from tests.browser.conftest import login
from tests.factories import make_article, make_claim, make_mention, make_outlet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The groups' permissions as the migrations grant them: transactional tests flush the groups.
MODELS = [
    "outlet",
    "article",
    "speaker",
    "speakeralias",
    "claim",
    "mention",
    "historyentry",
    "claimsheet",
    "claimsheetitem",
    "speakerduplicate",
]
EDITOR_CHANGES = [
    "claim",
    "mention",
    "speaker",
    "speakeralias",
    "claimsheet",
    "claimsheetitem",
    "article",
    "outlet",
    "speakerduplicate",
]
EDITOR_ADDS = ["claimsheet", "claimsheetitem", "speakeralias", "article", "speaker"]


def group(name: str) -> Group:
    found, _ = Group.objects.get_or_create(name=name)
    if not found.permissions.exists():
        codenames = [f"view_{m}" for m in MODELS]
        if name == "Editors":
            codenames += [f"change_{m}" for m in EDITOR_CHANGES]
            codenames += [f"add_{m}" for m in EDITOR_ADDS] + ["delete_claimsheetitem"]
        found.permissions.set(
            Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )
    return found


@pytest.fixture(scope="module", autouse=True)
def groups_restored(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """After this module, the groups are back as the migrations left them: a later test that relies
    on them (test_editor_flow.py) would otherwise find them flushed."""
    yield
    with django_db_blocker.unblock():
        group("Editors")
        group("Reviewers")


def make_user(name: str, group_name: str = "Editors") -> None:
    user = User.objects.create_user(name, password="secret-pw-1", is_staff=True)
    user.groups.add(group(group_name))


def editor_page(browser: Any, base: str, name: str = "erin", group_name: str = "Editors") -> Any:
    make_user(name, group_name)
    page = browser.new_context().new_page()
    login(page, base, name)
    return page


def reported(claim: Claim, text: str, day: int) -> Mention:
    """A mention of `claim` in a one-sentence article of its own outlet, published on `day` (March 2024)."""
    article = make_article(
        outlet=make_outlet(),
        text=text,
        published_at=datetime(2024, 3, day, tzinfo=UTC),
    )
    start = text.index("$")
    end = text.index(" ", text.index("million"))
    return make_mention(claim=claim, article=article, start=start, end=end, sentence=text)


def change_url(base: str, claim: Claim | int) -> str:
    pk = claim if isinstance(claim, int) else claim.pk
    return f"{base}/admin/claims/claim/{pk}/change/"


def run_action(page: Any, claims: list[Claim], action: str) -> None:
    for claim in claims:
        page.check(f"input[name=_selected_action][value='{claim.pk}']")
    page.select_option("select[name=action]", action)
    page.click("#changelist-form button[name=index]")


def test_split_from_the_first_card(live_server: Any, browser: Any) -> None:
    claim = make_claim(text="$12 million for the harbour wall")
    first = reported(claim, "The council set aside $12 million for the harbour wall.", 1)
    second = reported(claim, "Builders said $12 million would go to the harbour wall.", 4)
    base = live_server.url
    page = editor_page(browser, base)
    page.goto(change_url(base, claim))
    cards = page.locator(".fc-mention")
    assert cards.count() == 2
    assert cards.nth(0).get_attribute("data-mention") == str(first.pk)
    cards.nth(0).locator("button", has_text="Split off into a new claim").click()
    # A page says what the split will do; nothing is split until it is confirmed.
    page.wait_for_selector("#split-source")
    assert "council set aside" in page.inner_text("#split-source")
    assert claim.mentions.count() == 2
    assert page.locator("a.cancel-link").count() == 1
    page.click("input[type=submit][value='Split it off into a new claim']")
    page.wait_for_selector(".messagelist .success")
    new = Claim.objects.exclude(pk=claim.pk).get()
    assert f"Mention split off into claim {new.pk}" in page.inner_text(".messagelist")
    assert page.url == change_url(base, new)
    assert list(claim.mentions.values_list("pk", flat=True)) == [second.pk]
    assert list(new.mentions.values_list("pk", flat=True)) == [first.pk]


def test_merge_asks_first_then_merges(live_server: Any, browser: Any) -> None:
    older = make_claim(text="$30 million for rural clinics")
    reported(older, "The ministry pledged $30 million for rural clinics.", 2)
    newer = make_claim(text="$30 million to rural clinics")
    reported(newer, "Doctors welcomed $30 million going to rural clinics.", 3)
    base = live_server.url
    page = editor_page(browser, base)
    page.goto(f"{base}/admin/claims/claim/")
    run_action(page, [older, newer], "merge_claims")

    title = f"Merge 2 claims into claim {older.pk}?"
    page.wait_for_selector("#merge-claims")
    assert title in page.inner_text("h1") or title in page.title()
    assert page.locator("a.cancel-link", has_text="Cancel").count() == 1
    newer.refresh_from_db()
    assert newer.merged_into_id is None
    assert newer.mentions.count() == 1

    page.click(f"input[type=submit][value='Merge 2 claims into claim {older.pk}']")
    page.wait_for_selector(".messagelist")
    assert page.url == change_url(base, older)
    link = page.locator(".messagelist a", has_text=f"claim {older.pk}")
    assert link.count() == 1
    newer.refresh_from_db()
    assert newer.merged_into_id == older.pk
    assert older.mentions.count() == 2

    page.goto(change_url(base, newer))
    assert page.url == change_url(base, older)


def test_move_a_mention_to_another_claim(live_server: Any, browser: Any) -> None:
    source = make_claim(text="$8 million for the tram line")
    moving = reported(source, "The city found $8 million for the tram line.", 1)
    reported(source, "Planners spent $8 million on the tram line.", 2)
    target = make_claim(text="$8 million for the new tram")
    reported(target, "Officials said $8 million paid for the new tram.", 3)
    base = live_server.url
    page = editor_page(browser, base)
    page.goto(change_url(base, source))
    card = page.locator(f".fc-mention[data-mention='{moving.pk}']")
    # The target is searched by its words (the admin's autocomplete), not typed as a number.
    card.locator(".select2-selection").click()
    page.fill(".select2-search__field", "new tram")
    page.locator(".select2-results__option", has_text="new tram").click()
    card.locator("button", has_text="Move").click()
    page.wait_for_selector(".messagelist .success")
    assert page.url == change_url(base, target)
    moving.refresh_from_db()
    assert moving.claim_id == target.pk
    assert source.mentions.count() == 1
    assert target.mentions.count() == 2


def test_refused_verdict_keeps_the_internal_note(live_server: Any, browser: Any) -> None:
    claim = make_claim(text="$4 million for school roofs")
    reported(claim, "The board approved $4 million for school roofs.", 1)
    reported(claim, "Parents heard that $4 million would fix school roofs.", 2)
    base = live_server.url
    page = editor_page(browser, base)
    page.goto(change_url(base, claim))
    page.fill("#review-internal-note", "Ask the board for the minutes.")
    assert page.input_value("#review-verdict-note") == ""
    page.locator("#review-form button", has_text="Mark Corroborated").click()
    page.wait_for_selector(".messagelist .error")
    assert "Write a public verdict note" in page.inner_text(".messagelist")
    assert page.input_value("#review-internal-note") == "Ask the board for the minutes."
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNREVIEWED


def test_add_to_sheet_in_the_order_shown(live_server: Any, browser: Any) -> None:
    made = [
        make_claim(text=text, status=Claim.Status.CORROBORATED, verdict_note="ok")
        for text in ("Carrots cost $2 million", "Apples cost $3 million", "Beans cost $1 million")
    ]
    sheet = ClaimSheet.objects.create(title="Market prices", slug="market-prices")
    shown = sorted(made, key=lambda c: c.text)
    base = live_server.url
    page = editor_page(browser, base)
    page.goto(f"{base}/admin/claims/claim/?o=1")
    run_action(page, made, "add_to_sheet")
    page.wait_for_selector("#sheet-claims")
    items = page.locator("#sheet-claims li")
    assert [items.nth(i).get_attribute("data-claim") for i in range(items.count())] == [
        str(c.pk) for c in shown
    ]
    assert page.locator("a.cancel-link", has_text="Cancel").count() == 1
    page.select_option("select[name=sheet]", str(sheet.pk))
    page.click("input[type=submit][value='Add to sheet']")
    page.wait_for_selector(".messagelist .success")
    assert list(sheet.items.order_by("position").values_list("claim_id", flat=True)) == [c.pk for c in shown]


def test_reviewer_sees_no_editing_tools(live_server: Any, browser: Any) -> None:
    claim = make_claim(text="$6 million for flood barriers")
    reported(claim, "Engineers asked for $6 million for flood barriers.", 1)
    reported(claim, "The region granted $6 million to flood barriers.", 2)
    base = live_server.url
    page = editor_page(browser, base, "rita", "Reviewers")
    page.goto(f"{base}/admin/claims/claim/")
    page.wait_for_selector("#result_list")
    options = page.locator("select[name=action] option")
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    assert values, "the export actions stay offered"
    assert "add_to_sheet" not in values
    assert "merge_claims" not in values
    page.goto(change_url(base, claim))
    page.wait_for_selector("#mentions")
    assert page.locator(".fc-mention").count() == 2
    assert page.locator("button", has_text="Split off into a new claim").count() == 0
    assert page.locator("button", has_text="Move").count() == 0
    assert page.locator("#review-form").count() == 0
