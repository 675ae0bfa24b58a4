"""Verified claim sheet exports: CSV, XLSX, JSON, ClaimReview JSON-LD, Markdown and PDF.

Every format is a generator of bytes over a claims queryset (from `selectors.claims_for_export`),
so views stream it and the command writes it chunk by chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from claims.models import Claim, ClaimSheet

from .documents import export_markdown, export_pdf
from .jsonld import export_claimreview, export_json
from .records import ExportContext
from .tabular import export_csv, export_xlsx

Writer = Callable[[QuerySet[Claim], ExportContext], Iterator[bytes]]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    content_type: str
    writer: Writer


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in [
        ExportFormat("json", "json", "application/json", export_json),
        ExportFormat("csv", "csv", "text/csv; charset=utf-8", export_csv),
        ExportFormat(
            "xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export_xlsx
        ),
        ExportFormat("claimreview", "jsonld", "application/ld+json", export_claimreview),
        ExportFormat("md", "md", "text/markdown; charset=utf-8", export_markdown),
        ExportFormat("pdf", "pdf", "application/pdf", export_pdf),
    ]
}


# Each format as a person names it (download links, admin actions).
FORMAT_LABELS = {
    "csv": "CSV",
    "xlsx": "Excel (XLSX)",
    "json": "JSON",
    "claimreview": "ClaimReview JSON-LD",
    "md": "Markdown",
    "pdf": "PDF",
}


def export_claims(fmt: str, claims: QuerySet[Claim], context: ExportContext | None = None) -> Iterator[bytes]:
    """The export of `claims` in format `fmt` (a key of FORMATS), as a stream of bytes."""
    return FORMATS[fmt].writer(claims, context or ExportContext())


def filename(fmt: str, stem: str) -> str:
    return f"{stem}.{FORMATS[fmt].extension}"


def sheet_context(sheet: ClaimSheet, base: str | None = None) -> ExportContext:
    if base is None:
        return ExportContext(title=sheet.title, description=sheet.description)
    return ExportContext(title=sheet.title, description=sheet.description, site_url=base)


__all__ = [
    "FORMATS",
    "FORMAT_LABELS",
    "ExportContext",
    "ExportFormat",
    "export_claims",
    "filename",
    "sheet_context",
]
