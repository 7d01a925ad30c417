"""The levy: accounts with their declarations and transactions, pledges and transfer
applications. The tables keep the names they had when they lived with apprenticeships."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

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
from academy.people.models import Organisation, enum_column
from academy.timekeeping import utcnow

if TYPE_CHECKING:
    from academy.talent.apprenticeships.models import ApprenticeshipStandard

Money = Numeric(12, 2)
Percent = Numeric(5, 2)


class TransactionKind(enum.StrEnum):
    FUNDS_IN = "funds_in"
    TOP_UP = "top_up"
    INSTALMENT = "instalment"
    BALANCING = "balancing"
    COMPLETION = "completion"

    @property
    def is_credit(self) -> bool:
        return self in (TransactionKind.FUNDS_IN, TransactionKind.TOP_UP)


class PledgeStatus(LabelledEnum):
    OPEN = "open"
    CLOSED = "closed"


class ApplicationStatus(LabelledEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"




class LevyAccount(db.Model):
    """A levy-paying partner's apprenticeship service account."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), unique=True)
    english_percent: Mapped[Decimal] = mapped_column(Percent, default=Decimal(100),
                                                     server_default="100")
    opened_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()

    __table_args__ = (
        CheckConstraint("english_percent > 0 AND english_percent <= 100", name="english_percent"),
    )


class Pledge(db.Model):
    """Levy funds a partner offers to others in a tax year, with who may apply."""

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("levy_account.id"), index=True)
    tax_year: Mapped[int]
    amount: Mapped[Decimal] = mapped_column(Money)
    recipient_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id"), index=True)
    organisation_types: Mapped[list] = mapped_column(JSON, default=list)
    levels: Mapped[list] = mapped_column(JSON, default=list)
    location: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[PledgeStatus] = enum_column(PledgeStatus, "pledge_status",
                                               default=PledgeStatus.OPEN)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    account: Mapped[LevyAccount] = relationship()
    recipient: Mapped[Organisation | None] = relationship()
    applications: Mapped[list[TransferApplication]] = relationship(
        back_populates="pledge", order_by="TransferApplication.submitted_at")

    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    @property
    def is_open(self) -> bool:
        """Open to new applications."""
        return self.status is PledgeStatus.OPEN


class TransferApplication(db.Model):
    """A partner's request for transferred funds: against a pledge, or an open need to the pool."""

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int | None] = mapped_column(ForeignKey("pledge.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("apprenticeship_standard.id"), index=True)
    apprentices_count: Mapped[int]
    amount: Mapped[Decimal] = mapped_column(Money)
    planned_start_on: Mapped[date]
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ApplicationStatus] = enum_column(
        ApplicationStatus, "application_status", default=ApplicationStatus.SUBMITTED)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)

    pledge: Mapped[Pledge | None] = relationship(back_populates="applications")
    organisation: Mapped[Organisation] = relationship()
    standard: Mapped[ApprenticeshipStandard] = relationship()

    __table_args__ = (
        CheckConstraint("amount > 0 AND apprentices_count > 0", name="amount_positive"),
        CheckConstraint("status != 'approved' OR pledge_id IS NOT NULL", name="approved_has_pledge"),
    )

    @property
    def is_submitted(self) -> bool:
        """Waiting for a decision."""
        return self.status is ApplicationStatus.SUBMITTED




class LevyDeclaration(db.Model):
    """The levy an employer declared for one payroll month."""

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("levy_account.id"), index=True)
    payroll_month: Mapped[date]
    levy_declared: Mapped[Decimal] = mapped_column(Money)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("account_id", "payroll_month"),
        CheckConstraint("levy_declared >= 0", name="not_negative"),
    )


class LevyTransaction(db.Model):
    """Money into or out of a levy account in a month. Credits carry the month they expire in
    (by the rule in force when they entered); payments name the apprentice, and the receiving
    employer when the payment is a transfer."""

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("levy_account.id"))
    month: Mapped[date]
    kind: Mapped[TransactionKind] = enum_column(TransactionKind, "levy_transaction_kind")
    amount: Mapped[Decimal] = mapped_column(Money)
    expires_month: Mapped[date | None]
    declaration_id: Mapped[int | None] = mapped_column(ForeignKey("levy_declaration.id"),
                                                       index=True)
    apprentice_id: Mapped[int | None] = mapped_column(ForeignKey("apprentice.id"), index=True)
    counterparty_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("declaration_id", "kind"),
        UniqueConstraint("apprentice_id", "month", "kind"),
        CheckConstraint("amount >= 0", name="not_negative"),
        CheckConstraint(
            "(kind IN ('funds_in', 'top_up')) = (expires_month IS NOT NULL)", name="credit_expires"),
        Index("ix_levy_transaction_account_month", "account_id", "month"),
    )
