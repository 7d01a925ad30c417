"""Signing in through an organisation's own identity provider, and setting one up."""

from __future__ import annotations

import secrets

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from joserfc.errors import JoseError

from academy.extensions import db
from academy.people.forms import IdentityProviderForm
from academy.people.identity import queries, services
from academy.people.identity.models import IdentityProvider
from academy.people.identity.rules import Refusal, same_issuer
from academy.people.models import Organisation
from academy.people.permissions import can_manage_identity_provider
from academy.people.views import bp
from academy.people.views.common import begin_session
from academy.web import load_or_404, require, submit

# What the provider may answer instead of a code when the person cancelled or was refused there.
_CANCELLED = {"access_denied", "login_required", "consent_required", "interaction_required",
              "account_selection_required"}


def _refused(provider: IdentityProvider, refusal: Refusal, *, status: int | None = None,
             email: str | None = None):
    db.session.commit()  # keeps the audit entry of the refusal
    status = status or (403 if refusal.is_about_the_person else 400)
    return render_template(
        "people/identity_refused.html", title=refusal.label, provider=provider, refusal=refusal,
        email=email, admins=queries.organisation_admins(provider.organisation_id),
    ), status


def _refuse(provider: IdentityProvider, refusal: Refusal, *, detail: str,
            status: int | None = None):
    """Audit a refusal in the exchange with the provider, and say so."""
    services.refuse(provider, refusal, detail=detail)
    return _refused(provider, refusal, status=status)


def _claims(client, provider: IdentityProvider, token: dict) -> dict | None:
    """The checked ID token's claims; where it leaves out the e-mail (a provider may keep it
    for its UserInfo endpoint), those of the UserInfo answer for the same subject are added.
    None when there is no ID token."""
    claims = token.get("userinfo")
    if not claims:
        return None
    claims = dict(claims)
    if claims.get(provider.email_claim) is None or "email_verified" not in claims:
        extra = client.userinfo(token=token)
        if extra.get("sub") == claims.get("sub"):  # else another person's answer: ignored
            claims = {**extra, **claims}  # what the signed ID token says wins
    return claims


@bp.post("/login/organisation/<int:provider_id>")
def identity_start(provider_id: int):
    """Send the person to their organisation's sign-in, remembering state, nonce and PKCE."""
    provider = load_or_404(IdentityProvider, provider_id)
    client = services.oauth_client(provider)
    if client is None:
        return _refuse(provider, Refusal.UNAVAILABLE, detail="switched off or no secret")
    try:
        return client.authorize_redirect(
            url_for("people.identity_callback", provider_id=provider.id, _external=True),
            nonce=secrets.token_urlsafe(24),
        )
    except requests.RequestException:
        return _refuse(provider, Refusal.UNAVAILABLE, detail="discovery unreachable", status=502)


@bp.get("/login/organisation/<int:provider_id>/callback")
def identity_callback(provider_id: int):
    """Where the provider sends the person back: exchange the code, check the ID token (Authlib
    checks state, nonce, signature, audience, issuer against the discovery document and
    expiry), then decide who, if anyone, signs in."""
    provider = load_or_404(IdentityProvider, provider_id)
    client = services.oauth_client(provider)
    if client is None:
        return _refuse(provider, Refusal.UNAVAILABLE, detail="switched off or no secret")
    # RFC 9207: a provider that names itself must be the one set up, before any code is spent.
    if "iss" in request.args and not same_issuer(provider.issuer_url, request.args["iss"]):
        return _refuse(provider, Refusal.WRONG_ISSUER, detail=request.args["iss"][:200])
    try:
        token = client.authorize_access_token()
        claims = _claims(client, provider, token)
    except MismatchingStateError:
        return _refuse(provider, Refusal.EXPIRED, detail="unknown or reused state")
    except OAuthError as error:
        refusal = Refusal.CANCELLED if error.error in _CANCELLED else Refusal.CODE_REJECTED
        return _refuse(provider, refusal, detail=str(error.error)[:100])
    except JoseError as error:
        return _refuse(provider, Refusal.TOKEN_INVALID, detail=str(error)[:200])
    except requests.RequestException:
        return _refuse(provider, Refusal.UNAVAILABLE, detail="token endpoint unreachable", status=502)
    if claims is None:
        return _refuse(provider, Refusal.TOKEN_INVALID, detail="no ID token")
    decision = services.decide_sign_in(provider, claims)
    if decision.refusal is not None:
        return _refused(provider, decision.refusal, email=decision.email)
    begin_session(decision.person)  # a new session for the person; nothing of the anonymous one
    db.session.commit()
    flash(f"You have signed in with your {provider.display_name} account.", "success")
    return redirect(url_for("home.index"))


@bp.route("/organisations/<int:organisation_id>/sign-in", methods=["GET", "POST"])
@login_required
def identity_provider(organisation_id: int):
    """An administrator sets up the organisation's identity provider and password sign-in."""
    organisation = load_or_404(Organisation, organisation_id)
    require(can_manage_identity_provider(current_user, organisation.id))
    provider = queries.provider_for(organisation.id)
    form = IdentityProviderForm(obj=provider)
    if request.method == "GET":
        form.password_sign_in.data = organisation.password_sign_in
    if response := submit(
        form,
        lambda: services.save_sign_in_settings(
            organisation, {name: getattr(form, name).data for name in (
                "display_name", "issuer_url", "client_id", "client_secret_env", "email_claim",
                "is_enabled", "password_sign_in")},
            actor=current_user,
        ),
        then=url_for("people.identity_provider", organisation_id=organisation.id),
        success=f"Sign-in for {organisation.name} has been saved.",
    ):
        return response
    return render_template("people/identity_provider.html", form=form, organisation=organisation,
                           provider=provider, title=f"Sign-in for {organisation.name}",
                           secret_is_set=provider is not None and services.secret_is_set(provider))
