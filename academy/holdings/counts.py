"""Compliance counts kept beside the holdings, so that the compliance pages read a few hundred
rows instead of counting every person's subjects on each request.

Per group of people (an employer and one of its teams, or its staff without a team) and subject:
how many it is required of, and how many of them are compliant, due for renewal or expired; per
organisation and subject their sums; per person the same totals over their subjects. They follow from the holdings, the people (employer,
team, job role, whether active), the requirements and the day, so:

- the holdings' services mark the people whose holdings changed (the holdings_changed signal);
- the ORM marks people created, moved, deactivated or deleted, and a change to any requirement or
  job role's staff group marks everything; bulk writers call mark_people / mark_organisation;
- marks are settled (the marked groups counted again from the truth) when the transaction
  commits, and before any reader reads, so a reader never sees counts older than its own writes;
- the counts are as of one day (CountedDay): a reader asking for another day, or the nightly job,
  counts everything again for that day.

Counting again is idempotent: `recount_all` from nothing gives the same rows as the kept ones,
which the property-based test of the holdings checks after every step.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_, delete, event, func, insert, or_, select
from sqlalchemy.orm import Session

from academy.courses.models import Requirement
from academy.extensions import db
from academy.holdings.models import ComplianceCount, CountedDay, OrganisationCount, PersonStanding
from academy.holdings.queries import held_expiries, required_by_role
from academy.holdings.rules import Compliance, compliance
from academy.holdings.services import holdings_changed
from academy.people.models import JobRole, Team, User
from academy.timekeeping import today

MARKS = "compliance_count_marks"
GROUPS_AT_ONCE = 200
PEOPLE_AT_ONCE = 5000
# A change to one of these moves a person between groups or in or out of the counts.
PLACE = ("employer", "employer_id", "team", "team_id", "job_role", "job_role_id",
         "is_active_account")


def _marks(session=None) -> dict:
    info = (session or db.session).info
    if MARKS not in info:
        info[MARKS] = {"all": False, "users": set(), "groups": set(), "organisations": set(),
                       "pending": []}
    return info[MARKS]


def _clear(session) -> None:
    session.info.pop(MARKS, None)


def mark_people(user_ids: Iterable[int]) -> None:
    """These people's counts (and those of the groups they were and are in) are to be settled."""
    _marks()["users"].update(user_ids)


def mark_organisation(organisation_id: int) -> None:
    """Every group of this organisation is to be settled (after a bulk write of its staff)."""
    _marks()["organisations"].add(organisation_id)


def _is(column, value):
    return column.is_(None) if value is None else column == value


def _in_groups(org_column, team_column, groups) -> object:
    return or_(*(and_(_is(org_column, org), _is(team_column, team)) for org, team in groups))


# --- Counting -----------------------------------------------------------------------------------

def _statuses(people, day: date):
    """(user, employer, team, subject, Compliance) for each active person matching `people` and
    each subject required of them, by the same rule as every page (rules.compliance)."""
    required = required_by_role()
    held = held_expiries(and_(people, User.is_active_account.is_(True)))
    rows = db.session.execute(
        select(User.id, User.employer_id, User.team_id, User.job_role_id)
        .where(people, User.is_active_account.is_(True)))
    for user, org, team, role in rows:
        for subject in required.get(role, ()):
            yield user, org, team, subject, compliance(held.get((user, subject)), day).status


STATUS_FIELD = {Compliance.COMPLIANT: "compliant", Compliance.DUE: "due",
                Compliance.EXPIRED: "expired", Compliance.NEVER_DONE: "never_done"}


def _tally(rows) -> tuple[list[dict], list[dict]]:
    """The count rows and the standing rows of the statuses given."""
    cells: dict[tuple, dict] = {}
    people: dict[int, dict] = {}
    for user, org, team, subject, status in rows:
        field = STATUS_FIELD[status]
        cell = cells.setdefault((org, team, subject), {
            "organisation_id": org, "team_id": team, "subject_id": subject,
            "required": 0, "compliant": 0, "due": 0, "expired": 0, "never_done": 0})
        cell["required"] += 1
        cell[field] += 1
        person = people.setdefault(user, {
            "user_id": user, "organisation_id": org, "team_id": team,
            "required": 0, "compliant": 0, "due": 0, "expired": 0, "never_done": 0})
        person["required"] += 1
        person[field] += 1
    for cell in cells.values():
        del cell["never_done"]
    for person in people.values():
        person["overdue"] = person["expired"] + person["never_done"]
    return list(cells.values()), list(people.values())


def _write(cells: list[dict], people: list[dict]) -> None:
    # The tables themselves: no ORM bookkeeping per row.
    for table, rows in ((ComplianceCount.__table__, cells), (PersonStanding.__table__, people)):
        for start in range(0, len(rows), PEOPLE_AT_ONCE):
            db.session.execute(insert(table), rows[start:start + PEOPLE_AT_ONCE])


def recount_groups(groups: set[tuple[int | None, int | None]], day: date) -> None:
    """Count these groups again from the truth, as of `day`."""
    groups = sorted(groups, key=lambda g: (g[0] or 0, g[1] or 0))
    for start in range(0, len(groups), GROUPS_AT_ONCE):
        chunk = groups[start:start + GROUPS_AT_ONCE]
        in_people = _in_groups(User.employer_id, User.team_id, chunk)
        people = select(User.id).where(in_people)
        db.session.execute(delete(ComplianceCount).where(
            _in_groups(ComplianceCount.organisation_id, ComplianceCount.team_id, chunk)))
        db.session.execute(delete(PersonStanding).where(or_(
            _in_groups(PersonStanding.organisation_id, PersonStanding.team_id, chunk),
            PersonStanding.user_id.in_(people))))
        _write(*_tally(_statuses(in_people, day)))
    _sum_organisations({org for org, _team in groups})


def _sum_organisations(organisation_ids: set[int | None]) -> None:
    """The organisations' totals, summed again from their groups' counts."""
    if not organisation_ids:
        return
    C = ComplianceCount
    db.session.execute(delete(OrganisationCount).where(
        or_(*(_is(OrganisationCount.organisation_id, org) for org in organisation_ids))))
    sums = db.session.execute(
        select(C.organisation_id, C.subject_id, func.sum(C.required), func.sum(C.compliant),
               func.sum(C.due), func.sum(C.expired))
        .where(or_(*(_is(C.organisation_id, org) for org in organisation_ids)))
        .group_by(C.organisation_id, C.subject_id)).all()
    rows = [{"organisation_id": org, "subject_id": subject, "required": required,
             "compliant": compliant, "due": due, "expired": expired}
            for org, subject, required, compliant, due, expired in sums]
    if rows:
        db.session.execute(insert(OrganisationCount.__table__), rows)


def recount_all(day: date | None = None) -> dict[str, int]:
    """Count everything again from the truth, as of `day` (today by default)."""
    day = day or today()
    state = _state()
    for model in (ComplianceCount, OrganisationCount, PersonStanding):
        db.session.execute(delete(model))
    users = list(db.session.scalars(select(User.id).where(User.is_active_account.is_(True))
                                    .order_by(User.id)))
    totals = {"groups": 0, "people": 0}
    # By ranges of people, whole groups at a time: a group's cells are summed across ranges.
    cells: dict[tuple, dict] = {}
    for start in range(0, len(users), PEOPLE_AT_ONCE):
        low, high = users[start], users[min(start + PEOPLE_AT_ONCE, len(users)) - 1]
        found, people = _tally(_statuses(User.id.between(low, high), day))
        for cell in found:
            key = (cell["organisation_id"], cell["team_id"], cell["subject_id"])
            if key in cells:
                for field in ("required", "compliant", "due", "expired"):
                    cells[key][field] += cell[field]
            else:
                cells[key] = cell
        _write([], people)
        totals["people"] += len(people)
    _write(list(cells.values()), [])
    _sum_organisations({org for org, _team, _subject in cells})
    totals["groups"] = len({(org, team) for org, team, _ in cells})
    if state is None:
        db.session.add(CountedDay(id=1, counted_on=day))
    else:
        state.counted_on = day
    db.session.flush()
    _clear(db.session())  # everything marked so far is counted
    return totals


def _state() -> CountedDay | None:
    """The counted day, locked until the transaction ends so that two writers count in turn."""
    return db.session.scalar(select(CountedDay).where(CountedDay.id == 1).with_for_update()
                             .execution_options(populate_existing=True))


def _groups_of_marks(marks: dict) -> set[tuple[int | None, int | None]]:
    groups = set(marks["groups"])
    users = sorted(marks["users"])
    for start in range(0, len(users), PEOPLE_AT_ONCE):
        chunk = users[start:start + PEOPLE_AT_ONCE]
        groups |= {tuple(row) for row in db.session.execute(
            select(User.employer_id, User.team_id).where(User.id.in_(chunk),
                                                         User.is_active_account.is_(True))
        ).all()}
        groups |= {tuple(row) for row in db.session.execute(
            select(PersonStanding.organisation_id, PersonStanding.team_id)
            .where(PersonStanding.user_id.in_(chunk))).all()}
    for organisation_id in marks["organisations"]:
        groups |= {tuple(row) for row in db.session.execute(
            select(User.employer_id, User.team_id).where(User.employer_id == organisation_id)
            .distinct()).all()}
        groups |= {tuple(row) for row in db.session.execute(
            select(PersonStanding.organisation_id, PersonStanding.team_id)
            .where(PersonStanding.organisation_id == organisation_id).distinct()).all()}
    return groups


def _is_marked(marks: dict | None) -> bool:
    return bool(marks) and bool(marks["all"] or marks["users"] or marks["groups"]
                                or marks["organisations"] or marks["pending"])


def settle(day: date | None = None) -> date:
    """Bring the counts up to date with this transaction's changes, as of `day`; returns the day
    they are counted for. Every reader calls it with its day first; a commit calls it without one,
    which keeps the day already counted (a new day is the readers' and the nightly job's to count).
    """
    session = db.session()
    state = session.scalar(select(CountedDay).where(CountedDay.id == 1))
    if state is not None and (day is None or state.counted_on == day) \
            and not _is_marked(session.info.get(MARKS)):
        return state.counted_on
    state = _state()  # locked from here
    if day is None:
        day = state.counted_on if state is not None else today()
    if state is None or state.counted_on != day or _marks()["all"]:
        recount_all(day)
    for _ in range(10):  # counting flushes, and a flush can mark more
        session.flush()
        marks = session.info.get(MARKS)
        if not _is_marked(marks):
            break
        _clear(session)
        recount_groups(_groups_of_marks(marks), day)
    _clear(session)
    return day


# --- Marking --------------------------------------------------------------------------------------

@holdings_changed.connect
def _on_holdings_changed(_sender, changes, **_extra) -> None:
    mark_people({user for user, _subject in changes})


def _place_changed(person: User) -> bool:
    state = db.inspect(person)
    return any(state.attrs[name].history.has_changes() for name in PLACE)


@event.listens_for(Session, "before_flush")
def _before_flush(session, _context, _instances) -> None:
    marks = None
    for obj in session.deleted:
        if isinstance(obj, User):
            marks = marks or _marks(session)
            marks["groups"].add((obj.employer_id, obj.team_id))
        elif isinstance(obj, Team):
            marks = marks or _marks(session)
            marks["organisations"].add(obj.organisation_id)
        elif isinstance(obj, (Requirement, JobRole)):
            _marks(session)["all"] = True
    for obj in session.new:
        if isinstance(obj, User):
            marks = marks or _marks(session)
            marks["pending"].append(obj)
        elif isinstance(obj, Requirement):
            _marks(session)["all"] = True
    for obj in session.dirty:
        if isinstance(obj, User) and _place_changed(obj):
            marks = marks or _marks(session)
            marks["pending"].append(obj)
        elif isinstance(obj, Requirement) and session.is_modified(obj):
            _marks(session)["all"] = True
        elif isinstance(obj, JobRole) and db.inspect(obj).attrs.staff_group.history.has_changes():
            _marks(session)["all"] = True


@event.listens_for(Session, "after_flush")
def _after_flush(session, _context) -> None:
    marks = session.info.get(MARKS)
    if marks and marks["pending"]:
        marks["users"].update(obj.id for obj in marks["pending"] if obj.id is not None)
        marks["pending"] = []


@event.listens_for(Session, "before_commit")
def _before_commit(session) -> None:
    if _is_marked(session.info.get(MARKS)):
        settle()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session) -> None:
    _clear(session)


def table() -> tuple[dict, dict]:
    """The counts (a team of "all": the organisation's totals) and standings as plain values:
    for comparing two states."""
    cells = {(r.organisation_id, r.team_id, r.subject_id): (r.required, r.compliant, r.due, r.expired)
             for r in db.session.scalars(select(ComplianceCount))}
    cells.update({(r.organisation_id, "all", r.subject_id): (r.required, r.compliant, r.due, r.expired)
                  for r in db.session.scalars(select(OrganisationCount))})
    people = {r.user_id: (r.organisation_id, r.team_id, r.required, r.compliant, r.due, r.expired,
                          r.never_done, r.overdue)
              for r in db.session.scalars(select(PersonStanding))}
    return cells, people

