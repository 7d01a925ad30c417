"""Who may see and change people's records; views, templates and services ask these."""

from __future__ import annotations

from academy.people.models import RoleAssignment, User
from academy.people.roles import PEOPLE_OVERSIGHT_ROLES, Role

MANAGEMENT_CHAIN_LIMIT = 12


def is_admin(user: User, organisation_id: int | None = None) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN, organisation_id)


def is_partnership_admin(user: User) -> bool:
    return user.is_authenticated and None in user.role_scopes(Role.ADMIN)


def manages(manager: User, person: User) -> bool:
    """True when manager is anywhere in person's line-management chain, or manages their team."""
    current = person.line_manager
    for _ in range(MANAGEMENT_CHAIN_LIMIT):
        if current is None:
            break
        if current.id == manager.id:
            return True
        current = current.line_manager
    team = person.team
    for _ in range(MANAGEMENT_CHAIN_LIMIT):
        if team is None:
            break
        if team.manager_id == manager.id:
            return True
        team = team.parent
    return False


def oversees(viewer: User, organisation_id: int) -> bool:
    """True when the viewer holds an oversight role for the organisation or the partnership."""
    return any(viewer.has_role(role, organisation_id) for role in PEOPLE_OVERSIGHT_ROLES)


def can_view_person(viewer: User, person: User) -> bool:
    if not viewer.is_authenticated:
        return False
    if viewer.id == person.id:
        return True
    return oversees(viewer, person.employer_id) or manages(viewer, person)


def can_list_people(viewer: User) -> bool:
    return viewer.is_authenticated and (
        any(viewer.has_role(role) for role in PEOPLE_OVERSIGHT_ROLES) or viewer.has_role(Role.MANAGER)
    )


def can_view_team(viewer: User) -> bool:
    """A manager sees the page of the people they manage."""
    return viewer.is_authenticated and viewer.has_role(Role.MANAGER)


def can_manage_person(viewer: User, person: User) -> bool:
    """Change someone's record, job or roles: an administrator for their employer."""
    return is_admin(viewer, person.employer_id)


def can_grant_role(viewer: User, role: Role, organisation_id: int | None) -> bool:
    """Partnership administrators grant anything; an organisation's administrators grant
    roles scoped to their own organisation only."""
    if is_partnership_admin(viewer):
        return True
    return organisation_id is not None and is_admin(viewer, organisation_id)


def can_revoke_role(viewer: User, assignment: RoleAssignment) -> bool:
    if assignment.user_id == viewer.id and assignment.role == Role.ADMIN:
        return False  # nobody locks themselves out of administration by accident
    return can_grant_role(viewer, assignment.role, assignment.organisation_id)


def can_view_equality_profile(viewer: User, person: User) -> bool:
    """Equality answers are the person's own: nobody else sees them, administrators included."""
    return viewer.is_authenticated and viewer.id == person.id


def can_view_audit_log(viewer: User) -> bool:
    return is_admin(viewer)


def can_view_scheduler(viewer: User) -> bool:
    return is_partnership_admin(viewer)


def can_view_organisation(viewer: User, organisation_id: int) -> bool:
    return viewer.is_authenticated


def can_create_organisation(user: User) -> bool:
    """Adding a partner organisation is for partnership administrators."""
    return is_partnership_admin(user)


def can_manage_organisation(user: User, organisation) -> bool:
    """Change an organisation's details, sites and teams: its administrators, or a partnership
    administrator."""
    return is_admin(user, organisation.id)


def can_manage_team(user: User, team) -> bool:
    return is_admin(user, team.organisation_id)


def can_manage_site(user: User, site) -> bool:
    return is_admin(user, site.organisation_id)


def can_manage_job_roles(user: User) -> bool:
    """Job roles are shared by the whole partnership, so only its administrators keep them."""
    return is_partnership_admin(user)


def can_edit_person(viewer: User, person: User) -> bool:
    """Correct a name or e-mail address: an administrator for the person's employer."""
    return can_manage_person(viewer, person)


def can_close_account(viewer: User, person: User) -> bool:
    """Close a leaver's open account; nobody closes their own."""
    return can_manage_person(viewer, person) and viewer.id != person.id and person.is_active_account


def can_reopen_account(viewer: User, person: User) -> bool:
    return can_manage_person(viewer, person) and not person.is_active_account


def can_sign_out_everywhere(viewer: User, person: User) -> bool:
    """End all of another person's sessions: their organisation's administrators."""
    return can_manage_person(viewer, person) and viewer.id != person.id and person.is_active_account


def can_unlock_account(viewer: User, person: User) -> bool:
    """Shown while failed sign-ins count against the person or a lock is recorded."""
    return can_manage_person(viewer, person) and (
        person.locked_until is not None or person.failed_sign_ins > 0
    )


def can_decide_transfers(viewer: User, organisation_id: int) -> bool:
    """Accept or decline people moving into an organisation: its administrators, or the
    partnership's."""
    return is_admin(viewer, organisation_id)


def can_view_transfers(viewer: User) -> bool:
    return is_admin(viewer)


def can_manage_identity_provider(viewer: User, organisation_id: int) -> bool:
    """Set up an organisation's sign-in: its administrators, or a partnership administrator."""
    return is_admin(viewer, organisation_id)


def can_import_staff(user: User, organisation_id: int | None = None) -> bool:
    """Staff files: an administrator of the organisation (with none given, of any)."""
    return is_admin(user, organisation_id)
