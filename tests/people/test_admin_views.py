"""People administration through the pages: adding a person, giving a role, changing a job,
and the dates each form accepts."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from academy.extensions import db
from academy.notifications.models import OutboxMessage
from academy.people.models import JobHistory, User
from academy.people.roles import Role
from academy.timekeeping import today
from tests.conftest import sign_in
from tests.factories import JobHistoryFactory, JobRoleFactory, OrganisationFactory, UserFactory
from tests.people.test_views import field_error, location_path, text_of


def _admin_of(organisation) -> User:
    return UserFactory(employer=organisation, roles=[(Role.ADMIN, organisation)])


def _new_person_form(organisation, job_role, started_on: date) -> dict:
    return {"given_name": "Ada", "family_name": "Newcomer", "email": "Ada.Newcomer@example.nhs.uk",
            "employee_number": "N0001", "organisation": organisation.id, "job_role": job_role.id,
            "employment_type": "fixed_term", "started_on": started_on.isoformat()}


def test_an_administrator_adds_a_person_who_is_sent_a_link_to_set_a_password(app, client):
    trust = OrganisationFactory()
    job_role = JobRoleFactory()
    admin = _admin_of(trust)
    db.session.commit()
    sign_in(client, admin)

    response = client.post("/people/new", data=_new_person_form(trust, job_role, today()))
    person = db.session.scalar(select(User).where(User.email == "ada.newcomer@example.nhs.uk"))
    assert response.status_code == 302 and location_path(response) == f"/people/{person.id}"
    assert "Ada Newcomer has been added and sent a link to set a password." in text_of(
        client.get(location_path(response)))
    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert message.to_address == person.email and message.subject == "Your Academy account is ready"
    assert "open this link within 72 hours" in message.body_text
    assert "http://academy.test/password-reset/" in message.body_text
    assert db.session.scalars(select(JobHistory.reason).where(JobHistory.user_id == person.id)).all() \
        == ["Joined"]


def test_an_absurd_start_date_is_refused_beside_the_field(app, client):
    trust = OrganisationFactory()
    job_role = JobRoleFactory()
    admin = _admin_of(trust)
    db.session.commit()
    sign_in(client, admin)

    html = text_of(client.post("/people/new",
                               data=_new_person_form(trust, job_role, date(1066, 10, 14))))
    assert field_error(html, "started_on").startswith("Start date must be no earlier than")
    html = text_of(client.post("/people/new",
                               data=_new_person_form(trust, job_role, date(2999, 1, 1))))
    assert field_error(html, "started_on").startswith("Start date must be no later than")
    assert db.session.scalar(select(User).where(User.family_name == "Newcomer")) is None


def test_an_administrator_gives_a_role_and_a_repeat_is_refused_on_the_form(app, client):
    trust = OrganisationFactory()
    admin = _admin_of(trust)
    person = UserFactory(employer=trust)
    db.session.commit()
    sign_in(client, admin)

    data = {"role": "trainer", "scope": str(trust.id)}
    response = client.post(f"/people/{person.id}/roles", data=data)
    assert response.status_code == 302 and location_path(response) == f"/people/{person.id}"
    assert f"{person.name} is now trainer." in text_of(client.get(f"/people/{person.id}"))
    assert person.has_role(Role.TRAINER, trust.id)

    again = client.post(f"/people/{person.id}/roles", data=data)
    assert again.status_code == 400
    assert field_error(text_of(again), "role") == f"{person.name} already has this role for this scope"


def test_a_job_change_keeps_the_history_and_refuses_an_absurd_date_in_place(app, client):
    trust = OrganisationFactory()
    admin = _admin_of(trust)
    person = UserFactory(employer=trust)
    JobHistoryFactory(user=person, started_on=today() - timedelta(days=200))
    new_role = JobRoleFactory()
    db.session.commit()
    sign_in(client, admin)

    data = {"organisation": trust.id, "job_role": new_role.id, "team": 0,
            "starts_on": date(1900, 1, 1).isoformat(), "reason": "Promoted"}
    refused = client.post(f"/people/{person.id}/job", data=data)
    assert refused.status_code == 400
    assert field_error(text_of(refused), "starts_on").startswith("Starts on must be no earlier than")

    data["starts_on"] = today().isoformat()
    response = client.post(f"/people/{person.id}/job", data=data)
    assert response.status_code == 302
    assert "job has been changed" in text_of(client.get(f"/people/{person.id}"))
    spells = db.session.scalars(
        select(JobHistory).where(JobHistory.user_id == person.id).order_by(JobHistory.started_on)
    ).all()
    assert [(s.job_role_id, s.ended_on) for s in spells][-1] == (new_role.id, None)
    assert spells[0].ended_on == today() - timedelta(days=1)


def test_only_managers_see_the_team_page(app, client):
    staff = UserFactory()
    manager = UserFactory(roles=[Role.MANAGER])
    db.session.commit()
    sign_in(client, staff)
    assert client.get("/team").status_code == 403
    client.post("/logout")
    sign_in(client, manager)
    assert client.get("/team").status_code == 200
