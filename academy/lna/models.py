"""Learning needs analysis: frameworks, competencies, role profiles, rounds, self-assessments, plans.

A rating keeps the person's own level and their manager's level side by side; its gap and
weighted gap are worked out by academy.lna.gaps whenever either changes, so that reports only
add up stored numbers.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import LabelledEnum
from academy.extensions import db
from academy.lna.gaps import LearningMethod, Priority
from academy.lna.rules import RoundStatus
from academy.people.models import JobRole, Organisation, Team, User, enum_column
from academy.timekeeping import utcnow


class CompetencyFramework(db.Model):
    __tablename__ = "lna_framework"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    domains: Mapped[list[FrameworkDomain]] = relationship(
        back_populates="framework", order_by="FrameworkDomain.position",
        cascade="all, delete-orphan",
    )

    def __str__(self) -> str:
        return self.name


class FrameworkDomain(db.Model):
    """A group of competencies within a framework; each becomes one page of the self-assessment."""

    __tablename__ = "lna_domain"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("lna_framework.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    framework: Mapped[CompetencyFramework] = relationship(back_populates="domains")
    competencies: Mapped[list[Competency]] = relationship(
        back_populates="domain", order_by="Competency.position"
    )

    __table_args__ = (UniqueConstraint("framework_id", "name"),)


class Competency(db.Model):
    """A competency; its code is unique across frameworks because the catalogue links to it."""

    __tablename__ = "lna_competency"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("lna_framework.id"), index=True)
    domain_id: Mapped[int] = mapped_column(ForeignKey("lna_domain.id"), index=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    framework: Mapped[CompetencyFramework] = relationship()
    domain: Mapped[FrameworkDomain] = relationship(back_populates="competencies")
    descriptors: Mapped[list[CompetencyDescriptor]] = relationship(
        back_populates="competency", order_by="CompetencyDescriptor.level",
        cascade="all, delete-orphan", lazy="selectin",
    )

    def descriptor(self, level: int) -> str | None:
        for item in self.descriptors:
            if item.level == level:
                return item.text
        return None

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CompetencyMapping(db.Model):
    """Two competencies of different frameworks that are the same thing (a Care Certificate
    standard and the core skill it maps to): a self-assessment asks them once.

    A pair is kept once, the lower competency id first, so that it reads both ways and cannot
    be recorded twice; a competency is never the same as itself.
    """

    __tablename__ = "lna_competency_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("lna_competency.id"), index=True)
    same_as_id: Mapped[int] = mapped_column(ForeignKey("lna_competency.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    competency: Mapped[Competency] = relationship(foreign_keys=[competency_id])
    same_as: Mapped[Competency] = relationship(foreign_keys=[same_as_id])

    __table_args__ = (
        UniqueConstraint("competency_id", "same_as_id"),
        CheckConstraint("competency_id < same_as_id", name="pair_kept_once"),
    )

    @property
    def pair(self) -> tuple[Competency, Competency]:
        """The two competencies to show, by their frameworks' names (the order they are asked)."""
        first, second = sorted((self.competency, self.same_as),
                               key=lambda c: (c.framework.name, c.code))
        return first, second


def asking_order() -> tuple:
    """The order a self-assessment asks its competencies in: by framework, domain, then
    competency (the first of competencies that are the same is the one asked)."""
    return (CompetencyFramework.name, FrameworkDomain.position, Competency.position, Competency.code)


class CompetencyDescriptor(db.Model):
    """What a level of the proficiency scale means for one competency (levels 1 to 4)."""

    __tablename__ = "lna_competency_descriptor"

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("lna_competency.id"), index=True)
    level: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(Text)

    competency: Mapped[Competency] = relationship(back_populates="descriptors")

    __table_args__ = (
        UniqueConstraint("competency_id", "level"),
        CheckConstraint("level BETWEEN 1 AND 4", name="level_on_scale"),
    )


class RoleProfile(db.Model):
    """The competencies a job role needs: one profile per job role."""

    __tablename__ = "lna_role_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_role_id: Mapped[int] = mapped_column(ForeignKey("job_role.id"), unique=True)
    notes: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    job_role: Mapped[JobRole] = relationship()
    requirements: Mapped[list[RoleRequirement]] = relationship(
        back_populates="profile", cascade="all, delete-orphan"
    )


class RoleRequirement(db.Model):
    __tablename__ = "lna_role_requirement"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("lna_role_profile.id"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("lna_competency.id"), index=True)
    required_level: Mapped[int] = mapped_column(SmallInteger)
    is_essential: Mapped[bool] = mapped_column(default=True, server_default="1")

    profile: Mapped[RoleProfile] = relationship(back_populates="requirements")
    competency: Mapped[Competency] = relationship()

    __table_args__ = (
        UniqueConstraint("profile_id", "competency_id"),
        CheckConstraint("required_level BETWEEN 1 AND 4", name="required_level_on_scale"),
    )


round_organisation = db.Table(
    "lna_round_organisation",
    db.Column("round_id", ForeignKey("lna_round.id"), primary_key=True),
    db.Column("organisation_id", ForeignKey("organisation.id"), primary_key=True, index=True),
)
round_team = db.Table(
    "lna_round_team",
    db.Column("round_id", ForeignKey("lna_round.id"), primary_key=True),
    db.Column("team_id", ForeignKey("team.id"), primary_key=True, index=True),
)
round_job_role = db.Table(
    "lna_round_job_role",
    db.Column("round_id", ForeignKey("lna_round.id"), primary_key=True),
    db.Column("job_role_id", ForeignKey("job_role.id"), primary_key=True, index=True),
)
round_framework = db.Table(
    "lna_round_framework",
    db.Column("round_id", ForeignKey("lna_round.id"), primary_key=True),
    db.Column("framework_id", ForeignKey("lna_framework.id"), primary_key=True, index=True),
)


class RoundStaffGroup(db.Model):
    __tablename__ = "lna_round_staff_group"

    round_id: Mapped[int] = mapped_column(ForeignKey("lna_round.id"), primary_key=True)
    staff_group: Mapped[str] = mapped_column(String(80), primary_key=True)


class AssessmentRound(db.Model):
    """One learning needs analysis: who is asked (the scope), about what, and when.

    An empty organisation list means every partner (partnership learning leads only); the other
    scope lists narrow it when they are not empty. Teams include every team beneath them.
    """

    __tablename__ = "lna_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    reminder_every_days: Mapped[int] = mapped_column(SmallInteger, default=7, server_default="7")
    status: Mapped[RoundStatus] = enum_column(
        RoundStatus, "lna_round_status", default=RoundStatus.DRAFT
    )
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    created_by: Mapped[User] = relationship()
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=round_organisation, order_by="Organisation.name"
    )
    teams: Mapped[list[Team]] = relationship(secondary=round_team, order_by="Team.name")
    job_roles: Mapped[list[JobRole]] = relationship(
        secondary=round_job_role, order_by="JobRole.name"
    )
    frameworks: Mapped[list[CompetencyFramework]] = relationship(
        secondary=round_framework, order_by="CompetencyFramework.name"
    )
    staff_group_rows: Mapped[list[RoundStaffGroup]] = relationship(
        cascade="all, delete-orphan", order_by="RoundStaffGroup.staff_group"
    )

    __table_args__ = (
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
        CheckConstraint("reminder_every_days >= 1", name="reminder_interval_positive"),
    )

    @property
    def staff_groups(self) -> list[str]:
        return [row.staff_group for row in self.staff_group_rows]

    @property
    def is_draft(self) -> bool:
        return self.status == RoundStatus.DRAFT

    @property
    def is_open(self) -> bool:
        """Open for answers: invitations and reminders go out."""
        return self.status == RoundStatus.OPEN

    @property
    def is_closable(self) -> bool:
        """Opened by its lead (open now, or waiting for its opening day) and not yet closed."""
        return self.status in (RoundStatus.OPEN, RoundStatus.SCHEDULED)

    @property
    def has_answers(self) -> bool:
        """Open or closed: people have been asked, so the reports have something to show."""
        return self.status in (RoundStatus.OPEN, RoundStatus.CLOSED)

    def __str__(self) -> str:
        return self.name


class AssessmentStatus(LabelledEnum):
    INVITED = "invited", "Not started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class SelfAssessment(db.Model):
    """One person's part in a round: invited, answering, submitted, then validated by a manager.

    Where the person worked when invited is kept here, so that reports stay as they were
    when people move on.
    """

    __tablename__ = "lna_self_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("lna_round.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    job_role_id: Mapped[int] = mapped_column(ForeignKey("job_role.id"), index=True)
    staff_group: Mapped[str] = mapped_column(String(80))
    status: Mapped[AssessmentStatus] = enum_column(
        AssessmentStatus, "lna_assessment_status", default=AssessmentStatus.INVITED
    )
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    notified_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    validated_at: Mapped[datetime | None]
    validated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    round: Mapped[AssessmentRound] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organisation: Mapped[Organisation] = relationship()
    team: Mapped[Team | None] = relationship()
    job_role: Mapped[JobRole] = relationship()
    validated_by: Mapped[User | None] = relationship(foreign_keys=[validated_by_id])
    ratings: Mapped[list[CompetencyRating]] = relationship(
        back_populates="self_assessment", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("round_id", "user_id"),
        Index("ix_lna_self_assessment_round_status", "round_id", "status"),
        CheckConstraint(
            "validated_at IS NULL OR submitted_at IS NOT NULL", name="validated_after_submission"
        ),
    )

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED

    @property
    def is_in_progress(self) -> bool:
        return self.status == AssessmentStatus.IN_PROGRESS


class CompetencyRating(db.Model):
    """One competency in one self-assessment: the requirement as it stood, and both ratings.

    A competency mapped to one asked earlier in the same self-assessment is not asked again:
    answered_with names the rating that is asked, and the answer and the manager's level are
    written to both by academy.lna.services.assessments alone (each keeps its own required
    level and gap). Which ratings share an answer is settled when the person starts.
    """

    __tablename__ = "lna_rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    self_assessment_id: Mapped[int] = mapped_column(ForeignKey("lna_self_assessment.id"))
    round_id: Mapped[int] = mapped_column(ForeignKey("lna_round.id"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("lna_competency.id"), index=True)
    answered_with_id: Mapped[int | None] = mapped_column(ForeignKey("lna_rating.id"), index=True)
    required_level: Mapped[int] = mapped_column(SmallInteger)
    is_essential: Mapped[bool]
    self_level: Mapped[int | None] = mapped_column(SmallInteger)
    priority: Mapped[Priority | None] = enum_column(Priority, "lna_priority", nullable=True)
    preferred_method: Mapped[LearningMethod | None] = enum_column(
        LearningMethod, "lna_learning_method", nullable=True
    )
    comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None]
    manager_level: Mapped[int | None] = mapped_column(SmallInteger)
    manager_comment: Mapped[str | None] = mapped_column(Text)
    validated_at: Mapped[datetime | None]
    gap: Mapped[int | None] = mapped_column(SmallInteger)
    weighted_gap: Mapped[int | None] = mapped_column(SmallInteger)

    self_assessment: Mapped[SelfAssessment] = relationship(back_populates="ratings")
    competency: Mapped[Competency] = relationship()
    answered_with: Mapped[CompetencyRating | None] = relationship(remote_side=[id])

    __table_args__ = (
        UniqueConstraint("self_assessment_id", "competency_id"),
        CheckConstraint("required_level BETWEEN 1 AND 4", name="required_on_scale"),
        CheckConstraint("self_level IS NULL OR self_level BETWEEN 0 AND 4", name="self_on_scale"),
        CheckConstraint(
            "manager_level IS NULL OR manager_level BETWEEN 0 AND 4", name="manager_on_scale"
        ),
        CheckConstraint("gap IS NULL OR gap >= 0", name="gap_not_negative"),
    )


class AssessmentReminder(db.Model):
    """A reminder sent for one self-assessment in one reminder period, so none is sent twice."""

    __tablename__ = "lna_reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    self_assessment_id: Mapped[int] = mapped_column(ForeignKey("lna_self_assessment.id"))
    period: Mapped[int] = mapped_column(SmallInteger)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("self_assessment_id", "period"),)


class LearningPlan(db.Model):
    """What a person chose to do about their gaps after a round."""

    __tablename__ = "lna_learning_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    self_assessment_id: Mapped[int] = mapped_column(
        ForeignKey("lna_self_assessment.id"), unique=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    items: Mapped[list[LearningPlanItem]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="LearningPlanItem.id"
    )


class LearningPlanItem(db.Model):
    __tablename__ = "lna_learning_plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("lna_learning_plan.id"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("lna_competency.id"), index=True)
    # The catalogue course chosen, if any; a plain id so the plan outlives a withdrawn course.
    course_id: Mapped[int | None]
    method: Mapped[LearningMethod | None] = enum_column(
        LearningMethod, "lna_plan_method", nullable=True
    )
    target_on: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[LearningPlan] = relationship(back_populates="items")
    competency: Mapped[Competency] = relationship()

    __table_args__ = (UniqueConstraint("plan_id", "competency_id"),)
