"""Who may do what in mentoring; views, templates and services all ask these.

Coordinators run programmes and see applications, runs and how partnerships are going; a
partnership's pages belong to its two partners; a meeting note belongs to its writer alone, so
nobody else (the other partner, the coordinator, an administrator) ever reads it.
"""

from __future__ import annotations

from academy.mentoring.models import (
    ApplicationStatus,
    MentoringApplication,
    MentoringCohort,
    MentoringNote,
    MentoringPartnership,
    MentoringProgramme,
    PartnershipStatus,
)
from academy.people.models import User
from academy.people.roles import Role


def is_mentoring_coordinator(user: User) -> bool:
    """Holds the coordinator role for any scope: sees the mentoring pages for coordinators."""
    return user.is_authenticated and user.has_role(Role.MENTORING_COORDINATOR)


def can_create_mentoring_programme(user: User, organisation_id: int | None = None) -> bool:
    """Partnership coordinators start partnership-wide programmes; others their own
    organisation's."""
    if not user.is_authenticated:
        return False
    scopes = user.role_scopes(Role.MENTORING_COORDINATOR)
    return None in scopes or (organisation_id is not None and organisation_id in scopes)


def can_manage_mentoring_programme(user: User, programme: MentoringProgramme) -> bool:
    return can_create_mentoring_programme(user, programme.organisation_id)


def can_manage_mentoring_cohort(user: User, cohort: MentoringCohort) -> bool:
    return can_manage_mentoring_programme(user, cohort.programme)


def can_manage_mentoring_goals(user: User) -> bool:
    return is_mentoring_coordinator(user)


def can_view_mentoring_application(user: User, application: MentoringApplication) -> bool:
    if not user.is_authenticated:
        return False
    return application.user_id == user.id or can_manage_mentoring_cohort(user, application.cohort)


def can_edit_mentoring_application(user: User, application: MentoringApplication, today) -> bool:
    """The applicant, while the cohort still takes applications."""
    return (
        user.is_authenticated and application.user_id == user.id
        and application.status == ApplicationStatus.SUBMITTED
        and application.cohort.accepts_applications(today)
    )


def can_withdraw_mentoring_application(user: User, application: MentoringApplication) -> bool:
    return (
        user.is_authenticated and application.user_id == user.id
        and application.status == ApplicationStatus.SUBMITTED
    )


def is_in_pair(user: User, partnership: MentoringPartnership) -> bool:
    return user.is_authenticated and user.id in (partnership.partner_id, partnership.leader_id)


def can_view_mentoring_partnership(user: User, partnership: MentoringPartnership) -> bool:
    """The two partners, and the cohort's coordinators (who see dates and counts, never notes)."""
    return is_in_pair(user, partnership) or (
        user.is_authenticated and can_manage_mentoring_cohort(user, partnership.cohort)
    )


def can_respond_to_match(user: User, partnership: MentoringPartnership) -> bool:
    return is_in_pair(user, partnership) and partnership.status == PartnershipStatus.AWAITING


def can_work_in_mentoring_partnership(user: User, partnership: MentoringPartnership) -> bool:
    """Log meetings and agree goals: the partners, once both have accepted."""
    return is_in_pair(user, partnership) and partnership.status == PartnershipStatus.ACTIVE


def can_give_mentoring_feedback(user: User, partnership: MentoringPartnership) -> bool:
    return is_in_pair(user, partnership) and partnership.status in (
        PartnershipStatus.ACTIVE, PartnershipStatus.CLOSED
    )


def can_close_mentoring_partnership(user: User, partnership: MentoringPartnership) -> bool:
    if partnership.status != PartnershipStatus.ACTIVE:
        return False
    return is_in_pair(user, partnership) or (
        user.is_authenticated and can_manage_mentoring_cohort(user, partnership.cohort)
    )


def can_view_meeting_note(user: User, note: MentoringNote) -> bool:
    """Only the writer: not the other partner, not the coordinator, not an administrator."""
    return user.is_authenticated and note.author_id == user.id
