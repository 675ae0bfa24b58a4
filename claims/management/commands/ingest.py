"""`manage.py ingest [--async] PATH...`: store articles with their quotes and claims. Idempotent.

A PATH may be a web address (https://...): the page is fetched and read like an .html file.

With --async the files are read and checked now, each new article is stored as pending and one
background task per article extracts it (`manage.py ingest_status` shows progress).
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.services.ingest import DatabaseUnavailable, IngestOutcome, articles_enqueue, articles_ingest

# Below this many files a progress bar is noise.
PROGRESS_MIN_FILES = 3


class Command(BaseCommand):
    help = (
        "Ingest article files (.txt, .html), folders and web pages (https://...): store them with their "
        "quotes and claims."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "paths",
            nargs="+",
            help="Files, folders (read recursively) or web addresses of article pages (fetched).",
        )
        parser.add_argument("--max-bytes", type=int, default=None, help="Refuse files larger than this.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")
        parser.add_argument(
            "--async",
            dest="background",
            action="store_true",
            help="Store the articles as pending and extract them in background tasks; return at once.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bar: tqdm[Any] | None = None

        def on_total(total: int) -> None:
            nonlocal bar
            if total >= PROGRESS_MIN_FILES and not options["no_progress"]:
                bar = tqdm(total=total, unit="file", desc="ingest", file=self.stderr._out)  # type: ignore[attr-defined]

        def on_progress(outcome: IngestOutcome) -> None:
            if outcome.status == "failed":
                line = f"{outcome.path}: {outcome.message}"
                if bar is not None:
                    bar.write(line, file=self.stderr._out)  # type: ignore[attr-defined]
                else:
                    self.stderr.write(line)
            if bar is not None:
                bar.update(1)

        ingest = articles_enqueue if options["background"] else articles_ingest
        try:
            outcomes = ingest(
                paths=options["paths"],
                max_bytes=options["max_bytes"],
                on_progress=on_progress,
                on_total=on_total,
            )
        except DatabaseUnavailable as exc:
            if bar is not None:
                bar.close()
            self._summary(exc.outcomes, background=options["background"])
            raise CommandError(
                f"the database is unavailable ({exc}); the article being stored was rolled back and later "
                "files were not ingested. Check DATABASE_URL and that the server is running, then run the "
                "same command again: articles already stored are skipped."
            ) from None
        if bar is not None:
            bar.close()
        failed = self._summary(outcomes, background=options["background"])
        if options["background"]:
            self.stdout.write("extraction runs in the background; see `python manage.py ingest_status`")
        if failed:
            raise CommandError(f"{failed} of the files and addresses failed; see the messages above")

    def _summary(self, outcomes: list[IngestOutcome], *, background: bool = False) -> int:
        counts = Counter(o.status for o in outcomes)
        reasons = Counter(o.message for o in outcomes if o.status == "failed")
        done = f"{counts['queued']} queued" if background else f"{counts['new']} new"
        line = f"{done}, {counts['unchanged']} unchanged, {counts['failed']} failed"
        if reasons:
            line += " (" + "; ".join(f"{n} × {reason}" for reason, n in reasons.most_common()) + ")"
        self.stdout.write(line)
        return counts["failed"]
