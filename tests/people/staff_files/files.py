"""Staff files written for the tests, as HR systems export them."""

from __future__ import annotations

import csv
import io

from academy.people.staff_files.rules import COLUMNS


def staff_csv(*rows: dict, headings: list[str] | None = None) -> bytes:
    """A CSV staff file: one dict per row, keyed by our column names."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings or list(COLUMNS))
    for row in rows:
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return out.getvalue().encode()


def person(number: str, **values) -> dict:
    row = {
        "employee_number": number, "given_name": f"Given{number}", "family_name": f"Family{number}",
        "email": f"{number.lower()}@trust.nhs.uk", "job_title": "Staff Nurse",
        "staff_group": "Nursing and Midwifery Registered", "band": "5", "team": "Medicine/Ward 12",
        "site": "Pinderfields", "start_date": "2025-04-01", "contracted_hours": "37.5",
    }
    row.update(values)
    return row
