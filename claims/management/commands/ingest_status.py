"""`manage.py ingest_status [--watch SECONDS] [--requeue]`: articles per state and the failures."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from claims.models import Article
from claims.services.ingest import IngestProgress, articles_requeue, ingest_progress


class Command(BaseCommand):
    help = "Show how many articles are pending, extracted and failed, with the errors of the failures."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--failures", type=int, default=20, help="Show at most this many failures.")
        parser.add_argument(
            "--watch",
            type=float,
            default=0,
            metavar="SECONDS",
            help="Print the counts again every SECONDS until nothing is pending.",
        )
        parser.add_argument(
            "--requeue",
            action="store_true",
            help="Queue extraction again for pending and failed articles (after a broker outage or a fix).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["requeue"]:
            self.stdout.write(f"queued {articles_requeue()} article(s) again")
        progress = ingest_progress(failures=options["failures"])
        while options["watch"] > 0 and progress.counts[Article.State.PENDING]:
            self.stdout.write(self._counts(progress))
            self.stdout.flush()
            time.sleep(options["watch"])
            progress = ingest_progress(failures=options["failures"])
        self.stdout.write(self._counts(progress))
        for article in progress.failures:
            label = article.source_path or article.title or f"article {article.pk}"
            self.stdout.write(f"  failed: {label} (article {article.pk}): {article.error}")

    @staticmethod
    def _counts(progress: IngestProgress) -> str:
        return (
            ", ".join(f"{n} {state}" for state, n in progress.counts.items())
            + f" ({progress.total} articles)"
        )
