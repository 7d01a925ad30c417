"""The holding table: per person and subject, the evidence that counts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.extensions import db
from academy.holdings.rules import Source
from academy.people.models import Organisation, enum_column
from academy.timekeeping import utcnow


class Holding(db.Model):
    """What one person holds of one subject: the best evidence in force, and where it came from.

    subject_id is the subject held; held_subject_id the subject of the evidence, which differs when
    a higher level covers a lower one (level 3 safeguarding holds levels 1 and 2). No row: never done.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"))
    held_subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"),
                                                 index=True)
    source: Mapped[Source] = enum_column(Source, "holding_source")
    achieved_on: Mapped[date]
    expires_on: Mapped[date | None]  # None: never expires
    training_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_record.id", ondelete="SET NULL"), index=True)
    induction_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("induction_item.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation | None] = relationship()
    subject = relationship("Subject", foreign_keys=[subject_id])
    held_subject = relationship("Subject", foreign_keys=[held_subject_id])

    __table_args__ = (
        UniqueConstraint("user_id", "subject_id"),
        Index("ix_holding_subject_expires", "subject_id", "expires_on"),
    )

    @property
    def where_from(self) -> str:
        """Where it came from, in the words every page uses."""
        place = f" at {self.organisation.name}" if self.organisation is not None else ""
        through = (f" (through {self.held_subject.label})"
                   if self.held_subject_id != self.subject_id else "")
        return f"{self.source.label}{place}{through}"
