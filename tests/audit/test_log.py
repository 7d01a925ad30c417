"""The audit log: filtered by date, person and object, with readable object names, pages, and a
CSV download of what the filters show."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from flask import g
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.audit.names import names_for
from academy.audit.services import record
from academy.extensions import db
from academy.people import services
from academy.people.models import Organisation, User
from academy.people.roles import Role
from tests.conftest import sign_in
from tests.factories import JobHistoryFactory, OrganisationFactory, UserFactory


def entry(actor, action, obj=None, *, at, subject=None, **kwargs):
    event = record(actor, action, obj, subject=subject, **kwargs)
    event.at = at
    return event


def test_objects_are_named_for_what_they_are(app):
    trust = OrganisationFactory(name="Mid Yorkshire")
    admin = UserFactory(employer=trust, roles=[Role.ADMIN])
    jo = UserFactory(employer=trust, given_name="Jo", family_name="Bloggs")
    assignment = services.grant_role(jo, Role.ASSESSOR, trust, actor=admin)
    partnership_wide = services.grant_role(jo, Role.LEARNING_LEAD, None, actor=admin)
    spell = JobHistoryFactory(user=jo)
    names = names_for([("RoleAssignment", str(assignment.id)),
                       ("RoleAssignment", str(partnership_wide.id)),
                       ("User", str(jo.id)), ("Organisation", str(trust.id)),
                       ("JobHistory", str(spell.id)), ("RoleAssignment", "999"),
                       ("Report", None)])
    assert names[("RoleAssignment", str(assignment.id))] == "Role: Assessor for Mid Yorkshire, Jo Bloggs"
    assert names[("RoleAssignment", str(partnership_wide.id))] == (
        "Role: Learning lead for the whole partnership, Jo Bloggs")
    assert names[("User", str(jo.id))] == "Person: Jo Bloggs"
    assert names[("Organisation", str(trust.id))] == "Organisation: Mid Yorkshire"
    assert names[("JobHistory", str(spell.id))].startswith("Job: ")
    assert ("RoleAssignment", "999") not in names  # gone: the page falls back to type and id


def test_the_page_filters_by_dates_person_and_object_and_names_objects(client):
    trust = OrganisationFactory(name="Mid Yorkshire")
    admin = UserFactory(employer=trust, roles=[Role.ADMIN], given_name="Ada", family_name="Admin")
    jo = UserFactory(employer=trust, given_name="Jo", family_name="Bloggs")
    sam = UserFactory(employer=trust, given_name="Sam", family_name="Smith")
    assignment = services.grant_role(jo, Role.ASSESSOR, trust, actor=admin)
    entry(admin, "role.granted_again", assignment, at=datetime(2026, 11, 2, 10), subject=jo)
    entry(admin, "person.details_changed", sam, at=datetime(2026, 11, 20, 9), subject=sam)
    entry(None, "something.gone", object_type="Widget", object_id=7, at=datetime(2026, 11, 21))
    db.session.commit()
    sign_in(client, admin)

    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Role: Assessor for Mid Yorkshire, Jo Bloggs" in page
    assert "Person: Sam Smith" in page and "Widget 7" in page

    november = client.get("/admin/audit?first=2026-11-01&last=2026-11-10").get_data(as_text=True)
    assert "role.granted_again" in november and "person.details_changed" not in november
    by_type = client.get("/admin/audit?object_type=User").get_data(as_text=True)
    assert "person.details_changed" in by_type and "role.granted_again" not in by_type
    assert '<option value="RoleAssignment">Role</option>' in by_type
    by_person = client.get("/admin/audit?person=bloggs").get_data(as_text=True)
    assert "role.granted_again" in by_person and "person.details_changed" not in by_person
    # a period that ends before it starts is refused beside its field and in the summary
    backwards = client.get("/admin/audit?first=2026-11-10&last=2026-11-01").get_data(as_text=True)
    assert "nhsuk-error-summary" in backwards
    assert "The end of the period must be on or after its start" in backwards


def test_the_log_has_pages(app, client):
    admin = UserFactory(roles=[Role.ADMIN])
    for n in range(app.config["PAGE_SIZE"] * 2 + 3):
        entry(admin, f"thing.{n:03d}", admin, at=datetime(2026, 11, 2, 10))
    db.session.commit()
    sign_in(client, admin)
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "thing.052" in first and "thing.002" not in first and "page=2" in first
    second = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "thing.002" in second and "thing.052" not in second


def test_the_csv_download_holds_what_the_filters_show_and_is_itself_audited(client):
    trust = OrganisationFactory(name="Mid Yorkshire")
    admin = UserFactory(employer=trust, roles=[Role.ADMIN])
    jo = UserFactory(employer=trust, given_name="Jo", family_name="Bloggs")
    services.grant_role(jo, Role.ASSESSOR, trust, actor=admin)
    entry(admin, "person.details_changed", jo, at=datetime(2026, 11, 20, 9), subject=jo,
          changed={"email": ["=a@b", "c@d"]})
    db.session.commit()
    sign_in(client, admin)
    page = client.get("/admin/audit?person=bloggs").get_data(as_text=True)
    assert "/admin/audit/export?person=bloggs" in page
    response = client.get("/admin/audit/export?person=bloggs")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["When (UTC)", "Who", "Action", "Object", "About", "Details"]
    by_action = {row[2]: row for row in rows[1:]}
    assert set(by_action) == {"role.granted", "person.details_changed"}
    assert by_action["role.granted"][3] == "Role: Assessor for Mid Yorkshire, Jo Bloggs"
    assert '"=a@b"' in by_action["person.details_changed"][5]
    exported = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.exported"))
    assert exported.actor_id == admin.id
    assert exported.detail == {"entries": 2, "filters": {"person": "bloggs"}}


def test_an_organisations_administrator_downloads_only_their_peoples_entries(client):
    org_a, org_b = OrganisationFactory(), OrganisationFactory()
    local = UserFactory(employer=org_a, roles=[(Role.ADMIN, org_a)])
    colleague = UserFactory(employer=org_a, given_name="Colleague")
    outsider = UserFactory(employer=org_b, given_name="Outsider")
    record(colleague, "profile.viewed", colleague, subject=colleague)
    record(outsider, "profile.viewed", outsider, subject=outsider)
    db.session.commit()
    sign_in(client, local)
    body = client.get("/admin/audit/export?action=profile").get_data(as_text=True)
    assert colleague.name in body and outsider.name not in body
    staff = UserFactory(employer=org_a)
    db.session.commit()
    client.post("/logout")
    sign_in(client, staff)
    assert client.get("/admin/audit/export").status_code == 403


def _queries_for(client, count_queries, path: str) -> int:
    # Each request starts with nothing loaded, as in production (see tests/people/test_views.py).
    db.session.commit()
    db.session.remove()
    g.pop("_login_user", None)
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    return counter.count


def test_naming_a_page_of_entries_costs_a_query_per_type_not_per_entry(app, client, count_queries):
    trust = OrganisationFactory(name="Mid Yorkshire")
    admin = UserFactory(employer=trust, roles=[Role.ADMIN])
    db.session.commit()
    sign_in(client, admin)
    trust_id, admin_id = trust.id, admin.id

    def add(n: int) -> None:
        trust, admin = db.session.get(Organisation, trust_id), db.session.get(User, admin_id)
        for _ in range(n):
            person = UserFactory(employer=trust)
            services.grant_role(person, Role.ASSESSOR, trust, actor=admin)
            record(admin, "person.viewed", person, subject=person)
            record(admin, "job.changed", JobHistoryFactory(user=person), subject=person)

    add(2)
    few = _queries_for(client, count_queries, "/admin/audit")
    add(10)
    many = _queries_for(client, count_queries, "/admin/audit")
    assert few == many
