"""What the platform already holds about an organisation's people, read in a few bulk queries
for the rules of a staff file; and the check of a file against it."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from academy.extensions import db
from academy.people.models import JobRole, Organisation, Site, Team, User
from academy.people.staff_files import rules
from academy.people.staff_files.models import JobTitleMapping, StaffFileHeading
from academy.timekeeping import today

CHUNK = 500  # values per IN (...) list, well inside every database's limit


def chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def saved_headings(organisation: Organisation) -> dict[str, str]:
    return dict(db.session.execute(
        select(StaffFileHeading.heading, StaffFileHeading.column)
        .where(StaffFileHeading.organisation_id == organisation.id)
    ).all())


def team_paths(organisation_id: int) -> dict[int, tuple[str, ...]]:
    """Every team of the organisation by id, with its path of names from the top."""
    teams = {tid: (parent, name) for tid, parent, name in db.session.execute(
        select(Team.id, Team.parent_id, Team.name).where(Team.organisation_id == organisation_id)
    )}
    paths: dict[int, tuple[str, ...]] = {}

    def path(tid: int, depth: int = 0) -> tuple[str, ...]:
        if tid not in paths:
            parent, name = teams[tid]
            above = path(parent, depth + 1) if parent in teams and depth < 50 else ()
            paths[tid] = (*above, name)
        return paths[tid]

    for tid in teams:
        path(tid)
    return paths


def job_roles(organisation: Organisation) -> dict[str, int]:
    found: dict[str, int] = {}
    for role_id, name in db.session.execute(select(JobRole.id, JobRole.name).order_by(JobRole.id)):
        found.setdefault(name.strip().lower(), role_id)
    found.update(dict(db.session.execute(
        select(JobTitleMapping.title, JobTitleMapping.job_role_id)
        .where(JobTitleMapping.organisation_id == organisation.id)
    ).all()))
    return found


def holdings(organisation: Organisation, emails: list[str], actor: User | None) -> rules.Holdings:
    paths = team_paths(organisation.id)
    sites = dict(db.session.execute(
        select(Site.id, Site.name).where(Site.organisation_id == organisation.id)).all())
    rows = db.session.execute(
        select(User.id, User.employee_number, User.email, User.given_name, User.family_name,
               User.job_role_id, User.team_id, User.line_manager_id, User.site_id,
               User.is_active_account)
        .where(User.employer_id == organisation.id)
    ).all()
    numbers = {row.id: row.employee_number for row in rows}
    people: dict[str, rules.Person] = {}
    unnumbered: dict[str, rules.Person] = {}
    for row in rows:
        person = rules.Person(
            id=row.id, employee_number=row.employee_number, email=row.email,
            given_name=row.given_name, family_name=row.family_name, job_role_id=row.job_role_id,
            team=rules.path_key(paths.get(row.team_id)) if row.team_id else None,
            manager_number=numbers.get(row.line_manager_id),
            site=sites[row.site_id].lower() if row.site_id in sites else None,
            is_active=row.is_active_account,
        )
        if row.employee_number:
            people[row.employee_number] = person
        else:
            unnumbered[row.email] = person
    elsewhere: set[str] = set()
    for chunk in chunks(sorted(set(emails))):
        elsewhere.update(db.session.scalars(
            select(User.email).where(User.email.in_(chunk), User.employer_id != organisation.id)))
    return rules.Holdings(
        people=people, unnumbered=unnumbered, email_elsewhere=elsewhere,
        job_roles=job_roles(organisation), today=today(),
        protected_ids=frozenset({actor.id}) if actor is not None else frozenset(),
    )


def check(organisation: Organisation, content: bytes, filename: str, actor: User | None, *,
          is_full: bool = True) -> rules.Plan:
    """The plan for this file against what the platform holds now; changes nothing."""
    try:
        headings, rows = rules.read_table(content, filename)
    except rules.UnreadableFile as error:
        return rules.Plan(problems=[(1, str(error))])
    saved = saved_headings(organisation)
    positions, _ = rules.match_headings(headings, saved)
    emails = []
    if "email" in positions:
        index = positions["email"]
        emails = [r[index].strip().lower() for r in rows if index < len(r) and r[index].strip()]
    return rules.plan(headings, rows, holdings(organisation, emails, actor),
                      saved_headings=saved, is_full=is_full)
