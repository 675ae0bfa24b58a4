"""`manage.py rematch`: recompute all machine groupings; idempotent; editor decisions are kept."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from claims.services.rematch import claims_rematch


class Command(BaseCommand):
    help = "Recompute the grouping of mentions into claims. Claims an editor touched are never regrouped."

    def handle(self, *args: Any, **options: Any) -> None:
        report = claims_rematch()
        self.stdout.write(
            f"{report.mentions} mentions rematched: {report.moved} moved, "
            f"{report.claims_created} claims created, {report.claims_removed} emptied claims removed"
        )
