"""Read models for people: who a viewer may list, organisations with their head counts."""

from __future__ import annotations

from sqlalchemy import Select, false, func, or_, select, true
from sqlalchemy.orm import joinedload

from academy.extensions import db
from academy.people.models import (
    EqualityProfile,
    JobHistory,
    JobRole,
    Organisation,
    RoleAssignment,
    Team,
    User,
)
from academy.people.roles import PEOPLE_OVERSIGHT_ROLES, Role


def managed_team_ids(manager: User) -> Select:
    """The teams a manager runs and every team beneath them (a recursive query)."""
    tree = select(Team.id).where(Team.manager_id == manager.id).cte("managed", recursive=True)
    tree = tree.union_all(select(Team.id).where(Team.parent_id == tree.c.id))
    return select(tree.c.id)


def visibility_clause(viewer: User):
    """A WHERE clause limiting users to those the viewer may see."""
    scopes: set[int | None] = set()
    for role in PEOPLE_OVERSIGHT_ROLES:
        scopes |= viewer.role_scopes(role)
    if None in scopes:
        return true()
    clauses = [User.id == viewer.id]
    if scopes:
        clauses.append(User.employer_id.in_(scopes))
    if viewer.has_role(Role.MANAGER):
        clauses.append(User.line_manager_id == viewer.id)
        clauses.append(User.team_id.in_(managed_team_ids(viewer)))
    return or_(*clauses) if clauses else false()


def people_query(viewer: User, *, q: str = "", organisation_id: int | None = None,
                 role: str | None = None) -> Select:
    query = (
        select(User)
        .options(joinedload(User.employer), joinedload(User.job_role), joinedload(User.team))
        .where(visibility_clause(viewer))
        .order_by(User.family_name, User.given_name, User.id)
    )
    if q:
        like = f"%{q.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(User.given_name + " " + User.family_name).like(like),
                User.email.like(like),
                func.lower(User.employee_number).like(like),
            )
        )
    if organisation_id:
        query = query.where(User.employer_id == organisation_id)
    if role:
        query = query.where(
            User.id.in_(select(RoleAssignment.user_id).where(RoleAssignment.role == role))
        )
    return query


def managed_by(manager: User):
    """Everyone the manager line-manages or whose team the manager runs, as a WHERE clause."""
    return (User.id != manager.id) & or_(
        User.line_manager_id == manager.id, User.team_id.in_(managed_team_ids(manager))
    )


def team_members(manager: User) -> list[User]:
    return db.session.scalars(
        select(User)
        .options(joinedload(User.job_role), joinedload(User.team))
        .where(managed_by(manager))
        .order_by(User.family_name, User.given_name)
    ).all()


def team_size(manager: User) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(managed_by(manager)))


def organisations_with_counts() -> list[tuple[Organisation, int]]:
    counts = (
        select(User.employer_id, func.count().label("people"))
        .where(User.is_active_account.is_(True))
        .group_by(User.employer_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Organisation, func.coalesce(counts.c.people, 0))
        .outerjoin(counts, counts.c.employer_id == Organisation.id)
        .order_by(Organisation.type, Organisation.name)
    ).all()
    return [(org, people) for org, people in rows]


def team_tree(organisation_id: int) -> list[tuple[Team, int, int]]:
    """The organisation's teams in tree order, each with its depth and head count."""
    counts = dict(
        db.session.execute(
            select(User.team_id, func.count())
            .where(User.employer_id == organisation_id, User.team_id.is_not(None))
            .group_by(User.team_id)
        ).all()
    )
    teams = db.session.scalars(
        select(Team).options(joinedload(Team.manager)).where(Team.organisation_id == organisation_id)
        .order_by(Team.name)
    ).all()
    children: dict[int | None, list[Team]] = {}
    for team in teams:
        children.setdefault(team.parent_id, []).append(team)
    ordered: list[tuple[Team, int, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for team in children.get(parent_id, []):
            ordered.append((team, depth, counts.get(team.id, 0)))
            walk(team.id, depth + 1)

    walk(None, 0)
    return ordered


def job_history(person_id: int) -> list[JobHistory]:
    return db.session.scalars(
        select(JobHistory)
        .options(joinedload(JobHistory.job_role), joinedload(JobHistory.organisation),
                 joinedload(JobHistory.team))
        .where(JobHistory.user_id == person_id)
        .order_by(JobHistory.started_on.desc())
    ).all()


def organisations() -> list[Organisation]:
    """Every partner organisation, by name: the choices of the employer and scope fields."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def job_roles() -> list[JobRole]:
    return list(db.session.scalars(select(JobRole).order_by(JobRole.name, JobRole.afc_band)))


def teams() -> list[Team]:
    """Every open team, by name, with its organisation loaded: the choices of a team field."""
    return list(db.session.scalars(
        select(Team).options(joinedload(Team.organisation)).where(Team.closed_at.is_(None))
        .order_by(Team.name)
    ))


def equality_profile(person_id: int) -> EqualityProfile | None:
    """The person's own equality answers, if they have given any."""
    return db.session.scalar(select(EqualityProfile).where(EqualityProfile.user_id == person_id))


def job_roles_query(*, q: str = "", sector: str | None = None) -> Select:
    """Job roles by title and band, for the paginated list: searched by title or staff group."""
    query = select(JobRole).order_by(JobRole.name, JobRole.afc_band, JobRole.id)
    if q:
        like = f"%{q.strip().lower()}%"
        query = query.where(or_(func.lower(JobRole.name).like(like),
                                func.lower(JobRole.staff_group).like(like)))
    if sector:
        query = query.where(JobRole.sector == sector)
    return query


def open_teams(organisation_id: int) -> list[tuple[Team, int]]:
    """The organisation's open teams in tree order with their depth: the choices of a parent."""
    return [(team, depth) for team, depth, _ in team_tree(organisation_id) if not team.is_closed]
