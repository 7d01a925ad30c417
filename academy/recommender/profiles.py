"""What the recommender knows of each person, read from the live data as plain dicts: gaps,
dismissals, training held, targets and previous roles. No pandas here: serving a suggestion reads
these without loading the numerical libraries that training needs."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from academy import timekeeping
from academy.extensions import db
from academy.holdings import queries as holdings_queries
from academy.lna.models import AssessmentStatus, Competency, CompetencyRating, SelfAssessment
from academy.people.models import JobHistory, JobRole, User
from academy.recommender.models import SuggestionDismissal
from academy.talent.pathways import queries as pathway_queries
from academy.talent.pathways import rules as pathway_rules
from academy.talent.pathways.models import CareerTarget

CHUNK = 2000  # people whose targets are read together


def gaps_by_user(user_ids: list[int] | None = None) -> dict[int, dict[str, float]]:
    """Each person's weighted gaps from their latest submitted learning needs analysis, by competency name."""
    query = (
        select(SelfAssessment.user_id, Competency.name, CompetencyRating.weighted_gap, SelfAssessment.submitted_at)
        .join(CompetencyRating, CompetencyRating.self_assessment_id == SelfAssessment.id)
        .join(Competency, Competency.id == CompetencyRating.competency_id)
        .where(SelfAssessment.status == AssessmentStatus.SUBMITTED, CompetencyRating.weighted_gap > 0)
        .order_by(SelfAssessment.submitted_at)
    )
    if user_ids is not None:
        query = query.where(SelfAssessment.user_id.in_(user_ids))
    gaps: dict[int, dict[str, float]] = defaultdict(dict)
    for user_id, name, weighted, _ in db.session.execute(query):
        gaps[user_id][name] = float(weighted)
    return gaps


def dismissals(user_ids: list[int] | None = None) -> dict[int, list[int]]:
    query = select(SuggestionDismissal.user_id, SuggestionDismissal.course_id)
    if user_ids is not None:
        query = query.where(SuggestionDismissal.user_id.in_(user_ids))
    found: dict[int, list[int]] = defaultdict(list)
    for user_id, course_id in db.session.execute(query):
        found[user_id].append(course_id)
    return found


def held_courses(user_ids: list[int] | None = None, today: date | None = None) -> dict[int, list[int]]:
    """Courses never to suggest: those whose every subject each person holds in date, and those
    they are booked on, have requested or are waiting for."""
    held = holdings_queries.held_courses(user_ids, today or timekeeping.today())
    for user_id, courses in holdings_queries.courses_in_hand(user_ids).items():
        held.setdefault(user_id, set()).update(courses)
    return {user_id: sorted(courses) for user_id, courses in held.items()}


def targets(user_ids: list[int] | None = None,
            evidence: dict[int, dict] | None = None) -> dict[int, tuple[list[int], str]]:
    """Course ids each person's target role still needs, nearest step first, with the role's name.
    evidence: per person, what the caller has already read of it (pathway_queries.achieved's
    completed, held and in_hand), so as not to read it twice."""
    query = select(CareerTarget).options(joinedload(CareerTarget.job_role))
    if user_ids is not None:
        query = query.where(CareerTarget.user_id.in_(user_ids))
    found = {}
    paths = {}
    everyone = db.session.scalars(query).all()
    for start in range(0, len(everyone), CHUNK):
        chunk = everyone[start:start + CHUNK]
        ids = [t.user_id for t in chunk]
        roles = dict(db.session.execute(select(User.id, User.job_role_id).where(User.id.in_(ids))).all())
        achieved = pathway_queries.achieved_of(ids, evidence)
        for target in chunk:
            if target.pathway_id not in paths:
                paths[target.pathway_id] = pathway_queries.rule_steps(
                    pathway_queries.pathway(target.pathway_id))
            standing = pathway_rules.standing(paths[target.pathway_id], roles.get(target.user_id),
                                              target.job_role_id, achieved[target.user_id])
            found[target.user_id] = (pathway_rules.target_items(standing), target.job_role.name)
    return found


def previous_roles(user_ids: list[int] | None) -> dict[int, str]:
    """The role each person held before their current one (closed spells, latest first)."""
    query = (
        select(JobHistory.user_id, JobRole.name, JobHistory.ended_on)
        .join(JobRole, JobRole.id == JobHistory.job_role_id)
        .where(JobHistory.ended_on.is_not(None))
        .order_by(JobHistory.ended_on)
    )
    if user_ids is not None:
        query = query.where(JobHistory.user_id.in_(user_ids))
    return {user_id: role for user_id, role, _ in db.session.execute(query)}
