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


class ComplianceCount(db.Model):
    """How one group of people (an employer's team, or its staff without a team) stands on one
    subject required of some of them, as of CountedDay: kept by holdings.counts, read by the
    compliance pages. Never done is required minus the rest."""

    __tablename__ = "compliance_count"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"),
                                                index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"),
                                            index=True)
    required: Mapped[int]
    compliant: Mapped[int]
    due: Mapped[int]
    expired: Mapped[int]

    __table_args__ = (Index("ix_compliance_count_group", "organisation_id", "team_id", "subject_id"),)


class OrganisationCount(db.Model):
    """The sum of an organisation's ComplianceCount rows for one subject (organisation None: the
    staff with no employer), kept with them: what the partnership page reads."""

    __tablename__ = "organisation_compliance_count"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"),
                                            index=True)
    required: Mapped[int]
    compliant: Mapped[int]
    due: Mapped[int]
    expired: Mapped[int]

    __table_args__ = (Index("ix_organisation_compliance_count_group", "organisation_id",
                            "subject_id"),)


class PersonStanding(db.Model):
    """One active person's totals over the subjects required of them, as of CountedDay, with the
    group they were counted in: what the lists of people overdue filter and count on."""

    __tablename__ = "person_standing"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"),
                                                index=True)
    required: Mapped[int]
    compliant: Mapped[int]
    due: Mapped[int]
    expired: Mapped[int]
    never_done: Mapped[int]
    overdue: Mapped[int]  # expired + never done

    __table_args__ = (Index("ix_person_standing_group", "organisation_id", "team_id"),
                      Index("ix_person_standing_overdue", "organisation_id", "overdue"))


class CountedDay(db.Model):
    """The day the compliance counts are counted for: one row. A new day counts them again."""

    __tablename__ = "compliance_counted_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    counted_on: Mapped[date]
