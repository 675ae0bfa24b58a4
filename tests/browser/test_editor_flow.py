"""An editor reviews a conflicting claim in the admin; a stale second editor is refused.

Two outlets report one pledge two days apart with two amounts (articles written for this test),
beside the seeds.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from claims.models import Claim
from claims.services.ingest import articles_ingest
from tests.browser.conftest import login
from tests.conftest import SEEDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_editor(name: str) -> None:
    user = User.objects.create_user(name, password="secret-pw-1", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Editors")[0])


PLEDGE = (
    "Canada Pledges Flood Aid to Pakistan\n\n"
    "Canada has pledged {amount} in flood relief aid to Pakistan, the foreign ministry announced on Friday.\n"
)


def pledge_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["file", "outlet", "published_at", "title"])
        for name, outlet, day, amount in (
            ("a.txt", "Harbor Gazette", "2024-03-01", "$250 million"),
            ("b.txt", "Valley Times", "2024-03-03", "$400 million"),
        ):
            (folder / name).write_text(PLEDGE.format(amount=amount), encoding="utf-8")
            w.writerow([name, outlet, day, "Canada Pledges Flood Aid to Pakistan"])
    return folder


def test_editor_marks_conflicting_claim_and_stale_editor_is_refused(
    live_server: Any, browser: Any, tmp_path: Path
) -> None:
    outcomes = articles_ingest(paths=[SEEDS, pledge_articles(tmp_path / "pledge")])
    assert all(o.status == "new" for o in outcomes)
    # Editors group comes from a migration; transactional tests flush it, so make sure it exists.
    make_editor("alice")
    make_editor("bob")
    base = live_server.url

    alice = browser.new_context().new_page()
    login(alice, base, "alice")
    alice.goto(f"{base}/admin/claims/claim/")
    alice.click("#changelist-filter >> text=conflicting >> nth=1")  # the "By suggested status" filter
    assert "suggested=conflicting" in alice.url
    alice.click("text=Canada's flood relief aid to Pakistan: $250 million")
    alice.wait_for_selector("#mentions")

    bob = browser.new_context().new_page()
    login(bob, base, "bob")
    bob.goto(alice.url)  # Bob opens the same claim before Alice saves: his page becomes stale.

    marks = alice.locator("#mentions mark")
    assert marks.count() == 2
    assert {marks.nth(0).inner_text(), marks.nth(1).inner_text()} == {"$250 million", "$400 million"}
    assert alice.locator(".fc-mention.contradicts").count() == 1
    assert "Contradicted by" in alice.inner_text("#suggestion-reason")
    assert "differ on the value" in alice.inner_text("#conflict")

    alice.fill(
        "#review-form textarea[name=verdict_note]", "The two outlets give different amounts: $250m vs $400m."
    )
    alice.click("#review-form button[value=conflicting]")
    alice.wait_for_selector("text=Marked conflicting")
    history = alice.inner_text("#history")
    assert "alice" in history and "status: unreviewed → conflicting" in history
    assert "The two outlets give different amounts" in history

    bob.fill("#review-form textarea[name=verdict_note]", "Looks fine to me.")
    bob.click("#review-form button[value=single_source]")
    bob.wait_for_selector(".messagelist .error")
    assert "changed by alice" in bob.inner_text(".messagelist")
    claim = Claim.objects.get(text="Canada's flood relief aid to Pakistan: $250 million")
    assert claim.status == "conflicting"
    assert claim.verdict_note.startswith("The two outlets give different amounts")
