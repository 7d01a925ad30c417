"""Reading holdings: what a person holds, and what they have in hand for the rest."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, literal, or_, select
from sqlalchemy.orm import joinedload

from academy.courses.models import Course, CourseSubject, Enrolment, EnrolmentStatus, Requirement
from academy.extensions import db
from academy.holdings.models import Holding
from academy.holdings.rules import NEVER, Plan
from academy.people.models import JobRole, User

# A live enrolment on a course that satisfies a subject puts that subject in hand.
PLANS = {EnrolmentStatus.BOOKED: Plan.BOOKED, EnrolmentStatus.AWAITING_APPROVAL: Plan.REQUESTED,
         EnrolmentStatus.REQUESTED: Plan.REQUESTED, EnrolmentStatus.WAITLISTED: Plan.WAITING}
ORDER = list(Plan)


def held(user_id: int, subject_ids=None) -> dict[int, Holding]:
    """subject id -> the person's holding, with where it came from."""
    query = (select(Holding).options(joinedload(Holding.organisation),
                                     joinedload(Holding.held_subject))
             .where(Holding.user_id == user_id))
    if subject_ids is not None:
        query = query.where(Holding.subject_id.in_(list(subject_ids)))
    return {h.subject_id: h for h in db.session.scalars(query)}


def plans(user_id: int) -> dict[int, tuple[Plan, int]]:
    """subject id -> (the best plan the person has for it, the enrolment), from their live
    enrolments on courses that satisfy it: booked beats requested beats waiting."""
    rows = db.session.execute(
        select(CourseSubject.subject_id, Enrolment.status, Enrolment.id)
        .join(Enrolment, Enrolment.course_id == CourseSubject.course_id)
        .where(Enrolment.user_id == user_id, Enrolment.status.in_(list(PLANS)))
    ).all()
    found: dict[int, tuple[Plan, int]] = {}
    for subject_id, status, enrolment_id in rows:
        plan = PLANS[status]
        kept = found.get(subject_id)
        if kept is None or ORDER.index(plan) < ORDER.index(kept[0]):
            found[subject_id] = (plan, enrolment_id)
    return found


def courses_for(subject_id: int) -> list:
    """The courses open for booking that give this subject, e-learning first (it can be started
    at once), then by title."""
    courses = db.session.scalars(
        select(Course).join(CourseSubject, CourseSubject.course_id == Course.id)
        .where(CourseSubject.subject_id == subject_id, Course.retired_at.is_(None))
        .order_by(Course.title)
    ).all()
    return sorted(courses, key=lambda c: c.has_dated_sessions)


def held_courses(user_ids, today: date) -> dict[int, set[int]]:
    """user id -> the courses whose every subject the person holds in date, wherever recorded."""
    subjects_of: dict[int, set[int]] = defaultdict(set)
    for course_id, subject_id in db.session.execute(
            select(CourseSubject.course_id, CourseSubject.subject_id)):
        subjects_of[course_id].add(subject_id)
    query = select(Holding.user_id, Holding.subject_id).where(
        or_(Holding.expires_on.is_(None), Holding.expires_on > today))
    if user_ids is not None:
        query = query.where(Holding.user_id.in_(list(user_ids)))
    in_date: dict[int, set[int]] = defaultdict(set)
    for user_id, subject_id in db.session.execute(query):
        in_date[user_id].add(subject_id)
    return {user_id: {course for course, needed in subjects_of.items() if needed <= subjects}
            for user_id, subjects in in_date.items()}


def courses_in_hand(user_ids) -> dict[int, dict[int, Plan]]:
    """user id -> {course id: what the person has in hand for it}: booked, requested, waiting."""
    query = select(Enrolment.user_id, Enrolment.course_id, Enrolment.status).where(
        Enrolment.status.in_(list(PLANS)))
    if user_ids is not None:
        query = query.where(Enrolment.user_id.in_(list(user_ids)))
    found: dict[int, dict[int, Plan]] = defaultdict(dict)
    for user_id, course_id, status in db.session.execute(query):
        plan, kept = PLANS[status], found[user_id].get(course_id)
        if kept is None or ORDER.index(plan) < ORDER.index(kept):
            found[user_id][course_id] = plan
    return found


# --- Who is required what: the other half of compliance ------------------------------------------

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
    """The expiry held per (user, subject), read from the holdings; NEVER for one that never
    expires, no row for a subject not held."""
    expiry = func.coalesce(Holding.expires_on, literal(NEVER))
    query = select(Holding.user_id, Holding.subject_id, expiry.label("expiry"))
    if people is not None:
        query = query.where(Holding.user_id.in_(select(User.id).where(people)))
    return query.subquery("expiry")


def required_by_role() -> dict[int, frozenset[int]]:
    """Job role -> the subjects required of it (by the role itself or its staff group)."""
    required = role_requirements()
    found: dict[int, set[int]] = defaultdict(set)
    for role, subject in db.session.execute(select(required.c.job_role_id, required.c.subject_id)):
        found[role].add(subject)
    return {role: frozenset(subjects) for role, subjects in found.items()}


def held_expiries(people) -> dict[tuple[int, int], date]:
    """(user, subject) -> the expiry held (NEVER for good) for the people matching `people`, a
    WHERE clause on User or a list of ids; no entry for a subject not held."""
    where = (Holding.user_id.in_(list(people)) if isinstance(people, (list, set, tuple))
             else Holding.user_id.in_(select(User.id).where(people)))
    return {(user, subject): expires_on or NEVER for user, subject, expires_on in db.session.execute(
        select(Holding.user_id, Holding.subject_id, Holding.expires_on).where(where))}
