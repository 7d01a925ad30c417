"""Who may see and run fellowships: the fellowship lead runs them (a lead for one organisation,
that organisation's fellows); a fellow, their mentor and their coach see the fellow's own page;
backfill money is the lead's only."""

from __future__ import annotations

from academy.people.models import User
from academy.people.roles import Role
from academy.talent.fellowships.models import Fellow


def is_fellowship_lead(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.FELLOWSHIP_LEAD)


def leads_fellowship_of(user: User, fellow: Fellow) -> bool:
    """A lead for the whole partnership, or for the fellow's employer."""
    return user.is_authenticated and user.has_role(Role.FELLOWSHIP_LEAD, fellow.employer_id)


def can_view_fellow(user: User, fellow: Fellow) -> bool:
    return user.is_authenticated and (
        leads_fellowship_of(user, fellow)
        or user.id in (fellow.person_id, fellow.mentor_id, fellow.coach_id)
    )


def is_fellow(user: User, fellow: Fellow) -> bool:
    """The fellow themself (not their mentor, coach or lead)."""
    return user.is_authenticated and user.id == fellow.person_id


def can_withdraw_fellow(user: User, fellow: Fellow) -> bool:
    """The fellow's lead, while the fellow is still active."""
    return leads_fellowship_of(user, fellow) and fellow.is_active


def can_view_backfill(user: User, fellow: Fellow) -> bool:
    return leads_fellowship_of(user, fellow)
