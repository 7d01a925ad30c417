"""Jobs of the notifications package."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from academy.jobs import Job
from academy.notifications.delivery import SmtpSettings, deliver_pending


def deliver_outbox(now: datetime) -> dict:
    return deliver_pending(SmtpSettings.from_config(current_app.config), now=now)


JOBS = [
    Job(
        name="deliver_outbox",
        func=deliver_outbox,
        trigger={"trigger": "interval", "minutes": 1},
        period=None,  # each message is claimed and marked sent on its own
        description="Send pending e-mail over SMTP, retrying with back-off",
    ),
]
