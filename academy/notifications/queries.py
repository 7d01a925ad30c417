"""What the outbox holds, for the scheduler page and the administrator's home panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from academy.extensions import db
from academy.notifications.models import OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class OutboxHealth:
    pending: int
    sent: int
    failed: int
    oldest_pending_at: datetime | None


def outbox_health() -> OutboxHealth:
    """How many messages wait, went and gave up, and since when the oldest has waited."""
    counts = dict(db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all())
    oldest = db.session.scalar(
        select(func.min(OutboxMessage.created_at)).where(OutboxMessage.status == OutboxStatus.PENDING)
    )
    return OutboxHealth(pending=counts.get(OutboxStatus.PENDING, 0),
                        sent=counts.get(OutboxStatus.SENT, 0),
                        failed=counts.get(OutboxStatus.FAILED, 0), oldest_pending_at=oldest)


def failed_count() -> int:
    """Messages that could not be sent after every retry."""
    return db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)
    )


# E-mail that has waited longer than this is a backlog: the delivery job runs every minute.
BACKLOG_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class Backlog:
    waiting: int  # pending for longer than BACKLOG_AFTER
    oldest_pending_at: datetime | None
    failed: int


def backlog(now: datetime) -> Backlog:
    """Pending messages older than BACKLOG_AFTER, and those that gave up after every retry."""
    stale = OutboxMessage.status == OutboxStatus.PENDING
    waiting, oldest = db.session.execute(
        select(func.count(), func.min(OutboxMessage.created_at))
        .where(stale, OutboxMessage.created_at < now - BACKLOG_AFTER)
    ).one()
    return Backlog(waiting=waiting, oldest_pending_at=oldest, failed=failed_count())
