"""`manage.py export_claims`: write claims with all their mentions as a file, streamed."""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims import selectors
from claims.exports import FORMATS, ExportContext, export_claims, sheet_context
from claims.exports.documents import export_refusal
from claims.links import DEFAULT_SITE_URL
from claims.models import Claim, ClaimSheet


class Command(BaseCommand):
    help = (
        "Export claims with their mentions as JSON, CSV, XLSX, ClaimReview JSON-LD, Markdown or PDF. "
        "Public (reviewed) claims by default; --status picks statuses, --sheet a sheet's claims."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=list(FORMATS), default="json", dest="fmt")
        parser.add_argument(
            "--status",
            action="append",
            choices=Claim.Status.values,
            help="Only claims with this status (repeatable). Default: the public statuses.",
        )
        parser.add_argument("--sheet", metavar="SLUG", help="Only the claims of this sheet, in its order.")
        parser.add_argument("-o", "--output", metavar="FILE", help="Write here instead of standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt: str = options["fmt"]
        context = ExportContext()
        sheet = None
        if options["sheet"]:
            sheet = ClaimSheet.objects.filter(slug=options["sheet"]).first()
            if sheet is None:
                raise CommandError(f"no sheet with slug {options['sheet']!r}")
            context = sheet_context(sheet)
        claims = selectors.claims_for_export(sheet=sheet, status=options["status"])
        output = options["output"]
        if output is None and fmt in {"xlsx", "pdf"} and sys.stdout.isatty():
            raise CommandError(f"{fmt} is binary: give a file with -o")
        if not settings.SITE_URL:
            self.stderr.write(
                f"SITE_URL is not set: links to the fact-check pages start with {DEFAULT_SITE_URL}. "
                "Set SITE_URL to the site's public address."
            )
        if refusal := export_refusal(fmt, claims):
            raise CommandError(refusal)
        stream = export_claims(fmt, claims, context)
        if output:
            with open(output, "wb") as handle:
                for chunk in stream:
                    handle.write(chunk)
            self.stderr.write(f"wrote {output}")
        else:
            target = getattr(self.stdout, "_out", sys.stdout)
            binary = getattr(target, "buffer", None)
            for chunk in stream:
                if binary is not None:
                    binary.write(chunk)
                else:
                    target.write(chunk.decode("utf-8", "replace"))
            target.flush()
