"""Signing in through an organisation's identity provider, and setting one up.

Services flush and never commit; the request that calls them commits once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import current_app

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.people import permissions
from academy.people.identity import rules
from academy.people.identity.models import IdentityProvider
from academy.people.identity.queries import provider_for
from academy.people.identity.rules import Refusal
from academy.people.models import Organisation, User
from academy.people.services import find_by_email
from academy.timekeeping import utcnow

SCOPE = "openid email profile"


def client_name(provider: IdentityProvider) -> str:
    """The name Authlib keeps this provider's sign-in state under in the session."""
    return f"organisation-{provider.organisation_id}"


def oauth_client(provider: IdentityProvider) -> FlaskOAuth2App | None:
    """The Authlib client for this provider, built once per setting and per application, so the
    provider's discovery document and keys are fetched once rather than on every sign-in.

    None when the provider is switched off or its secret is not in the environment.
    """
    secret = os.environ.get(provider.client_secret_env)
    if not provider.is_enabled or not secret:
        return None
    clients = current_app.extensions.setdefault("academy.identity_clients", {})
    key = (provider.id, provider.issuer_url, provider.client_id, secret)
    client = clients.get(key)
    if client is None:
        name = client_name(provider)
        client = FlaskOAuth2App(
            FlaskIntegration(name), name=name,
            client_id=provider.client_id, client_secret=secret,
            server_metadata_url=provider.metadata_url,
            client_kwargs={"scope": SCOPE, "code_challenge_method": "S256", "timeout": 10},
        )
        clients[key] = client
    return client


def secret_is_set(provider: IdentityProvider) -> bool:
    """Whether this server's environment holds the provider's client secret."""
    return bool(os.environ.get(provider.client_secret_env))


@dataclass(frozen=True)
class Decision:
    """Who signs in, or why nobody does."""

    person: User | None = None
    refusal: Refusal | None = None
    email: str | None = None


def decide_sign_in(provider: IdentityProvider, claims: dict) -> Decision:
    """Let in the person whose verified e-mail the provider's claims carry, when they were
    provisioned in the provider's organisation and their account is open.

    A refusal is audited and returned, never raised: the caller shows it and commits the entry.
    """
    refusal = rules.claims_refusal(claims, issuer=provider.issuer_url,
                                   email_claim=provider.email_claim)
    email = rules.verified_email(claims, provider.email_claim)
    person = find_by_email(email) if email else None
    claimed = claims.get(provider.email_claim)
    shown = email or (claimed.strip().lower()[:254] if isinstance(claimed, str) else None)
    if refusal is None:
        if person is None:
            refusal = Refusal.NOT_PROVISIONED
        elif person.employer_id != provider.organisation_id:
            refusal = Refusal.OTHER_ORGANISATION
        elif not person.is_active_account:
            refusal = Refusal.CLOSED
    if refusal is not None:
        refuse(provider, refusal, email=shown, person=person)
        return Decision(refusal=refusal, email=shown)
    person.failed_sign_ins = 0
    person.locked_until = None
    person.last_sign_in_at = utcnow()
    record(person, "sign_in.identity_provider", person, subject=person,
           provider=provider.display_name)
    db.session.flush()
    return Decision(person=person, email=email)


def refuse(provider: IdentityProvider, refusal: Refusal, *, email: str | None = None,
           person: User | None = None, detail: str | None = None) -> None:
    """Audit a refused sign-in through the provider (on the person, when there is one)."""
    extra = {"detail": detail} if detail else {}
    record(None, "sign_in.identity_provider_refused", provider, subject=person,
           reason=refusal.value, email=email, **extra)
    db.session.flush()


def save_sign_in_settings(organisation: Organisation, data: dict, *, actor: User) -> IdentityProvider:
    """Set up (or change) the organisation's identity provider and whether its staff may still
    sign in with a password.

    `data`: display_name, issuer_url, client_id, client_secret_env, email_claim, is_enabled,
    password_sign_in. Raises NotAllowed unless the actor administers the organisation, and
    DomainError (on the field) for an unusable setting, or for turning password sign-in off
    with no identity provider switched on, which would lock every member of staff out.
    """
    if not permissions.can_manage_identity_provider(actor, organisation.id):
        raise NotAllowed("Only this organisation's administrators can set up its sign-in")
    issuer = (data["issuer_url"] or "").strip()
    if problem := rules.issuer_problem(issuer):
        raise DomainError(problem, field="issuer_url")
    secret_env = (data["client_secret_env"] or "").strip()
    if not rules.ENVIRONMENT_NAME.fullmatch(secret_env):
        raise DomainError("Enter the name of an environment variable, in capitals, like "
                          "ACADEMY_OIDC_SECRET_RXX", field="client_secret_env")
    email_claim = (data.get("email_claim") or "email").strip()
    if not rules.CLAIM_NAME.fullmatch(email_claim):
        raise DomainError("Enter the name of a claim, like email or preferred_username",
                          field="email_claim")
    is_enabled = bool(data.get("is_enabled"))
    password_sign_in = bool(data.get("password_sign_in"))
    if not password_sign_in and not is_enabled:
        raise DomainError("Keep password sign-in on until sign-in through the identity provider "
                          "is switched on, or nobody can sign in", field="password_sign_in")
    provider = provider_for(organisation.id)
    created = provider is None
    if created:
        provider = IdentityProvider(organisation_id=organisation.id)
        db.session.add(provider)
    before = {"issuer_url": provider.issuer_url, "client_id": provider.client_id,
              "is_enabled": provider.is_enabled,
              "password_sign_in": organisation.password_sign_in}
    provider.display_name = data["display_name"].strip()
    provider.issuer_url = issuer.rstrip("/")
    provider.client_id = data["client_id"].strip()
    provider.client_secret_env = secret_env
    provider.email_claim = email_claim
    provider.is_enabled = is_enabled
    organisation.password_sign_in = password_sign_in
    db.session.flush()
    record(actor, "identity_provider.created" if created else "identity_provider.changed",
           provider, before=None if created else before,
           issuer_url=provider.issuer_url, client_id=provider.client_id,
           is_enabled=is_enabled, password_sign_in=password_sign_in)
    db.session.flush()
    return provider
