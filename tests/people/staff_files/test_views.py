"""The staff file pages: upload, preview, confirm; job titles and headings."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from academy.extensions import db
from academy.people.models import User
from academy.people.roles import Role
from academy.people.staff_files.models import JobTitleMapping, StaffFileHeading, StaffImport
from tests import factories
from tests.people.staff_files.files import person, staff_csv


@pytest.fixture
def trust(app):
    return factories.OrganisationFactory(name="Mid Yorkshire", short_name="MYT", code="RXF")


@pytest.fixture
def admin(trust):
    user = factories.UserFactory(employer=trust, employee_number=None, roles=[(Role.ADMIN, trust)])
    db.session.commit()
    return user


def upload(client, trust, content: bytes, name="staff.csv", is_full=True):
    data = {"organisation": str(trust.id), "file": (io.BytesIO(content), name)}
    if is_full:
        data["is_full"] = "y"
    return client.post("/manage/staff-files", data=data, content_type="multipart/form-data")


def people() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_upload_preview_and_confirm(client, login, trust, admin):
    login(admin)
    assert "Check the file" in client.get("/manage/staff-files").get_data(as_text=True)
    response = upload(client, trust, staff_csv(person("E1"), person("E2")))
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Import the file" in page and "Staff Nurse" in page and people() == 1
    staff_import = db.session.scalar(select(StaffImport))
    response = client.post(f"/manage/staff-files/{staff_import.id}/apply")
    assert response.status_code == 302
    assert people() == 3
    page = client.get(response.location).get_data(as_text=True)
    assert "The staff file has been imported: 2 new" in page and "Import the file" not in page
    # Confirming again imports nothing twice.
    client.post(f"/manage/staff-files/{staff_import.id}/apply")
    assert people() == 3


def test_bad_rows_are_listed_and_cannot_be_confirmed(client, login, trust, admin):
    login(admin)
    response = upload(client, trust, staff_csv(person("E1"), person("E2", start_date="soon")))
    page = client.get(response.location).get_data(as_text=True)
    assert "Nothing can be imported: 1 bad row" in page
    assert "start date &#39;soon&#39; is not a date" in page and "Import the file" not in page
    staff_import = db.session.scalar(select(StaffImport))
    client.post(f"/manage/staff-files/{staff_import.id}/apply")
    assert people() == 1


def test_an_administrator_of_another_organisation_is_refused(client, login, trust, admin):
    other = factories.OrganisationFactory()
    outsider = factories.UserFactory(employer=other, roles=[(Role.ADMIN, other)])
    login(admin)
    upload(client, trust, staff_csv(person("E1")))
    staff_import_id = db.session.scalar(select(StaffImport.id))
    client.post("/logout")
    login(outsider)
    response = upload(client, trust, staff_csv(person("E9")))
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    assert client.get(f"/manage/staff-files/{staff_import_id}").status_code == 403
    assert client.post(f"/manage/staff-files/{staff_import_id}/apply").status_code == 403
    assert client.get(f"/manage/staff-files/organisations/{trust.id}/headings").status_code == 403
    assert people() == 2  # the two administrators: no one was imported


def test_a_new_job_title_is_mapped_to_an_existing_role(client, login, trust, admin):
    nurse = factories.JobRoleFactory(name="Registered Nurse")
    db.session.commit()
    login(admin)
    url = f"/manage/staff-files/organisations/{trust.id}/job-titles"
    page = client.get(url + "?title=Staff+Nurse").get_data(as_text=True)
    assert 'value="Staff Nurse"' in page
    response = client.post(url, data={"title": "Staff Nurse", "job_role": str(nurse.id)})
    assert response.status_code == 302
    mapping = db.session.scalar(select(JobTitleMapping))
    assert (mapping.title, mapping.job_role_id) == ("staff nurse", nurse.id)
    response = upload(client, trust, staff_csv(person("E1")))
    assert "New job roles" not in client.get(response.location).get_data(as_text=True)


def test_the_headings_of_the_organisations_export_are_saved(client, login, trust, admin):
    login(admin)
    url = f"/manage/staff-files/organisations/{trust.id}/headings"
    response = client.post(url, data={"employee_number": "Assignment Number",
                                      "start_date": "Hire Date"})
    assert response.status_code == 302
    saved = dict(db.session.execute(select(StaffFileHeading.heading, StaffFileHeading.column)).all())
    assert saved == {"assignment_number": "employee_number", "hire_date": "start_date"}
    assert 'value="assignment_number"' in client.get(url).get_data(as_text=True)
    content = (b"ASSIGNMENT NUMBER,Given Name,Family Name,Email,Job Title,Hire Date\n"
               b"A1,Asha,Khan,asha@trust.nhs.uk,Staff Nurse,2025-04-01\n")
    response = upload(client, trust, content)
    page = client.get(response.location).get_data(as_text=True)
    assert "Import the file" in page


def test_the_preview_names_who_would_leave(client, login, trust, admin):
    login(admin)
    response = upload(client, trust, staff_csv(person("E1"), person("E2")))
    client.post(response.location + "/apply")
    response = upload(client, trust, staff_csv(person("E1")))
    page = client.get(response.location).get_data(as_text=True)
    assert "Who is leaving" in page and "GivenE2 FamilyE2 (E2)" in page
    assert "1 person&#39;s account will be closed" in page
