"""Who may book, approve, mark, manage and see training; views, templates and services ask these."""

from __future__ import annotations

from datetime import datetime

from academy.courses import rules
from academy.people.models import User
from academy.people.permissions import MANAGEMENT_CHAIN_LIMIT, manages
from academy.people.roles import Role


def is_learning_lead(user: User, organisation_id: int | None = None) -> bool:
    return user.is_authenticated and user.has_role(Role.LEARNING_LEAD, organisation_id)


def is_partnership_learning_lead(user: User) -> bool:
    return user.is_authenticated and None in user.role_scopes(Role.LEARNING_LEAD)


def lead_scope(user: User) -> set[int] | None:
    """The organisations whose training a learning lead oversees; None means every partner."""
    scopes = user.role_scopes(Role.LEARNING_LEAD)
    return None if None in scopes else {s for s in scopes if s is not None}


def can_book_for(actor: User, learner: User) -> bool:
    """Book yourself; a manager books (and so approves) for the people they manage."""
    return actor.is_authenticated and (actor.id == learner.id or manages(actor, learner))


def is_approver(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.MANAGER)


def can_approve(user: User, enrolment) -> bool:
    return is_approver(user) and user.id != enrolment.user_id and manages(user, enrolment.user)


def can_view_learning_record(viewer: User, person: User) -> bool:
    """A person's bookings, completions and certificates: theirs, their managers', their leads'."""
    if not viewer.is_authenticated:
        return False
    return (viewer.id == person.id or manages(viewer, person)
            or is_learning_lead(viewer, person.employer_id))


def can_view_certificate(viewer: User, enrolment) -> bool:
    return enrolment.certificate_code is not None and can_view_learning_record(viewer, enrolment.user)


def can_manage_catalogue(user: User) -> bool:
    return is_learning_lead(user)


def can_manage_course(user: User, course) -> bool:
    """Partnership leads manage every course; a partner's lead manages that partner's courses."""
    if not is_learning_lead(user):
        return False
    if is_partnership_learning_lead(user):
        return True
    if course.provider_id is not None and is_learning_lead(user, course.provider_id):
        return True
    return course.created_by_id == user.id


def can_manage_session(user: User, session) -> bool:
    return can_manage_course(user, session.course)


def is_trainer_of(user: User, session) -> bool:
    return user.is_authenticated and any(t.id == user.id for t in session.trainers)


def is_trainer(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.TRAINER)


def can_mark_register(user: User, session) -> bool:
    return (is_trainer(user) and is_trainer_of(user, session)) or can_manage_session(user, session)


def can_correct_completion(user: User, enrolment) -> bool:
    """Correct the date of a completion given at a register, or withdraw it: whoever may mark
    that register (its trainers and the course's managers)."""
    return (enrolment.is_completed and enrolment.session is not None
            and can_mark_register(user, enrolment.session))


def can_see_session_list(user: User, session) -> bool:
    """The names of who is booked and waiting: the session's trainers and its managers."""
    return can_mark_register(user, session)


def can_cancel_enrolment(user: User, enrolment) -> bool:
    if not user.is_authenticated:
        return False
    if user.id == enrolment.user_id or manages(user, enrolment.user):
        return True
    return enrolment.session is not None and can_manage_session(user, enrolment.session)


def can_cancel_now(user: User, enrolment, now: datetime) -> bool:
    """Someone who may cancel it (can_cancel_enrolment), while it can still be cancelled: a
    booking, wait, request or interest, before the session starts (rules.may_cancel)."""
    session = enrolment.session
    return can_cancel_enrolment(user, enrolment) and rules.may_cancel(
        enrolment.status.value, now, session.starts_at if session else None)


def can_add_to_calendar(user: User, enrolment) -> bool:
    """A person downloads their own booking as a calendar event: a place they hold on a session
    that goes ahead, and a dated one (e-learning never becomes a calendar event)."""
    session = enrolment.session
    return (user.is_authenticated and user.id == enrolment.user_id and enrolment.is_booked
            and session is not None and not session.is_cancelled
            and session.course.has_dated_sessions)


def can_change_session(user: User, session, now: datetime) -> bool:
    """A session's manager changes or cancels it until it starts, unless it is cancelled."""
    return (can_manage_session(user, session) and not session.is_cancelled
            and now < session.starts_at)


def can_reserve_places(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.MANAGER)


def can_manage_reservation(user: User, reservation) -> bool:
    return user.is_authenticated and reservation.manager_id == user.id


def can_view_team_compliance(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.MANAGER)


def can_view_compliance_report(user: User) -> bool:
    return is_learning_lead(user)


def can_view_organisation_compliance(user: User, organisation) -> bool:
    """One organisation's teams and people: its learning leads and the partnership's."""
    return is_learning_lead(user, organisation.id)


def runs_team(user: User, team) -> bool:
    """True when the user manages the team or a team above it."""
    for _ in range(MANAGEMENT_CHAIN_LIMIT):
        if team is None:
            return False
        if team.manager_id == user.id:
            return True
        team = team.parent
    return False


def can_view_team_compliance_of(user: User, team) -> bool:
    """A team's people and their subjects: the organisation's leads and the team's managers."""
    return user.is_authenticated and (is_learning_lead(user, team.organisation_id)
                                      or (user.has_role(Role.MANAGER) and runs_team(user, team)))


def can_manage_frameworks(user: User) -> bool:
    """Subjects, renewal periods and requirements apply to every partner: partnership leads."""
    return is_partnership_learning_lead(user)


def can_import_records(user: User, organisation_id: int | None = None) -> bool:
    return is_learning_lead(user, organisation_id)
