"""`manage.py sources_poll [--once]`: poll the followed sources that are due, as Celery beat does.

Each due source is polled in this process, and each new item is stored as pending with its
extraction queued, as `ingest --async` does: without a broker (the embedded default) that
extraction runs here too. Without --once the command keeps polling, a round every
SOURCES_POLL_SECONDS, until it is stopped.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from claims.services.following import poll_lines, source_poll, sources_claim_due


class Command(BaseCommand):
    help = (
        "Poll the followed sources (RSS/Atom feeds, news sitemaps) that are due, and queue their new items."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="One round, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            reports = [source_poll(source_id=pk) for pk in sources_claim_due()]
            for report in reports:
                for line in report.lines:
                    self.stderr.write(line)
            for line in poll_lines(reports):
                self.stdout.write(line)
            if not reports:
                self.stdout.write("no source is due")
            if options["once"]:
                return
            time.sleep(settings.SOURCES_POLL_SECONDS)
