"""Scheduled jobs of the learning needs analysis: rounds open and close on their days, people in
scope are invited, and those who have not submitted are reminded once per reminder period."""

from __future__ import annotations

from academy.jobs import Job, daily, hourly
from academy.lna.services import rounds

JOBS = [
    Job(
        name="lna.round_lifecycle",
        func=rounds.run_lifecycle,
        trigger={"trigger": "cron", "hour": 0, "minute": 20},
        period=daily,
        description="Open LNA rounds on their opening day, close them after their closing day, "
                    "and invite people who have come into scope",
    ),
    Job(
        name="lna.invitations_and_reminders",
        func=rounds.send_invitations_and_reminders,
        trigger={"trigger": "cron", "minute": 40},
        period=hourly,
        description="Invite people to open LNA rounds and remind those who have not submitted, "
                    "once per reminder period",
    ),
]
