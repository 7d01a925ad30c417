"""The daily retention job: anonymise leavers past their period, delete what the schedule
deletes. It changes nothing the second time, whichever day it runs."""

from __future__ import annotations

from datetime import datetime

from academy.jobs import Job, daily
from academy.privacy import services


def apply_retention(now: datetime) -> dict:
    return services.apply_retention(now=now)


JOBS = [
    Job(
        name="privacy.apply_retention",
        func=apply_retention,
        trigger={"trigger": "cron", "hour": 3, "minute": 30},
        period=daily,
        description="Anonymise leavers and delete expired records, as the retention schedule says",
    ),
]
