"""Reading a list of apprenticeship standards from CSV, checking every row before any is used.

Pure: text in, rows and errors out. The official list's column names vary between downloads, so
each field accepts the usual spellings.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

MAX_ROWS = 5000
MAX_BAND = Decimal(27000)  # the highest funding band
# ST0216; foundation apprenticeships start FA (FA-HSC stands in where the code is not known).
REFERENCE = re.compile(r"^(ST|FA)(\d{4}|-[A-Z0-9]{2,10})$")

ALIASES = {
    "reference": {"reference", "standard reference", "reference number", "standard code",
                  "st code"},
    "title": {"title", "name", "standard name", "apprenticeship standard", "standard title"},
    "level": {"level", "standard level"},
    "version": {"version", "standard version"},
    "typical_duration_months": {"typical duration months", "typical duration",
                                "typical duration (months)", "duration (months)", "duration"},
    "max_funding_band_gbp": {"max funding band gbp", "maximum funding", "maximum funding (£)",
                             "max funding", "funding band", "funding band maximum",
                             "maximum funding band"},
    "min_off_the_job_hours": {"min off the job hours", "minimum off-the-job hours",
                              "off-the-job hours", "off the job hours",
                              "minimum off the job training hours"},
    "status": {"status"},
    "funding_withdrawn_from": {"funding withdrawn from", "funding withdrawn date",
                               "last date for new starts", "withdrawn from"},
    "source_url": {"source url", "url", "link"},
    "confidence": {"confidence"},
}
REQUIRED = ("reference", "title", "level")

STATUSES = {
    "": "approved", "approved": "approved", "approved for delivery": "approved",
    "retired": "retired", "withdrawn": "funding_withdrawn",
    "funding withdrawn": "funding_withdrawn", "funding_withdrawn": "funding_withdrawn",
}


@dataclass(frozen=True)
class StandardRow:
    reference: str
    title: str
    level: int
    version: str | None
    typical_duration_months: int | None
    max_funding_band: Decimal | None
    min_off_the_job_hours: int | None
    status: str
    funding_withdrawn_from: date | None
    source_url: str | None
    confidence: str | None


def _key(header: str) -> str:
    return re.sub(r"\s+", " ", header.replace("_", " ").strip().lower())


def _columns(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    found, errors = {}, []
    for index, header in enumerate(headers):
        key = _key(header)
        for field, names in ALIASES.items():
            if key in {_key(n) for n in names}:
                if field in found:
                    errors.append(f"The column for {field.replace('_', ' ')} appears twice")
                found[field] = index
    for field in REQUIRED:
        if field not in found:
            errors.append(f"The file has no {field} column")
    return found, errors


def _whole(value: str, name: str, low: int, high: int, errors: list[str]) -> int | None:
    if value == "":
        return None
    try:
        number = int(value.replace(",", ""))
    except ValueError:
        errors.append(f"{name} must be a whole number, not \u201c{value}\u201d")
        return None
    if not low <= number <= high:
        errors.append(f"{name} must be between {low} and {high}")
        return None
    return number


def _money(value: str, errors: list[str]) -> Decimal | None:
    cleaned = value.replace("£", "").replace(",", "").strip()
    if cleaned == "":
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        errors.append(f"The funding band must be an amount in pounds, not \u201c{value}\u201d")
        return None
    if not amount.is_finite() or amount <= 0 or amount > MAX_BAND:
        errors.append(f"The funding band must be more than £0 and at most £{MAX_BAND:,}")
        return None
    return amount.quantize(Decimal("0.01"))


def _date(value: str, errors: list[str]) -> date | None:
    if value == "":
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    errors.append(f"Dates must look like 2026-09-01 or 01/09/2026, not \u201c{value}\u201d")
    return None


def parse_standards(text: str) -> tuple[list[StandardRow], list[str]]:
    """Every row of the file, or every problem found (row numbers as a spreadsheet shows them).

    The caller uses the rows only when there are no errors: all or nothing.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    headers = next(reader, None)
    if not headers:
        return [], ["The file is empty"]
    columns, errors = _columns(headers)
    if errors:
        return [], errors
    rows: list[StandardRow] = []
    seen: dict[str, int] = {}
    for number, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(f"The file has more than {MAX_ROWS:,} rows")
            break

        def cell(field: str, record=record) -> str:
            index = columns.get(field)
            return record[index].strip() if index is not None and index < len(record) else ""

        problems: list[str] = []
        reference = cell("reference").upper()
        if not REFERENCE.match(reference):
            problems.append(f"\u201c{reference}\u201d is not a standard reference like ST0216")
        elif reference in seen:
            problems.append(f"{reference} appears again (first on row {seen[reference]})")
        title = cell("title")
        if not title or len(title) > 200:
            problems.append("Give a title of at most 200 characters")
        level = _whole(cell("level"), "The level", 2, 7, problems)
        if level is None and cell("level") == "":
            problems.append("Give the level (2 to 7)")
        duration = _whole(cell("typical_duration_months"), "The typical duration", 1, 120, problems)
        band = _money(cell("max_funding_band_gbp"), problems)
        otj = _whole(cell("min_off_the_job_hours"), "The off-the-job hours", 0, 5000, problems)
        status = STATUSES.get(cell("status").lower())
        if status is None:
            problems.append(f"Status \u201c{cell('status')}\u201d is not approved, retired or withdrawn")
        withdrawn = _date(cell("funding_withdrawn_from"), problems)
        if status == "funding_withdrawn" and withdrawn is None and not any(
                "Dates" in p for p in problems):
            problems.append("Give the date funding is withdrawn from")
        version = cell("version") or None
        if version and len(version) > 10:
            problems.append("The version must be at most 10 characters")
        url = cell("source_url") or None
        if url and (len(url) > 500 or not url.startswith(("https://", "http://"))):
            problems.append("The source must be a web address of at most 500 characters")
        if problems:
            errors.extend(f"Row {number}: {p}" for p in problems)
            continue
        seen[reference] = number
        rows.append(StandardRow(
            reference=reference, title=title, level=level, version=version,
            typical_duration_months=duration, max_funding_band=band, min_off_the_job_hours=otj,
            status=status, funding_withdrawn_from=withdrawn, source_url=url,
            confidence=cell("confidence") or None,
        ))
    if not rows and not errors:
        errors.append("The file has no standards in it")
    return rows, errors
