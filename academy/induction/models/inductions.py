"""Programmes, new starters' inductions, their items, evidence, sign-off and recognition rules."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
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
from academy.induction.models.enums import (
    AcceptFrom,
    EvidenceRequirement,
    InductionStatus,
    ItemKind,
    ItemStatus,
    KnowledgeShown,
    ReviewDecision,
)
from academy.induction.rules import add_months, is_overdue
from academy.people.models import JobRole, Organisation, OrganisationType, User, enum_column
from academy.timekeeping import utcnow

# The Care Certificate is normally completed within the first 12 weeks.
CARE_CERTIFICATE_DUE_DAYS = 84


class InductionProgramme(db.Model):
    """An employer's ordered induction items, for one job role or (job_role_id NULL) for all.

    organisation_id NULL is the district-wide programme used where an employer has none.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    job_role_id: Mapped[int | None] = mapped_column(ForeignKey("job_role.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation | None] = relationship()
    job_role: Mapped[JobRole | None] = relationship()
    items: Mapped[list[ProgrammeItem]] = relationship(
        back_populates="programme", order_by="ProgrammeItem.position",
        cascade="all, delete-orphan",
    )

    @property
    def scope_label(self) -> str:
        where = self.organisation.name if self.organisation else "District-wide"
        return f"{where}: {self.job_role.name if self.job_role else 'every job role'}"


class ProgrammeItem(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("induction_programme.id"), index=True)
    position: Mapped[int]
    kind: Mapped[ItemKind] = enum_column(ItemKind, "item_kind")
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[EvidenceRequirement] = enum_column(EvidenceRequirement, "evidence_requirement")
    due_days: Mapped[int]
    # What is achieved, the same across every partner's programme: recognition matches on it.
    subject_key: Mapped[str] = mapped_column(String(80))
    standard_number: Mapped[int | None]
    mandatory_subject_id: Mapped[int | None] = mapped_column(index=True)
    valid_for_months: Mapped[int | None]

    programme: Mapped[InductionProgramme] = relationship(back_populates="items")

    __table_args__ = (
        UniqueConstraint("programme_id", "subject_key"),
        CheckConstraint("due_days >= 0", name="due_days_not_negative"),
        CheckConstraint(
            f"kind <> 'care_certificate' OR due_days <= {CARE_CERTIFICATE_DUE_DAYS}",
            name="care_certificate_within_12_weeks",
        ),
        CheckConstraint(
            "kind <> 'care_certificate' OR standard_number BETWEEN 1 AND 16",
            name="care_certificate_standard_number",
        ),
        CheckConstraint("valid_for_months IS NULL OR valid_for_months > 0",
                        name="valid_for_months_positive"),
    )


induction_assessor = Table(
    "induction_assessor",
    db.metadata,
    Column("induction_id", ForeignKey("induction.id", ondelete="CASCADE"), primary_key=True),
    Column("assessor_id", ForeignKey("user.id"), primary_key=True, index=True),
)


class Induction(db.Model):
    """One person's induction with one employer: the programme's items, copied at the start."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("induction_programme.id", ondelete="SET NULL"), index=True
    )
    job_role_id: Mapped[int | None] = mapped_column(ForeignKey("job_role.id"), index=True)
    started_on: Mapped[date]
    status: Mapped[InductionStatus] = enum_column(
        InductionStatus, "induction_status", default=InductionStatus.IN_PROGRESS, index=True
    )
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    certificate_code: Mapped[str | None] = mapped_column(String(20), unique=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organisation: Mapped[Organisation] = relationship()
    programme: Mapped[InductionProgramme | None] = relationship()
    job_role: Mapped[JobRole | None] = relationship()
    started_by: Mapped[User | None] = relationship(foreign_keys=[started_by_id])
    items: Mapped[list[InductionItem]] = relationship(
        back_populates="induction", order_by="InductionItem.position",
        cascade="all, delete-orphan",
    )
    assessors: Mapped[list[User]] = relationship(secondary=induction_assessor, order_by=User.family_name)

    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id", "started_on"),
        CheckConstraint(
            "status <> 'completed' OR (completed_on IS NOT NULL AND certificate_code IS NOT NULL)",
            name="completed_has_certificate",
        ),
        CheckConstraint("completed_on IS NULL OR completed_on >= started_on",
                        name="completed_after_start"),
    )

    @property
    def is_in_progress(self) -> bool:
        return self.status == InductionStatus.IN_PROGRESS

    @property
    def is_completed(self) -> bool:
        return self.status == InductionStatus.COMPLETED

    @property
    def has_open_course_items(self) -> bool:
        """Some item still to do is done by completing its course in the catalogue."""
        return any(item.evidence.is_course and not item.is_done for item in self.items)


class InductionItem(db.Model):
    """One item of one person's induction, and where and how it was achieved."""

    id: Mapped[int] = mapped_column(primary_key=True)
    induction_id: Mapped[int] = mapped_column(ForeignKey("induction.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[ItemKind] = enum_column(ItemKind, "induction_item_kind")
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[EvidenceRequirement] = enum_column(
        EvidenceRequirement, "induction_item_evidence"
    )
    subject_key: Mapped[str] = mapped_column(String(80), index=True)
    standard_number: Mapped[int | None]
    mandatory_subject_id: Mapped[int | None] = mapped_column(index=True)
    valid_for_months: Mapped[int | None]
    due_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[ItemStatus] = enum_column(
        ItemStatus, "induction_item_status", default=ItemStatus.TO_DO, index=True
    )
    learner_note: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None]
    achieved_on: Mapped[date | None]
    # Where it was achieved and whose assessor signed it off; a recognised item keeps the
    # original's, so a chain of moves never loses where something was first proved.
    achieved_at_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id"), index=True
    )
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    assessed_by_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id"), index=True
    )
    recognised_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("induction_item.id"), index=True
    )
    recognised_by_rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("recognition_rule.id", ondelete="SET NULL"), index=True
    )
    course_completion_id: Mapped[int | None] = mapped_column(index=True)

    induction: Mapped[Induction] = relationship(back_populates="items")
    achieved_at: Mapped[Organisation | None] = relationship(foreign_keys=[achieved_at_organisation_id])
    assessed_by: Mapped[User | None] = relationship(foreign_keys=[assessed_by_id])
    assessed_by_organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[assessed_by_organisation_id]
    )
    recognised_from: Mapped[InductionItem | None] = relationship(remote_side=[id])
    evidence_files: Mapped[list[Evidence]] = relationship(
        back_populates="item", order_by="Evidence.uploaded_at", cascade="all, delete-orphan"
    )
    reviews: Mapped[list[ItemReview]] = relationship(
        back_populates="item", order_by="ItemReview.decided_at.desc()", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("induction_id", "subject_key"),
        CheckConstraint(
            "status NOT IN ('achieved', 'recognised') OR "
            "(achieved_on IS NOT NULL AND achieved_at_organisation_id IS NOT NULL)",
            name="done_has_date_and_place",
        ),
        CheckConstraint("status <> 'recognised' OR recognised_from_id IS NOT NULL "
                        "OR course_completion_id IS NOT NULL", name="recognised_has_source"),
        Index("ix_induction_item_open_due", "status", "due_on"),
    )

    @property
    def is_done(self) -> bool:
        return self.status.is_done

    @property
    def is_achieved(self) -> bool:
        return self.status == ItemStatus.ACHIEVED

    @property
    def is_recognised(self) -> bool:
        return self.status == ItemStatus.RECOGNISED

    @property
    def is_returned(self) -> bool:
        return self.status == ItemStatus.RETURNED

    def is_overdue(self, today: date) -> bool:
        return is_overdue(self.is_done, self.due_on, today)

    @property
    def how_achieved(self) -> str:
        """How a done item was achieved, as the certificate and the passport say it."""
        if self.course_completion_id is not None:
            return "Held: from the training record"
        if self.is_recognised:
            return "Recognised from an earlier employer"
        if self.assessed_by is not None:
            return f"Signed off by {self.assessed_by.name}"
        return "Completed"

    @property
    def expires_on(self) -> date | None:
        if self.achieved_on is None or self.valid_for_months is None:
            return None
        return add_months(self.achieved_on, self.valid_for_months)


class ItemReview(db.Model):
    """An assessor's decision on one item: signed off, or returned with feedback."""

    id: Mapped[int] = mapped_column(primary_key=True)
    induction_item_id: Mapped[int] = mapped_column(
        ForeignKey("induction_item.id", ondelete="CASCADE"), index=True
    )
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    decision: Mapped[ReviewDecision] = enum_column(ReviewDecision, "review_decision")
    knowledge_shown: Mapped[KnowledgeShown | None] = enum_column(
        KnowledgeShown, "knowledge_shown", nullable=True
    )
    observed_on: Mapped[date | None]
    comments: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[InductionItem] = relationship(back_populates="reviews")
    assessor: Mapped[User] = relationship()


class Evidence(db.Model):
    """An uploaded file, stored outside the web root under a generated name."""

    id: Mapped[int] = mapped_column(primary_key=True)
    induction_item_id: Mapped[int] = mapped_column(
        ForeignKey("induction_item.id", ondelete="CASCADE"), index=True
    )
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[InductionItem] = relationship(back_populates="evidence_files")
    uploaded_by: Mapped[User] = relationship()

    __table_args__ = (CheckConstraint("size_bytes > 0", name="not_empty"),)


class RecognitionRule(db.Model):
    """What a receiving partner accepts from elsewhere, for a kind of item or one subject.

    The partner owns its rules; the most specific rule for an item decides (a rule naming the
    subject beats a rule for its whole kind). With no rule, nothing is recognised.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    kind: Mapped[ItemKind] = enum_column(ItemKind, "recognition_kind")
    subject_key: Mapped[str | None] = mapped_column(String(80))
    accepts: Mapped[AcceptFrom] = enum_column(AcceptFrom, "accept_from")
    source_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    source_type: Mapped[OrganisationType | None] = enum_column(
        OrganisationType, "recognition_source_type", nullable=True
    )
    in_date_only: Mapped[bool] = mapped_column(default=True, server_default="1")
    max_age_days: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    source_organisation: Mapped[Organisation | None] = relationship(foreign_keys=[source_organisation_id])

    __table_args__ = (
        CheckConstraint("accepts <> 'named_partner' OR source_organisation_id IS NOT NULL",
                        name="named_partner_given"),
        CheckConstraint("accepts <> 'organisation_type' OR source_type IS NOT NULL",
                        name="source_type_given"),
        CheckConstraint("max_age_days IS NULL OR max_age_days > 0", name="max_age_positive"),
    )
