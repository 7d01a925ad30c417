"""The live data the recommender learns from, as pandas frames (aggregated in SQL)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pandas as pd
from sqlalchemy import select

from academy.courses.models import (
    Course,
    CourseCompetency,
    CoursePrerequisite,
    Enrolment,
    EnrolmentStatus,
)
from academy.extensions import db
from academy.lna.models import Competency
from academy.people.models import JobRole, User
from academy.recommender import profiles


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


def users(user_ids: list[int] | None = None, today: date | None = None) -> pd.DataFrame:
    """Role, staff group, previous role, gaps, target, dismissals and training held of each person."""
    query = select(User.id, JobRole.name, JobRole.staff_group).join(JobRole, JobRole.id == User.job_role_id, isouter=True)
    if user_ids is not None:
        query = query.where(User.id.in_(user_ids))
    people = db.session.execute(query).all()
    previous = profiles.previous_roles(user_ids)
    gaps = profiles.gaps_by_user(user_ids)
    dismissed = profiles.dismissals(user_ids)
    aims = profiles.targets(user_ids)
    held = profiles.held_courses(user_ids, today)
    return pd.DataFrame([
        {"user_id": uid, "role": role, "staff_group": group, "previous_role": previous.get(uid),
         "gaps": gaps.get(uid, {}), "dismissed": dismissed.get(uid, []),
         "target_items": aims.get(uid, ([], None))[0], "target_role": aims.get(uid, ([], None))[1],
         "held": held.get(uid, [])}
        for uid, role, group in people
    ])
