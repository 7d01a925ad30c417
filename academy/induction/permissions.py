"""Who may start, see, evidence and sign off inductions, and see or share a passport."""

from __future__ import annotations

from academy.induction.models import (
    Evidence,
    Induction,
    InductionItem,
    InductionProgramme,
    OpenBadge,
    PassportShare,
)
from academy.people.models import User
from academy.people.permissions import can_view_person, is_admin, manages
from academy.people.roles import Role


def is_learner(user: User, induction: Induction) -> bool:
    return user.is_authenticated and user.id == induction.user_id


def is_assigned_assessor(user: User, induction: Induction) -> bool:
    """An assessor for the learner's employer (or the partnership) assigned to this induction."""
    return (
        user.is_authenticated
        and user.has_role(Role.ASSESSOR, induction.organisation_id)
        and any(a.id == user.id for a in induction.assessors)
    )


def manages_starter(user: User, induction: Induction) -> bool:
    return user.is_authenticated and user.id != induction.user_id and manages(user, induction.user)


def oversees_inductions(user: User, organisation_id: int | None = None) -> bool:
    """Learning leads and administrators, for one organisation or (None) any scope."""
    return user.is_authenticated and (
        user.has_role(Role.LEARNING_LEAD, organisation_id) or is_admin(user, organisation_id)
    )


def can_start_induction(user: User, person: User | None = None) -> bool:
    """A manager for someone they manage, or an administrator for their employer."""
    if not user.is_authenticated:
        return False
    if person is None:
        return user.has_role(Role.MANAGER) or is_admin(user)
    if person.id == user.id:
        return False
    return (user.has_role(Role.MANAGER) and manages(user, person)) or is_admin(user, person.employer_id)


def can_view_induction(user: User, induction: Induction) -> bool:
    return (
        is_learner(user, induction)
        or is_assigned_assessor(user, induction)
        or manages_starter(user, induction)
        or oversees_inductions(user, induction.organisation_id)
    )


def can_list_starters(user: User) -> bool:
    return user.is_authenticated and (user.has_role(Role.MANAGER) or oversees_inductions(user))


def can_check_courses(user: User, induction: Induction) -> bool:
    return is_learner(user, induction) and induction.is_in_progress


def can_assign_assessors(user: User, induction: Induction) -> bool:
    return induction.is_in_progress and (
        manages_starter(user, induction) or is_admin(user, induction.organisation_id)
    )


def can_correct_induction(user: User, induction: Induction) -> bool:
    """Change the start date of an induction in progress, or close it unfinished: whoever may
    start it (the starter's manager, or an administrator for the employer)."""
    return induction.is_in_progress and (
        manages_starter(user, induction) or is_admin(user, induction.organisation_id)
    )


def can_add_evidence(user: User, item: InductionItem) -> bool:
    """The learner, while the item is still theirs to work on."""
    return (
        is_learner(user, item.induction)
        and item.induction.is_in_progress
        and item.status.is_with_learner
    )


def can_ask_for_sign_off(user: User, item: InductionItem) -> bool:
    return can_add_evidence(user, item)


def can_view_evidence(user: User, evidence: Evidence) -> bool:
    """Evidence is private: the learner, their assessors and their manager only."""
    induction = evidence.item.induction
    return (
        is_learner(user, induction)
        or is_assigned_assessor(user, induction)
        or manages_starter(user, induction)
    )


def can_remove_evidence(user: User, evidence: Evidence) -> bool:
    return evidence.uploaded_by_id == user.id and can_add_evidence(user, evidence.item)


def can_review_item(user: User, item: InductionItem) -> bool:
    """Sign off or return one item: an assigned assessor (for attendance, the manager too).

    Never the learner, and never anyone for evidence they uploaded themselves.
    """
    induction = item.induction
    if not user.is_authenticated or is_learner(user, induction):
        return False
    if not induction.is_in_progress or item.is_done:
        return False
    if any(e.uploaded_by_id == user.id for e in item.evidence_files):
        return False
    if is_assigned_assessor(user, induction):
        return True
    return item.evidence.is_attendance and manages_starter(user, induction)


def can_assess(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ASSESSOR)


def can_download_certificate(user: User, induction: Induction) -> bool:
    return induction.is_completed and can_view_induction(user, induction)


def can_issue_induction_badge(user: User, induction: Induction) -> bool:
    return induction.is_completed and is_learner(user, induction)


def can_issue_course_badge(user: User, enrolment) -> bool:
    """The person who completed a catalogue course (enrolment) may take its badge."""
    return user.is_authenticated and user.id == enrolment.user_id and enrolment.completed_on is not None


def can_view_badge(user: User, badge: OpenBadge) -> bool:
    return user.is_authenticated and (user.id == badge.user_id or is_admin(user, badge.user.employer_id))


def can_revoke_badge(user: User, badge: OpenBadge) -> bool:
    return badge.revoked_at is None and is_admin(user, badge.user.employer_id)


def can_manage_programmes(user: User, organisation_id: int | None = None) -> bool:
    """Learning leads and administrators: for an organisation, or the district's (None: the
    partnership-wide ones only). With no organisation asked about, any scope lets them in."""
    return oversees_inductions(user, organisation_id)


def can_view_programme(user: User, programme: InductionProgramme) -> bool:
    """A district-wide programme: any learning lead or administrator; an employer's: theirs."""
    if programme.organisation_id is None:
        return can_manage_programmes(user)
    return can_manage_programmes(user, programme.organisation_id)


def can_edit_programme_for(user: User, organisation_id: int | None) -> bool:
    if not user.is_authenticated:
        return False
    if organisation_id is None:
        return None in user.role_scopes(Role.LEARNING_LEAD) or None in user.role_scopes(Role.ADMIN)
    return oversees_inductions(user, organisation_id)


def can_view_induction_reports(user: User) -> bool:
    return oversees_inductions(user)


def can_view_passport(user: User, person: User) -> bool:
    return can_view_person(user, person)


def can_share_passport(user: User, person: User) -> bool:
    return user.is_authenticated and user.id == person.id


def can_stop_share(user: User, share: PassportShare) -> bool:
    return can_share_passport(user, share.user)
