"""What the outbox holds, for the scheduler page and the administrator's home panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
