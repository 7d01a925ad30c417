"""Row-level operations on slots that booking and availability rely on: what is busy, claiming
and releasing a slot, withdrawing free ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from academy.extensions import db
from academy.talent.conversations.models import (
    CoachBlock,
    CoachSlot,
)


def busy(coach_id: int, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The coach's live slots and blocks that overlap [start, end), in UTC."""
    slots = db.session.execute(
        select(CoachSlot.starts_at, CoachSlot.ends_at).where(
            CoachSlot.coach_id == coach_id, CoachSlot.withdrawn_at.is_(None),
            CoachSlot.starts_at < end, CoachSlot.ends_at > start,
        )
    ).all()
    blocks = db.session.execute(
        select(CoachBlock.starts_at, CoachBlock.ends_at).where(
            CoachBlock.coach_id == coach_id, CoachBlock.starts_at < end, CoachBlock.ends_at > start,
        )
    ).all()
    return [tuple(row) for row in [*slots, *blocks]]


def claim(slot_id: int, now: datetime) -> bool:
    """Mark the slot booked if, and only if, it is still bookable: one writer wins.

    The conditional update takes the row's write lock (PostgreSQL) or the database's (SQLite);
    whoever comes second finds is_booked already true and claims nothing.
    """
    result = db.session.execute(
        update(CoachSlot)
        .where(CoachSlot.id == slot_id, CoachSlot.bookable(now))
        .values(is_booked=True)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def release(slot_id: int) -> None:
    table = CoachSlot.__table__
    db.session.execute(update(table).where(table.c.id == slot_id).values(is_booked=False))


def withdraw_free(condition, now: datetime) -> int:
    """Withdraw free future slots matching the condition; a slot being booked is left alone."""
    result = db.session.execute(
        update(CoachSlot.__table__)
        .where(condition, CoachSlot.__table__.c.is_booked.is_(False),
               CoachSlot.__table__.c.withdrawn_at.is_(None),
               CoachSlot.__table__.c.starts_at > now)
        .values(withdrawn_at=now)
    )
    expire_loaded()
    return result.rowcount


def expire_loaded() -> None:
    """Slots loaded in this session may be stale after a conditional update: reload them."""
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, CoachSlot):
            db.session.expire(obj, ["is_booked", "withdrawn_at"])
