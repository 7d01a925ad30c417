"""Fellowship programmes and cohorts; fellows with their mentor, coach and placement; milestones;
backfill paid to the substantive employer; outcomes 6 and 12 months after the programme."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import LabelledEnum
from academy.extensions import db
from academy.people.models import JobRole, Organisation, User, enum_column
from academy.timekeeping import utcnow


class FellowshipProgramme(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohorts: Mapped[list[FellowshipCohort]] = relationship(
        back_populates="programme", order_by="FellowshipCohort.starts_on.desc()"
    )


class FellowshipCohort(db.Model):
    """A cohort: a development period in the fellows' own organisations from `starts_on`, then
    placements from `placement_starts_on` until `ends_on`."""

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("fellowship_programme.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date]
    placement_starts_on: Mapped[date]
    ends_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    programme: Mapped[FellowshipProgramme] = relationship(back_populates="cohorts")
    fellows: Mapped[list[Fellow]] = relationship(back_populates="cohort")
    milestones: Mapped[list[CohortMilestone]] = relationship(
        back_populates="cohort", order_by="[CohortMilestone.due_on, CohortMilestone.id]"
    )

    __table_args__ = (
        UniqueConstraint("programme_id", "name"),
        CheckConstraint("placement_starts_on >= starts_on", name="development_first"),
        CheckConstraint("ends_on > placement_starts_on", name="ends_after_placements_start"),
    )

    @property
    def title(self) -> str:
        return f"{self.programme.name}: {self.name}"


class FellowStatus(LabelledEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class Fellow(db.Model):
    """A person on a cohort. The employer and job role when they joined are kept: backfill is
    paid to that substantive employer, and outcomes are measured against that role."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("fellowship_cohort.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    baseline_job_role_id: Mapped[int | None] = mapped_column(ForeignKey("job_role.id"), index=True)
    # The mentor is a person for now; the mentoring package's partnerships may link in later.
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    status: Mapped[FellowStatus] = enum_column(FellowStatus, "fellow_status",
                                               default=FellowStatus.ACTIVE)
    withdrawn_on: Mapped[date | None]
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohort: Mapped[FellowshipCohort] = relationship(back_populates="fellows")
    person: Mapped[User] = relationship(foreign_keys=[person_id])
    employer: Mapped[Organisation] = relationship()
    baseline_job_role: Mapped[JobRole | None] = relationship()
    mentor: Mapped[User | None] = relationship(foreign_keys=[mentor_id])
    coach: Mapped[User | None] = relationship(foreign_keys=[coach_id])
    placement: Mapped[Placement | None] = relationship(back_populates="fellow")
    completions: Mapped[list[MilestoneCompletion]] = relationship(back_populates="fellow")
    backfill: Mapped[list[BackfillPayment]] = relationship(
        back_populates="fellow", order_by="BackfillPayment.month_on"
    )
    outcomes: Mapped[list[FellowOutcome]] = relationship(
        back_populates="fellow", order_by="FellowOutcome.months"
    )

    @property
    def is_active(self) -> bool:
        return self.status == FellowStatus.ACTIVE

    @property
    def is_withdrawn(self) -> bool:
        return self.status == FellowStatus.WITHDRAWN

    __table_args__ = (
        UniqueConstraint("cohort_id", "person_id"),
        CheckConstraint("mentor_id IS NULL OR mentor_id != person_id", name="not_own_mentor"),
        CheckConstraint("coach_id IS NULL OR coach_id != person_id", name="not_own_coach"),
        CheckConstraint("(status = 'withdrawn') = (withdrawn_on IS NOT NULL)", name="withdrawn_has_date"),
    )


class Placement(db.Model):
    """The fellow's project placement in a host partner, one day a week for twelve months."""

    id: Mapped[int] = mapped_column(primary_key=True)
    fellow_id: Mapped[int] = mapped_column(ForeignKey("fellow.id"), unique=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    project: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    days_per_week: Mapped[int] = mapped_column(default=1, server_default="1")

    fellow: Mapped[Fellow] = relationship(back_populates="placement")
    host: Mapped[Organisation] = relationship()
    supervisor: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint("ends_on > starts_on", name="ends_after_start"),
        CheckConstraint("days_per_week BETWEEN 1 AND 5", name="days_in_week"),
    )


class MilestoneKind(LabelledEnum):
    LEARNING_SET = "learning_set"
    PROJECT_PLAN = "project_plan"
    PRESENTATION = "presentation"
    OTHER = "other"


class CohortMilestone(db.Model):
    """A milestone every fellow of the cohort reaches: a learning set, the project plan, ..."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("fellowship_cohort.id"), index=True)
    kind: Mapped[MilestoneKind] = enum_column(MilestoneKind, "milestone_kind")
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date]

    cohort: Mapped[FellowshipCohort] = relationship(back_populates="milestones")


class MilestoneCompletion(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("cohort_milestone.id"), index=True)
    fellow_id: Mapped[int] = mapped_column(ForeignKey("fellow.id"), index=True)
    completed_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    milestone: Mapped[CohortMilestone] = relationship()
    fellow: Mapped[Fellow] = relationship(back_populates="completions")

    __table_args__ = (UniqueConstraint("milestone_id", "fellow_id"),)


class BackfillPayment(db.Model):
    """Backfill for one month of placement, paid to the fellow's substantive employer."""

    id: Mapped[int] = mapped_column(primary_key=True)
    fellow_id: Mapped[int] = mapped_column(ForeignKey("fellow.id"), index=True)
    month_on: Mapped[date]  # the first day of the month
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    paid_to_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    fellow: Mapped[Fellow] = relationship(back_populates="backfill")
    paid_to: Mapped[Organisation] = relationship()

    __table_args__ = (
        UniqueConstraint("fellow_id", "month_on"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )


class Outcome(LabelledEnum):
    PROMOTED = "promoted"
    MOVED_ROLE = "moved_role"
    SAME_ROLE = "same_role"
    # No job on record at the time: left the partnership's organisations.
    LEFT = "left", "No longer in the partnership"


class FellowOutcome(db.Model):
    """Where the fellow was 6 or 12 months after the programme, derived from job history."""

    id: Mapped[int] = mapped_column(primary_key=True)
    fellow_id: Mapped[int] = mapped_column(ForeignKey("fellow.id"), index=True)
    months: Mapped[int]
    outcome: Mapped[Outcome] = enum_column(Outcome, "fellow_outcome")
    measured_on: Mapped[date]
    job_role_id: Mapped[int | None] = mapped_column(ForeignKey("job_role.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    fellow: Mapped[Fellow] = relationship(back_populates="outcomes")
    job_role: Mapped[JobRole | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    __table_args__ = (
        UniqueConstraint("fellow_id", "months"),
        CheckConstraint("months IN (6, 12)", name="six_or_twelve"),
    )
