"""Who may see and run fellowships: the fellowship lead runs them; a fellow, their mentor and
their coach see the fellow's own page; backfill money is the lead's only."""

from __future__ import annotations

from academy.people.models import User
from academy.people.roles import Role
from academy.talent.fellowships.models import Fellow


def is_fellowship_lead(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.FELLOWSHIP_LEAD)


def can_view_fellow(user: User, fellow: Fellow) -> bool:
    return user.is_authenticated and (
        is_fellowship_lead(user) or user.id in (fellow.person_id, fellow.mentor_id, fellow.coach_id)
    )


def is_fellow(user: User, fellow: Fellow) -> bool:
    """The fellow themself (not their mentor, coach or lead)."""
    return user.is_authenticated and user.id == fellow.person_id


def can_withdraw_fellow(user: User, fellow: Fellow) -> bool:
    """The lead, while the fellow is still active."""
    return is_fellowship_lead(user) and fellow.is_active


def can_view_backfill(user: User, fellow: Fellow) -> bool:
    return is_fellowship_lead(user)
