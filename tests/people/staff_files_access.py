"""Who gets what on the staff file routes; registered in tests/test_access.py."""

from __future__ import annotations

from academy.people.staff_files import services
from tests.people.staff_files.files import person, staff_csv

ADMIN = frozenset({"admin"})

ACCESS: dict[tuple[str, str], object] = {
    ("people.staff_files", "GET"): ADMIN,
    ("people.staff_files", "POST"): ADMIN,
    ("people.staff_import", "GET"): ADMIN,
    ("people.staff_import_apply", "POST"): ADMIN,
    ("people.staff_job_titles", "GET"): ADMIN,
    ("people.staff_job_titles", "POST"): ADMIN,
    ("people.staff_headings", "GET"): ADMIN,
    ("people.staff_headings", "POST"): ADMIN,
}


def world(users, subject, organisation) -> dict:
    """A staff file of org A (where the subject works), checked by the administrator."""
    preview = services.preview(organisation, staff_csv(person("S1")), "staff.csv",
                               users["admin"], is_full=False)
    return {"import_id": preview.staff_import.id}
