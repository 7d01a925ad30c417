"""Signing in through an organisation's identity provider: a real OpenID Connect provider
(oidc-provider run by Node) answers over HTTP, and the Flask test client follows its redirects."""

from __future__ import annotations

import html
import time
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from sqlalchemy import func, select

from academy.audit.models import AuditEvent
from academy.extensions import db
from academy.people.identity.models import IdentityProvider
from academy.people.models import User
from academy.people.roles import Role
from academy.timekeeping import utcnow
from tests import factories
from tests.people.oidc.provider import (
    ACCOUNTS,
    CLIENT_ID,
    CLIENT_SECRET,
    SECRET_ENV,
    running_provider,
)

CALLBACKS = [f"http://localhost/login/organisation/{n}/callback" for n in range(1, 4)]


@pytest.fixture(scope="module")
def oidc():
    with running_provider(CALLBACKS) as provider:
        yield provider


@pytest.fixture
def trust(app, oidc, monkeypatch):
    """An NHS trust signing in through the test provider, with Alice provisioned there, Lena a
    closed leaver, Colin at the council, and an administrator to ask."""
    monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)
    trust = factories.OrganisationFactory(name="Calder Valley NHS Trust")
    council = factories.OrganisationFactory(name="Calder Council")
    db.session.flush()
    provider = IdentityProvider(organisation_id=trust.id, display_name="NHSmail",
                                issuer_url=oidc.issuer, client_id=CLIENT_ID,
                                client_secret_env=SECRET_ENV)
    db.session.add(provider)
    people = {
        "alice": factories.UserFactory(employer=trust, email=ACCOUNTS["alice"]["email"],
                                       given_name="Alice", failed_sign_ins=3),
        "bob": factories.UserFactory(employer=trust, email=ACCOUNTS["bob"]["email"]),
        "colin": factories.UserFactory(employer=council, email=ACCOUNTS["colin"]["email"]),
        "lena": factories.UserFactory(employer=trust, email=ACCOUNTS["lena"]["email"],
                                      is_active_account=False, closed_at=utcnow()),
        "admin": factories.UserFactory(employer=trust, email="ada.admin@trust.nhs.uk",
                                       given_name="Ada", family_name="Admin",
                                       roles=[(Role.ADMIN, trust)]),
    }
    db.session.commit()
    assert provider.id <= len(CALLBACKS)
    return provider, people


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def start(client, provider) -> str:
    response = client.post(f"/login/organisation/{provider.id}")
    assert response.status_code == 302, text(response)[:300]
    return response.location


def callback_as(client, oidc, provider, account: str) -> str:
    """Start signing in, sign in at the provider as `account`: the callback address it gives."""
    return oidc.choose_account(requests.Session(), start(client, provider), account)


def refusals(reason: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent)
        .where(AuditEvent.action == "sign_in.identity_provider_refused")
        .where(AuditEvent.detail["reason"].as_string() == reason)
    )


def test_login_page_offers_the_organisations_sign_in(client, trust):
    provider, _ = trust
    page = text(client.get("/login"))
    assert "Sign in with your organisation's account" in page
    assert "Calder Valley NHS Trust: sign in with NHSmail" in page
    assert f'action="/login/organisation/{provider.id}"' in page


def test_a_provisioned_person_signs_in_through_the_provider(client, oidc, trust):
    provider, people = trust
    authorize = urlsplit(start(client, provider))
    query = parse_qs(authorize.query)
    assert authorize.netloc == urlsplit(oidc.url).netloc
    assert query["scope"] == ["openid email profile"]
    assert query["state"] and query["nonce"] and query["code_challenge_method"] == ["S256"]

    callback = oidc.choose_account(requests.Session(), urlunsplit(authorize), "alice")
    response = client.get(callback)

    assert response.status_code == 302 and response.location == "/"
    home = text(client.get("/", follow_redirects=True))
    assert "You have signed in with your NHSmail account." in home
    assert "Hello, Alice" in home
    alice = db.session.get(User, people["alice"].id)
    db.session.refresh(alice)
    assert alice.failed_sign_ins == 0 and alice.last_sign_in_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "sign_in.identity_provider"))
    assert event.actor_id == alice.id and event.subject_id == alice.id


@pytest.mark.parametrize(
    ("account", "reason", "heading", "status"),
    [
        ("bob", "unverified_email", "Your organisation has not confirmed your e-mail address", 403),
        ("nadia", "not_provisioned", "There is no Academy account for you in this organisation", 403),
        ("colin", "other_organisation", "Your Academy account belongs to another organisation", 403),
        ("lena", "closed", "Your Academy account is closed", 403),
    ],
)
def test_people_the_rules_do_not_let_in_get_a_page_saying_who_to_ask(
    client, oidc, trust, account, reason, heading, status,
):
    provider, _ = trust
    response = client.get(callback_as(client, oidc, provider, account))

    page = text(response)
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in page
    assert ACCOUNTS[account]["email"] in page
    assert "Ada Admin" in page and "mailto:ada.admin@trust.nhs.uk" in page
    assert client.get("/me").status_code == 302  # still signed out
    assert refusals(reason) == 1


def test_a_provider_that_is_not_the_issuer_set_up_is_refused(client, oidc, trust):
    provider, people = trust
    # The same server reached by another name: its discovery document names another issuer.
    provider.issuer_url = oidc.url.replace("127.0.0.1", "localhost")
    db.session.commit()
    response = client.get(callback_as(client, oidc, provider, "alice"))

    assert response.status_code == 400
    assert "The sign-in came from an identity provider we were not expecting" in text(response)
    assert client.get("/me").status_code == 302
    assert refusals("wrong_issuer") == 1


def test_an_id_token_from_another_issuer_is_refused_even_without_the_iss_parameter(client, oidc, trust):
    provider, _ = trust
    provider.issuer_url = oidc.url.replace("127.0.0.1", "localhost")
    db.session.commit()
    callback = urlsplit(callback_as(client, oidc, provider, "alice"))
    query = {k: v for k, v in parse_qs(callback.query).items() if k != "iss"}
    response = client.get(urlunsplit(callback._replace(query=urlencode(query, doseq=True))))

    assert response.status_code == 400
    assert refusals("wrong_issuer") == 1
    assert client.get("/me").status_code == 302


def test_a_replayed_callback_is_refused(client, oidc, trust):
    provider, _ = trust
    callback = callback_as(client, oidc, provider, "alice")
    assert client.get(callback).status_code == 302
    client.post("/logout")

    response = client.get(callback)
    assert response.status_code == 400
    assert "This sign-in has expired or was already used" in text(response)
    assert client.get("/me").status_code == 302
    assert refusals("expired") == 1


def test_a_code_already_spent_at_the_provider_is_refused(client, oidc, trust):
    provider, _ = trust
    callback = callback_as(client, oidc, provider, "alice")
    # Someone who copied the browser's cookie and the callback address replays them after the
    # person signed in: the state is still in the copied cookie, but the provider has spent
    # the code.
    copied = client.get_cookie("session").value
    assert client.get(callback).status_code == 302
    client.post("/logout")
    client.set_cookie("session", copied)

    response = client.get(callback)
    assert response.status_code == 400
    assert "Your organisation's sign-in did not accept this sign-in" in text(response)
    assert client.get("/me").status_code == 302
    assert refusals("code_rejected") == 1


def test_a_forged_state_is_refused_and_spends_nothing(client, oidc, trust):
    provider, _ = trust
    callback = urlsplit(callback_as(client, oidc, provider, "alice"))
    query = {**parse_qs(callback.query), "state": ["forged-by-someone-else"]}
    response = client.get(urlunsplit(callback._replace(query=urlencode(query, doseq=True))))

    assert response.status_code == 400
    assert refusals("expired") == 1
    assert client.get("/me").status_code == 302


def test_a_missing_secret_or_a_provider_switched_off_is_a_clear_page(client, trust, monkeypatch):
    provider, _ = trust
    monkeypatch.delenv(SECRET_ENV)
    response = client.post(f"/login/organisation/{provider.id}")
    assert response.status_code == 400
    assert "cannot be reached or is not set up" in text(response)

    monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)
    provider.is_enabled = False
    db.session.commit()
    assert client.post(f"/login/organisation/{provider.id}").status_code == 400
    assert "NHSmail" not in text(client.get("/login"))


@pytest.fixture(scope="module")
def hasty_oidc():
    """A provider whose authorisation codes last one second."""
    with running_provider(CALLBACKS, code_seconds=1) as provider:
        yield provider


def test_an_expired_code_is_refused(client, hasty_oidc, trust):
    provider, _ = trust
    provider.issuer_url = hasty_oidc.issuer
    db.session.commit()
    callback = callback_as(client, hasty_oidc, provider, "alice")
    time.sleep(2.5)

    response = client.get(callback)
    assert response.status_code == 400
    assert "Your organisation's sign-in did not accept this sign-in" in text(response)
    assert client.get("/me").status_code == 302
    assert refusals("code_rejected") == 1


def test_a_sign_in_cancelled_at_the_provider_is_a_clear_page(client, oidc, trust):
    provider, _ = trust
    state = parse_qs(urlsplit(start(client, provider)).query)["state"][0]

    response = client.get(f"/login/organisation/{provider.id}/callback",
                          query_string={"error": "access_denied", "state": state})

    assert response.status_code == 400
    assert "The sign-in was cancelled or refused by your organisation's sign-in" in text(response)
    assert client.get("/me").status_code == 302
    assert refusals("cancelled") == 1


def test_a_provider_that_cannot_be_reached_is_a_clear_page(client, trust):
    provider, _ = trust
    provider.issuer_url = "http://127.0.0.1:9"  # nothing listens there
    db.session.commit()

    response = client.post(f"/login/organisation/{provider.id}")

    assert response.status_code == 502
    assert "Your organisation's sign-in cannot be reached or is not set up" in text(response)
    assert refusals("unavailable") == 1
