"""Administrators keep people's accounts on the person page: name and e-mail, unlocking, closing
a leaver's account and reopening it; only for their own organisation (the partnership's
administrators everywhere)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.extensions import db
from academy.people.roles import Role
from academy.people.services import authenticate
from academy.timekeeping import utcnow
from tests.conftest import sign_in
from tests.factories import PASSWORD, OrganisationFactory, UserFactory


@pytest.fixture
def trust(app):
    return OrganisationFactory(name="Mid Yorkshire")


@pytest.fixture
def admin(trust):
    return UserFactory(employer=trust, roles=[(Role.ADMIN, trust)])


def actions(person) -> list[str]:
    """What was done about the person (reads of their record are noted too, and left out here)."""
    return list(db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_id == person.id,
                                        AuditEvent.action.not_like("%.viewed"))
        .order_by(AuditEvent.id)
    ))


def test_an_administrator_corrects_a_name_and_email(client, trust, admin):
    person = UserFactory(employer=trust, given_name="Jo", family_name="Blogs", email="jo@old.nhs.uk")
    db.session.commit()
    sign_in(client, admin)
    page = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert f"/people/{person.id}/details" in page
    form = client.get(f"/people/{person.id}/details").get_data(as_text=True)
    assert 'value="jo@old.nhs.uk"' in form
    saved = client.post(f"/people/{person.id}/details", data={
        "given_name": "Jo", "family_name": "Bloggs", "email": " Jo@New.nhs.uk "})
    assert saved.status_code == 302
    db.session.refresh(person)
    assert (person.family_name, person.email) == ("Bloggs", "jo@new.nhs.uk")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person.details_changed"))
    assert event.detail["changed"] == {"family_name": ["Blogs", "Bloggs"],
                                       "email": ["jo@old.nhs.uk", "jo@new.nhs.uk"]}


def test_an_email_in_use_is_refused_in_the_error_summary(client, trust, admin):
    person = UserFactory(employer=trust, email="jo@example.nhs.uk")
    UserFactory(employer=OrganisationFactory(), email="taken@example.nhs.uk")
    db.session.commit()
    sign_in(client, admin)
    refused = client.post(f"/people/{person.id}/details", data={
        "given_name": "Jo", "family_name": "Bloggs", "email": "taken@example.nhs.uk"})
    assert refused.status_code == 200
    body = refused.get_data(as_text=True)
    assert "nhsuk-error-summary" in body and "Someone else already has this e-mail address" in body
    blank = client.post(f"/people/{person.id}/details", data={
        "given_name": "", "family_name": "Bloggs", "email": "not-an-email"})
    assert "Enter the first name" in blank.get_data(as_text=True)
    db.session.refresh(person)
    assert person.email == "jo@example.nhs.uk"
    assert "person.details_changed" not in actions(person)


def test_an_administrator_of_another_organisation_cannot_keep_this_person(client, trust):
    other = OrganisationFactory()
    outsider = UserFactory(employer=other, roles=[(Role.ADMIN, other)])
    person = UserFactory(employer=trust, email="jo@example.nhs.uk")
    db.session.commit()
    sign_in(client, outsider)
    for method, url in [("post", "details"), ("post", "unlock"), ("get", "close"),
                        ("post", "close"), ("post", "reopen")]:
        response = getattr(client, method)(f"/people/{person.id}/{url}", data={
            "given_name": "X", "family_name": "Y", "email": "x@example.nhs.uk"})
        assert response.status_code == 403, url
    db.session.refresh(person)
    assert person.email == "jo@example.nhs.uk" and person.is_active_account
    assert actions(person) == []


def test_a_partnership_administrator_keeps_people_everywhere(client, trust):
    partnership = UserFactory(employer=OrganisationFactory(), roles=[Role.ADMIN])
    person = UserFactory(employer=trust)
    db.session.commit()
    sign_in(client, partnership)
    assert client.post(f"/people/{person.id}/details", data={
        "given_name": "Sam", "family_name": person.family_name, "email": person.email,
    }).status_code == 302
    db.session.refresh(person)
    assert person.given_name == "Sam"


def test_unlocking_lets_a_locked_person_sign_in_at_once(app, client, trust, admin):
    person = UserFactory(employer=trust, failed_sign_ins=3,
                         locked_until=utcnow() + timedelta(minutes=15))
    db.session.commit()
    sign_in(client, admin)
    page = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert "Locked after failed sign-ins until" in page and "Unlock account" in page
    assert client.post(f"/people/{person.id}/unlock").status_code == 302
    db.session.refresh(person)
    assert person.locked_until is None and person.failed_sign_ins == 0
    assert actions(person) == ["person.unlocked"]
    assert authenticate(person.email, PASSWORD, max_failures=5, lockout_minutes=15) == person


def test_closing_a_leavers_account_asks_first_then_ends_their_sessions(app, client, trust, admin):
    leaver = UserFactory(employer=trust)
    db.session.commit()
    sign_in(client, admin)
    confirm = client.get(f"/people/{leaver.id}/close")
    assert confirm.status_code == 200
    assert "Close account" in confirm.get_data(as_text=True)
    db.session.refresh(leaver)
    assert leaver.is_active_account  # asking changes nothing
    closed = client.post(f"/people/{leaver.id}/close", data={"reason": "Retired"},
                         follow_redirects=True)
    body = closed.get_data(as_text=True)
    assert "account has been closed" in body and "Closed on" in body and "Reopen account" in body
    db.session.refresh(leaver)
    assert not leaver.is_active_account
    assert leaver.session_version == 1  # signed out everywhere
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person.account_closed"))
    assert event.detail == {"reason": "Retired"}

    assert client.post(f"/people/{leaver.id}/reopen").status_code == 302
    db.session.refresh(leaver)
    assert leaver.is_active_account
    assert authenticate(leaver.email, PASSWORD, max_failures=5, lockout_minutes=15) == leaver


def test_an_administrator_cannot_close_their_own_account(client, admin):
    db.session.commit()
    sign_in(client, admin)
    assert "Close the account" not in client.get(f"/people/{admin.id}").get_data(as_text=True)
    refused = client.post(f"/people/{admin.id}/close", follow_redirects=True)
    assert "You cannot close your own account" in refused.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.is_active_account
    assert client.get("/me").status_code == 200
