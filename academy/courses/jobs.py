"""Scheduled jobs of the catalogue: expiry reminders, partner quota release, waiting lists."""

from __future__ import annotations

from datetime import datetime

from academy.courses import services
from academy.holdings import counts
from academy.jobs import Job, daily, hourly


def expiry_reminders(now: datetime) -> dict:
    return services.send_expiry_reminders(now)


def recount_compliance(now: datetime) -> dict:
    return counts.recount_all(now.date())


def release_quotas(now: datetime) -> dict:
    return {"released": services.release_due_quotas(now)}


def promote_waiting_lists(now: datetime) -> dict:
    return {"promoted": services.promote_waiting_lists(now)}


JOBS = [
    Job(
        name="courses.expiry_reminders",
        func=expiry_reminders,
        trigger={"trigger": "cron", "hour": 7, "minute": 0},
        period=daily,
        description="Remind people 60, 30 and 0 days before mandatory training expires",
    ),
    Job(
        name="courses.recount_compliance",
        func=recount_compliance,
        trigger={"trigger": "cron", "hour": 0, "minute": 1},
        period=daily,
        description="Count mandatory training compliance again for the new day",
    ),
    Job(
        name="courses.release_quotas",
        func=release_quotas,
        trigger={"trigger": "cron", "hour": 0, "minute": 15},
        period=daily,
        description="Release partners' held places on their release date to everyone waiting",
    ),
    Job(
        name="courses.promote_waiting_lists",
        func=promote_waiting_lists,
        trigger={"trigger": "cron", "minute": 5},
        period=hourly,
        description="Give any free place to the first person on the session's waiting list",
    ),
]
