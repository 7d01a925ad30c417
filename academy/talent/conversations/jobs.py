"""Scheduled jobs of career conversations: reminders, and publishing weekly availability ahead.

Each reminder is sent once (the row records when), so a job run twice sends nothing twice.
"""

from __future__ import annotations

from datetime import datetime

from academy.jobs import Job, daily
from academy.talent.conversations.services import availability, booking, records


def remind_actions(now: datetime) -> dict:
    return {"reminded": records.send_action_reminders(now)}


def remind_conversations(now: datetime) -> dict:
    return {"reminded": booking.send_conversation_reminders(now)}


def publish_availability(now: datetime) -> dict:
    return {"published": availability.extend_availability(now)}


JOBS = [
    Job(
        name="conversations.action_reminders",
        func=remind_actions,
        trigger={"trigger": "cron", "hour": 7, "minute": 30},
        period=daily,
        description="Remind people once about development actions coming due or overdue",
    ),
    Job(
        name="conversations.meeting_reminders",
        func=remind_conversations,
        trigger={"trigger": "cron", "hour": 8, "minute": 0},
        period=daily,
        description="Remind the person and the coach once before a booked career conversation",
    ),
    Job(
        name="conversations.publish_availability",
        func=publish_availability,
        trigger={"trigger": "cron", "hour": 2, "minute": 15},
        period=daily,
        description="Publish coaches' weekly availability as slots eight weeks ahead",
    ),
]
