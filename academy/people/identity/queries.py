"""Read models for identity providers: who offers sign-in, and who to ask when it refuses."""

from __future__ import annotations

from sqlalchemy import select

from academy.extensions import db
from academy.people.identity.models import IdentityProvider
from academy.people.models import Organisation, RoleAssignment, User
from academy.people.roles import Role


def enabled_providers() -> list[IdentityProvider]:
    return list(db.session.scalars(
        select(IdentityProvider).join(Organisation)
        .where(IdentityProvider.is_enabled.is_(True)).order_by(Organisation.name)
    ))


def provider_for(organisation_id: int) -> IdentityProvider | None:
    return db.session.scalar(
        select(IdentityProvider).where(IdentityProvider.organisation_id == organisation_id)
    )


def organisation_admins(organisation_id: int) -> list[User]:
    """The open accounts holding the administrator role for this organisation itself."""
    return list(db.session.scalars(
        select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == Role.ADMIN,
               RoleAssignment.organisation_id == organisation_id,
               User.is_active_account.is_(True))
        .order_by(User.family_name, User.given_name).distinct()
    ))
