"""The passport: what the person achieved wherever it was, its PDF, and time-limited, revocable
share links that show nothing beyond the passport."""

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.extensions import db
from academy.induction import standards
from academy.induction.models import PassportShare
from academy.induction.queries import passport
from academy.people.models import OrganisationType
from academy.people.roles import Role
from academy.timekeeping import utcnow
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, TeamFactory, UserFactory
from tests.induction import helpers
from tests.induction.helpers import START


@pytest.fixture
def person(app):
    org = OrganisationFactory(name="Ridings Home Care", type=OrganisationType.CARE_PROVIDER)
    manager = UserFactory(employer=org, roles=[Role.MANAGER])
    learner = UserFactory(employer=org, team=TeamFactory(organisation=org, manager=manager),
                          given_name="Chloe", family_name="Taylor")
    assessor = UserFactory(employer=org, roles=[Role.ASSESSOR], given_name="Sam", family_name="Assessor")
    templates = [standards.welcome_item(), *standards.core_skill_items()[5:7],
                 *standards.care_certificate_items()[:2]]
    helpers.programme(org, templates=templates)
    induction = helpers.start(learner, manager, [assessor])
    helpers.complete(induction, assessor, START + timedelta(days=10))
    db.session.commit()
    return learner


def test_the_passport_lists_standards_core_skills_and_certificates_with_dates_and_partner(person):
    record = passport(person, START + timedelta(days=500))
    assert [e.title for e in record.standards] == ["Standard 1: Understand your role",
                                                   "Standard 2: Your personal development"]
    assert {e.organisation for e in record.standards} == {"Ridings Home Care"}
    assert record.standards[0].how == "Signed off by Sam Assessor"
    skills = {e.title: e for e in record.core_skills}
    assert not skills["Information Governance and Data Security (Level 1)"].in_date  # yearly
    assert skills["Moving and Handling (Level 1)"].in_date  # every three years
    assert [e.title for e in record.other_items] == [standards.WELCOME_TITLE]
    assert record.certificates[0].certificate_code


def test_the_person_downloads_their_passport_as_pdf(client, person):
    sign_in(client, person)
    response = client.get("/passport.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert response.mimetype == "application/pdf"
    assert "Chloe Taylor" in text and "Standard 1" in text and "Fluids" not in text
    assert "Ridings Home Care" in text


def test_a_share_link_shows_the_passport_and_nothing_more_until_it_expires_or_is_stopped(client, app, person):
    sign_in(client, person)
    page = client.post("/passport/links", data={"label": "Calder View recruitment", "days": "7"}).get_data(as_text=True)
    link = page[page.index('id="share-link">') + len('id="share-link">'):].split("<")[0]
    share = db.session.scalar(select(PassportShare))
    assert link.split("/")[-1] not in share.token_hash  # only a hash is kept
    client.post("/logout")

    public = app.test_client()
    shown = public.get(link.replace("http://academy.test", "")).get_data(as_text=True)
    assert "Passport: Chloe Taylor" in shown and "Standard 1: Understand your role" in shown
    assert person.email not in shown and "/induction/evidence/" not in shown and "Sign out" not in shown
    assert share.views == 1
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "passport.viewed_by_link"))

    share.created_at = utcnow() - timedelta(days=8)
    share.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert public.get(link.replace("http://academy.test", "")).status_code == 410
    share.expires_at = utcnow() + timedelta(days=1)
    db.session.commit()
    assert public.get(link.replace("http://academy.test", "")).status_code == 200

    sign_in(client, person)
    assert client.post(f"/passport/links/{share.id}/stop").status_code == 302
    response = public.get(link.replace("http://academy.test", ""))
    assert response.status_code == 410 and "expired or been stopped" in response.get_data(as_text=True)
    assert public.get("/passport/shared/not-a-token").status_code == 410


def test_only_the_owner_makes_or_stops_links_and_a_link_needs_a_label(client, person):
    sign_in(client, person)
    response = client.post("/passport/links", data={"label": "", "days": "7"})
    assert response.status_code == 400 and "Enter who the link is for" in response.get_data(as_text=True)
    client.post("/passport/links", data={"label": "A care home", "days": "14"})
    share = db.session.scalar(select(PassportShare))
    client.post("/logout")
    other = UserFactory(employer=person.employer)
    db.session.commit()
    sign_in(client, other)
    assert client.post(f"/passport/links/{share.id}/stop").status_code == 403
    assert share.revoked_at is None


def test_managers_see_their_starters_passport_and_the_read_is_audited(client, person):
    manager = person.team.manager
    sign_in(client, manager)
    assert "Passport: Chloe Taylor" in client.get(f"/passport/people/{person.id}").get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent.actor_id).where(AuditEvent.action == "passport.viewed")) == manager.id
    client.post("/logout")
    sign_in(client, UserFactory(employer=person.employer))
    assert client.get(f"/passport/people/{person.id}").status_code == 403
