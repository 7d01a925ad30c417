"""Who may see and act on levy accounts, the pool, pledges and transfer requests; views,
templates and tests ask these.

A partner's apprenticeship coordinator keeps its levy account; the partnership-wide coordinator
(the levy pool lead) sees every account, the pool and open needs.
"""

from __future__ import annotations

from academy.people import permissions as people_permissions
from academy.people.models import User
from academy.talent.apprenticeships import permissions as apprenticeship_permissions


def can_view_levy_account(user: User, account) -> bool:
    return user.is_authenticated and apprenticeship_permissions.coordinates(
        user, account.organisation_id)


def can_manage_levy_account(user: User, account) -> bool:
    """Record declarations and pledge funds: the account holder's coordinator or the pool lead."""
    return can_view_levy_account(user, account)


def can_pledge_from(user: User, account, allowance, need=None) -> bool:
    """Pledge from this account: its coordinator, while this tax year's transfer allowance has
    something left (for a need, enough to meet it)."""
    if not can_manage_levy_account(user, account) or allowance.remaining <= 0:
        return False
    return need is None or allowance.remaining >= need.amount


def can_view_pool(user: User) -> bool:
    """The partnership view of every account's expiring funds beside open needs."""
    return apprenticeship_permissions.is_levy_pool_lead(user)


def can_request_transfer(user: User) -> bool:
    return apprenticeship_permissions.is_apprenticeship_coordinator(user)


def can_view_levy_pledge(user: User, pledge) -> bool:
    return apprenticeship_permissions.is_apprenticeship_coordinator(user)


def can_decide_transfer_request(user: User, application) -> bool:
    """The sending partner's coordinator or the pool lead; an open need, the pool lead only."""
    if application.pledge is None:
        return apprenticeship_permissions.is_levy_pool_lead(user)
    return can_manage_levy_account(user, application.pledge.account)


def can_view_transfer_request(user: User, application) -> bool:
    return user.is_authenticated and (
        apprenticeship_permissions.coordinates(user, application.organisation_id)
        or can_decide_transfer_request(user, application))


def can_keep_levy_account(user: User, organisation) -> bool:
    """Open a levy-paying partner's account or change its settings: the partner's
    administrators, or a partnership administrator."""
    return organisation.is_levy_payer and people_permissions.is_admin(user, organisation.id)
