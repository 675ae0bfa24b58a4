"""CSV and XLSX exports: one row per mention, streamed."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from claims.models import Claim

from .records import FLAT_COLUMNS, ExportContext, flat_rows, iter_claims

# Bytes per chunk when streaming a finished XLSX file.
FILE_CHUNK = 64 * 1024


def export_csv(claims: QuerySet[Claim], context: ExportContext) -> Iterator[bytes]:
    """UTF-8 CSV with a header row; a byte-order mark so spreadsheet programs detect UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(FLAT_COLUMNS)
    for claim in iter_claims(claims):
        for row in flat_rows(claim):
            writer.writerow(["" if v is None else v for v in row])
        if buffer.tell() > FILE_CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    # openpyxl reads a string starting with "=" as a formula: keep claim text as text.
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    return value


def export_xlsx(claims: QuerySet[Claim], context: ExportContext) -> Iterator[bytes]:
    """XLSX written in openpyxl's write-only mode (rows go to disk, not memory), then streamed."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("claims")
    sheet.append(FLAT_COLUMNS)
    for claim in iter_claims(claims):
        for row in flat_rows(claim):
            sheet.append([_cell(sheet, v) for v in row])
    with tempfile.TemporaryFile() as out:
        workbook.save(out)
        out.seek(0)
        while chunk := out.read(FILE_CHUNK):
            yield chunk
