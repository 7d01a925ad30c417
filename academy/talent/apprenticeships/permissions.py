"""Who may see and change apprenticeships; views, templates and tests ask these.

An apprenticeship coordinator scoped to a partner sees that partner's apprentices (and its levy
account: academy.talent.levy.permissions); one scoped to the whole partnership (the levy pool
lead) sees all of them. Apprentices see their own record, managers their team's apprentices.
"""

from __future__ import annotations

from academy.people.models import User
from academy.people.permissions import manages
from academy.people.roles import Role


def coordinator_scopes(user: User) -> set[int | None]:
    """Organisations the user coordinates apprenticeships for; None means the whole partnership."""
    if not user.is_authenticated:
        return set()
    return user.role_scopes(Role.APPRENTICESHIP_COORDINATOR)


def is_apprenticeship_coordinator(user: User) -> bool:
    return bool(coordinator_scopes(user))


def is_levy_pool_lead(user: User) -> bool:
    return None in coordinator_scopes(user)


def coordinates(user: User, organisation_id: int) -> bool:
    scopes = coordinator_scopes(user)
    return None in scopes or organisation_id in scopes


def can_view_apprenticeships(user: User) -> bool:
    """The coordinators' pages: dashboards, cohorts, levy accounts, reports."""
    return is_apprenticeship_coordinator(user)


def can_list_apprentices(user: User) -> bool:
    return user.is_authenticated and (
        is_apprenticeship_coordinator(user) or user.has_role(Role.MANAGER))


def can_view_apprentice(user: User, apprentice) -> bool:
    if not user.is_authenticated:
        return False
    if apprentice.user_id == user.id:
        return True
    return coordinates(user, apprentice.employer_id) or manages(user, apprentice.person)


def can_manage_apprentice(user: User, apprentice) -> bool:
    """Change the record, reviews, gateway and assessment: the employer's coordinator."""
    return user.is_authenticated and coordinates(user, apprentice.employer_id)


def can_log_off_the_job(user: User, apprentice) -> bool:
    """Apprentices log their own off-the-job training; coordinators may log it for them."""
    return user.is_authenticated and (
        apprentice.user_id == user.id or can_manage_apprentice(user, apprentice))


def can_add_apprentice(user: User) -> bool:
    return is_apprenticeship_coordinator(user)


def can_change_apprenticeship_rules(user: User) -> bool:
    """Import the official list of standards and add funding rule changes."""
    return is_levy_pool_lead(user)
