"""Enrolment: booking, approval, cancellation, interest, and places managers reserve for their team."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from academy.audit.services import record
from academy.courses import rules
from academy.courses.invitations import invitations
from academy.courses.models import (
    OCCUPYING,
    Course,
    CourseSession,
    Enrolment,
    PlaceReservation,
)
from academy.courses.permissions import (
    can_approve,
    can_book_for,
    can_cancel_enrolment,
    is_approver,
)
from academy.courses.services.places import (
    LIVE,
    S,
    confirm_booking,
    lock_session,
    place,
    places_of,
    promote,
    refresh_counts,
    when,
)
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.email import external_url, notify_by_email
from academy.notifications.services import notify
from academy.people.models import Team, User
from academy.people.permissions import manages
from academy.timekeeping import utcnow

# --- Enrolment ----------------------------------------------------------------------------------

def check_bookable(session: CourseSession, now: datetime) -> None:
    refusal = rules.booking_refusal(
        now, starts_at=session.starts_at, closes_at=session.booking_closes_at,
        cancelled=session.is_cancelled, retired=session.course.is_retired,
    )
    if refusal:
        raise DomainError(refusal)


def live_on_course(course_id: int, user_id: int) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).where(
            Enrolment.course_id == course_id, Enrolment.user_id == user_id,
            Enrolment.status.in_(LIVE),
        )
    )


def missing_prerequisites(course: Course, learner: User) -> list[Course]:
    """The courses this one needs first that the person has not completed."""
    if not course.required_courses:
        return []
    done = set(db.session.scalars(select(Enrolment.course_id).where(
        Enrolment.user_id == learner.id, Enrolment.status == S.COMPLETED,
        Enrolment.course_id.in_([c.id for c in course.required_courses]))))
    return [c for c in course.required_courses if c.id not in done]


def check_prerequisites(course: Course, learner: User, actor: User, field: str | None = None) -> None:
    missing = missing_prerequisites(course, learner)
    if missing:
        who = "You need" if actor.id == learner.id else f"{learner.name} needs"
        titles = " and ".join(c.title for c in missing)
        raise DomainError(f"{who} to complete {titles} before booking {course.title}.", field=field)


def approvers_of(learner: User) -> list[User]:
    """Who is asked to approve: the line manager, else the manager of the person's team (or of a
    team above it); only someone who can approve (permissions.can_approve) is asked. With nobody
    to ask, a booking needs no approval."""
    people: list[User] = []
    if learner.line_manager is not None and is_approver(learner.line_manager):
        people.append(learner.line_manager)
    team: Team | None = learner.team
    while team is not None and not people:
        manager = team.manager
        if manager is not None and manager.id != learner.id and is_approver(manager):
            people.append(manager)
        team = team.parent
    return people


def enrol(session: CourseSession, learner: User, actor: User,
          now: datetime | None = None) -> Enrolment:
    """Ask for a place on a session: booked, waiting, or awaiting the manager's approval.

    A manager booking for their team approves by booking. Raises NotAllowed when the actor may
    not book for the learner, DomainError when the session cannot be booked or the person already
    has a place, a wait or a request on the course. A clash with the person's other sessions is
    not refused: the pages warn of it before "Confirm" (queries.clashes_for), and who confirms
    does so knowingly.
    """
    now = now or utcnow()
    if not can_book_for(actor, learner):
        raise NotAllowed("You can only book for yourself or for people you manage.")
    check_bookable(session, now)
    check_prerequisites(session.course, learner, actor)
    existing = live_on_course(session.course_id, learner.id)
    if existing is not None:
        where = "this session" if existing.session_id == session.id else "another date of this course"
        raise DomainError(
            f"{'You are' if actor.id == learner.id else learner.name + ' is'} already "
            f"{existing.status.label.lower()} on {where}. Cancel that first to change dates."
        )
    enrolment = db.session.scalar(
        select(Enrolment).where(Enrolment.course_id == session.course_id,
                                Enrolment.user_id == learner.id, Enrolment.status == S.REQUESTED)
    )
    if enrolment is None:
        enrolment = Enrolment(course_id=session.course_id, user_id=learner.id)
    enrolment.session_id = session.id
    enrolment.organisation_id = learner.employer_id
    enrolment.requested_at = now
    enrolment.booked_by_id = actor.id
    needs_manager = session.course.needs_approval and actor.id == learner.id
    approvers = approvers_of(learner) if needs_manager else []
    if needs_manager and approvers:
        enrolment.status = S.AWAITING_APPROVAL
        if enrolment.id is None:
            db.session.add(enrolment)
        db.session.flush()
        for approver in approvers:
            notify_by_email(
                approver,
                f"{learner.name} asks for a place on {session.course.title}, {when(session)}.",
                "courses/approval_needed", link=external_url("courses.approvals"),
                learner=learner, session=session)
        notify(learner, f"Your request for {session.course.title} is waiting for your "
                        "manager's approval.", link=external_url("courses.my_learning"))
        record(actor, "enrolment.requested", enrolment, subject=learner.id, session_id=session.id)
        return enrolment
    if needs_manager or actor.id != learner.id:
        enrolment.approved_at = now
        enrolment.approved_by_id = actor.id if actor.id != learner.id else None
    return place(enrolment, session.id, now, actor)


def approve(enrolment: Enrolment, actor: User, now: datetime | None = None) -> Enrolment:
    """The manager approves: the person is booked if a place is free, else joins the waiting list."""
    now = now or utcnow()
    if not can_approve(actor, enrolment):
        raise NotAllowed("Only the person's manager can approve this request.")
    if enrolment.status != S.AWAITING_APPROVAL:
        raise DomainError("This request has already been dealt with.")
    check_bookable(enrolment.session, now)
    enrolment.approved_at = now
    enrolment.approved_by_id = actor.id
    record(actor, "enrolment.approved", enrolment, subject=enrolment.user_id)
    return place(enrolment, enrolment.session_id, now, actor)


def decline(enrolment: Enrolment, actor: User, reason: str, now: datetime | None = None) -> Enrolment:
    now = now or utcnow()
    if not can_approve(actor, enrolment):
        raise NotAllowed("Only the person's manager can decline this request.")
    if enrolment.status != S.AWAITING_APPROVAL:
        raise DomainError("This request has already been dealt with.")
    enrolment.cancel(actor.id, now, f"Not approved: {reason}")
    db.session.flush()
    notify_by_email(
        enrolment.user,
        f"{actor.name} did not approve your request for {enrolment.course.title}: {reason}",
        "courses/request_declined", link=external_url("courses.my_learning"),
        actor=actor, enrolment=enrolment, reason=reason)
    record(actor, "enrolment.declined", enrolment, subject=enrolment.user_id, reason=reason)
    return enrolment


def cancel_enrolment(enrolment: Enrolment, actor: User, reason: str,
                     now: datetime | None = None) -> Enrolment:
    """Cancel a booking, wait, request or interest; a freed place goes to the first in line.

    Raises NotAllowed for someone who may not cancel it, DomainError once the session started.
    """
    now = now or utcnow()
    if not can_cancel_enrolment(actor, enrolment):
        raise NotAllowed("You cannot cancel this booking.")
    session = enrolment.session
    if not rules.may_cancel(enrolment.status.value, now, session.starts_at if session else None):
        raise DomainError("This booking can no longer be cancelled.")
    was_booked = enrolment.is_booked
    enrolment.cancel(actor.id, now, reason or None)
    db.session.flush()
    record(actor, "enrolment.cancelled", enrolment, subject=enrolment.user_id, reason=reason,
           was_booked=was_booked)
    course = enrolment.course
    if actor.id != enrolment.user_id:
        notify(enrolment.user,
               f"{actor.name} cancelled your place on {course.title}"
               + (f", {when(session)}" if session else "") + (f": {reason}" if reason else "."),
               link=external_url("courses.my_learning"))
    if was_booked:
        if actor.id == enrolment.user_id:
            notify_by_email(enrolment.user,
                            f"Your place on {course.title}, {when(session)} is cancelled.",
                            "courses/place_cancelled", link=external_url("courses.my_learning"),
                            attachments=invitations(enrolment, now=now, cancelled=True),
                            session=session)
        promote(session.id, actor=actor, now=now)
    return enrolment


def register_interest(course: Course, learner: User, now: datetime | None = None) -> Enrolment:
    """Register interest in a course with no dates to book: it counts as demand."""
    now = now or utcnow()
    if course.is_retired:
        raise DomainError("This course has been retired.")
    if db.session.scalar(select(Enrolment.id).where(
            Enrolment.course_id == course.id, Enrolment.user_id == learner.id,
            Enrolment.status == S.REQUESTED)):
        raise DomainError("You have already registered your interest in this course.")
    enrolment = Enrolment(
        course_id=course.id, user_id=learner.id, organisation_id=learner.employer_id,
        status=S.REQUESTED, interest_registered_at=now, created_at=now,
    )
    db.session.add(enrolment)
    db.session.flush()
    record(learner, "enrolment.interest", enrolment, subject=learner.id)
    notify(learner, f"We will tell you when dates for {course.title} are published.",
           link=external_url("courses.course", course_id=course.id))
    return enrolment


# --- Reservations and partner quotas ------------------------------------------------------------

def reserve_places(session: CourseSession, manager: User, places: int,
                   now: datetime | None = None) -> PlaceReservation:
    """A manager holds places for the team and names the people later."""
    now = now or utcnow()
    check_bookable(session, now)
    locked = lock_session(session.id)
    state = places_of(locked, now.date())
    if not rules.can_reserve(state, manager.employer_id, places):
        free = state.free_for(manager.employer_id)
        raise DomainError(f"Only {free} place{'s' if free != 1 else ''} can be reserved.",
                          field="places")
    reservation = PlaceReservation(session_id=session.id, manager_id=manager.id, places=places,
                                   created_at=now)
    db.session.add(reservation)
    db.session.flush()
    refresh_counts(locked, places_of(locked, now.date()))
    record(manager, "reservation.created", reservation, places=places, session_id=session.id)
    return reservation


def named_count(reservation: PlaceReservation) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Enrolment).where(
            Enrolment.reservation_id == reservation.id, Enrolment.status.in_(OCCUPYING))
    )


def name_reserved_place(reservation: PlaceReservation, learner: User, actor: User,
                        now: datetime | None = None) -> Enrolment:
    """Give one of the reserved places to a named member of the manager's team."""
    now = now or utcnow()
    if actor.id != reservation.manager_id:
        raise NotAllowed("Only the manager who reserved the places can name people for them.")
    if learner.id != actor.id and not manages(actor, learner):
        raise NotAllowed("You can only name people you manage.", field="person")
    session = reservation.session
    check_bookable(session, now)
    locked = lock_session(session.id)
    if named_count(reservation) >= reservation.places:
        raise DomainError("Every reserved place already has a name.")
    if live_on_course(session.course_id, learner.id) is not None:
        raise DomainError(f"{learner.name} already has a place or a request on this course.",
                          field="person")
    check_prerequisites(session.course, learner, actor, field="person")
    enrolment = db.session.scalar(
        select(Enrolment).where(Enrolment.course_id == session.course_id,
                                Enrolment.user_id == learner.id, Enrolment.status == S.REQUESTED)
    ) or Enrolment(course_id=session.course_id, user_id=learner.id)
    enrolment.session_id = session.id
    enrolment.organisation_id = learner.employer_id
    enrolment.status = S.BOOKED
    enrolment.requested_at = enrolment.booked_at = enrolment.approved_at = now
    enrolment.booked_by_id = enrolment.approved_by_id = actor.id
    enrolment.reservation_id = reservation.id
    if enrolment.id is None:
        db.session.add(enrolment)
    db.session.flush()
    refresh_counts(locked, places_of(locked, now.date()))
    record(actor, "reservation.named", enrolment, subject=learner.id, reservation_id=reservation.id)
    confirm_booking(enrolment, now, f"{actor.name} booked you a place on "
                                     f"{session.course.title}, {when(session)}.")
    return enrolment


def release_reservation(reservation: PlaceReservation, actor: User,
                        now: datetime | None = None) -> int:
    """Give back the places nobody was named for; the waiting list gets them. Returns how many."""
    now = now or utcnow()
    if actor.id != reservation.manager_id:
        raise NotAllowed("Only the manager who reserved the places can release them.")
    lock_session(reservation.session_id)
    used = named_count(reservation)
    released = reservation.places - used
    reservation.places = used
    db.session.flush()
    record(actor, "reservation.released", reservation, released=released)
    promote(reservation.session_id, actor=actor, now=now)
    return released
