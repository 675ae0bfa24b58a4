"""`manage.py rematch`: recompute all machine groupings; idempotent; editor decisions are kept."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.services.rematch import claims_rematch, speakers_rematch


class Command(BaseCommand):
    help = (
        "Recompute the grouping of mentions into claims. Claims an editor touched are never regrouped. "
        "With --speakers, first resolve every stored quote's speaker again with the current rules "
        "(run it once after an upgrade that changed them)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--speakers",
            action="store_true",
            help="Extract the stored articles again and re-resolve their quotes' speakers before regrouping; "
            "mentions of claims or speakers an editor touched keep theirs.",
        )
        parser.add_argument("--batch-size", type=int, default=8, help="Articles per extraction batch.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["speakers"]:
            speakers = speakers_rematch(batch_size=max(1, options["batch_size"]))
            self.stdout.write(
                f"{speakers.articles} articles read again ({speakers.failed} could not be extracted): "
                f"{speakers.mentions} quote mentions, {speakers.changed} changed speaker, "
                f"{speakers.kept} kept by editors' decisions; {speakers.aliases_removed} aliases and "
                f"{speakers.speakers_removed} speakers nothing refers to removed"
            )
            report = speakers.claims
        else:
            report = claims_rematch()
        self.stdout.write(
            f"{report.mentions} mentions rematched: {report.moved} moved, "
            f"{report.claims_created} claims created, {report.claims_removed} emptied claims removed"
        )
