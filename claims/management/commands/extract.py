"""`manage.py extract PATH... --format jsonl`: print what extraction finds, without touching the database.

A file that cannot be read, or whose text makes extraction raise, gets one line on stderr
(``-v 2`` adds the traceback); the other files are still printed, and the exit code is 1.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extraction.manifest import FolderManifests
from claims.extraction.pipeline import extract_texts, merge_meta
from claims.extraction.reading import Source, SourceError, expand_paths, read_source, shown_path
from claims.extraction.serialize import extraction_to_json
from claims.extraction.types import ArticleMeta, ExtractionError


class Command(BaseCommand):
    help = "Extract quotes and claims from article files and print them as JSON lines (no database)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", help="Files (.txt, .html) or folders.")
        parser.add_argument("--format", choices=["jsonl"], default="jsonl")
        parser.add_argument("--batch-size", type=int, default=16)

    def handle(self, *args: Any, **options: Any) -> None:
        failures = 0  # files that could not be read
        sources: list[Source] = []
        metas: list[ArticleMeta | None] = []
        manifests = FolderManifests(warn=self.stderr.write)

        def skipped(path: Path, why: str) -> None:
            nonlocal failures
            self.stderr.write(f"{shown_path(path)}: {why}")
            failures += 1

        for raw in options["paths"]:
            given = Path(raw)
            if not given.exists():
                self.stderr.write(f"{shown_path(raw)}: no such file or folder")
                failures += 1
                continue
            for path in expand_paths([given], on_skip=skipped):
                try:
                    override = manifests.meta_for(path)
                    source = read_source(path, max_bytes=settings.INGEST_MAX_BYTES)
                except SourceError as exc:
                    self.stderr.write(f"{shown_path(path)}: {exc}")
                    failures += 1
                    continue
                for note in source.notes:
                    self.stderr.write(f"{source.path}: {note}")
                sources.append(source)
                metas.append(merge_meta(source.html_meta or ArticleMeta(), override))
        results = extract_texts([s.text for s in sources], metas=metas, batch_size=options["batch_size"])
        failed = 0
        for source, extraction in zip(sources, results, strict=True):
            if isinstance(extraction, ExtractionError):
                self.stderr.write(f"{source.path}: {extraction.message}")
                if options["verbosity"] >= 2:
                    self.stderr.write(extraction.traceback)
                failed += 1
                continue
            sys.stdout.write(
                json.dumps(extraction_to_json(source.path, extraction), ensure_ascii=False) + "\n"
            )
        sys.stdout.flush()
        problems = [f"{failures} file(s) could not be read"] if failures else []
        if failed:
            problems.append(f"extraction failed on {failed} file(s); run with -v 2 for the tracebacks")
        if problems:
            raise CommandError("; ".join(problems))
