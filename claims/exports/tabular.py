"""CSV and XLSX exports for people: one row per source (mention), named columns, streamed.

Text that a spreadsheet program would run as a formula (it starts with =, +, -, @, a tab or a
carriage return) gets a leading ' as OWASP recommends against CSV injection; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import itertools
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from claims.models import Claim

from .records import ExportContext, SheetValue, iter_claims, sheet_columns, sheet_rows

# Bytes per chunk when streaming a finished XLSX file.
FILE_CHUNK = 64 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses a cell of more text than this.
XLSX_CELL_MAX = 32767
# Column widths (in characters) are fitted to the header and the first rows, then capped: in
# write-only mode widths are written before the rows, and holding every row to measure it would
# make memory grow with the export.
WIDTH_SAMPLE_ROWS = 500
WIDTH_MAX = 60
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
INTEGER_FORMAT = "#,##0"


def sheet_text(value: str) -> str:
    """Text as a cell: control characters that XLSX cannot hold removed, then a formula-looking
    start neutralised with a leading ' (removing first, so "\\x01=1+1" cannot slip through)."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def _local(moment: datetime) -> datetime:
    """An aware moment in the project's TIME_ZONE, without its zone (Excel has none)."""
    return timezone.localtime(moment).replace(tzinfo=None)


def _rows(claims: QuerySet[Claim], context: ExportContext) -> Iterator[list[SheetValue]]:
    for claim in iter_claims(claims):
        yield from sheet_rows(claim, context)


# --- CSV ------------------------------------------------------------------------------------------


def _csv_value(value: SheetValue) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return sheet_text(value)
    return value


def export_csv(claims: QuerySet[Claim], context: ExportContext) -> Iterator[bytes]:
    """UTF-8 CSV with a header row; a byte-order mark so spreadsheet programs detect UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([column.name for column in sheet_columns()])
    for row in _rows(claims, context):
        writer.writerow([_csv_value(v) for v in row])
        if buffer.tell() > FILE_CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


# --- XLSX -----------------------------------------------------------------------------------------


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: SheetValue) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        text = sheet_text(value)
        if len(text) > XLSX_CELL_MAX:
            text = text[: XLSX_CELL_MAX - 1] + "…"
        cell = WriteOnlyCell(sheet, text)
        # Always text: never a formula, nor an error value such as "#N/A".
        cell.data_type = "s"
        return cell
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, _local(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, datetime(value.year, value.month, value.day))
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, int):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = INTEGER_FORMAT
        return cell
    return value


def _shown_length(value: SheetValue) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, date):
        return len(DATE_FORMAT)
    if isinstance(value, int | float):
        return len(f"{value:,}")
    return max((len(line) for line in sheet_text(value).splitlines()), default=0)


def _widths(header: list[str], sample: Iterable[list[SheetValue]]) -> list[int]:
    widths = [len(name) for name in header]
    for row in sample:
        widths = [max(w, _shown_length(v)) for w, v in zip(widths, row, strict=True)]
    # A little room for the autofilter's button beside the header.
    return [min(WIDTH_MAX, w + 3) for w in widths]


def _header(sheet: WriteOnlyWorksheet, names: list[str]) -> list[Any]:
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, name)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _columns_sheet(workbook: Workbook) -> None:
    """A second sheet that says, in a sentence, what each column of the first one holds."""
    sheet = workbook.create_sheet("Columns")
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 100
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, ["Column", "What it holds"]))
    for column in sheet_columns():
        name = WriteOnlyCell(sheet, column.name)
        name.font = Font(bold=True)
        name.alignment = Alignment(vertical="top")
        description = WriteOnlyCell(sheet, column.description)
        description.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.append([name, description])


def export_xlsx(claims: QuerySet[Claim], context: ExportContext) -> Iterator[bytes]:
    """XLSX written in openpyxl's write-only mode (rows go to disk, not memory), then streamed.

    Sheet "claims": a bold, frozen header row with an autofilter; dates as dates in TIME_ZONE,
    numbers as numbers. Sheet "Columns": what each column holds.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("claims")
    header = [column.name for column in sheet_columns()]
    rows = _rows(claims, context)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    for index, width in enumerate(_widths(header, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, header))
    count = 0
    for row in itertools.chain(sample, rows):
        sheet.append([_xlsx_cell(sheet, v) for v in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    _columns_sheet(workbook)
    with tempfile.TemporaryFile() as out:
        workbook.save(out)
        out.seek(0)
        while chunk := out.read(FILE_CHUNK):
            yield chunk
