"""Who may do what in mentoring; views, templates and services all ask these.

Coordinators run programmes and see applications, runs and how partnerships are going; a
partnership's pages belong to its two partners; a meeting note belongs to its writer alone, so
nobody else (the other partner, the coordinator, an administrator) ever reads it.
"""

from __future__ import annotations

from academy.mentoring.models import (
    MentoringApplication,
    MentoringCohort,
    MentoringNote,
    MentoringPartnership,
    MentoringProgramme,
    PartnershipStatus,
    Response,
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


def is_mentoring_applicant(user: User, application: MentoringApplication) -> bool:
    """The person the application is from."""
    return user.is_authenticated and application.user_id == user.id


def can_view_mentoring_application(user: User, application: MentoringApplication) -> bool:
    if not user.is_authenticated:
        return False
    return is_mentoring_applicant(user, application) or can_manage_mentoring_cohort(user, application.cohort)


def can_edit_mentoring_application(user: User, application: MentoringApplication, today) -> bool:
    """The applicant, while the cohort still takes applications."""
    return (
        is_mentoring_applicant(user, application) and application.is_submitted
        and application.cohort.accepts_applications(today)
    )


def can_withdraw_mentoring_application(user: User, application: MentoringApplication) -> bool:
    return is_mentoring_applicant(user, application) and application.is_submitted


def can_decline_mentoring_application(user: User, application: MentoringApplication) -> bool:
    """The cohort's coordinators, while the application is still submitted."""
    return (user.is_authenticated and application.is_submitted
            and can_manage_mentoring_cohort(user, application.cohort))


def is_in_pair(user: User, partnership: MentoringPartnership) -> bool:
    return user.is_authenticated and user.id in (partnership.partner_id, partnership.leader_id)


def can_view_mentoring_partnership(user: User, partnership: MentoringPartnership) -> bool:
    """The two partners, and the cohort's coordinators (who see dates and counts, never notes)."""
    return is_in_pair(user, partnership) or (
        user.is_authenticated and can_manage_mentoring_cohort(user, partnership.cohort)
    )


def can_respond_to_match(user: User, partnership: MentoringPartnership) -> bool:
    """A partner who has not yet answered a match that is waiting for answers."""
    return (is_in_pair(user, partnership) and partnership.is_awaiting
            and partnership.response_of(user.id) == Response.PENDING)


def can_work_in_mentoring_partnership(user: User, partnership: MentoringPartnership) -> bool:
    """Log meetings and agree goals: the partners, once both have accepted."""
    return is_in_pair(user, partnership) and partnership.is_active


def can_give_mentoring_feedback(user: User, partnership: MentoringPartnership) -> bool:
    return is_in_pair(user, partnership) and partnership.status in (
        PartnershipStatus.ACTIVE, PartnershipStatus.CLOSED
    )


def can_close_mentoring_partnership(user: User, partnership: MentoringPartnership) -> bool:
    if not partnership.is_active:
        return False
    return is_in_pair(user, partnership) or (
        user.is_authenticated and can_manage_mentoring_cohort(user, partnership.cohort)
    )


def can_view_meeting_note(user: User, note: MentoringNote) -> bool:
    """Only the writer: not the other partner, not the coordinator, not an administrator."""
    return user.is_authenticated and note.author_id == user.id
