"""Apprenticeships: standards, funding rules, cohorts, apprentices and their delivery. The levy
accounts that pay for them are academy.talent.levy's."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import LabelledEnum
from academy.extensions import db
from academy.people.models import Organisation, User, enum_column
from academy.talent.apprenticeships import rules
from academy.talent.levy.models import LevyAccount, Money, Percent, TransferApplication
from academy.timekeeping import utcnow


class StandardStatus(LabelledEnum):
    APPROVED = "approved", "Approved for delivery"
    FUNDING_WITHDRAWN = "funding_withdrawn", "Funding withdrawn"
    RETIRED = "retired"


class ApprenticeStatus(LabelledEnum):
    WAITING_TO_START = "waiting_to_start"
    LIVE = "live"
    PAUSED = "paused", "Paused (break in learning)"
    STOPPED = "stopped", "Stopped (withdrawn)"
    COMPLETED = "completed"

    @property
    def in_learning(self) -> bool:
        """Live or on a break: hours are logged, reviews held and the gateway worked towards."""
        return self in (ApprenticeStatus.LIVE, ApprenticeStatus.PAUSED)

    @property
    def tag_colour(self) -> str:
        """The colour of the status's tag on the pages."""
        return {"live": "blue", "waiting_to_start": "grey", "paused": "yellow", "stopped": "red",
                "completed": "green"}[self.value]


class FundingSource(LabelledEnum):
    OWN_LEVY = "own_levy", "Own levy funds"
    TRANSFER = "transfer", "Transfer from a partner"
    CO_INVESTMENT = "co_investment", "Co-investment"


class AssessmentResult(LabelledEnum):
    PASS = "pass"
    MERIT = "merit"
    DISTINCTION = "distinction"
    FAIL = "fail"
    RESIT = "resit", "Resit needed"

    @property
    def achieved(self) -> bool:
        return self in (AssessmentResult.PASS, AssessmentResult.MERIT, AssessmentResult.DISTINCTION)


class OtjBasis(LabelledEnum):
    PERCENT_OF_HOURS = "percent_of_hours", "A share of working hours"
    STANDARD_MINIMUM = "standard_minimum", "Each standard's published minimum hours"


class ApprenticeshipStandard(db.Model):
    """An apprenticeship standard, with the figures a coordinator may have to confirm."""

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    level: Mapped[int]
    version: Mapped[str] = mapped_column(String(10), default="1.0", server_default="1.0")
    typical_duration_months: Mapped[int | None]
    max_funding_band: Mapped[Decimal | None] = mapped_column(Money)
    min_off_the_job_hours: Mapped[int | None]
    status: Mapped[StandardStatus] = enum_column(
        StandardStatus, "standard_status", default=StandardStatus.APPROVED)
    funding_withdrawn_from: Mapped[date | None]
    source_url: Mapped[str | None] = mapped_column(String(500))
    confidence: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        CheckConstraint("level BETWEEN 2 AND 7", name="level_range"),
        CheckConstraint("max_funding_band IS NULL OR max_funding_band > 0", name="band_positive"),
        CheckConstraint("typical_duration_months IS NULL OR typical_duration_months > 0",
                        name="duration_positive"),
        CheckConstraint("status != 'funding_withdrawn' OR funding_withdrawn_from IS NOT NULL",
                        name="withdrawn_has_date"),
    )

    @property
    def to_confirm(self) -> bool:
        return rules.needs_confirmation(self.confidence, self.max_funding_band,
                                        self.typical_duration_months)

    @property
    def confidence_level(self) -> str:
        return rules.confidence_level(self.confidence)

    @property
    def is_foundation(self) -> bool:
        """A foundation apprenticeship (its own age rules and employer incentive)."""
        return rules.is_foundation(self.reference, self.title)

    def __str__(self) -> str:
        return f"{self.title} (level {self.level}, {self.reference})"


class FundingRule(db.Model):
    """The funding rules in force from a date until the next row: data, not code branches."""

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[date] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(120))
    top_up_percent: Mapped[Decimal] = mapped_column(Percent)
    expiry_months: Mapped[int]
    levy_co_investment_percent: Mapped[Decimal] = mapped_column(Percent)
    non_levy_co_investment_percent: Mapped[Decimal] = mapped_column(Percent)
    young_fully_funded_max_age: Mapped[int]
    young_extended_max_age: Mapped[int]
    transfer_cap_percent: Mapped[Decimal] = mapped_column(Percent)
    minimum_duration_months: Mapped[int]
    otj_basis: Mapped[OtjBasis] = enum_column(OtjBasis, "otj_basis")
    otj_percent: Mapped[Decimal] = mapped_column(Percent)
    otj_floor_hours: Mapped[int | None]
    # The hours a week counted at most (30 from August 2022; none before: 20% of all hours).
    otj_weekly_hours_cap: Mapped[int | None]
    # Below this many hours a week the minimum duration grows pro rata (none from August 2025).
    part_time_threshold_hours: Mapped[int | None]
    # Young apprentices of non-levy employers fully funded only up to this many staff (49 before
    # April 2024; none since).
    young_full_funding_max_staff: Mapped[int | None]
    # No payment for an apprentice who leaves before this many days in learning.
    qualifying_period_days: Mapped[int] = mapped_column(default=42, server_default="42")
    # Foundation apprenticeships (from August 2025): who may start one.
    foundation_max_age: Mapped[int | None]
    foundation_extended_max_age: Mapped[int | None]
    # Employer incentives: [{"kind", "name", "stages": [[day or null, amount, "when"]], "source"}]
    incentives: Mapped[list] = mapped_column(JSON, default=list)
    level7_max_age: Mapped[int | None]
    level7_extended_max_age: Mapped[int | None]
    assessment_term: Mapped[str] = mapped_column(String(60))
    gateway_term: Mapped[str] = mapped_column(String(60))
    assessment_organisation_term: Mapped[str] = mapped_column(String(60))
    notes: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)  # the document and its date
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    __table_args__ = (
        CheckConstraint("expiry_months > 0", name="expiry_positive"),
        CheckConstraint("minimum_duration_months > 0", name="duration_positive"),
        CheckConstraint(
            "top_up_percent >= 0 AND transfer_cap_percent BETWEEN 0 AND 100 "
            "AND levy_co_investment_percent BETWEEN 0 AND 100 "
            "AND non_levy_co_investment_percent BETWEEN 0 AND 100 AND otj_percent BETWEEN 0 AND 100",
            name="percentages",
        ),
    )

    @property
    def uses_standard_minimum(self) -> bool:
        """Off-the-job hours are each standard's published minimum (with a funding floor)."""
        return self.otj_basis is OtjBasis.STANDARD_MINIMUM


class ApprenticeshipCohort(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    starts_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation | None] = relationship()

    __table_args__ = (UniqueConstraint("organisation_id", "name"),)


class Apprentice(db.Model):
    """One person's apprenticeship: what, with whom, when, at what price, funded how."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("apprenticeship_standard.id"), index=True)
    standard_version: Mapped[str] = mapped_column(String(10))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("apprenticeship_cohort.id"), index=True)
    uln: Mapped[str | None] = mapped_column(String(10))
    date_of_birth: Mapped[date | None]
    ehcp_or_care_leaver: Mapped[bool] = mapped_column(default=False, server_default="0")
    prison_leaver: Mapped[bool] = mapped_column(default=False, server_default="0")
    provider_name: Mapped[str] = mapped_column(String(200))
    provider_ukprn: Mapped[str] = mapped_column(String(8))
    assessment_organisation: Mapped[str | None] = mapped_column(String(200))
    start_on: Mapped[date]
    planned_end_on: Mapped[date]
    ended_on: Mapped[date | None]
    training_price: Mapped[Decimal] = mapped_column(Money)
    assessment_price: Mapped[Decimal] = mapped_column(Money)
    funded_price: Mapped[Decimal] = mapped_column(Money)
    funding_source: Mapped[FundingSource] = enum_column(FundingSource, "funding_source")
    levy_account_id: Mapped[int | None] = mapped_column(ForeignKey("levy_account.id"), index=True)
    transfer_application_id: Mapped[int | None] = mapped_column(
        ForeignKey("transfer_application.id"), index=True)
    weekly_hours: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("37.5"),
                                                  server_default="37.5")
    # None while the standard's published minimum is not known (shown as "to confirm").
    planned_otj_hours: Mapped[int | None]
    status: Mapped[ApprenticeStatus] = enum_column(ApprenticeStatus, "apprentice_status")
    # Kept up to date by the services (and each night for the passing of time), so lists can
    # filter and count in SQL.
    otj_hours_logged: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=Decimal(0),
                                                      server_default="0")
    last_review_on: Mapped[date | None]
    next_review_due_on: Mapped[date | None] = mapped_column(index=True)
    rag: Mapped[str | None] = mapped_column(String(5), index=True)
    rag_reasons: Mapped[list] = mapped_column(JSON, default=list)
    gateway_passed_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    person: Mapped[User] = relationship(foreign_keys=[user_id])
    employer: Mapped[Organisation] = relationship()
    standard: Mapped[ApprenticeshipStandard] = relationship()
    cohort: Mapped[ApprenticeshipCohort | None] = relationship()
    levy_account: Mapped[LevyAccount | None] = relationship()
    transfer_application: Mapped[TransferApplication | None] = relationship()
    history: Mapped[list[ApprenticeStatusChange]] = relationship(
        back_populates="apprentice", order_by="(ApprenticeStatusChange.effective_on, "
        "ApprenticeStatusChange.id)", cascade="all, delete-orphan")

    __table_args__ = (
        UniqueConstraint("user_id", "standard_id", "start_on"),
        CheckConstraint("planned_end_on > start_on", name="ends_after_start"),
        CheckConstraint("training_price >= 0 AND assessment_price >= 0 AND funded_price >= 0",
                        name="prices"),
        CheckConstraint("funding_source != 'own_levy' OR levy_account_id IS NOT NULL",
                        name="own_levy_has_account"),
        CheckConstraint(
            "funding_source != 'transfer' OR "
            "(transfer_application_id IS NOT NULL AND levy_account_id IS NOT NULL)",
            name="transfer_has_application"),
        CheckConstraint("planned_otj_hours >= 0 AND otj_hours_logged >= 0", name="hours"),
        Index("ix_apprentice_employer_status", "employer_id", "status"),
    )

    @property
    def total_price(self) -> Decimal:
        return self.training_price + self.assessment_price

    @property
    def employer_excess(self) -> Decimal:
        return self.total_price - self.funded_price

    @property
    def is_in_learning(self) -> bool:
        return self.status.in_learning

    @property
    def breaks(self) -> list[tuple[date, date | None]]:
        return rules.breaks_from_history([(c.status.value, c.effective_on) for c in self.history])


class ApprenticeStatusChange(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("apprentice.id"), index=True)
    status: Mapped[ApprenticeStatus] = enum_column(ApprenticeStatus, "apprentice_status_change")
    effective_on: Mapped[date]
    reason: Mapped[str | None] = mapped_column(String(300))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    apprentice: Mapped[Apprentice] = relationship(back_populates="history")
    recorded_by: Mapped[User | None] = relationship()


class OffTheJobEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("apprentice.id"), index=True)
    worked_on: Mapped[date]
    hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    activity: Mapped[str] = mapped_column(String(200))
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    logged_at: Mapped[datetime] = mapped_column(default=utcnow)

    logged_by: Mapped[User | None] = relationship()

    __table_args__ = (CheckConstraint("hours > 0 AND hours <= 60", name="hours_range"),)


class ProgressReview(db.Model):
    """A three-way review: the apprentice, the employer and the provider, each signing."""

    id: Mapped[int] = mapped_column(primary_key=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("apprentice.id"), index=True)
    held_on: Mapped[date]
    employer_representative: Mapped[str] = mapped_column(String(120))
    provider_representative: Mapped[str] = mapped_column(String(120))
    progress: Mapped[str | None] = mapped_column(Text)
    actions: Mapped[str | None] = mapped_column(Text)
    otj_hours_at_review: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    next_review_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    recorded_by: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint("next_review_on > held_on", name="next_after_held"),
        Index("ix_progress_review_apprentice_held", "apprentice_id", "held_on"),
    )


class GatewayCheck(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("apprentice.id"), index=True)
    item: Mapped[str] = mapped_column(String(40))
    done_on: Mapped[date]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    __table_args__ = (UniqueConstraint("apprentice_id", "item"),)


class AssessmentAttempt(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("apprentice.id"), index=True)
    assessment_organisation: Mapped[str] = mapped_column(String(200))
    booked_for: Mapped[date]
    result: Mapped[AssessmentResult | None] = enum_column(AssessmentResult, "assessment_result")
    result_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("(result IS NULL) = (result_on IS NULL)", name="result_has_date"),
    )


class ReviewReminder(db.Model):
    """A reminder sent for one review due date, so the daily job never sends it twice."""

    id: Mapped[int] = mapped_column(primary_key=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("apprentice.id"), index=True)
    due_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("apprentice_id", "due_on", "kind"),)


