"""Read models of mandatory training compliance, counted in SQL: who each subject is required of,
the expiry that counts, and the person, team and organisation views built on them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import joinedload

from academy.courses import rules
from academy.courses.models import Requirement, Subject
from academy.extensions import db
from academy.holdings import counts
from academy.holdings.models import ComplianceCount, OrganisationCount, PersonStanding
from academy.holdings.queries import (
    expiries,
    held_expiries,
    required_by_role,
    required_pairs,
    role_requirements,
)
from academy.people.models import Organisation, Team, User


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
    """Each active person's required subjects with their status: the role requirements and the
    people's holdings, two small queries joined here."""
    ids = [p.id for p in people]
    if not ids:
        return TeamCompliance([], [], {})
    required, held = required_by_role(), held_expiries(ids)
    cells = {(p.id, s): rules.compliance(held.get((p.id, s)), today)
             for p in people if p.is_active_account for s in required.get(p.job_role_id, ())}
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
    """Per cent compliant by organisation and subject, read from the kept counts. With
    organisation_ids None (the whole partnership) a partnership row per subject is added."""
    cells = organisation_tallies(organisation_ids, today, subject_id)
    names = dict(db.session.execute(select(Organisation.id, Organisation.name)).all())
    subjects = {s.id: s for s in db.session.scalars(select(Subject))}
    report = [ReportRow(org, names.get(org, ""), sid, subjects[sid].label, t.required,
                        t.compliant, t.due, t.expired, t.never_done)
              for (org, sid), t in cells.items()]
    if organisation_ids is None:
        totals: dict[int, Tally] = defaultdict(Tally)
        for (_org, sid), t in cells.items():
            totals[sid].add(t)
        report += [ReportRow(None, "Whole partnership", sid, subjects[sid].label, t.required,
                             t.compliant, t.due, t.expired, t.never_done)
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


def _summed(model, group, today: date, where) -> dict[tuple, Tally]:
    counts.settle(today)
    query = (select(group, model.subject_id, func.sum(model.required), func.sum(model.compliant),
                    func.sum(model.due), func.sum(model.expired))
             .where(*where).group_by(group, model.subject_id))
    return {(g, s): Tally(int(n), int(ok), int(due), int(exp))
            for g, s, n, ok, due, exp in db.session.execute(query)}


def organisation_tallies(organisation_ids: set[int] | None, today: date,
                         subject_id: int | None = None) -> dict[tuple, Tally]:
    """(organisation, subject) -> Tally from the kept totals, for these organisations (None:
    all of them)."""
    C = OrganisationCount
    where = [C.organisation_id.in_(list(organisation_ids))] if organisation_ids is not None else []
    if subject_id:
        where.append(C.subject_id == subject_id)
    return _summed(C, C.organisation_id, today, where)


def team_tallies(organisation_id: int, today: date, subject_id: int | None = None,
                 team_ids=None) -> dict[tuple, Tally]:
    """(team, subject) -> Tally from the kept counts of one organisation's teams (all of them,
    or these)."""
    C = ComplianceCount
    where = [C.organisation_id == organisation_id]
    if team_ids is not None:
        where.append(C.team_id.in_(list(team_ids)))
    if subject_id:
        where.append(C.subject_id == subject_id)
    return _summed(C, C.team_id, today, where)


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
    cells = organisation_tallies(organisation_ids, today, subject_id)
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
    cells = team_tallies(organisation_id, today, subject_id,
                         team_ids=None if every_team else [t.id for t in teams])
    return Matrix(list(teams), _subjects(s for _, s in cells), cells)


def team_tree(team_id: int) -> list[int]:
    """The team and every team beneath it (one recursive query), as a list of ids: a few ids
    the planner can look people up by."""
    tree = select(Team.id).where(Team.id == team_id).cte("team_tree", recursive=True)
    tree = tree.union_all(select(Team.id).where(Team.parent_id == tree.c.id))
    return list(db.session.scalars(select(tree.c.id)))


def overdue_among(people, today: date) -> tuple[int, int]:
    """(subjects required, subjects expired or never done) summed over the active people matching
    `people`, from the kept standings: what a manager's home page says of the team."""
    counts.settle(today)
    required, overdue = db.session.execute(
        select(func.coalesce(func.sum(PersonStanding.required), 0),
               func.coalesce(func.sum(PersonStanding.overdue), 0))
        .where(PersonStanding.user_id.in_(select(User.id).where(people)))).one()
    return int(required), int(overdue)


STANDING = {rules.Compliance.COMPLIANT: PersonStanding.compliant,
            rules.Compliance.DUE: PersonStanding.due,
            rules.Compliance.EXPIRED: PersonStanding.expired,
            rules.Compliance.NEVER_DONE: PersonStanding.never_done}


def standing_in(statuses):
    """A WHERE clause on PersonStanding: the person has a subject in one of the statuses."""
    if set(statuses) == set(OVERDUE):
        return PersonStanding.overdue > 0
    return or_(*(STANDING[s] > 0 for s in statuses))


def people_in_status(statuses, today: date, subject_id: int | None = None):
    """A WHERE clause on User: a subject required of the person (the chosen one, if any) is in
    one of the statuses. For any subject, read from the kept standings (settled first); for one
    subject, correlated, so each person is looked up by the (user, subject) index."""
    if not subject_id:
        counts.settle(today)
        return (select(literal(1)).where(PersonStanding.user_id == User.id, standing_in(statuses))
                .correlate(User).exists())
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
    expiry, the person's count of overdue subjects), by name then subject. Only people whose
    kept standing has a subject in one of the statuses are looked at."""
    counts.settle(today)
    listed = and_(people, User.id.in_(select(PersonStanding.user_id).where(
        standing_in(statuses))))
    pairs, expiry = required_pairs(listed), expiries(listed)
    conditions = status_conditions(expiry.c.expiry, today)
    wanted = or_(*[expiry.c.expiry.is_(None) if s == rules.Compliance.NEVER_DONE
                   else conditions[s] for s in statuses])
    joined = and_(expiry.c.user_id == pairs.c.user_id, expiry.c.subject_id == pairs.c.subject_id)
    query = (select(User.given_name, User.family_name, User.employee_number, Team.name,
                    Organisation.name, Subject.name, Subject.level, expiry.c.expiry,
                    PersonStanding.overdue)
             .select_from(pairs)
             .join(User, User.id == pairs.c.user_id)
             .join(PersonStanding, PersonStanding.user_id == User.id)
             .join(Organisation, Organisation.id == User.employer_id)
             .outerjoin(Team, Team.id == User.team_id)
             .join(Subject, Subject.id == pairs.c.subject_id)
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
