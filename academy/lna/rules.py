"""Pure rules of LNA rounds: when a round opens and closes, and which reminder period it is in."""

from __future__ import annotations

from datetime import date, datetime

from academy.enums import LabelledEnum


class RoundStatus(LabelledEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"  # opened by the learning lead; invitations go out on the opening day
    OPEN = "open"
    CLOSED = "closed"


def status_on_opening(opens_on: date, today: date) -> RoundStatus:
    """A round opened by its lead starts now, or waits for its opening day."""
    return RoundStatus.OPEN if opens_on <= today else RoundStatus.SCHEDULED


def is_due_to_open(status: RoundStatus, opens_on: date, today: date) -> bool:
    return status == RoundStatus.SCHEDULED and opens_on <= today


def is_due_to_close(status: RoundStatus, closes_on: date, today: date) -> bool:
    """A round stays open to the end of its closing day."""
    return status in (RoundStatus.OPEN, RoundStatus.SCHEDULED) and closes_on < today


def reminder_period(opened_on: date, today: date, every_days: int) -> int:
    """Which reminder period today falls in: 0 is the invitation's, 1 the first reminder's, ..."""
    if every_days < 1:
        raise ValueError("reminders must be at least a day apart")
    return max((today - opened_on).days, 0) // every_days


def reminder_due(*, notified_at: datetime | None, today: date, every_days: int) -> bool:
    """No reminder until a whole period has passed since the person was first told."""
    return notified_at is not None and (today - notified_at.date()).days >= every_days
