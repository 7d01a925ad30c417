"""Read models for career pathways: the steps as plain rules values, and what a person has achieved."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from academy import timekeeping
from academy.courses.models import Course, Enrolment, EnrolmentStatus
from academy.extensions import db
from academy.holdings import queries as holdings_queries
from academy.lna.models import AssessmentStatus, Competency, CompetencyRating, SelfAssessment
from academy.people.models import JobRole
from academy.talent.apprenticeships.models import (
    Apprentice,
    ApprenticeshipStandard,
    ApprenticeStatus,
)
from academy.talent.pathways import rules
from academy.talent.pathways.models import CareerPathway, CareerTarget, PathwayStep, StepRequirement


def pathways(q: str = "") -> list[CareerPathway]:
    query = (
        select(CareerPathway)
        .options(selectinload(CareerPathway.steps).joinedload(PathwayStep.job_role))
        .order_by(CareerPathway.name)
    )
    if q:
        like = f"%{q.strip().lower()}%"
        in_steps = select(PathwayStep.pathway_id).join(JobRole).where(func.lower(JobRole.name).like(like))
        query = query.where(func.lower(CareerPathway.name).like(like) | CareerPathway.id.in_(in_steps))
    return db.session.scalars(query).all()


def pathway(pathway_id: int) -> CareerPathway | None:
    return db.session.scalar(
        select(CareerPathway)
        .options(
            selectinload(CareerPathway.steps).joinedload(PathwayStep.job_role),
            # The courses to complete first come with the courses (rule_steps brings them in).
            selectinload(CareerPathway.steps).selectinload(PathwayStep.requirements)
            .joinedload(StepRequirement.course).selectinload(Course.required_courses),
            selectinload(CareerPathway.steps).selectinload(PathwayStep.requirements)
            .joinedload(StepRequirement.standard),
        )
        .where(CareerPathway.id == pathway_id)
    )


def competency_names(codes) -> dict[str, str]:
    codes = set(codes)
    if not codes:
        return {}
    return dict(db.session.execute(select(Competency.code, Competency.name).where(Competency.code.in_(codes))).all())


def rule_steps(path: CareerPathway) -> list[rules.Step]:
    """The pathway's steps as rules values. A course that needs others completed first brings
    them in just before it (once, at the first step that needs them), so the plan, its time and
    its cost include what must be done first."""
    names = competency_names(
        r.competency_code for s in path.steps for r in s.requirements if r.competency_code
    )
    planned = {r.course_id for s in path.steps for r in s.requirements if r.course_id}
    brought_in: set[int] = set()
    steps = []
    for step in path.steps:
        requirements = []
        for r in step.requirements:
            if r.kind == "course":
                for first in _needed_first(r.course):
                    if first.id not in planned and first.id not in brought_in:
                        brought_in.add(first.id)
                        requirements.append(_course_requirement(
                            first, f"{first.title} (needed before {r.course.title})"))
                requirements.append(_course_requirement(r.course, r.course.title))
                continue
            if r.kind == "standard":
                label = f"{r.standard.title} apprenticeship (level {r.standard.level})"
            elif r.kind == "competency":
                label = f"{names.get(r.competency_code, r.competency_code)} at level {r.level}"
            else:
                label = r.qualification
            requirements.append(rules.Requirement(
                kind=r.kind.value, label=label, standard_id=r.standard_id,
                competency_code=r.competency_code, level=r.level,
            ))
        steps.append(rules.Step(position=step.position, job_role_id=step.job_role_id,
                                role_name=str(step.job_role), typical_months=step.typical_months,
                                requirements=tuple(requirements)))
    return steps


def _course_requirement(course: Course, label: str) -> rules.Requirement:
    return rules.Requirement(kind="course", label=label, course_id=course.id,
                             cost=course.cost_per_place, hours=Decimal(course.cpd_hours or 0))


def _needed_first(course: Course) -> list[Course]:
    """Every course to complete before this one, those needed earliest first."""
    ordered: list[Course] = []

    def visit(current: Course, seen: frozenset) -> None:
        for required in current.required_courses:
            if required.id not in seen:  # the catalogue refuses loops; this guards old data
                visit(required, seen | {required.id})
                if required not in ordered:
                    ordered.append(required)

    visit(course, frozenset({course.id}))
    return ordered


def achieved(user_id: int, *, completed: list[int] | None = None, held: set[int] | None = None,
             in_hand: dict | None = None) -> rules.Achieved:
    """Completed courses, completed apprenticeships, and the latest level per competency.

    The level is the manager's validated rating where there is one, else the person's own, from
    their most recent submitted learning needs analysis. A caller that has already read the
    person's completed courses, the courses they hold and those in hand passes them in.
    """
    given = {name: value for name, value in
             (("completed", completed), ("held", held), ("in_hand", in_hand)) if value is not None}
    return achieved_of([user_id], {user_id: given})[user_id]


def achieved_of(user_ids, evidence: dict[int, dict] | None = None) -> dict[int, rules.Achieved]:
    """achieved() for many people in a few queries whatever their number; evidence: per person,
    what the caller has already read (completed, held, in_hand), read again for nobody."""
    ids = sorted(set(user_ids))
    evidence = evidence or {}

    def lacking(name: str) -> list[int]:
        return [i for i in ids if name not in evidence.get(i, {})]

    completed: dict[int, list[int]] = {i: list(evidence[i]["completed"]) for i in ids
                                       if "completed" in evidence.get(i, {})}
    if wanted := lacking("completed"):
        for user_id, course_id in db.session.execute(
                select(Enrolment.user_id, Enrolment.course_id)
                .where(Enrolment.user_id.in_(wanted), Enrolment.status == EnrolmentStatus.COMPLETED)):
            completed.setdefault(user_id, []).append(course_id)
    standards: dict[int, list[int]] = {}
    for user_id, standard_id in db.session.execute(
            select(Apprentice.user_id, Apprentice.standard_id)
            .where(Apprentice.user_id.in_(ids), Apprentice.status == ApprenticeStatus.COMPLETED)):
        standards.setdefault(user_id, []).append(standard_id)
    levels: dict[int, dict[str, int]] = {i: {} for i in ids}
    for user_id, code, level in db.session.execute(
            select(SelfAssessment.user_id, Competency.code,
                   func.coalesce(CompetencyRating.manager_level, CompetencyRating.self_level))
            .join(CompetencyRating, CompetencyRating.competency_id == Competency.id)
            .join(SelfAssessment, SelfAssessment.id == CompetencyRating.self_assessment_id)
            .where(SelfAssessment.user_id.in_(ids),
                   SelfAssessment.status == AssessmentStatus.SUBMITTED)
            .order_by(SelfAssessment.submitted_at, SelfAssessment.id)):
        if level is not None:  # later assessments overwrite earlier ones
            levels[user_id][code] = level
    held = {i: evidence[i]["held"] for i in ids if "held" in evidence.get(i, {})}
    if wanted := lacking("held"):
        found = holdings_queries.held_courses(wanted, timekeeping.today())
        held.update({i: found.get(i, set()) for i in wanted})
    in_hand = {i: evidence[i]["in_hand"] for i in ids if "in_hand" in evidence.get(i, {})}
    if wanted := lacking("in_hand"):
        found = holdings_queries.courses_in_hand(wanted)
        in_hand.update({i: found.get(i, {}) for i in wanted})
    return {i: rules.Achieved(courses=frozenset(completed.get(i, ())) | frozenset(held[i]),
                              standards=frozenset(standards.get(i, ())), competencies=levels[i],
                              in_hand={course: plan.label for course, plan in in_hand[i].items()})
            for i in ids}


def target_of(user_id: int) -> CareerTarget | None:
    return db.session.scalar(
        select(CareerTarget).options(joinedload(CareerTarget.job_role), joinedload(CareerTarget.pathway))
        .where(CareerTarget.user_id == user_id)
    )


def course_choices() -> list[Course]:
    return db.session.scalars(
        select(Course).where(Course.retired_at.is_(None)).order_by(Course.title)
    ).all()


def standard_choices() -> list[ApprenticeshipStandard]:
    return db.session.scalars(select(ApprenticeshipStandard).order_by(ApprenticeshipStandard.title)).all()


def competency_choices() -> list[Competency]:
    return db.session.scalars(select(Competency).order_by(Competency.code)).all()


def job_roles() -> list[JobRole]:
    return db.session.scalars(select(JobRole).order_by(JobRole.name, JobRole.afc_band)).all()
