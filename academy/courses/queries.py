"""Read models: the catalogue search, My learning, rosters, queues, and compliance in SQL."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import joinedload, selectinload

from academy.courses import rules
from academy.courses.models import (
    Category,
    Course,
    CourseCompetency,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    PlaceReservation,
    Requirement,
    SessionTrainer,
    Subject,
    TrainingRecord,
)
from academy.extensions import db
from academy.people.models import JobRole, Organisation, User
from academy.people.queries import managed_team_ids

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


# --- Compliance ---------------------------------------------------------------------------------

def role_requirements():
    """(job_role_id, subject_id) for every subject a job role requires, by the role itself or by
    its staff group: a few hundred rows, whatever the number of staff."""
    return (
        select(JobRole.id.label("job_role_id"), Requirement.subject_id.label("subject_id"))
        .join(Requirement, or_(Requirement.job_role_id == JobRole.id,
                               Requirement.staff_group == JobRole.staff_group))
        .distinct()
        .subquery("role_requirement")
    )


def required_pairs(people=None):
    """(user_id, organisation_id, subject_id) for every active person and subject required of them;
    `people` is an optional WHERE clause on User."""
    required = role_requirements()
    query = (select(User.id.label("user_id"), User.employer_id.label("organisation_id"),
                    required.c.subject_id)
             .join(required, required.c.job_role_id == User.job_role_id)
             .where(User.is_active_account.is_(True)))
    if people is not None:
        query = query.where(people)
    return query.subquery("required")


def expiries(people=None):
    """The expiry that counts per (user, subject), from the record marked current; NEVER for one
    that never expires."""
    expiry = func.coalesce(TrainingRecord.expires_on, literal(rules.NEVER))
    query = (select(TrainingRecord.user_id, TrainingRecord.subject_id, expiry.label("expiry"))
             .where(TrainingRecord.is_current.is_(True)))
    if people is not None:
        query = query.where(TrainingRecord.user_id.in_(select(User.id).where(people)))
    return query.subquery("expiry")


def status_conditions(expiry_column, today: date) -> dict:
    """rules.compliance as SQL conditions on a held expiry: the same boundaries, in the database."""
    due_from = today + timedelta(days=rules.DUE_WITHIN_DAYS)
    return {
        rules.Compliance.EXPIRED: expiry_column <= today,
        rules.Compliance.DUE: and_(expiry_column > today, expiry_column <= due_from),
        rules.Compliance.COMPLIANT: expiry_column > due_from,
    }


def person_compliance(user_id: int, today: date) -> list[tuple[Subject, rules.SubjectStatus]]:
    people = User.id == user_id
    pairs, expiry = required_pairs(people), expiries(people)
    rows = db.session.execute(
        select(Subject, expiry.c.expiry)
        .join(pairs, pairs.c.subject_id == Subject.id)
        .outerjoin(expiry, and_(expiry.c.user_id == pairs.c.user_id,
                                expiry.c.subject_id == pairs.c.subject_id))
        .order_by(Subject.name, Subject.level)
    ).all()
    return [(subject, rules.compliance(value, today)) for subject, value in rows]


@dataclass
class TeamCompliance:
    people: list[User]
    subjects: list[Subject]
    cells: dict[tuple[int, int], rules.SubjectStatus]  # (user, subject) -> status; absent: not required

    def overdue(self) -> int:
        return sum(1 for s in self.cells.values() if not s.status.counts_as_compliant)


def team_compliance(people: list[User], today: date) -> TeamCompliance:
    ids = [p.id for p in people]
    if not ids:
        return TeamCompliance([], [], {})
    clause = User.id.in_(ids)
    pairs, expiry = required_pairs(clause), expiries(clause)
    rows = db.session.execute(
        select(pairs.c.user_id, pairs.c.subject_id, expiry.c.expiry)
        .outerjoin(expiry, and_(expiry.c.user_id == pairs.c.user_id,
                                expiry.c.subject_id == pairs.c.subject_id))
    ).all()
    cells = {(u, s): rules.compliance(value, today) for u, s, value in rows}
    subject_ids = sorted({s for _, s in cells})
    subjects = db.session.scalars(
        select(Subject).where(Subject.id.in_(subject_ids)).order_by(Subject.name, Subject.level)
    ).all() if subject_ids else []
    return TeamCompliance(people, list(subjects), cells)


@dataclass
class ReportRow:
    organisation_id: int | None
    organisation: str
    subject_id: int
    subject: str
    required: int
    compliant: int
    due: int
    expired: int
    never_done: int

    @property
    def valid(self) -> int:
        return self.compliant + self.due

    @property
    def percent(self) -> float | None:
        return rules.percent(self.valid, self.required)


def compliance_report(organisation_ids: set[int] | None, today: date,
                      subject_id: int | None = None) -> list[ReportRow]:
    """Per cent compliant by organisation and subject, counted in the database.

    Two aggregations: how many people each subject is required of (staff counted per job role,
    then multiplied out over the few requirements), and the statuses of the records held for
    required subjects. Never done is the difference. With organisation_ids None (the whole
    partnership) a partnership row per subject comes first.
    """
    people = User.employer_id.in_(organisation_ids) if organisation_ids is not None else None
    required = role_requirements()
    active = [User.is_active_account.is_(True)] + ([people] if people is not None else [])
    headcount = (select(User.employer_id, User.job_role_id, func.count().label("people"))
                 .where(*active).group_by(User.employer_id, User.job_role_id).subquery("headcount"))
    needed = (select(headcount.c.employer_id, required.c.subject_id,
                     func.sum(headcount.c.people))
              .join(required, required.c.job_role_id == headcount.c.job_role_id)
              .group_by(headcount.c.employer_id, required.c.subject_id))

    expiry = expiries(people)
    conditions = status_conditions(expiry.c.expiry, today)

    def counted(status):
        return func.sum(case((conditions[status], 1), else_=0))

    C = rules.Compliance
    held = (select(User.employer_id, expiry.c.subject_id, counted(C.COMPLIANT),
                   counted(C.DUE), counted(C.EXPIRED))
            .select_from(expiry)
            .join(User, User.id == expiry.c.user_id)
            .join(required, and_(required.c.job_role_id == User.job_role_id,
                                 required.c.subject_id == expiry.c.subject_id))
            .where(*active)
            .group_by(User.employer_id, expiry.c.subject_id))
    if subject_id:
        needed = needed.where(required.c.subject_id == subject_id)
        held = held.where(expiry.c.subject_id == subject_id)
    statuses = {(org, sid): (int(ok or 0), int(due or 0), int(exp or 0))
                for org, sid, ok, due, exp in db.session.execute(held)}
    names = dict(db.session.execute(select(Organisation.id, Organisation.name)).all())
    subjects = {s.id: s for s in db.session.scalars(select(Subject))}
    report = []
    for org, sid, n in db.session.execute(needed):
        ok, due, exp = statuses.get((org, sid), (0, 0, 0))
        report.append(ReportRow(org, names.get(org, ""), sid, subjects[sid].label, int(n), ok, due,
                                exp, int(n) - ok - due - exp))
    if organisation_ids is None:
        totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for row in report:
            t = totals[row.subject_id]
            for i, v in enumerate((row.required, row.compliant, row.due, row.expired, row.never_done)):
                t[i] += v
        report += [ReportRow(None, "Whole partnership", sid, subjects[sid].label, *t)
                   for sid, t in totals.items()]
    report.sort(key=lambda r: (r.subject, r.organisation_id is not None, r.organisation))
    return report


def expiring_soon(today: date, window_days: int, grace_days: int) -> list[tuple[int, int, date]]:
    """(user, subject, expiry) for required subjects whose expiry falls in the reminder window."""
    pairs, expiry = required_pairs(), expiries()
    return [tuple(r) for r in db.session.execute(
        select(pairs.c.user_id, pairs.c.subject_id, expiry.c.expiry)
        .join(expiry, and_(expiry.c.user_id == pairs.c.user_id,
                           expiry.c.subject_id == pairs.c.subject_id))
        .where(expiry.c.expiry <= today + timedelta(days=window_days),
               expiry.c.expiry >= today - timedelta(days=grace_days))
    ).all()]


def subjects_with_requirements() -> list[tuple[Subject, list[Requirement]]]:
    subjects = db.session.scalars(select(Subject).order_by(Subject.framework, Subject.name,
                                                           Subject.level)).all()
    requirements = db.session.scalars(
        select(Requirement).options(joinedload(Requirement.job_role))
    ).all()
    by_subject: dict[int, list[Requirement]] = defaultdict(list)
    for requirement in requirements:
        by_subject[requirement.subject_id].append(requirement)
    return [(s, by_subject.get(s.id, [])) for s in subjects]


def staff_groups() -> list[str]:
    return list(db.session.scalars(select(JobRole.staff_group).distinct().order_by(JobRole.staff_group)))


def completions_in_category(user_ids, category: Category, since: date) -> list[tuple[int, date]]:
    """(person, completion date) of their course completions in a category on or after a day;
    other capabilities' outcome reports read it (mentoring counts leadership courses)."""
    if not user_ids:
        return []
    return [tuple(r) for r in db.session.execute(
        select(Enrolment.user_id, Enrolment.completed_on)
        .join(Course, Course.id == Enrolment.course_id)
        .where(Enrolment.user_id.in_(list(user_ids)), Enrolment.status == S.COMPLETED,
               Course.category == category, Enrolment.completed_on >= since)
    ).all()]


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


# --- For other packages: subjects by name, and a person's completions ---------------------------

def subject_ids(framework: str) -> dict[tuple[str, str], int]:
    """(name, level) -> subject id within one framework, for linking to the catalogue's subjects."""
    return {(name, level): subject_id for subject_id, name, level in db.session.execute(
        select(Subject.id, Subject.name, Subject.level).where(Subject.framework == framework))}


def training_records_of(user_id: int, subject_ids_: list[int] | None = None) -> list:
    """A person's training records with where each was done (the provider, else the employer the
    course was booked through): rows of id, subject_id, framework, name, level, completed_on,
    expires_on, organisation_id, organisation_name, organisation_type, title."""
    where = Organisation
    query = (
        select(TrainingRecord.id, TrainingRecord.subject_id, Subject.framework, Subject.name,
               Subject.level, TrainingRecord.completed_on, TrainingRecord.expires_on,
               where.id.label("organisation_id"), where.name.label("organisation_name"),
               where.type.label("organisation_type"), TrainingRecord.title)
        .join(Subject, Subject.id == TrainingRecord.subject_id)
        .outerjoin(Enrolment, Enrolment.id == TrainingRecord.enrolment_id)
        .outerjoin(where, where.id == func.coalesce(TrainingRecord.recorded_by_organisation_id,
                                                     Enrolment.organisation_id))
        .where(TrainingRecord.user_id == user_id)
        .order_by(TrainingRecord.completed_on)
    )
    if subject_ids_ is not None:
        query = query.where(TrainingRecord.subject_id.in_(subject_ids_ or [-1]))
    return db.session.execute(query).all()


def completed_enrolments_of(user_id: int) -> list[Enrolment]:
    """A person's completed courses, newest first, with the course and its provider."""
    return db.session.scalars(
        select(Enrolment).options(joinedload(Enrolment.course).joinedload(Course.provider))
        .where(Enrolment.user_id == user_id, Enrolment.status == S.COMPLETED)
        .order_by(Enrolment.completed_on.desc())
    ).all()


def completed_enrolment(enrolment_id: int) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).options(joinedload(Enrolment.course).joinedload(Course.provider),
                                  joinedload(Enrolment.user))
        .where(Enrolment.id == enrolment_id, Enrolment.status == S.COMPLETED)
    )
