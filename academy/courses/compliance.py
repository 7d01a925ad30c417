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
from academy.people.models import JobRole, Organisation, Team, User


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


# --- The lead's drill-down: partnership -> organisation -> team -> the people overdue ------------

OVERDUE = (rules.Compliance.EXPIRED, rules.Compliance.NEVER_DONE)


@dataclass
class Tally:
    """How one group of people stands on one subject."""

    required: int = 0
    compliant: int = 0
    due: int = 0
    expired: int = 0

    @property
    def never_done(self) -> int:
        return self.required - self.compliant - self.due - self.expired

    @property
    def overdue(self) -> int:
        return self.expired + self.never_done

    @property
    def percent(self) -> float | None:
        return rules.percent(self.compliant + self.due, self.required)

    def add(self, other: Tally) -> None:
        self.required += other.required
        self.compliant += other.compliant
        self.due += other.due
        self.expired += other.expired


def tallies(group, people, today: date, subject_id: int | None = None) -> dict[tuple, Tally]:
    """(group, subject) -> Tally for the active people matching `people`, grouped by a User
    column (employer_id, team_id). Counted in two aggregations, as compliance_report explains."""
    required = role_requirements()
    active = [User.is_active_account.is_(True)] + ([people] if people is not None else [])
    headcount = (select(group.label("grp"), User.job_role_id, func.count().label("people"))
                 .where(*active).group_by(group, User.job_role_id).subquery("headcount"))
    needed = (select(headcount.c.grp, required.c.subject_id, func.sum(headcount.c.people))
              .join(required, required.c.job_role_id == headcount.c.job_role_id)
              .group_by(headcount.c.grp, required.c.subject_id))
    expiry = expiries(people)
    conditions = status_conditions(expiry.c.expiry, today)

    def counted(status):
        return func.sum(case((conditions[status], 1), else_=0))

    C = rules.Compliance
    held = (select(group, expiry.c.subject_id, counted(C.COMPLIANT), counted(C.DUE),
                   counted(C.EXPIRED))
            .select_from(expiry)
            .join(User, User.id == expiry.c.user_id)
            .join(required, and_(required.c.job_role_id == User.job_role_id,
                                 required.c.subject_id == expiry.c.subject_id))
            .where(*active)
            .group_by(group, expiry.c.subject_id))
    if subject_id:
        needed = needed.where(required.c.subject_id == subject_id)
        held = held.where(expiry.c.subject_id == subject_id)
    found = {(g, s): Tally(int(n)) for g, s, n in db.session.execute(needed)}
    for g, s, ok, due, exp in db.session.execute(held):
        if (g, s) in found:
            found[(g, s)].compliant, found[(g, s)].due, found[(g, s)].expired = (
                int(ok or 0), int(due or 0), int(exp or 0))
    return found


@dataclass
class Matrix:
    """Groups (organisations or teams) by subjects: a Tally per cell, a total per group."""

    groups: list  # Organisation or Team rows, in the order shown
    subjects: list[Subject]
    cells: dict[tuple[int, int], Tally]

    def cell(self, group_id: int, subject_id: int) -> Tally | None:
        return self.cells.get((group_id, subject_id))

    def total(self, group_id: int) -> Tally:
        total = Tally()
        for subject in self.subjects:
            if (found := self.cells.get((group_id, subject.id))) is not None:
                total.add(found)
        return total

    def subject_total(self, subject_id: int) -> Tally:
        total = Tally()
        for group in self.groups:
            if (found := self.cells.get((group.id, subject_id))) is not None:
                total.add(found)
        return total

    def grand_total(self) -> Tally:
        total = Tally()
        for found in self.cells.values():
            total.add(found)
        return total

    def rows(self):
        """(group, subject, tally) for every cell with someone required: the exports' rows."""
        for group in self.groups:
            for subject in self.subjects:
                if (found := self.cells.get((group.id, subject.id))) is not None:
                    yield group, subject, found


def _subjects(ids) -> list[Subject]:
    ids = sorted(set(ids))
    if not ids:
        return []
    return list(db.session.scalars(select(Subject).where(Subject.id.in_(ids))
                                   .order_by(Subject.name, Subject.level)))


def organisation_matrix(organisation_ids: set[int] | None, today: date,
                        subject_id: int | None = None) -> Matrix:
    """The partnership page: the organisations overseen by the subjects required there."""
    people = User.employer_id.in_(organisation_ids) if organisation_ids is not None else None
    cells = tallies(User.employer_id, people, today, subject_id)
    query = select(Organisation).where(Organisation.id.in_({g for g, _ in cells}))
    organisations = db.session.scalars(query.order_by(Organisation.name)).all() if cells else []
    return Matrix(list(organisations), _subjects(s for _, s in cells), cells)


def team_ids_with_staff(organisation_id: int):
    """The organisation's teams with active staff in them, for paging in SQL."""
    staffed = select(User.team_id).where(User.employer_id == organisation_id,
                                         User.is_active_account.is_(True))
    return (select(Team).where(Team.organisation_id == organisation_id, Team.id.in_(staffed))
            .options(joinedload(Team.parent)).order_by(Team.name, Team.id))


def team_matrix(organisation_id: int, teams: list[Team], today: date,
                subject_id: int | None = None, every_team: bool = False) -> Matrix:
    """One organisation's page: its teams (one page of them, or all of them for a download) by
    the subjects required there."""
    if not teams:
        return Matrix([], [], {})
    people = User.employer_id == organisation_id
    if not every_team:
        people = and_(people, User.team_id.in_([t.id for t in teams]))
    cells = tallies(User.team_id, people, today, subject_id)
    return Matrix(list(teams), _subjects(s for _, s in cells), cells)


def team_tree(team_id: int):
    """The team and every team beneath it (a recursive query), as a SELECT of ids."""
    tree = select(Team.id).where(Team.id == team_id).cte("team_tree", recursive=True)
    tree = tree.union_all(select(Team.id).where(Team.parent_id == tree.c.id))
    return select(tree.c.id)


def people_in_status(statuses, today: date, subject_id: int | None = None):
    """A WHERE clause on User: a subject required of the person (the chosen one, if any) is in
    one of the statuses. Correlated, so each person is looked up by the (user, subject) index."""
    required = role_requirements()
    expiry = expiries()
    conditions = status_conditions(expiry.c.expiry, today)
    held = (select(literal(1)).where(expiry.c.user_id == User.id,
                                     expiry.c.subject_id == required.c.subject_id)
            .correlate(User, required))
    matched = [~held.exists() if s == rules.Compliance.NEVER_DONE
               else held.where(conditions[s]).exists() for s in statuses]
    query = (select(literal(1)).where(required.c.job_role_id == User.job_role_id, or_(*matched))
             .correlate(User))
    if subject_id:
        query = query.where(required.c.subject_id == subject_id)
    return query.exists()


def people_query(people, today: date, *, subject_id: int | None = None,
                 statuses=()):
    """Active people matching `people`, by name, optionally only those with a required subject
    (the chosen one, if any) in one of the statuses; to paginate."""
    query = (select(User).where(User.is_active_account.is_(True), people)
             .options(joinedload(User.team), joinedload(User.employer), joinedload(User.job_role))
             .order_by(User.family_name, User.given_name, User.id))
    if statuses:
        query = query.where(people_in_status(statuses, today, subject_id))
    elif subject_id:
        pairs = required_pairs(people)
        query = query.where(User.id.in_(select(pairs.c.user_id)
                                        .where(pairs.c.subject_id == subject_id)))
    return query


@dataclass
class PersonRow:
    person: User
    subjects: list[tuple[Subject, rules.SubjectStatus]]  # those shown, as filtered
    overdue: int  # every required subject expired or never done, whatever the filters


def people_rows(people: list[User], today: date, subject_id: int | None = None,
                only=()) -> list[PersonRow]:
    """Each person's required subjects with their status (one page of people, one query), the
    chosen subject alone if any, and only the statuses given if any."""
    cells = team_compliance(people, today)
    rows = []
    for person in people:
        held = [(s, cells.cells[(person.id, s.id)]) for s in cells.subjects
                if (person.id, s.id) in cells.cells]
        shown = [(s, state) for s, state in held if (not subject_id or s.id == subject_id)
                 and (not only or state.status in only)]
        rows.append(PersonRow(person, shown, sum(1 for _, st in held if st.status in OVERDUE)))
    return rows


def overdue_rows(people, today: date, *, subject_id: int | None = None, statuses=OVERDUE):
    """The overdue list as one query, for its download: (person, team, organisation, subject,
    expiry, the person's count of overdue subjects), by name then subject."""
    pairs, expiry = required_pairs(people), expiries(people)
    conditions = status_conditions(expiry.c.expiry, today)
    overdue = or_(expiry.c.expiry.is_(None), conditions[rules.Compliance.EXPIRED])
    wanted = or_(*[expiry.c.expiry.is_(None) if s == rules.Compliance.NEVER_DONE
                   else conditions[s] for s in statuses])
    joined = and_(expiry.c.user_id == pairs.c.user_id, expiry.c.subject_id == pairs.c.subject_id)
    counts = (select(pairs.c.user_id, func.count().label("overdue"))
              .outerjoin(expiry, joined).where(overdue)
              .group_by(pairs.c.user_id).subquery("overdue_count"))
    query = (select(User.given_name, User.family_name, User.employee_number, Team.name,
                    Organisation.name, Subject.name, Subject.level, expiry.c.expiry,
                    counts.c.overdue)
             .select_from(pairs)
             .join(User, User.id == pairs.c.user_id)
             .join(Organisation, Organisation.id == User.employer_id)
             .outerjoin(Team, Team.id == User.team_id)
             .join(Subject, Subject.id == pairs.c.subject_id)
             .join(counts, counts.c.user_id == pairs.c.user_id)
             .outerjoin(expiry, joined)
             .where(wanted)
             .order_by(User.family_name, User.given_name, User.id, Subject.name, Subject.level))
    if subject_id:
        query = query.where(pairs.c.subject_id == subject_id)
    for given, family, number, team, organisation, name, level, value, count in (
            db.session.execute(query)):
        state = rules.compliance(value, today)
        yield (f"{given} {family}", number, team or "", organisation,
               f"{name}, {level}" if level else name, state, count)
