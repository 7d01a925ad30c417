"""The catalogue, mandatory subjects and requirements, calendar links and expiry reminders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select, update

from academy.audit.services import record
from academy.courses import compliance as compliance_queries
from academy.courses import rules
from academy.courses.models import (
    Category,
    ComplianceReminder,
    Course,
    CourseAudience,
    CourseCompetency,
    CoursePrerequisite,
    DeliveryMode,
    Enrolment,
    Pillar,
    ProviderKind,
    Requirement,
    Subject,
    TrainingRecord,
)
from academy.courses.services.places import S
from academy.courses.services.sessions import refresh_current
from academy.errors import DomainError
from academy.extensions import db
from academy.notifications.email import external_url, notify_by_email
from academy.people.models import JobRole, User
from academy.timekeeping import utcnow

# --- Catalogue ----------------------------------------------------------------------------------

@dataclass
class CourseData:
    code: str
    title: str
    summary: str
    category: Category
    pillar: Pillar
    delivery_mode: DeliveryMode
    duration_minutes: int
    cpd_hours: Decimal
    provider_kind: ProviderKind
    provider_id: int | None = None
    provider_name: str | None = None
    description: str = ""
    cost_per_place: Decimal = Decimal("0.00")
    prerequisites: str = ""
    needs_approval: bool = False
    staff_groups: list[str] = field(default_factory=list)
    job_role_ids: list[int] = field(default_factory=list)
    subject_ids: list[int] = field(default_factory=list)
    required_course_ids: list[int] = field(default_factory=list)
    competencies: list[tuple[str, int]] = field(default_factory=list)


def _apply_course(course: Course, data: CourseData) -> None:
    code = data.code.strip().upper()
    clash = db.session.scalar(select(Course.id).where(Course.code == code, Course.id != course.id))
    if clash:
        raise DomainError("Another course already has this code.", field="code")
    if data.provider_kind == ProviderKind.EXTERNAL and not (data.provider_name or "").strip():
        raise DomainError("Enter the name of the external provider.", field="provider_name")
    if data.provider_kind != ProviderKind.EXTERNAL and data.provider_id is None:
        raise DomainError("Choose the providing partner.", field="provider_id")
    for competency, level in data.competencies:
        if not 0 <= level <= 4:
            raise DomainError(f"Level for {competency} must be from 0 to 4.", field="competencies")
    required = _required_courses(course, data.required_course_ids)
    course.code = code
    course.title = data.title.strip()
    course.summary = data.summary.strip()
    course.description = data.description.strip()
    course.category, course.pillar, course.delivery_mode = data.category, data.pillar, data.delivery_mode
    course.duration_minutes, course.cpd_hours = data.duration_minutes, data.cpd_hours
    course.provider_kind = data.provider_kind
    course.provider_id = data.provider_id if data.provider_kind != ProviderKind.EXTERNAL else None
    course.provider_name = (data.provider_name or "").strip() or None
    course.cost_per_place = data.cost_per_place
    course.prerequisites = data.prerequisites.strip()
    course.needs_approval = data.needs_approval
    course.audiences = (
        [CourseAudience(staff_group=g) for g in dict.fromkeys(data.staff_groups)]
        + [CourseAudience(job_role_id=r) for r in dict.fromkeys(data.job_role_ids)]
    )
    course.competencies = [CourseCompetency(competency_code=c, level=lv)
                           for c, lv in dict(data.competencies).items()]
    course.subjects = list(db.session.scalars(select(Subject).where(Subject.id.in_(data.subject_ids))))
    course.required_courses = required


def _required_courses(course: Course, ids: list[int]) -> list[Course]:
    """The courses to complete first; refused when one of them already needs this course."""
    ids = list(dict.fromkeys(ids))
    if course.id is not None and course.id in ids:
        raise DomainError("A course cannot be its own prerequisite.", field="required_courses")
    required = list(db.session.scalars(select(Course).where(Course.id.in_(ids))))
    if len(required) != len(ids):
        raise DomainError("Choose courses from the catalogue.", field="required_courses")
    if course.id is not None:
        needs = _prerequisite_graph()
        for start in required:
            seen, stack = set(), [start.id]
            while stack:
                current = stack.pop()
                if current == course.id:
                    raise DomainError(f"{start.title} already needs {course.title} first, so it cannot be a "
                                      "prerequisite of it.", field="required_courses")
                if current not in seen:
                    seen.add(current)
                    stack.extend(needs.get(current, ()))
    return required


def _prerequisite_graph() -> dict[int, list[int]]:
    graph: dict[int, list[int]] = {}
    for course_id, required_id in db.session.execute(
            select(CoursePrerequisite.course_id, CoursePrerequisite.required_course_id)):
        graph.setdefault(course_id, []).append(required_id)
    return graph


def create_course(data: CourseData, actor: User) -> Course:
    course = Course(created_by_id=actor.id)
    with db.session.no_autoflush:
        _apply_course(course, data)
    db.session.add(course)
    db.session.flush()
    record(actor, "course.created", course, code=course.code)
    return course


def update_course(course: Course, data: CourseData, actor: User) -> Course:
    with db.session.no_autoflush:
        _apply_course(course, data)
    db.session.flush()
    record(actor, "course.updated", course, code=course.code)
    return course


def retire_course(course: Course, actor: User, now: datetime | None = None) -> Course:
    """No new bookings or interest; sessions already scheduled go ahead unless cancelled."""
    if course.is_retired:
        raise DomainError("This course is already retired.")
    course.retired_at = now or utcnow()
    interest = db.session.scalars(select(Enrolment).where(
        Enrolment.course_id == course.id, Enrolment.status == S.REQUESTED)).all()
    for enrolment in interest:
        enrolment.cancel(actor.id, course.retired_at, "Course retired")
    db.session.flush()
    record(actor, "course.retired", course, closed_interest=len(interest))
    return course


# --- Subjects and requirements ------------------------------------------------------------------

def set_renewal_period(subject: Subject, renewal_months: int | None, actor: User) -> int:
    """Change a subject's renewal period; expiries worked out from the old period follow it.

    Expiry dates given in an imported record stay as given. Returns how many records changed.
    """
    if renewal_months is not None and renewal_months < 1:
        raise DomainError("Enter a renewal period of at least one month.", field="renewal_months")
    old = subject.renewal_months
    subject.renewal_months = renewal_months
    rows = db.session.execute(
        select(TrainingRecord.id, TrainingRecord.completed_on).where(
            TrainingRecord.subject_id == subject.id, TrainingRecord.expiry_given.is_(False))
    ).all()
    if rows:
        db.session.execute(
            update(TrainingRecord),
            [{"id": rid, "expires_on": rules.expiry_for(done, renewal_months)} for rid, done in rows],
        )
    db.session.flush()
    # Expiries moved (given ones did not, so which record counts may change too): what everyone
    # with a record of the subject holds is worked out again.
    holders = db.session.scalars(
        select(TrainingRecord.user_id).where(TrainingRecord.subject_id == subject.id).distinct()
    ).all()
    refresh_current({(user_id, subject.id) for user_id in holders})
    record(actor, "subject.renewal_changed", subject, before=old, after=renewal_months,
           records=len(rows))
    return len(rows)


def add_requirement(subject: Subject, actor: User, *, job_role: JobRole | None = None,
                    staff_group: str | None = None) -> Requirement:
    if (job_role is None) == (not staff_group):
        raise DomainError("Choose a job role or a staff group.", field="job_role")
    exists = db.session.scalar(select(Requirement.id).where(
        Requirement.subject_id == subject.id,
        Requirement.job_role_id == job_role.id if job_role else Requirement.staff_group == staff_group,
    ))
    if exists:
        raise DomainError("This requirement already exists.", field="job_role")
    requirement = Requirement(subject_id=subject.id, job_role_id=job_role.id if job_role else None,
                              staff_group=None if job_role else staff_group, created_by_id=actor.id)
    db.session.add(requirement)
    db.session.flush()
    record(actor, "requirement.added", requirement, subject_id=subject.id,
           job_role_id=requirement.job_role_id, staff_group=requirement.staff_group)
    return requirement


def remove_requirement(requirement: Requirement, actor: User) -> None:
    record(actor, "requirement.removed", requirement, subject_id=requirement.subject_id,
           job_role_id=requirement.job_role_id, staff_group=requirement.staff_group)
    db.session.delete(requirement)
    db.session.flush()


# --- Calendar feed ------------------------------------------------------------------------------

def reset_calendar_token(user: User, token: str) -> None:
    user.calendar_token = token
    db.session.flush()
    record(user, "calendar.token_reset", user, subject=user.id)


# --- Expiry reminders ---------------------------------------------------------------------------

def send_expiry_reminders(now: datetime) -> dict:
    """Remind people 60, 30 and 0 days before a required subject expires, each reminder once.

    A renewal moves the expiry on, so reminders for the old expiry stop by themselves.
    """
    today = now.date()
    window, grace = max(rules.REMINDER_DAYS), rules.REMINDER_GRACE_DAYS
    candidates = compliance_queries.expiring_soon(today, window, grace)
    if not candidates:
        return {"people": 0, "reminders": 0}
    sent = set(db.session.execute(
        select(ComplianceReminder.user_id, ComplianceReminder.subject_id,
               ComplianceReminder.expires_on, ComplianceReminder.days_before)
        .where(ComplianceReminder.expires_on >= today - timedelta(days=grace),
               ComplianceReminder.expires_on <= today + timedelta(days=window))
    ).all())
    due: dict[int, list[tuple[int, date, int]]] = {}
    for user_id, subject_id, expiry in candidates:
        threshold = rules.reminder_due(expiry, today)
        if threshold is None or (user_id, subject_id, expiry, threshold) in sent:
            continue
        due.setdefault(user_id, []).append((subject_id, expiry, threshold))
    if not due:
        return {"people": 0, "reminders": 0}
    db.session.execute(insert(ComplianceReminder), [
        {"user_id": u, "subject_id": s, "expires_on": e, "days_before": t, "sent_at": now}
        for u, items in due.items() for s, e, t in items
    ])
    subjects = {s.id: s for s in db.session.scalars(select(Subject))}
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(list(due))))}
    for user_id, items in due.items():
        lines = []
        for subject_id, expiry, _ in sorted(items, key=lambda i: i[1]):
            label = subjects[subject_id].label
            if expiry <= today:
                lines.append(f"{label}: expired on {expiry:%-d %B %Y}")
            else:
                lines.append(f"{label}: expires on {expiry:%-d %B %Y}")
        count = len(items)
        notify_by_email(
            people[user_id],
            f"{count} mandatory subject{'s' if count != 1 else ''} need{'s' if count == 1 else ''}"
            " renewing: " + "; ".join(lines),
            "courses/renewal_due",
            link=external_url("courses.my_learning") + "#compliance", lines=lines)
    db.session.flush()
    return {"people": len(due), "reminders": sum(len(i) for i in due.values())}
