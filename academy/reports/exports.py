"""CSV and XLSX downloads of tabular reports, for people who work in spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from flask import Response

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that a spreadsheet would run as a formula is written as plain text instead."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    # With a byte-order mark, Excel opens the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], sheet_title: str = "Report") -> bytes:
    # openpyxl imports NumPy when it is installed: load it with the first spreadsheet, not the app.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([
            float(v) if isinstance(v, Decimal) else safe_cell(v) for v in row
        ])
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(fmt: str, filename: str, header: Sequence[str], rows: Iterable[Sequence],
                    sheet_title: str = "Report") -> Response:
    """A download of the rows as CSV or XLSX; filename is given without its extension."""
    if fmt == "xlsx":
        body, mimetype = xlsx_bytes(header, rows, sheet_title), XLSX_TYPE
    elif fmt == "csv":
        body, mimetype = csv_bytes(header, rows), "text/csv; charset=utf-8"
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
