"""Read models of mandatory training compliance, counted in SQL: who each subject is required of,
the expiry that counts, and the person, team and organisation views built on them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import joinedload

from academy.courses import rules
from academy.courses.models import Requirement, Subject
from academy.extensions import db
from academy.holdings.models import Holding
from academy.people.models import JobRole, Organisation, User


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
    expiry = func.coalesce(Holding.expires_on, literal(rules.NEVER))
    query = select(Holding.user_id, Holding.subject_id, expiry.label("expiry"))
    if people is not None:
        query = query.where(Holding.user_id.in_(select(User.id).where(people)))
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
