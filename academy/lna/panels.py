"""The learning needs analysis's items on the home page: what each person must do now."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select

from academy.extensions import db
from academy.lna import listings, permissions
from academy.lna.models import (
    AssessmentRound,
    AssessmentStatus,
    CompetencyRating,
    LearningPlan,
    RoundStatus,
    SelfAssessment,
)
from academy.people.models import User


def staff_items(user: User) -> list[tuple[str, str | None]]:
    """Self-assessments to finish in open rounds, and gaps to plan for once submitted."""
    items = []
    rated = (
        select(func.count()).select_from(CompetencyRating)
        .where(CompetencyRating.self_assessment_id == SelfAssessment.id,
               CompetencyRating.self_level.is_not(None))
        .scalar_subquery()
    )
    to_do = db.session.execute(
        select(SelfAssessment.id, AssessmentRound.name, AssessmentRound.closes_on, rated)
        .join(AssessmentRound, AssessmentRound.id == SelfAssessment.round_id)
        .where(SelfAssessment.user_id == user.id, AssessmentRound.status == RoundStatus.OPEN,
               SelfAssessment.status != AssessmentStatus.SUBMITTED)
        .order_by(AssessmentRound.closes_on)
    ).all()
    for assessment_id, name, closes_on, answered in to_do:
        verb = "Finish" if answered else "Complete"
        items.append((f"{verb} your learning needs self-assessment for {name} by "
                      f"{closes_on:%-d %B %Y}",
                      url_for("lna.assessment", assessment_id=assessment_id)))
    unplanned = db.session.execute(
        select(SelfAssessment.id, AssessmentRound.name)
        .join(AssessmentRound, AssessmentRound.id == SelfAssessment.round_id)
        .outerjoin(LearningPlan, LearningPlan.self_assessment_id == SelfAssessment.id)
        .where(SelfAssessment.user_id == user.id,
               SelfAssessment.status == AssessmentStatus.SUBMITTED,
               AssessmentRound.status == RoundStatus.OPEN, LearningPlan.id.is_(None))
    ).all()
    for assessment_id, name in unplanned:
        items.append((f"See your learning needs from {name} and plan your learning",
                      url_for("lna.assessment_gaps", assessment_id=assessment_id)))
    return items


def manager_items(user: User) -> list[tuple[str, str | None]]:
    waiting = listings.waiting_for_validation(user)
    if not waiting:
        return []
    return [(f"Validate {waiting} learning needs self-assessment{'s' if waiting != 1 else ''}",
             url_for("lna.validation_queue"))]


def lead_items(user: User) -> list[tuple[str, str | None]]:
    """Open rounds with how many have answered, and the reports."""
    if not permissions.can_use_lna_admin(user):
        return []
    open_rounds = db.session.scalars(
        listings.rounds_query(user).where(AssessmentRound.status == RoundStatus.OPEN).limit(5)
    ).all()
    counts = listings.round_counts([r.id for r in open_rounds],
                                   permissions.report_organisation_ids(user))
    items = []
    for round_ in open_rounds:
        c = counts.get(round_.id, {"invited": 0, "submitted": 0})
        items.append((f"LNA round {round_.name}: {c['submitted']:,} of {c['invited']:,} have "
                      f"submitted; it closes {round_.closes_on:%-d %B %Y}",
                      url_for("lna.round", round_id=round_.id)))
    items.append(("Learning needs: gaps, priorities and training demand", url_for("lna.reports")))
    return items
