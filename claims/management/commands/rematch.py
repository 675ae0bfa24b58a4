"""`manage.py rematch`: recompute all machine groupings; idempotent; editor decisions are kept.

One run at a time: a second one says who holds the lock and exits with status 1, changing nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.services.locks import AlreadyRunning
from claims.services.reextract import claims_reextract
from claims.services.rematch import claims_rematch, speakers_rematch


class Command(BaseCommand):
    help = (
        "Recompute the grouping of mentions into claims. Claims an editor touched are never regrouped. "
        "With --speakers, first resolve every stored quote's speaker again with the current rules "
        "(run it once after an upgrade that changed them). With --claims, first read the stored articles "
        "again with the current claim rules (their parts, which claims are checkable)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--speakers",
            action="store_true",
            help="Extract the stored articles again and re-resolve their quotes' speakers before regrouping; "
            "mentions of claims or speakers an editor touched keep theirs.",
        )
        parser.add_argument(
            "--claims",
            action="store_true",
            help="Extract the stored articles again and refresh every non-quote claim's parts before "
            "regrouping: claims the current rules no longer find are removed, new ones added; "
            "claims an editor touched are kept as they are.",
        )
        parser.add_argument("--batch-size", type=int, default=8, help="Articles per extraction batch.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._run(options)
        except AlreadyRunning as exc:
            raise CommandError(str(exc)) from None

    def _run(self, options: dict[str, Any]) -> None:
        if options["speakers"]:
            speakers = speakers_rematch(batch_size=max(1, options["batch_size"]))
            self.stdout.write(
                f"{speakers.articles} articles read again ({speakers.failed} could not be extracted): "
                f"{speakers.mentions} quote mentions, {speakers.changed} changed speaker, "
                f"{speakers.kept} kept by editors' decisions; {speakers.aliases_removed} aliases and "
                f"{speakers.speakers_removed} speakers nothing refers to removed"
            )
            report = speakers.claims
        elif options["claims"]:
            found = claims_reextract(batch_size=max(1, options["batch_size"]))
            self.stdout.write(
                f"{found.articles} articles read again ({found.failed} could not be extracted): "
                f"{found.updated} claim mentions updated, {found.removed} no longer claims, "
                f"{found.added} new claims, {found.kept} kept by editors' decisions"
            )
            report = found.claims
        else:
            report = claims_rematch()
        self.stdout.write(
            f"{report.mentions} mentions rematched: {report.moved} moved, "
            f"{report.claims_created} claims created, {report.claims_removed} emptied claims removed"
        )
