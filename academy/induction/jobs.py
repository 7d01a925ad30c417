"""Scheduled jobs of the induction: overdue reminders, and items done by completing linked courses."""

from __future__ import annotations

from datetime import datetime

from academy.induction.services import courses, inductions
from academy.jobs import Job, daily


def overdue_reminders(now: datetime) -> dict:
    return inductions.remind_overdue(now.date())


def courses_completed(now: datetime) -> dict:
    return courses.complete_all_by_courses(now.date())


JOBS = [
    Job(
        name="induction.overdue_reminders",
        func=overdue_reminders,
        trigger={"trigger": "cron", "hour": 7, "minute": 30},
        period=daily,
        description="Tell new starters and their managers when induction items fall overdue",
    ),
    Job(
        name="induction.courses_completed",
        func=courses_completed,
        trigger={"trigger": "cron", "hour": 6, "minute": 45},
        period=daily,
        description="Mark induction items done when the linked course was completed in the catalogue",
    ),
]
