"""The matching pool and the coordinator's matching: management chains, who is still to be
matched, pair decisions, runs and their proposed pairs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from academy.extensions import db
from academy.mentoring.models import (
    ApplicationStatus,
    MatchProposal,
    MatchRun,
    MentoringApplication,
    MentoringCohort,
    MentoringPartnership,
    PairDecision,
    PartnershipStatus,
    Side,
)
from academy.people.models import Team, User
from academy.people.permissions import MANAGEMENT_CHAIN_LIMIT

# Partnerships that hold their partners: anything but a pair that asked to be re-matched.
LIVE = (PartnershipStatus.AWAITING, PartnershipStatus.ACTIVE, PartnershipStatus.CLOSED)


def management_chains(user_ids: list[int]) -> dict[int, frozenset[int]]:
    """Everyone above each person: line managers up the chain, and the managers of their team and
    of each team above it. One query per level, never one per person."""
    people = dict(
        db.session.execute(
            select(User.id, User.team_id).where(User.id.in_(user_ids))
        ).all()
    )
    line_manager: dict[int, int | None] = {}
    frontier = set(user_ids)
    for _ in range(MANAGEMENT_CHAIN_LIMIT + 1):
        frontier -= set(line_manager)
        if not frontier:
            break
        rows = db.session.execute(
            select(User.id, User.line_manager_id).where(User.id.in_(frontier))
        ).all()
        line_manager.update(dict(rows))
        frontier = {m for _, m in rows if m is not None}

    teams: dict[int, tuple[int | None, int | None]] = {}
    frontier = {t for t in people.values() if t is not None}
    for _ in range(MANAGEMENT_CHAIN_LIMIT + 1):
        frontier -= set(teams)
        if not frontier:
            break
        rows = db.session.execute(
            select(Team.id, Team.parent_id, Team.manager_id).where(Team.id.in_(frontier))
        ).all()
        teams.update({t: (parent, manager) for t, parent, manager in rows})
        frontier = {parent for _, parent, _ in rows if parent is not None}

    chains = {}
    for user_id in user_ids:
        above: set[int] = set()
        current = line_manager.get(user_id)
        for _ in range(MANAGEMENT_CHAIN_LIMIT):
            if current is None or current in above:
                break
            above.add(current)
            current = line_manager.get(current)
        team = people.get(user_id)
        for _ in range(MANAGEMENT_CHAIN_LIMIT):
            if team is None or team not in teams:
                break
            parent, manager = teams[team]
            if manager is not None:
                above.add(manager)
            team = parent
        above.discard(user_id)
        chains[user_id] = frozenset(above)
    return chains


@dataclass
class Pool:
    """Who is still to be matched in a cohort, and the leaders' places left."""

    partners: list[MentoringApplication]
    leaders: list[MentoringApplication]
    places: list[int]  # each leader's capacity less the live partnerships they already have


def _application_loading():
    return (
        joinedload(MentoringApplication.user),
        joinedload(MentoringApplication.site),
        selectinload(MentoringApplication.goals),
        selectinload(MentoringApplication.conflicts),
    )


def live_partnership_counts(cohort_id: int) -> tuple[set[int], dict[int, int]]:
    """Partner applications in a live pair, and how many live pairs each leader application has."""
    rows = db.session.execute(
        select(MentoringPartnership.partner_application_id,
               MentoringPartnership.leader_application_id)
        .where(MentoringPartnership.cohort_id == cohort_id,
               MentoringPartnership.status.in_(LIVE))
    ).all()
    partnered = {p for p, _ in rows}
    per_leader: dict[int, int] = {}
    for _, leader in rows:
        per_leader[leader] = per_leader.get(leader, 0) + 1
    return partnered, per_leader


def pool(cohort: MentoringCohort) -> Pool:
    applications = db.session.scalars(
        select(MentoringApplication)
        .options(*_application_loading())
        .where(MentoringApplication.cohort_id == cohort.id,
               MentoringApplication.status == ApplicationStatus.SUBMITTED)
        .order_by(MentoringApplication.id)
    ).all()
    partnered, per_leader = live_partnership_counts(cohort.id)
    partners = [a for a in applications if a.side == Side.PARTNER and a.id not in partnered]
    leaders, places = [], []
    for application in applications:
        if application.side != Side.LEADER:
            continue
        left = application.capacity - per_leader.get(application.id, 0)
        if left > 0:
            leaders.append(application)
            places.append(left)
    return Pool(partners, leaders, places)


def decisions(cohort_id: int) -> list[PairDecision]:
    return db.session.scalars(
        select(PairDecision)
        .options(
            joinedload(PairDecision.partner_application).joinedload(MentoringApplication.user),
            joinedload(PairDecision.leader_application).joinedload(MentoringApplication.user),
        )
        .where(PairDecision.cohort_id == cohort_id)
        .order_by(PairDecision.decided_at.desc(), PairDecision.id.desc())
    ).all()


def applications_by_id(ids) -> dict[int, MentoringApplication]:
    ids = set(ids)
    if not ids:
        return {}
    rows = db.session.scalars(
        select(MentoringApplication)
        .options(joinedload(MentoringApplication.user).joinedload(User.employer),
                 joinedload(MentoringApplication.user).joinedload(User.job_role))
        .where(MentoringApplication.id.in_(ids))
    ).all()
    return {a.id: a for a in rows}


def latest_run(cohort_id: int) -> MatchRun | None:
    return db.session.scalar(
        select(MatchRun).where(MatchRun.cohort_id == cohort_id)
        .order_by(MatchRun.run_at.desc(), MatchRun.id.desc()).limit(1)
    )


def runs(cohort_id: int) -> list[MatchRun]:
    return db.session.scalars(
        select(MatchRun).options(joinedload(MatchRun.run_by))
        .where(MatchRun.cohort_id == cohort_id)
        .order_by(MatchRun.run_at.desc(), MatchRun.id.desc())
    ).all()


def proposals_query(run_id: int, *, q: str = "", locked_only: bool = False) -> Select:
    partner = db.aliased(MentoringApplication)
    leader = db.aliased(MentoringApplication)
    partner_user = db.aliased(User)
    leader_user = db.aliased(User)
    query = (
        select(MatchProposal)
        .join(partner, MatchProposal.partner_application_id == partner.id)
        .join(leader, MatchProposal.leader_application_id == leader.id)
        .join(partner_user, partner.user_id == partner_user.id)
        .join(leader_user, leader.user_id == leader_user.id)
        .options(
            joinedload(MatchProposal.partner_application).joinedload(MentoringApplication.user)
            .joinedload(User.employer),
            joinedload(MatchProposal.leader_application).joinedload(MentoringApplication.user)
            .joinedload(User.employer),
        )
        .where(MatchProposal.run_id == run_id)
        .order_by(MatchProposal.score.desc(), MatchProposal.id)
    )
    if q:
        like = f"%{q.strip().lower()}%"
        query = query.where(or_(
            func.lower(partner_user.given_name + " " + partner_user.family_name).like(like),
            func.lower(leader_user.given_name + " " + leader_user.family_name).like(like),
        ))
    if locked_only:
        query = query.where(MatchProposal.is_locked.is_(True))
    return query
