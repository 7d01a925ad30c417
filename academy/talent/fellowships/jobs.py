"""Scheduled jobs of fellowships: recording outcomes 6 and 12 months after each cohort."""

from __future__ import annotations

from datetime import datetime

from academy.jobs import Job, daily
from academy.talent.fellowships import services


def record_outcomes(now: datetime) -> dict:
    return {"recorded": services.record_outcomes(now.date())}


JOBS = [
    Job(
        name="fellowships.record_outcomes",
        func=record_outcomes,
        trigger={"trigger": "cron", "hour": 3, "minute": 0},
        period=daily,
        description="Record fellows' outcomes from job history 6 and 12 months after the programme",
    ),
]
