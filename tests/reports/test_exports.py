"""CSV and XLSX exports: what a spreadsheet opens, without running anything typed into a cell."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl

from academy.reports.exports import csv_bytes, export_response, xlsx_bytes


def test_csv_has_a_byte_order_mark_and_neutralises_formulas():
    data = csv_bytes(["Name", "When", "Amount"], [["=HYPERLINK(\"x\")", date(2026, 1, 2), Decimal("1.50")],
                                                  ["Plain", None, 3]])
    text = data.decode("utf-8")
    assert text.startswith("\ufeffName,When,Amount\r\n")
    assert "'=HYPERLINK" in text and "2026-01-02" in text and "Plain,,3" in text


def test_xlsx_round_trips_values():
    data = xlsx_bytes(["Subject", "Per cent"], [["Fire", 50.0], ["+cmd", None]], sheet_title="Compliance")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Compliance"]
    assert list(sheet.iter_rows(values_only=True)) == [("Subject", "Per cent"), ("Fire", 50.0), ("'+cmd", None)]


def test_export_response_names_the_download(app):
    with app.test_request_context():
        response = export_response("xlsx", "report", ["A"], [[1]])
    assert response.headers["Content-Disposition"] == 'attachment; filename="report.xlsx"'
    assert response.mimetype.endswith("spreadsheetml.sheet")
