"""A source that arrives after an editor's verdict waits for an editor: it is held out of the
public API and the exports, the claim is flagged and comes first in the queue, and the editor
accepts it or moves it out; the history records the arrival and the decision."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from claims.models import Claim, HistoryEntry, Mention
from claims.services.ingest import articles_ingest
from claims.services.review import claim_set_status, mention_accept, mention_split

from .factories import logged_in

pytestmark = pytest.mark.django_db

AID = (
    "Canada Pledges Flood Aid to Pakistan\n\n"
    "Canada has pledged {amount} in flood relief aid to Pakistan, the foreign ministry announced on Friday.\n\n"
    "This report was filed by the {outlet} newsroom.\n"
)


def ingest(folder: Path, rows: list[tuple[str, str, str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["file", "outlet", "published_at", "title"])
        for name, outlet, day, amount in rows:
            (folder / name).write_text(AID.format(amount=amount, outlet=outlet), encoding="utf-8")
            w.writerow([name, outlet, day, "Canada Pledges Flood Aid to Pakistan"])
    outcomes = articles_ingest(paths=[folder])
    assert {o.status for o in outcomes} == {"new"}, outcomes


def pledge() -> Claim:
    return Claim.objects.get(kind=Claim.Kind.QUANTITY, unit="USD", merged_into__isnull=True)


@pytest.fixture
def reviewed(tmp_path: Path, django_capture_on_commit_callbacks: Any) -> Claim:
    ingest(tmp_path / "first", [("a.txt", "Harbor Gazette", "2024-03-01", "$250 million"),
                                ("b.txt", "Valley Times", "2024-03-02", "$250 million")])  # fmt: skip
    editor = User.objects.create_user("ed", password="x", is_staff=True)
    claim = pledge()
    claim_set_status(
        claim=claim, status="corroborated", actor=editor, verdict_note="Two outlets agree.",
        expected_version=claim.version,
    )  # fmt: skip
    return pledge()


def test_a_contradicting_source_after_the_verdict_is_held_and_flagged(
    tmp_path: Path, reviewed: Claim
) -> None:
    public = Client()
    before = public.get(f"/api/v1/claims/{reviewed.pk}/").json()
    assert len(before["mentions"]) == 2
    ingest(tmp_path / "later", [("c.txt", "Coast Herald", "2024-03-04", "$400 million")])
    claim = pledge()
    held = Mention.objects.get(claim=claim, held=True)
    assert held.stance == Mention.Stance.CONTRADICTS and held.article.outlet.name == "Coast Herald"
    assert claim.new_evidence == Claim.NewEvidence.CONTRADICTS
    assert claim.status == Claim.Status.CORROBORATED, "the editor's verdict stands until an editor looks"
    # The public sees neither the source nor its article or outlet.
    after = public.get(f"/api/v1/claims/{claim.pk}/").json()
    assert len(after["mentions"]) == 2
    assert "Coast Herald" not in public.get("/api/v1/outlets/").content.decode()
    export = public.get("/api/v1/claims/export.csv")
    assert export.status_code == 200
    rows = b"".join(export.streaming_content).decode()  # type: ignore[attr-defined]
    assert "Harbor Gazette" in rows and "Coast Herald" not in rows
    assert claim.history.filter(action=HistoryEntry.Action.MENTION, note__contains="held").exists()


def test_the_editor_accepts_it_and_it_becomes_public(tmp_path: Path, reviewed: Claim) -> None:
    ingest(tmp_path / "later", [("c.txt", "Coast Herald", "2024-03-04", "$250 million")])
    claim = pledge()
    assert claim.new_evidence == Claim.NewEvidence.SUPPORTS
    editor = logged_in("eve", "Editors")
    page = editor.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "New since the verdict" in page and "Accept this source" in page
    queue = editor.get(reverse("admin:claims_claim_changelist") + "?review=new").content.decode()
    assert "new source since review" in queue
    held = Mention.objects.get(claim=claim, held=True)
    editor.post(reverse("admin:claims_mention_accept", args=[held.pk]), {"version": claim.version})
    claim.refresh_from_db()
    assert claim.new_evidence == Claim.NewEvidence.NONE
    assert not Mention.objects.filter(claim=claim, held=True).exists()
    assert len(Client().get(f"/api/v1/claims/{claim.pk}/").json()["mentions"]) == 3
    entry = claim.history.get(action=HistoryEntry.Action.ACCEPT)
    assert entry.actor is not None and entry.before["held"] is True


def test_splitting_the_new_source_off_clears_the_flag(tmp_path: Path, reviewed: Claim) -> None:
    ingest(tmp_path / "later", [("c.txt", "Coast Herald", "2024-03-04", "$400 million")])
    claim = pledge()
    held = Mention.objects.get(claim=claim, held=True)
    new = mention_split(mention=held, actor=None, expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.new_evidence == Claim.NewEvidence.NONE
    assert new.status == Claim.Status.UNREVIEWED and not Mention.objects.get(pk=held.pk).held
    with pytest.raises(Exception, match="already accepted"):
        mention_accept(mention=Mention.objects.get(pk=held.pk), actor=None)


def test_new_evidence_comes_first_in_the_queue(tmp_path: Path, reviewed: Claim) -> None:
    ingest(tmp_path / "later", [("c.txt", "Coast Herald", "2024-03-04", "$400 million")])
    editor = logged_in("eve", "Editors")
    page = editor.get(reverse("admin:claims_claim_changelist")).content.decode()
    rows = page.split('class="action-select"')
    assert "new source contradicts the verdict" in rows[1], "the first row is the contradicted verdict"
