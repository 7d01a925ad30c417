"""Who gets what on the organisation sign-in routes; registered in tests/test_access.py."""

from __future__ import annotations

from academy.extensions import db
from academy.people.identity.models import IdentityProvider

PUBLIC = "public"

ACCESS: dict[tuple[str, str], object] = {
    # Anyone may start signing in through a provider, or come back from it (to a refusal page
    # here: the provider's secret is not in the environment, and there is no state to match).
    ("people.identity_start", "POST"): PUBLIC,
    ("people.identity_callback", "GET"): PUBLIC,
    # Org A's sign-in settings: its administrators and partnership administrators.
    ("people.identity_provider", "GET"): frozenset({"admin"}),
    ("people.identity_provider", "POST"): frozenset({"admin"}),
}


def world(users, subject, organisation) -> dict:
    """Org A's identity provider, whose secret's variable is set nowhere."""
    provider = IdentityProvider(
        organisation_id=organisation.id, display_name="Org A sign-in",
        issuer_url="https://login.org-a.example", client_id="academy",
        client_secret_env="ACADEMY_ACCESS_TEST_SECRET_NOT_SET",
    )
    db.session.add(provider)
    db.session.flush()
    return {"provider_id": provider.id}
