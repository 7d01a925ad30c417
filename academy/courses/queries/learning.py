"""A person's learning and the queues of the people around it: My learning, the calendar feed,
managers' approvals and reservations, trainers' sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from academy.courses import rules
from academy.courses.models import (
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    PlaceReservation,
    SessionTrainer,
)
from academy.courses.queries.catalogue import waitlist_positions
from academy.courses.queries.clashes import slot_of
from academy.extensions import db
from academy.people.models import User
from academy.people.queries import managed_team_ids

S = EnrolmentStatus


@dataclass
class MyLearning:
    upcoming: list[Enrolment]
    waiting: list[Enrolment]
    awaiting: list[Enrolment]
    interest: list[Enrolment]
    completed: list[Enrolment]
    history: list[Enrolment]
    positions: dict[int, int]


def my_learning(user_id: int, now: datetime) -> MyLearning:
    enrolments = db.session.scalars(
        select(Enrolment).options(
            joinedload(Enrolment.course),
            joinedload(Enrolment.session).joinedload(CourseSession.site))
        .where(Enrolment.user_id == user_id, Enrolment.status != S.CANCELLED)
    ).all()

    def starts(e):
        return e.session.starts_at if e.session else e.created_at

    upcoming = sorted([e for e in enrolments if e.status == S.BOOKED and e.session.ends_at > now],
                      key=starts)
    waiting = sorted([e for e in enrolments if e.status == S.WAITLISTED], key=starts)
    awaiting = sorted([e for e in enrolments if e.status == S.AWAITING_APPROVAL], key=starts)
    interest = sorted([e for e in enrolments if e.status == S.REQUESTED], key=lambda e: e.course.title)
    completed = sorted([e for e in enrolments if e.status == S.COMPLETED],
                       key=lambda e: e.completed_on, reverse=True)
    history = sorted([e for e in enrolments if e.status in (S.ATTENDED, S.NO_SHOW)
                      or (e.status == S.BOOKED and e.session.ends_at <= now)],
                     key=starts, reverse=True)
    return MyLearning(upcoming, waiting, awaiting, interest, completed, history,
                      waitlist_positions([e.id for e in waiting]))


def calendar_enrolments(user_id: int, now: datetime) -> list[Enrolment]:
    """Booked sessions for the feed: from 90 days back onwards."""
    return db.session.scalars(
        select(Enrolment).join(Enrolment.session)
        .options(joinedload(Enrolment.session).joinedload(CourseSession.course),
                 joinedload(Enrolment.session).joinedload(CourseSession.site))
        .where(Enrolment.user_id == user_id,
               Enrolment.status.in_([S.BOOKED, S.ATTENDED, S.COMPLETED]),
               CourseSession.cancelled_at.is_(None),
               CourseSession.starts_at > now - timedelta(days=90))
        .order_by(CourseSession.starts_at)
    ).all()


def approval_queue(manager: User) -> list[Enrolment]:
    managed = or_(User.line_manager_id == manager.id, User.team_id.in_(managed_team_ids(manager)))
    return db.session.scalars(
        select(Enrolment).join(Enrolment.user)
        .options(joinedload(Enrolment.user), joinedload(Enrolment.course),
                 joinedload(Enrolment.session).joinedload(CourseSession.site))
        .where(Enrolment.status == S.AWAITING_APPROVAL, managed, User.id != manager.id)
        .order_by(Enrolment.requested_at, Enrolment.id)
    ).all()


def approval_count(manager: User) -> int:
    managed = or_(User.line_manager_id == manager.id, User.team_id.in_(managed_team_ids(manager)))
    return db.session.scalar(
        select(func.count()).select_from(Enrolment).join(Enrolment.user)
        .where(Enrolment.status == S.AWAITING_APPROVAL, managed, User.id != manager.id)
    )


def reservations_of(manager_id: int, now: datetime) -> list[tuple[PlaceReservation, int]]:
    named = (select(func.count()).select_from(Enrolment)
             .where(Enrolment.reservation_id == PlaceReservation.id,
                    Enrolment.status.in_([S.BOOKED, S.ATTENDED, S.COMPLETED, S.NO_SHOW]))
             .scalar_subquery())
    rows = db.session.execute(
        select(PlaceReservation, named).join(PlaceReservation.session)
        .options(joinedload(PlaceReservation.session).joinedload(CourseSession.course))
        .where(PlaceReservation.manager_id == manager_id, CourseSession.starts_at > now,
               CourseSession.cancelled_at.is_(None), PlaceReservation.places > 0)
        .order_by(CourseSession.starts_at)
    ).all()
    return [(r, n) for r, n in rows]


@dataclass
class TrainerSession:
    session: CourseSession
    to_mark: int
    # Other upcoming sessions of theirs at the same time (scheduled before trainers were checked).
    clashes: list[CourseSession] = field(default_factory=list)


def trainer_sessions(trainer_id: int, now: datetime) -> tuple[list[TrainerSession], list[TrainerSession]]:
    """(upcoming, recent) sessions the person trains; recent ones say how many are left to mark."""
    to_mark = (select(func.count()).select_from(Enrolment)
               .where(Enrolment.session_id == CourseSession.id, Enrolment.status == S.BOOKED)
               .scalar_subquery())
    rows = db.session.execute(
        select(CourseSession, to_mark)
        .join(SessionTrainer, SessionTrainer.session_id == CourseSession.id)
        .options(joinedload(CourseSession.course), joinedload(CourseSession.site))
        .where(SessionTrainer.user_id == trainer_id, CourseSession.cancelled_at.is_(None),
               CourseSession.starts_at > now - timedelta(days=60))
        .order_by(CourseSession.starts_at)
    ).all()
    upcoming = [TrainerSession(s, n) for s, n in rows if s.starts_at > now]
    recent = [TrainerSession(s, n) for s, n in rows if s.starts_at <= now]
    slots = [slot_of(item.session) for item in upcoming]
    by_id = {item.session.id: item.session for item in upcoming}
    for item in upcoming:
        item.clashes = [by_id[k] for k in rules.clashes(slot_of(item.session), slots)]
    recent.reverse()
    return upcoming, recent


def registers_to_mark(trainer_id: int, now: datetime) -> int:
    return db.session.scalar(
        select(func.count(func.distinct(CourseSession.id)))
        .join(SessionTrainer, SessionTrainer.session_id == CourseSession.id)
        .join(Enrolment, Enrolment.session_id == CourseSession.id)
        .where(SessionTrainer.user_id == trainer_id, CourseSession.starts_at <= now,
               CourseSession.cancelled_at.is_(None), Enrolment.status == S.BOOKED)
    )


def named_on(reservation_id: int) -> list[Enrolment]:
    """The people named for a manager's reserved places (not those cancelled since)."""
    return db.session.scalars(
        select(Enrolment).options(joinedload(Enrolment.user))
        .where(Enrolment.reservation_id == reservation_id, Enrolment.status != S.CANCELLED)
    ).all()


def calendar_owner(token: str) -> User | None:
    """Whose private calendar feed this token opens."""
    return db.session.scalar(select(User).where(User.calendar_token == token))
