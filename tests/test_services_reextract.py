"""`rematch --claims` heals claims stored by older rules, with the real extraction, and keeps
what editors decided."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.models import Article, Claim, HistoryEntry, Mention
from claims.services.ingest import articles_ingest
from claims.services.reextract import claims_reextract

pytestmark = pytest.mark.django_db

DEAL_A = (
    "Chip Deal Agreed\n\n"
    "The chipmaker Advanced Micro Devices has agreed to buy ATI Technologies, the companies said.\n"
)
DEAL_B = "AMD To Buy ATI\n\nAMD will acquire ATI Technologies, according to a filing seen by reporters.\n"


def ingest(folder: Path, articles: list[tuple[str, str, str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["file", "outlet", "published_at", "title"])
        for name, outlet, date, text in articles:
            (folder / name).write_text(text, encoding="utf-8")
            w.writerow([name, outlet, date, text.splitlines()[0]])
    assert {o.status for o in articles_ingest(paths=[folder])} == {"new"}


def event_mention(article: Article) -> Mention:
    return Mention.objects.get(article=article, kind=Claim.Kind.EVENT, action__in=["buy", "acquire"])


def test_rematch_claims_regroups_refills_parts_and_drops_what_is_no_longer_a_claim(tmp_path: Path) -> None:
    ingest(
        tmp_path,
        [
            ("a.txt", "Daily Ledger", "2024-03-01", DEAL_A),
            ("b.txt", "Evening Post", "2024-03-02", DEAL_B),
        ],
    )
    a, b = (
        Article.objects.get(source_path__endswith="a.txt"),
        Article.objects.get(source_path__endswith="b.txt"),
    )
    ma, mb = event_mention(a), event_mention(b)
    assert ma.claim_id == mb.claim_id, "today's rules join the acquisition told two ways"
    # The store as older rules left it: the two mentions apart, no parts, and a bare weekday stored
    # as a date claim.
    old = Claim.objects.create(kind=Claim.Kind.EVENT, text=mb.text, action="acquire")
    Mention.objects.filter(pk=mb.pk).update(claim=old, target="", statement="")
    bare = Claim.objects.create(kind=Claim.Kind.DATE, text="Friday", date="2024-03-01")
    Mention.objects.create(
        claim=bare, article=a, kind=Claim.Kind.DATE, start=0, end=4, text=a.text[0:4], date="2024-03-01",
        extractor="old", extractor_version="0",
    )  # fmt: skip

    report = claims_reextract()

    assert report.failed == 0 and report.removed == 1
    mb.refresh_from_db()
    assert mb.claim_id == ma.claim_id
    assert mb.target == "ATI Technologies"
    assert not Claim.objects.filter(pk=bare.pk).exists()
    # Nothing moves on a second run.
    again = claims_reextract()
    assert (again.updated, again.removed, again.added, again.claims.moved) == (0, 0, 0, 0)


def test_rematch_claims_keeps_claims_an_editor_reviewed(tmp_path: Path) -> None:
    ingest(tmp_path, [("a.txt", "Daily Ledger", "2024-03-01", DEAL_A)])
    a = Article.objects.get()
    m = event_mention(a)
    Claim.objects.filter(pk=m.claim_id).update(editor_locked=True, status=Claim.Status.SINGLE_SOURCE)
    Mention.objects.filter(pk=m.pk).update(target="as the editor saw it")

    out = StringIO()
    call_command("rematch", "--claims", stdout=out)

    m.refresh_from_db()
    assert m.target == "as the editor saw it"
    assert "kept by editors' decisions" in out.getvalue()
    assert not HistoryEntry.objects.filter(claim_id=m.claim_id, note__startswith="rematch --claims").exists()
