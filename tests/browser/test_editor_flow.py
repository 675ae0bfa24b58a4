"""An editor reviews the conflicting Ukraine-assistance claim in the admin; a stale second editor is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from claims.models import Claim
from claims.services.ingest import articles_ingest
from tests.conftest import SEEDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_editor(name: str) -> None:
    user = User.objects.create_user(name, password="secret-pw-1", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Editors")[0])


def login(page: Any, base: str, name: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", "secret-pw-1")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")


def test_editor_marks_conflicting_claim_and_stale_editor_is_refused(live_server: Any, browser: Any) -> None:
    outcomes = articles_ingest(paths=[SEEDS])
    assert all(o.status == "new" for o in outcomes)
    # Editors group comes from a migration; transactional tests flush it, so make sure it exists.
    make_editor("alice")
    make_editor("bob")
    base = live_server.url

    alice = browser.new_context().new_page()
    login(alice, base, "alice")
    alice.goto(f"{base}/admin/claims/claim/")
    alice.click("#changelist-filter >> text=conflicting >> nth=1")  # the "By suggested status" filter
    assert "suggested_status__exact=conflicting" in alice.url
    alice.click("text=about $1.5 billion")
    alice.wait_for_selector("#mentions")

    bob = browser.new_context().new_page()
    login(bob, base, "bob")
    bob.goto(alice.url)  # Bob opens the same claim before Alice saves: his page becomes stale.

    marks = alice.locator("#mentions mark")
    assert marks.count() == 2
    assert {marks.nth(0).inner_text(), marks.nth(1).inner_text()} == {
        "about $1.5 billion",
        "approximately $7.6 billion",
    }
    assert alice.locator(".fc-mention.contradicts").count() == 1
    assert "Contradicted by" in alice.inner_text("#suggestion-reason")

    alice.fill(
        "#review-form textarea[name=verdict_note]", "The February and April figures differ: $1.5bn vs $7.6bn."
    )
    alice.click("#review-form button[value=conflicting]")
    alice.wait_for_selector("text=Marked conflicting")
    history = alice.inner_text("#history")
    assert "alice" in history and "status: conflicting" in history
    assert "The February and April figures differ" in history

    bob.fill("#review-form textarea[name=verdict_note]", "Looks fine to me.")
    bob.click("#review-form button[value=single_source]")
    bob.wait_for_selector(".messagelist .error")
    assert "changed by alice" in bob.inner_text(".messagelist")
    claim = Claim.objects.get(text="about $1.5 billion")
    assert claim.status == "conflicting"
    assert claim.verdict_note.startswith("The February and April figures differ")
