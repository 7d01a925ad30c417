"""Programmes, the goals applicants choose from, cohorts, and applications with their conflicts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.extensions import db
from academy.mentoring.models.enums import (
    ApplicationStatus,
    CohortStatus,
    MeetingMode,
    ProgrammeKind,
    Side,
)
from academy.people.models import Organisation, Site, User, enum_column
from academy.timekeeping import utcnow


class MentoringProgramme(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[ProgrammeKind] = enum_column(ProgrammeKind, "mentoring_programme_kind")
    description: Mapped[str] = mapped_column(Text, default="")
    # None: run for the whole partnership; otherwise by and for one organisation.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    partner_label: Mapped[str] = mapped_column(String(120))
    leader_label: Mapped[str] = mapped_column(String(120))
    partner_eligibility: Mapped[str] = mapped_column(Text, default="")
    leader_eligibility: Mapped[str] = mapped_column(Text, default="")
    allow_cross_organisation: Mapped[bool] = mapped_column(default=True, server_default="1")
    band_gap_wanted: Mapped[int] = mapped_column(default=3, server_default="3")
    max_distance_km: Mapped[int] = mapped_column(default=25, server_default="25")
    weight_goals: Mapped[int] = mapped_column(default=30, server_default="30")
    weight_interests: Mapped[int] = mapped_column(default=20, server_default="20")
    weight_availability: Mapped[int] = mapped_column(default=20, server_default="20")
    weight_mode: Mapped[int] = mapped_column(default=10, server_default="10")
    weight_distance: Mapped[int] = mapped_column(default=10, server_default="10")
    weight_band_gap: Mapped[int] = mapped_column(default=10, server_default="10")
    # Groups applicants may say they belong to, with consent, for the bonus and the figures.
    priority_groups: Mapped[list] = mapped_column(JSON, default=list)
    priority_bonus: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    organisation: Mapped[Organisation | None] = relationship()
    cohorts: Mapped[list[MentoringCohort]] = relationship(
        back_populates="programme", order_by="MentoringCohort.opens_on.desc()"
    )

    __table_args__ = (
        CheckConstraint(
            "weight_goals BETWEEN 0 AND 100 AND weight_interests BETWEEN 0 AND 100 AND "
            "weight_availability BETWEEN 0 AND 100 AND weight_mode BETWEEN 0 AND 100 AND "
            "weight_distance BETWEEN 0 AND 100 AND weight_band_gap BETWEEN 0 AND 100",
            name="weights_in_range",
        ),
        CheckConstraint("priority_bonus BETWEEN 0 AND 100", name="bonus_in_range"),
        CheckConstraint("band_gap_wanted BETWEEN 0 AND 10", name="band_gap_in_range"),
        CheckConstraint("max_distance_km BETWEEN 1 AND 500", name="distance_in_range"),
    )

    def side_label(self, side: Side) -> str:
        return self.partner_label if side == Side.PARTNER else self.leader_label

    def eligibility(self, side: Side) -> str:
        return self.partner_eligibility if side == Side.PARTNER else self.leader_eligibility

    def __str__(self) -> str:
        return self.name


class MentoringGoal(db.Model):
    """A goal applicants choose from; coordinators keep the list (retired goals stay on old
    applications)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    is_active: Mapped[bool] = mapped_column(default=True, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __str__(self) -> str:
        return self.name


class MentoringCohort(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("mentoring_programme.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[CohortStatus] = enum_column(
        CohortStatus, "mentoring_cohort_status", default=CohortStatus.PLANNED
    )
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    matching_on: Mapped[date]
    starts_on: Mapped[date]
    duration_months: Mapped[int]
    meeting_interval_weeks: Mapped[int]  # the rhythm expected: a meeting every so many weeks
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    programme: Mapped[MentoringProgramme] = relationship(back_populates="cohorts")

    __table_args__ = (
        UniqueConstraint("programme_id", "name"),
        CheckConstraint("closes_on >= opens_on", name="window_in_order"),
        CheckConstraint("matching_on >= closes_on", name="matching_after_window"),
        CheckConstraint("starts_on >= matching_on", name="starts_after_matching"),
        CheckConstraint("duration_months BETWEEN 1 AND 36", name="duration_in_range"),
        CheckConstraint("meeting_interval_weeks BETWEEN 1 AND 12", name="rhythm_in_range"),
    )

    def accepts_applications(self, on: date) -> bool:
        return self.status == CohortStatus.OPEN and self.opens_on <= on <= self.closes_on

    def closing_early(self, on: date) -> bool:
        """Closing applications on this day would end them before the advertised closing date
        (applications are taken all of that day)."""
        return self.status == CohortStatus.OPEN and on <= self.closes_on

    @property
    def is_open(self) -> bool:
        """Taking applications (on the days of its window)."""
        return self.status == CohortStatus.OPEN

    @property
    def is_matching(self) -> bool:
        return self.status in (CohortStatus.OPEN, CohortStatus.MATCHING, CohortStatus.RUNNING)

    def __str__(self) -> str:
        return f"{self.programme.name}: {self.name}"


application_goal = Table(
    "mentoring_application_goal",
    db.metadata,
    Column("application_id", ForeignKey("mentoring_application.id", ondelete="CASCADE"), primary_key=True),
    Column("goal_id", ForeignKey("mentoring_goal.id"), primary_key=True, index=True),
)


class MentoringApplication(db.Model):
    """One person's application to a cohort, for one side, with the profile matching uses.

    Organisation, team and line manager come from the person's record when matching runs;
    eligibility and priority groups are what the applicant declares here (never the equality
    profile).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("mentoring_cohort.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    side: Mapped[Side] = enum_column(Side, "mentoring_side")
    status: Mapped[ApplicationStatus] = enum_column(
        ApplicationStatus, "mentoring_application_status", default=ApplicationStatus.SUBMITTED
    )
    eligibility_confirmed: Mapped[bool] = mapped_column(default=False, server_default="0")
    priority_consent: Mapped[bool] = mapped_column(default=False, server_default="0")
    priority_groups: Mapped[list] = mapped_column(JSON, default=list)
    band: Mapped[str | None] = mapped_column(String(4))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    meeting_mode: Mapped[MeetingMode] = enum_column(MeetingMode, "mentoring_meeting_mode")
    availability: Mapped[int] = mapped_column(default=0, server_default="0")  # bit mask of slots
    interests: Mapped[str] = mapped_column(Text, default="")
    hopes_to_give: Mapped[str] = mapped_column(Text, default="")
    hopes_to_gain: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int] = mapped_column(default=1, server_default="1")
    declined_reason: Mapped[str | None] = mapped_column(String(500))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    cohort: Mapped[MentoringCohort] = relationship()
    user: Mapped[User] = relationship()
    site: Mapped[Site | None] = relationship()
    goals: Mapped[list[MentoringGoal]] = relationship(secondary=application_goal, order_by="MentoringGoal.name")
    conflicts: Mapped[list[MentoringConflict]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("cohort_id", "user_id"),
        CheckConstraint("capacity BETWEEN 1 AND 4", name="capacity_in_range"),
        CheckConstraint("availability >= 0 AND availability < 32768", name="availability_slots"),
        Index("ix_application_cohort_side_status", "cohort_id", "side", "status"),
    )

    @property
    def is_leader(self) -> bool:
        """On the side that may take several partners (up to its capacity)."""
        return self.side == Side.LEADER

    @property
    def is_submitted(self) -> bool:
        return self.status == ApplicationStatus.SUBMITTED

    @property
    def is_declined(self) -> bool:
        return self.status == ApplicationStatus.DECLINED


class MentoringConflict(db.Model):
    """Someone the applicant must not be paired with."""

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_application.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)

    application: Mapped[MentoringApplication] = relationship(back_populates="conflicts")
    user: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("application_id", "user_id"),)
