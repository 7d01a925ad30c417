"""The catalogue as people search it: courses, their dates and places, sessions, rosters and demand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from academy.courses.models import (
    Course,
    CourseCompetency,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
)
from academy.extensions import db
from academy.people.models import JobRole, Organisation, User

S = EnrolmentStatus
SORTS = {"title": "Title A to Z", "soonest": "Next date first", "newest": "Newest first"}


# --- Catalogue ----------------------------------------------------------------------------------

@dataclass
class CatalogueFilters:
    q: str = ""
    category: str | None = None
    pillar: str | None = None
    mode: str | None = None
    provider_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    places_left: bool = False
    sort: str = "title"
    include_retired: bool = False


def bookable_sessions(now: datetime):
    """Sessions that are open for booking now."""
    return and_(CourseSession.cancelled_at.is_(None), CourseSession.starts_at > now,
                CourseSession.booking_closes_at > now)


def catalogue_query(filters: CatalogueFilters, now: datetime) -> Select:
    query = select(Course).options(joinedload(Course.provider))
    if not filters.include_retired:
        query = query.where(Course.retired_at.is_(None))
    for word in filters.q.lower().split()[:8]:
        like = f"%{word}%"
        query = query.where(or_(func.lower(Course.title).like(like),
                                func.lower(Course.summary).like(like),
                                func.lower(Course.description).like(like),
                                func.lower(Course.code).like(like)))
    if filters.category:
        query = query.where(Course.category == filters.category)
    if filters.pillar:
        query = query.where(Course.pillar == filters.pillar)
    if filters.mode:
        query = query.where(Course.delivery_mode == filters.mode)
    if filters.provider_id:
        query = query.where(Course.provider_id == filters.provider_id)
    if filters.date_from or filters.date_to or filters.places_left:
        conditions = [CourseSession.course_id == Course.id, bookable_sessions(now)]
        if filters.date_from:
            conditions.append(CourseSession.starts_at >= datetime.combine(filters.date_from,
                                                                          datetime.min.time()))
        if filters.date_to:
            conditions.append(CourseSession.starts_at < datetime.combine(
                filters.date_to + timedelta(days=1), datetime.min.time()))
        if filters.places_left:
            conditions.append(CourseSession.capacity > CourseSession.booked_count
                              + CourseSession.held_count)
        query = query.where(exists(select(CourseSession.id).where(*conditions)))
    if filters.sort == "soonest":
        next_start = (select(func.min(CourseSession.starts_at))
                      .where(CourseSession.course_id == Course.id, bookable_sessions(now))
                      .scalar_subquery())
        query = query.order_by(next_start.is_(None), next_start, Course.title, Course.id)
    elif filters.sort == "newest":
        query = query.order_by(Course.created_at.desc(), Course.id.desc())
    else:
        query = query.order_by(Course.title, Course.id)
    return query


@dataclass
class CourseDates:
    upcoming: int = 0
    next_start: datetime | None = None
    places_left: int = 0


def dates_for(course_ids: list[int], now: datetime) -> dict[int, CourseDates]:
    """For each course: bookable sessions, the next start and the places left, in one query."""
    if not course_ids:
        return {}
    rows = db.session.execute(
        select(CourseSession.course_id, func.count(), func.min(CourseSession.starts_at),
               func.sum(CourseSession.capacity - CourseSession.booked_count
                        - CourseSession.held_count))
        .where(CourseSession.course_id.in_(course_ids), bookable_sessions(now))
        .group_by(CourseSession.course_id)
    ).all()
    return {cid: CourseDates(n, first, max(0, int(left or 0))) for cid, n, first, left in rows}


def interest_counts(course_ids: list[int]) -> dict[int, int]:
    if not course_ids:
        return {}
    return dict(db.session.execute(
        select(Enrolment.course_id, func.count()).where(
            Enrolment.course_id.in_(course_ids), Enrolment.status == S.REQUESTED)
        .group_by(Enrolment.course_id)
    ).all())


def providers() -> list[Organisation]:
    """Partners that provide at least one course."""
    return db.session.scalars(
        select(Organisation).where(exists(select(Course.id).where(Course.provider_id == Organisation.id)))
        .order_by(Organisation.name)
    ).all()


def course_sessions(course_id: int, now: datetime, *, include_past: bool = False) -> list[CourseSession]:
    query = (select(CourseSession).options(joinedload(CourseSession.site),
                                           selectinload(CourseSession.trainers))
             .where(CourseSession.course_id == course_id))
    if include_past:
        query = query.where(CourseSession.starts_at > now - timedelta(days=90))
    else:
        query = query.where(CourseSession.starts_at > now, CourseSession.cancelled_at.is_(None))
    return db.session.scalars(query.order_by(CourseSession.starts_at)).all()


def live_enrolments_of(user_id: int, course_id: int) -> list[Enrolment]:
    return db.session.scalars(
        select(Enrolment).where(
            Enrolment.user_id == user_id, Enrolment.course_id == course_id,
            Enrolment.status.in_([S.REQUESTED, S.AWAITING_APPROVAL, S.BOOKED, S.WAITLISTED]))
    ).all()


def roster(session_id: int) -> list[Enrolment]:
    """Who is on a session, in list order: places first, then the waiting list in line."""
    order = case({S.BOOKED: 0, S.COMPLETED: 0, S.ATTENDED: 0, S.NO_SHOW: 0,
                  S.AWAITING_APPROVAL: 1, S.WAITLISTED: 2}, value=Enrolment.status, else_=3)
    return db.session.scalars(
        select(Enrolment).options(joinedload(Enrolment.user).joinedload(User.employer))
        .where(Enrolment.session_id == session_id, Enrolment.status != S.CANCELLED)
        .order_by(order, Enrolment.waitlisted_at, Enrolment.booked_at, Enrolment.id)
    ).all()


def waitlist_positions(enrolment_ids: list[int]) -> dict[int, int]:
    """Each waiting enrolment's place in its session's line (1 is next)."""
    if not enrolment_ids:
        return {}
    sessions = select(Enrolment.session_id).where(Enrolment.id.in_(enrolment_ids))
    ranked = (
        select(Enrolment.id, func.row_number().over(
            partition_by=Enrolment.session_id,
            order_by=(Enrolment.waitlisted_at, Enrolment.id)).label("position"))
        .where(Enrolment.status == S.WAITLISTED, Enrolment.session_id.in_(sessions))
        .subquery()
    )
    return dict(db.session.execute(
        select(ranked.c.id, ranked.c.position).where(ranked.c.id.in_(enrolment_ids))
    ).all())


def demand_by_course(since: datetime | None = None) -> list[tuple[int, int, int]]:
    """Training demand per course: (course id, registrations of interest, people waiting).

    Registrations count from when they were made, whatever became of them since.
    """
    interest = func.count(Enrolment.interest_registered_at)
    if since is not None:
        interest = func.sum(case((Enrolment.interest_registered_at >= since, 1), else_=0))
    waiting = func.sum(case((Enrolment.status == S.WAITLISTED, 1), else_=0))
    rows = db.session.execute(
        select(Enrolment.course_id, interest, waiting).group_by(Enrolment.course_id)
    ).all()
    return [(c, int(i or 0), int(w or 0)) for c, i, w in rows if (i or w)]


def staff_groups() -> list[str]:
    return list(db.session.scalars(select(JobRole.staff_group).distinct().order_by(JobRole.staff_group)))


def competency_offer(now: datetime, until: datetime) -> Select:
    """Each live course linked to a competency, one row per course and competency code, with the
    places its sessions starting from now until a date offer and its registrations of interest.

    The learning needs analysis matches its gaps against this (its competency codes are the
    codes here) to work out training demand and to suggest courses.
    """
    sessions = (
        select(
            CourseSession.course_id,
            func.count().label("sessions"),
            func.sum(CourseSession.capacity).label("capacity"),
            func.sum(CourseSession.capacity - CourseSession.booked_count
                     - CourseSession.held_count).label("free"),
            func.min(CourseSession.starts_at).label("next_start"),
        )
        .where(CourseSession.cancelled_at.is_(None), CourseSession.starts_at >= now,
               CourseSession.starts_at < until)
        .group_by(CourseSession.course_id)
        .subquery()
    )
    interest = (
        select(Enrolment.course_id, func.count().label("interest"))
        .where(Enrolment.status == S.REQUESTED)
        .group_by(Enrolment.course_id)
        .subquery()
    )
    return (
        select(
            Course.id.label("course_id"),
            Course.code.label("course_code"),
            Course.title.label("title"),
            Course.delivery_mode.label("delivery_mode"),
            Course.cost_per_place.label("cost_per_place"),
            CourseCompetency.competency_code.label("competency_code"),
            CourseCompetency.level.label("level"),
            func.coalesce(sessions.c.sessions, 0).label("sessions"),
            func.coalesce(sessions.c.capacity, 0).label("places_scheduled"),
            func.coalesce(sessions.c.free, 0).label("places_free"),
            sessions.c.next_start.label("next_start"),
            func.coalesce(interest.c.interest, 0).label("interest"),
        )
        .join(CourseCompetency, CourseCompetency.course_id == Course.id)
        .outerjoin(sessions, sessions.c.course_id == Course.id)
        .outerjoin(interest, interest.c.course_id == Course.id)
        .where(Course.retired_at.is_(None))
    )


def enrolment_on(session_id: int, user_id: int) -> Enrolment | None:
    """The person's booking, wait or request on one session (not a cancelled one)."""
    return db.session.scalar(select(Enrolment).where(
        Enrolment.session_id == session_id, Enrolment.user_id == user_id,
        Enrolment.status != S.CANCELLED))
