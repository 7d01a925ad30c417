"""Erasure requests, and the record of each person whose data retention has anonymised."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import LabelledEnum
from academy.extensions import db
from academy.people.models import User, enum_column
from academy.timekeeping import utcnow


class ErasureStatus(LabelledEnum):
    PENDING = "pending", "Waiting for a decision"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"


class ErasureRequest(db.Model):
    """A person's request that the platform erase their data, and the administrator's decision.

    Granting erases what the law allows (see academy.privacy.services.erase); the training and
    employment records stay under the retention schedule's legal basis."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[ErasureStatus] = enum_column(
        ErasureStatus, "erasure_status", default=ErasureStatus.PENDING,
        server_default=ErasureStatus.PENDING.value,
    )
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
    # What a granted request erased: kind of record -> rows changed.
    erased: Mapped[dict | None] = mapped_column(JSON)

    person: Mapped[User] = relationship(foreign_keys=[person_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    __table_args__ = (Index("ix_erasure_request_status", "status", "requested_at"),)

    @property
    def is_pending(self) -> bool:
        return self.status == ErasureStatus.PENDING


class Anonymisation(db.Model):
    """A leaver whose personal data the retention schedule has anonymised: once per person, so
    the daily job never does it twice. The person's row stays (with their organisation, team and
    job role) so that the training and employment records the reports count stay attached."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    anonymised_at: Mapped[datetime] = mapped_column(default=utcnow)
    rule: Mapped[str] = mapped_column(String(60))
    changed: Mapped[dict | None] = mapped_column(JSON)
