"""Scheduled jobs of apprenticeships (the levy's are academy.talent.levy.jobs)."""

from __future__ import annotations

from datetime import datetime

from academy.jobs import Job
from academy.talent.apprenticeships import services


def daily_progress(now: datetime) -> dict:
    """Start what is due to start, bring red-amber-green up to date, remind reviews due."""
    today = now.date()
    return {
        "started": services.start_due(today),
        "refreshed": services.refresh_all(today),
        "reminded": services.send_review_reminders(today),
    }


JOBS = [
    Job(
        name="apprenticeships.daily_progress",
        func=daily_progress,
        trigger={"trigger": "cron", "hour": 5, "minute": 10},
        description="Start apprenticeships on their start date, update red-amber-green, "
                    "remind progress reviews due or overdue",
    ),
]
