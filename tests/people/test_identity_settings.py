"""Setting up an organisation's sign-in, and password sign-in turned off for its staff."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.errors import NotAllowed
from academy.extensions import db
from academy.people.identity import services
from academy.people.identity.models import IdentityProvider
from academy.people.identity.rules import Refusal, claims_refusal, issuer_problem
from academy.people.models import Organisation
from academy.people.roles import Role
from tests import factories
from tests.conftest import sign_in

SETTINGS = {
    "display_name": "NHSmail", "issuer_url": "https://login.microsoftonline.com/tenant/v2.0/",
    "client_id": "academy-client", "client_secret_env": "ACADEMY_OIDC_SECRET_TRUST",
    "email_claim": "email", "is_enabled": "y", "password_sign_in": "y",
}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def trust(app):
    return factories.OrganisationFactory(name="Calder Valley NHS Trust")


def test_an_organisations_administrator_sets_up_its_sign_in(client, trust):
    admin = factories.UserFactory(employer=trust, roles=[(Role.ADMIN, trust)])
    db.session.commit()
    sign_in(client, admin)

    response = client.post(f"/organisations/{trust.id}/sign-in", data=SETTINGS)

    assert response.status_code == 302
    provider = db.session.scalar(select(IdentityProvider))
    assert (provider.organisation_id, provider.display_name, provider.client_id) == (
        trust.id, "NHSmail", "academy-client")
    assert provider.issuer_url == "https://login.microsoftonline.com/tenant/v2.0"
    assert provider.client_secret_env == "ACADEMY_OIDC_SECRET_TRUST" and provider.is_enabled
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "identity_provider.created"))
    assert event.actor_id == admin.id
    page = text(client.get(response.location))
    assert "Sign-in for Calder Valley NHS Trust has been saved." in page
    assert f"http://localhost/login/organisation/{provider.id}/callback" in page
    assert "This server has no value for <code>ACADEMY_OIDC_SECRET_TRUST</code>" in page
    assert "Sign-in settings for Calder Valley NHS Trust" in text(client.get(f"/organisations/{trust.id}"))

    # Password sign-in off: now only the identity provider signs the trust's staff in.
    client.post(f"/organisations/{trust.id}/sign-in", data={**SETTINGS, "password_sign_in": ""})
    assert db.session.get(Organisation, trust.id).password_sign_in is False
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "identity_provider.changed"))


def test_another_organisations_administrator_is_refused(client, trust):
    other = factories.OrganisationFactory()
    admin = factories.UserFactory(employer=other, roles=[(Role.ADMIN, other)])
    db.session.commit()
    sign_in(client, admin)

    assert "Sign-in settings" not in text(client.get(f"/organisations/{trust.id}"))
    assert client.get(f"/organisations/{trust.id}/sign-in").status_code == 403
    assert client.post(f"/organisations/{trust.id}/sign-in", data=SETTINGS).status_code == 403
    assert db.session.scalar(select(IdentityProvider)) is None
    with pytest.raises(NotAllowed):
        services.save_sign_in_settings(trust, SETTINGS, actor=admin)


@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"issuer_url": "http://login.example.nhs.uk"}, "Enter an issuer address that starts with https://"),
        ({"issuer_url": "login.example"}, "Enter the issuer as a full web address"),
        ({"client_secret_env": "my secret!"}, "Enter the name of an environment variable"),
        ({"is_enabled": "", "password_sign_in": ""}, "Keep password sign-in on until sign-in through"),
    ],
)
def test_unusable_settings_are_refused_and_nothing_is_saved(client, trust, change, field_message):
    admin = factories.UserFactory(employer=trust, roles=[Role.ADMIN])
    db.session.commit()
    sign_in(client, admin)

    response = client.post(f"/organisations/{trust.id}/sign-in", data={**SETTINGS, **change})

    assert response.status_code == 200
    assert field_message in text(response)
    assert db.session.scalar(select(IdentityProvider)) is None
    assert db.session.get(Organisation, trust.id).password_sign_in is True


def test_password_sign_in_turned_off_points_staff_at_their_organisations_sign_in(client, trust):
    person = factories.UserFactory(employer=trust, failed_sign_ins=2)
    trust.password_sign_in = False
    db.session.commit()

    response = client.post("/login", data={"email": person.email, "password": factories.PASSWORD})

    assert response.status_code == 200
    assert ("Calder Valley NHS Trust signs its staff in with their own work account, not a password"
            in text(response))
    assert client.get("/me").status_code == 302
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "sign_in.refused_password_off"))


def test_a_wrong_password_still_says_nothing_about_the_organisation(client, trust):
    person = factories.UserFactory(employer=trust)
    trust.password_sign_in = False
    db.session.commit()

    response = client.post("/login", data={"email": person.email, "password": "not the password"})

    assert "Enter a correct e-mail address and password" in text(response)
    assert "Calder Valley" not in text(response)


ISSUER = "https://login.example.nhs.uk"


@pytest.mark.parametrize(
    ("claims", "refusal"),
    [
        ({"iss": ISSUER, "email": "a@x.nhs.uk", "email_verified": True}, None),
        ({"iss": ISSUER + "/", "email": "a@x.nhs.uk", "email_verified": True}, None),
        ({"iss": "https://evil.example", "email": "a@x.nhs.uk", "email_verified": True},
         Refusal.WRONG_ISSUER),
        ({"email": "a@x.nhs.uk", "email_verified": True}, Refusal.WRONG_ISSUER),
        ({"iss": ISSUER, "email": "a@x.nhs.uk", "email_verified": False}, Refusal.UNVERIFIED_EMAIL),
        ({"iss": ISSUER, "email": "a@x.nhs.uk", "email_verified": "true"}, Refusal.UNVERIFIED_EMAIL),
        ({"iss": ISSUER, "email": "a@x.nhs.uk"}, Refusal.UNVERIFIED_EMAIL),
        ({"iss": ISSUER, "email_verified": True}, Refusal.NO_EMAIL),
    ],
)
def test_the_claims_rule(claims, refusal):
    assert claims_refusal(claims, issuer=ISSUER, email_claim="email") == refusal


def test_issuer_addresses():
    assert issuer_problem("https://login.example.nhs.uk") is None
    assert issuer_problem("http://127.0.0.1:8080") is None
    assert issuer_problem("http://login.example.nhs.uk") is not None
    assert issuer_problem("https://login.example.nhs.uk/?tenant=1") is not None
