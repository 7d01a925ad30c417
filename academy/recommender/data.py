"""The live data the recommender learns from, as pandas frames (aggregated in SQL)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pandas as pd
from sqlalchemy import or_, select

from academy import timekeeping
from academy.courses.models import (
    Course,
    CourseCompetency,
    CoursePrerequisite,
    CourseSubject,
    Enrolment,
    EnrolmentStatus,
    TrainingRecord,
)
from academy.extensions import db
from academy.lna.models import AssessmentStatus, Competency, CompetencyRating, SelfAssessment
from academy.people.models import JobHistory, JobRole, User
from academy.recommender.models import SuggestionDismissal
from academy.talent.pathways import queries as pathway_queries
from academy.talent.pathways import rules as pathway_rules
from academy.talent.pathways.models import CareerTarget


def interactions() -> pd.DataFrame:
    rows = db.session.execute(
        select(Enrolment.user_id, Enrolment.course_id, Enrolment.completed_on)
        .where(Enrolment.status == EnrolmentStatus.COMPLETED)
    ).all()
    return pd.DataFrame(rows, columns=["user_id", "item_id", "timestamp"])


def items() -> pd.DataFrame:
    courses = db.session.execute(
        select(Course.id, Course.title, Course.summary, Course.description, Course.category)
        .where(Course.retired_at.is_(None))
    ).all()
    competencies: dict[int, list[str]] = defaultdict(list)
    names = dict(db.session.execute(select(Competency.code, Competency.name)).all())
    for course_id, code in db.session.execute(select(CourseCompetency.course_id, CourseCompetency.competency_code)):
        competencies[course_id].append(names.get(code, code))
    prerequisites: dict[int, list[int]] = defaultdict(list)
    for course_id, required_id in db.session.execute(
            select(CoursePrerequisite.course_id, CoursePrerequisite.required_course_id)):
        prerequisites[course_id].append(required_id)
    return pd.DataFrame([
        {"item_id": c.id, "title": c.title, "text": f"{c.summary} {c.description}",
         "category": str(c.category), "competencies": competencies.get(c.id, []),
         "prerequisites": prerequisites.get(c.id, [])}
        for c in courses
    ])


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
    """Courses whose every mandatory subject each person already holds in date, wherever recorded."""
    today = today or timekeeping.today()
    subjects_of: dict[int, set[int]] = defaultdict(set)
    for course_id, subject_id in db.session.execute(select(CourseSubject.course_id, CourseSubject.subject_id)):
        subjects_of[course_id].add(subject_id)
    query = select(TrainingRecord.user_id, TrainingRecord.subject_id).where(
        TrainingRecord.is_current.is_(True),
        or_(TrainingRecord.expires_on.is_(None), TrainingRecord.expires_on > today))
    if user_ids is not None:
        query = query.where(TrainingRecord.user_id.in_(user_ids))
    in_date: dict[int, set[int]] = defaultdict(set)
    for user_id, subject_id in db.session.execute(query):
        in_date[user_id].add(subject_id)
    return {user_id: [course for course, needed in subjects_of.items() if needed <= subjects]
            for user_id, subjects in in_date.items()}


def targets(user_ids: list[int] | None = None) -> dict[int, tuple[list[int], str]]:
    """Course ids each person's target role still needs, nearest step first, with the role's name."""
    query = select(CareerTarget)
    if user_ids is not None:
        query = query.where(CareerTarget.user_id.in_(user_ids))
    found = {}
    paths = {}
    for target in db.session.scalars(query):
        if target.pathway_id not in paths:
            paths[target.pathway_id] = pathway_queries.rule_steps(pathway_queries.pathway(target.pathway_id))
        person = db.session.get(User, target.user_id)
        standing = pathway_rules.standing(paths[target.pathway_id], person.job_role_id, target.job_role_id,
                                          pathway_queries.achieved(person.id))
        found[target.user_id] = (pathway_rules.target_items(standing), target.job_role.name)
    return found


def users(user_ids: list[int] | None = None, today: date | None = None) -> pd.DataFrame:
    """Role, staff group, previous role, gaps, target, dismissals and training held of each person."""
    query = select(User.id, JobRole.name, JobRole.staff_group).join(JobRole, JobRole.id == User.job_role_id, isouter=True)
    if user_ids is not None:
        query = query.where(User.id.in_(user_ids))
    people = db.session.execute(query).all()
    previous = _previous_roles(user_ids)
    gaps = gaps_by_user(user_ids)
    dismissed = dismissals(user_ids)
    aims = targets(user_ids)
    held = held_courses(user_ids, today)
    return pd.DataFrame([
        {"user_id": uid, "role": role, "staff_group": group, "previous_role": previous.get(uid),
         "gaps": gaps.get(uid, {}), "dismissed": dismissed.get(uid, []),
         "target_items": aims.get(uid, ([], None))[0], "target_role": aims.get(uid, ([], None))[1],
         "held": held.get(uid, [])}
        for uid, role, group in people
    ])


def _previous_roles(user_ids: list[int] | None) -> dict[int, str]:
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
