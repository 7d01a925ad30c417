"""From nothing: `flask academy create-admin` makes the first partnership administrator, and
`flask academy demo-data` stays out of production and out of a database that has people."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from academy.audit.models import AuditEvent
from academy.extensions import db
from academy.notifications.models import OutboxMessage
from academy.people.models import Organisation, OrganisationType, User
from academy.people.roles import Role
from tests.conftest import app_context, issuer_key_pem, sign_in
from tests.factories import OrganisationFactory, UserFactory

GOOD = "a long enough password"
ARGS = ["academy", "create-admin", "--email", "Chief@Example.nhs.uk", "--given-name", "Jo",
        "--family-name", "Bloggs"]


def people() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_on_an_empty_database_it_creates_the_partnership_and_its_administrator(app, client):
    result = app.test_cli_runner().invoke(args=ARGS, input=f"\n\n\nX2Y\n{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert "Jo Bloggs (chief@example.nhs.uk) is a partnership administrator" in result.output
    db.session.rollback()
    [organisation] = db.session.scalars(select(Organisation)).all()
    assert organisation.name == "Wakefield District Health and Care Partnership"
    assert organisation.short_name == "WDHCP"
    assert organisation.type == OrganisationType.NHS_TRUST and organisation.code == "X2Y"
    admin = db.session.scalar(select(User))
    assert admin.employer_id == organisation.id
    assert admin.role_scopes(Role.ADMIN) == {None}  # the whole partnership
    assert db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all() == [
        "organisation.created", "person.created"]
    # and they sign in with the password typed twice
    sign_in(client, admin, GOOD)
    assert client.get("/people").status_code == 200


def test_with_an_organisation_code_it_joins_that_organisation(app):
    trust = OrganisationFactory(code="RXF")
    OrganisationFactory(code="OTHER")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=[*ARGS, "--organisation", "RXF"],
                                          input=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert db.session.scalar(select(User)).employer_id == trust.id
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 2


def test_with_invite_it_sends_a_link_that_sets_the_first_password(app, client):
    result = app.test_cli_runner().invoke(args=[*ARGS, "--invite"], input="Partnership\nP\n\n\n")
    assert result.exit_code == 0, result.output
    assert "was sent a link" in result.output
    db.session.rollback()
    admin = db.session.scalar(select(User))
    assert admin.password_hash is None
    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert message.to_address == "chief@example.nhs.uk"
    assert message.subject == "Your Academy account is ready"
    assert "within 168 hours" in message.body_text
    link = re.search(r"http://academy\.test(/password-reset/\S+)", message.body_text).group(1)
    chosen = client.post(link, data={"password": GOOD, "confirm": GOOD})
    assert chosen.status_code == 302
    sign_in(client, admin, GOOD)


def test_it_refuses_an_email_in_use_a_weak_password_and_an_unknown_code(app):
    runner = app.test_cli_runner()
    trust = OrganisationFactory(code="RXF")
    UserFactory(email="chief@example.nhs.uk", employer=trust)
    db.session.commit()
    taken = runner.invoke(args=[*ARGS, "--organisation", "RXF"], input=f"{GOOD}\n{GOOD}\n")
    assert taken.exit_code != 0 and "already has the e-mail address" in taken.output

    fresh = ["academy", "create-admin", "--email", "new@example.nhs.uk", "--given-name", "A",
             "--family-name", "B"]
    weak = runner.invoke(args=[*fresh, "--organisation", "RXF"], input="short\nshort\n")
    assert weak.exit_code != 0 and "at least 12 characters" in weak.output
    mismatch = runner.invoke(args=[*fresh, "--organisation", "RXF"],
                             input=f"{GOOD}\nsomething else entirely\n")
    assert mismatch.exit_code != 0
    unknown = runner.invoke(args=[*fresh, "--organisation", "NOPE"], input=f"{GOOD}\n{GOOD}\n")
    assert unknown.exit_code != 0 and "No organisation has the code NOPE" in unknown.output
    without = runner.invoke(args=fresh, input=f"{GOOD}\n{GOOD}\n")
    assert without.exit_code != 0 and "--organisation CODE" in without.output
    db.session.rollback()
    assert people() == 1


def test_demo_data_refuses_a_database_that_holds_any_person(app):
    UserFactory()
    db.session.commit()
    refused = app.test_cli_runner().invoke(args=["academy", "demo-data", "--staff", "5"])
    assert refused.exit_code != 0 and "not empty" in refused.output
    db.session.rollback()
    assert people() == 1


def test_demo_data_refuses_production_even_when_empty(server_database, tmp_path):
    with app_context(tmp_path, ACADEMY_ENV="production", SECRET_KEY="x" * 40,
                     BADGE_ISSUER_KEY=issuer_key_pem()) as production:
        for args in (["academy", "demo-data", "--staff", "5"],
                     ["academy", "demo-data", "--staff", "5", "--if-empty"]):
            refused = production.test_cli_runner().invoke(args=args)
            assert refused.exit_code != 0
            assert "never loaded when ACADEMY_ENV=production" in refused.output
        assert people() == 0
