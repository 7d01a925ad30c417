"""An administrator uploads a staff file, sees its bad rows, uploads it corrected and imports it."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from academy.extensions import db
from academy.people.models import User
from tests.browser.journeys import sign_in
from tests.people.staff_files.files import person, staff_csv

ADMIN = "admin@demo.academy"


def imported(live_server, email: str) -> User | None:
    with live_server.app.app_context():
        found = db.session.scalar(select(User).where(User.email == email))
        if found is not None:
            db.session.expunge(found)
        db.session.remove()
    return found


def upload(page: Page, content: bytes) -> None:
    page.get_by_label("Staff file (CSV or XLSX)").set_input_files(
        files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": content}])
    # Only this month's starters: the rest of the organisation stays as it is.
    page.get_by_label("This is the whole staff list").uncheck()
    page.get_by_role("button", name="Check the file").click()


def test_an_administrator_imports_a_staff_file_after_correcting_it(page: Page, axe, live_server):
    sign_in(page, axe, ADMIN)
    page.goto("/manage/staff-files")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff files")
    axe(page)

    upload(page, staff_csv(person("JS1", email="starter@trust.nhs.uk"),
                           person("JS2", email="second@trust", team="Surgery/Ward 3")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff file staff.csv")
    problems = page.locator("#staff-file-problems")
    expect(problems).to_contain_text("malformed e-mail address 'second@trust'")
    expect(page.get_by_role("button", name="Import the file")).to_have_count(0)
    axe(page)
    assert imported(live_server, "starter@trust.nhs.uk") is None

    page.get_by_role("link", name="Upload a staff file").click()
    axe(page)
    upload(page, staff_csv(person("JS1", email="starter@trust.nhs.uk"),
                           person("JS2", email="second@trust.nhs.uk", team="Surgery/Ward 3",
                                  job_title="Discharge Coordinator")))
    expect(page.locator("#new-job-roles")).to_contain_text("Discharge Coordinator")
    axe(page)
    page.get_by_role("button", name="Import the file").click()
    expect(page.get_by_role("status")).to_contain_text("The staff file has been imported: 2 new")
    axe(page)
    starter = imported(live_server, "second@trust.nhs.uk")
    assert starter is not None and starter.employee_number == "JS2"
    assert starter.is_active_account and starter.password_hash is None  # invited to set one
