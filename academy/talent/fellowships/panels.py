"""Fellowships' lines on the home page: the lead's cohorts, and a fellow's next milestone."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from academy.extensions import db
from academy.people.models import User
from academy.talent.fellowships import queries
from academy.talent.fellowships.models import (
    CohortMilestone,
    Fellow,
    FellowshipCohort,
    FellowStatus,
    MilestoneCompletion,
)
from academy.timekeeping import today

Item = tuple[str, str | None]


def lead_items(user: User) -> list[Item]:
    summary = queries.lead_summary(today())
    items: list[Item] = [(f"{summary.active_fellows} fellows in {summary.current_cohorts} "
                          f"cohort{'s' if summary.current_cohorts != 1 else ''} running",
                          url_for("fellowships.index"))]
    if summary.overdue_milestones:
        items.append((f"{summary.overdue_milestones} milestones overdue", url_for("fellowships.index")))
    if summary.without_placement:
        items.append((f"{summary.without_placement} fellows without a placement",
                      url_for("fellowships.index")))
    return items


def fellow_items(user: User) -> list[Item]:
    day = today()
    fellow = db.session.scalars(
        select(Fellow).join(Fellow.cohort).options(joinedload(Fellow.cohort))
        .where(Fellow.person_id == user.id, Fellow.status == FellowStatus.ACTIVE,
               FellowshipCohort.ends_on >= day)
        .order_by(FellowshipCohort.starts_on.desc()).limit(1)
    ).first()
    if fellow is None:
        return []
    link = url_for("fellowships.fellow", fellow_id=fellow.id)
    milestone = db.session.scalars(
        select(CohortMilestone)
        .outerjoin(MilestoneCompletion, (MilestoneCompletion.milestone_id == CohortMilestone.id)
                   & (MilestoneCompletion.fellow_id == fellow.id))
        .where(CohortMilestone.cohort_id == fellow.cohort_id, MilestoneCompletion.id.is_(None))
        .order_by(CohortMilestone.due_on).limit(1)
    ).first()
    if milestone is None:
        return [(f"Your fellowship: {fellow.cohort.name}", link)]
    return [(f"Your fellowship: {milestone.title} by {milestone.due_on:%-d %B}", link)]
