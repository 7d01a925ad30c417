"""Clashes in diaries: a person's other bookings and waits at the time of a session, and the
trainers already on a session at that time. What counts as a clash is rules.clashes."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from academy.courses import rules
from academy.courses.models import Course, CourseSession, Enrolment, EnrolmentStatus, SessionTrainer
from academy.extensions import db

S = EnrolmentStatus
# What holds a person to a session's time: a place, a wait, a request with the manager.
HOLDING = (S.AWAITING_APPROVAL, S.BOOKED, S.WAITLISTED)


def slot_of(session: CourseSession) -> rules.Slot:
    return rules.Slot(session.id, session.starts_at, session.ends_at,
                      dated=session.course.has_dated_sessions)


def clashes_of(user_ids: Iterable[int], session: CourseSession,
               statuses: Collection[S] = HOLDING) -> dict[int, list[Enrolment]]:
    """For each person, their enrolments (in those statuses) on other sessions that are not
    cancelled and clash with this one, earliest first; people with none are left out."""
    user_ids = sorted(set(user_ids))
    slot = slot_of(session)
    if not user_ids or not slot.dated:
        return {}
    rows = db.session.scalars(
        select(Enrolment).join(Enrolment.session).join(CourseSession.course)
        .options(contains_eager(Enrolment.session).contains_eager(CourseSession.course))
        .where(Enrolment.user_id.in_(user_ids), Enrolment.status.in_(list(statuses)),
               Enrolment.session_id != session.id, CourseSession.cancelled_at.is_(None),
               CourseSession.ends_at > session.starts_at)
    ).all()
    found: dict[int, list[Enrolment]] = {}
    for user_id in user_ids:
        theirs = {e.session_id: e for e in rows if e.user_id == user_id}
        keys = rules.clashes(slot, [slot_of(e.session) for e in theirs.values()])
        if keys:
            found[user_id] = [theirs[k] for k in keys]
    return found


def clashes_for(user_id: int, session: CourseSession,
                statuses: Collection[S] = HOLDING) -> list[Enrolment]:
    """The person's bookings, waits and requests on other sessions at the same time as this one."""
    return clashes_of([user_id], session, statuses).get(user_id, [])


def other_date_held(user_id: int, session: CourseSession) -> Enrolment | None:
    """The person's booking, wait or request on another date of the same course: while it lasts
    they cannot book this one (one live enrolment per course)."""
    return db.session.scalar(
        select(Enrolment).options(contains_eager(Enrolment.session)).join(Enrolment.session)
        .where(Enrolment.user_id == user_id, Enrolment.course_id == session.course_id,
               Enrolment.status.in_(HOLDING), Enrolment.session_id != session.id)
        .order_by(CourseSession.starts_at).limit(1)
    )


def trainer_clashes(trainer_ids: Iterable[int], slot: rules.Slot) -> dict[int, CourseSession]:
    """For each trainer already on a session (not cancelled) that clashes with the slot, the
    first such session; the slot's own session (its key) does not count."""
    trainer_ids = sorted(set(trainer_ids))
    if not trainer_ids or not slot.dated:
        return {}
    query = (
        select(SessionTrainer.user_id, CourseSession)
        .join(CourseSession, CourseSession.id == SessionTrainer.session_id)
        .join(Course, Course.id == CourseSession.course_id)
        .options(contains_eager(CourseSession.course))
        .where(SessionTrainer.user_id.in_(trainer_ids), CourseSession.cancelled_at.is_(None),
               CourseSession.ends_at > slot.starts_at)
    )
    if slot.key is not None:
        query = query.where(CourseSession.id != slot.key)
    rows = db.session.execute(query).all()
    found: dict[int, CourseSession] = {}
    for trainer_id in trainer_ids:
        theirs = {s.id: s for t, s in rows if t == trainer_id}
        keys = rules.clashes(slot, [slot_of(s) for s in theirs.values()])
        if keys:
            found[trainer_id] = theirs[keys[0]]
    return found
