"""The learning lead's reports, aggregated in SQL: response rates, gaps by group and competency,
priorities, the comparison of two rounds, equality breakdowns and training demand.

Every function reads only submitted self-assessments' stored gaps (worked out by
academy.lna.gaps when ratings are saved) and returns one row per group, competency or course,
never one per rating: nothing here loops over ratings in Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import and_, case, func, literal, or_, select

from academy.courses.queries import competency_offer
from academy.extensions import db
from academy.lna.gaps import LearningMethod, Priority
from academy.lna.models import (
    AssessmentStatus,
    Competency,
    CompetencyFramework,
    CompetencyRating,
    SelfAssessment,
)
from academy.people.equality import QUESTIONS
from academy.people.models import EqualityProfile, JobRole, Organisation, Team

SA = SelfAssessment
R = CompetencyRating
DIMENSIONS = {
    "organisation": "Organisation",
    "team": "Team",
    "job_role": "Job role",
    "staff_group": "Staff group",
}
CHARACTERISTICS = {name: label for name, (label, _) in QUESTIONS.items()}
NOT_ANSWERED = "not_answered"


@dataclass(frozen=True)
class Scope:
    """Which answers a report reads: a round, the organisations the reader may see (None: all),
    and the filters chosen on the page."""

    round_id: int
    visible_organisation_ids: frozenset[int] | None = None
    organisation_id: int | None = None
    team_id: int | None = None
    job_role_id: int | None = None
    staff_group: str | None = None

    def for_round(self, round_id: int) -> Scope:
        return replace(self, round_id=round_id)


def _team_and_below(team_id: int):
    tree = select(Team.id).where(Team.id == team_id).cte("lna_report_teams", recursive=True)
    tree = tree.union_all(select(Team.id).where(Team.parent_id == tree.c.id))
    return select(tree.c.id)


def assessment_conditions(scope: Scope, *, submitted: bool = True) -> list:
    conditions = [SA.round_id == scope.round_id]
    if submitted:
        conditions.append(SA.status == AssessmentStatus.SUBMITTED)
    if scope.visible_organisation_ids is not None:
        conditions.append(SA.organisation_id.in_(sorted(scope.visible_organisation_ids)))
    if scope.organisation_id:
        conditions.append(SA.organisation_id == scope.organisation_id)
    if scope.team_id:
        conditions.append(SA.team_id.in_(_team_and_below(scope.team_id)))
    if scope.job_role_id:
        conditions.append(SA.job_role_id == scope.job_role_id)
    if scope.staff_group:
        conditions.append(SA.staff_group == scope.staff_group)
    return conditions


def _rated(scope: Scope):
    """Ratings of submitted self-assessments in scope, with a gap worked out.

    The round is chosen through the self-assessments only: that way SQLite walks the round's
    self-assessments and reads each one's ratings together (about five times faster than
    following an index on the ratings' round, which scatters reads across the table).
    """
    return (
        select()
        .select_from(R)
        .join(SA, SA.id == R.self_assessment_id)
        .where(R.gap.is_not(None), *assessment_conditions(scope))
    )


def _key(dimension: str):
    return {
        "organisation": SA.organisation_id,
        "team": SA.team_id,
        "job_role": SA.job_role_id,
        "staff_group": SA.staff_group,
    }[dimension]


def group_labels(dimension: str, keys: Iterable) -> dict:
    """Names for the groups found, in one query (staff groups are their own names)."""
    keys = [k for k in set(keys) if k is not None]
    labels: dict = {None: "No team" if dimension == "team" else "Not recorded"}
    if dimension == "staff_group":
        labels.update({k: k for k in keys})
    elif dimension == "organisation" and keys:
        labels.update(db.session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(keys))).all())
    elif dimension == "team" and keys:
        for team_id, name, org in db.session.execute(
                select(Team.id, Team.name, Organisation.short_name)
                .join(Organisation, Organisation.id == Team.organisation_id)
                .where(Team.id.in_(keys))):
            labels[team_id] = f"{name} ({org})"
    elif dimension == "job_role" and keys:
        for role in db.session.scalars(select(JobRole).where(JobRole.id.in_(keys))):
            labels[role.id] = str(role)
    return labels


@dataclass(frozen=True)
class ResponseRow:
    key: object
    label: str
    invited: int
    started: int
    submitted: int
    validated: int

    @property
    def rate(self) -> float:
        return self.submitted / self.invited if self.invited else 0.0


def responses(scope: Scope, dimension: str) -> list[ResponseRow]:
    """Invited, started, submitted and validated people per group (two queries)."""
    key = _key(dimension)
    rows = db.session.execute(
        select(
            key,
            func.count(),
            func.count().filter(SA.status != AssessmentStatus.INVITED),
            func.count().filter(SA.status == AssessmentStatus.SUBMITTED),
            func.count().filter(SA.validated_at.is_not(None)),
        )
        .where(*assessment_conditions(scope, submitted=False))
        .group_by(key)
    ).all()
    labels = group_labels(dimension, (r[0] for r in rows))
    found = [ResponseRow(r[0], labels.get(r[0], str(r[0])), r[1], r[2], r[3], r[4]) for r in rows]
    return sorted(found, key=lambda r: (r.label.lower(), str(r.key)))


@dataclass(frozen=True)
class CompetencyLabel:
    id: int
    code: str
    name: str
    framework: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


def competency_labels(ids: Iterable[int]) -> dict[int, CompetencyLabel]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    return {
        cid: CompetencyLabel(cid, code, name, framework)
        for cid, code, name, framework in db.session.execute(
            select(Competency.id, Competency.code, Competency.name, CompetencyFramework.name)
            .join(CompetencyFramework, CompetencyFramework.id == Competency.framework_id)
            .where(Competency.id.in_(ids))
        )
    }


@dataclass(frozen=True)
class GapCell:
    rated: int
    with_gap: int
    gap_total: int

    @property
    def mean(self) -> float:
        return self.gap_total / self.rated if self.rated else 0.0

    @property
    def share(self) -> float:
        return self.with_gap / self.rated if self.rated else 0.0


def _gap_aggregates():
    return (
        func.count(),
        func.count().filter(R.gap > 0),
        func.coalesce(func.sum(R.gap), 0),
    )


def gap_cells(scope: Scope, dimension: str, keys: list | None = None) -> dict[tuple[object, int], GapCell]:
    """(group, competency) -> people rated, people with a gap, total gap (one query); only for
    the groups given when keys are given."""
    key = _key(dimension)
    query = _rated(scope).add_columns(key, R.competency_id, *_gap_aggregates())
    if keys is not None:
        known = [k for k in keys if k is not None]
        query = query.where(or_(key.in_(known), key.is_(None)) if None in keys else key.in_(known))
    rows = db.session.execute(query.group_by(key, R.competency_id)).all()
    return {(k, cid): GapCell(n, g, int(t)) for k, cid, n, g, t in rows}


@dataclass(frozen=True)
class PriorityRow:
    competency_id: int
    rated: int
    with_gap: int
    essential_with_gap: int
    high_priority: int
    weighted_total: int
    gap_total: int
    methods: dict[LearningMethod, int]

    @property
    def mean_gap(self) -> float:
        return self.gap_total / self.rated if self.rated else 0.0

    @property
    def favourite_method(self) -> LearningMethod | None:
        chosen = [(n, m) for m, n in self.methods.items() if n]
        return max(chosen, key=lambda pair: (pair[0], -list(LearningMethod).index(pair[1])))[1] if chosen else None


def priorities(scope: Scope) -> list[PriorityRow]:
    """Per competency: weighted gap in total, people with a gap, and how they prefer to learn
    (one query), largest weighted gap first."""
    gap = R.gap > 0
    method_columns = [
        func.count().filter(and_(gap, R.preferred_method == method)) for method in LearningMethod
    ]
    rows = db.session.execute(
        _rated(scope).add_columns(
            R.competency_id,
            func.count(),
            func.count().filter(gap),
            func.count().filter(and_(gap, R.is_essential.is_(True))),
            func.count().filter(and_(gap, R.priority == Priority.HIGH)),
            func.coalesce(func.sum(R.weighted_gap), 0),
            func.coalesce(func.sum(R.gap), 0),
            *method_columns,
        ).group_by(R.competency_id)
    ).all()
    found = [
        PriorityRow(r[0], r[1], r[2], r[3], r[4], int(r[5]), int(r[6]),
                    dict(zip(LearningMethod, (int(n) for n in r[7:]), strict=True)))
        for r in rows
    ]
    return sorted(found, key=lambda p: (-p.weighted_total, -p.with_gap, p.competency_id))


def gaps_by_round(scope: Scope, round_ids: list[int]) -> dict[tuple[int, int], GapCell]:
    """(round, competency) -> people rated, with a gap, total gap, for rounds under one scope."""
    conditions = []
    for round_id in round_ids:
        conditions.append(and_(*assessment_conditions(scope.for_round(round_id))))
    rows = db.session.execute(
        select(SA.round_id, R.competency_id, *_gap_aggregates())
        .select_from(R)
        .join(SA, SA.id == R.self_assessment_id)
        .where(R.gap.is_not(None), or_(*conditions))
        .group_by(SA.round_id, R.competency_id)
    ).all()
    return {(rid, cid): GapCell(n, g, int(t)) for rid, cid, n, g, t in rows}


def _characteristic(characteristic: str):
    if characteristic not in CHARACTERISTICS:
        raise ValueError(f"unknown equality characteristic {characteristic!r}")
    return func.coalesce(getattr(EqualityProfile, characteristic), literal(NOT_ANSWERED))


def equality_responses(scope: Scope, characteristic: str) -> dict[str, tuple[int, int]]:
    """Answer -> (invited, submitted) for one equality question (one query)."""
    key = _characteristic(characteristic)
    rows = db.session.execute(
        select(key, func.count(), func.count().filter(SA.status == AssessmentStatus.SUBMITTED))
        .select_from(SA)
        .outerjoin(EqualityProfile, EqualityProfile.user_id == SA.user_id)
        .where(*assessment_conditions(scope, submitted=False))
        .group_by(key)
    ).all()
    return {answer: (int(invited), int(submitted)) for answer, invited, submitted in rows}


def equality_responses_by(scope: Scope, characteristic: str,
                          dimension: str) -> dict[tuple[object, str], tuple[int, int]]:
    """(organisation id or staff group, answer) -> (invited, submitted) (one query); people
    with no staff group are left out (they form the rest of the whole)."""
    part = {"organisation": SA.organisation_id, "staff_group": SA.staff_group}[dimension]
    key = _characteristic(characteristic)
    rows = db.session.execute(
        select(part, key, func.count(),
               func.count().filter(SA.status == AssessmentStatus.SUBMITTED))
        .select_from(SA)
        .outerjoin(EqualityProfile, EqualityProfile.user_id == SA.user_id)
        .where(*assessment_conditions(scope, submitted=False), part.is_not(None))
        .group_by(part, key)
    ).all()
    return {(p, answer): (int(invited), int(submitted)) for p, answer, invited, submitted in rows}


def equality_gaps(scope: Scope, characteristic: str) -> dict[tuple[str, int], GapCell]:
    """(answer, competency) -> people rated, with a gap, total gap (one query)."""
    key = _characteristic(characteristic)
    rows = db.session.execute(
        _rated(scope)
        .outerjoin(EqualityProfile, EqualityProfile.user_id == SA.user_id)
        .add_columns(key, R.competency_id, *_gap_aggregates())
        .group_by(key, R.competency_id)
    ).all()
    return {(answer, cid): GapCell(n, g, int(t)) for answer, cid, n, g, t in rows}


@dataclass(frozen=True)
class GapGroup:
    """People whose role needs a competency at one level and who fall short of it."""

    competency_id: int
    required_level: int
    people: int
    weighted_total: int


def gap_groups(scope: Scope) -> list[GapGroup]:
    rows = db.session.execute(
        _rated(scope).add_columns(R.competency_id, R.required_level, func.count(),
                                  func.coalesce(func.sum(R.weighted_gap), 0))
        .where(R.gap > 0)
        .group_by(R.competency_id, R.required_level)
    ).all()
    return [GapGroup(c, lvl, n, int(w)) for c, lvl, n, w in rows]


def covering_courses(scope: Scope, now: datetime, until: datetime) -> list:
    """For each group of gaps, every live catalogue course that develops the competency to at
    least the required level, with the places its sessions offer until a date (one query)."""
    groups = (
        _rated(scope).add_columns(R.competency_id.label("competency_id"),
                                  R.required_level.label("required_level"))
        .where(R.gap > 0)
        .group_by(R.competency_id, R.required_level)
        .subquery()
    )
    offer = competency_offer(now, until).subquery()
    return db.session.execute(
        select(groups.c.competency_id, groups.c.required_level, offer)
        .join(Competency, Competency.id == groups.c.competency_id)
        .join(offer, and_(offer.c.competency_code == Competency.code,
                          offer.c.level >= groups.c.required_level))
    ).all()


def people_per_course(scope: Scope, chosen: dict[tuple[int, int], int]) -> dict[int, int]:
    """Distinct people needing each course, when each group of gaps is met by its chosen course
    (competency, required level) -> course id: a person counts once per course (one query)."""
    if not chosen:
        return {}
    course = case(
        *[(and_(R.competency_id == cid, R.required_level == level), course_id)
          for (cid, level), course_id in chosen.items()],
        else_=None,
    )
    rows = db.session.execute(
        _rated(scope).add_columns(course.label("course_id"),
                                  func.count(func.distinct(R.self_assessment_id)))
        .where(R.gap > 0, course.is_not(None))
        .group_by(course)
    ).all()
    return {int(course_id): int(n) for course_id, n in rows}
