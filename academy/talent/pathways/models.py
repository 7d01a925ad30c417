"""Career pathways, their steps and requirements, and each person's target role."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import LabelledEnum
from academy.extensions import db
from academy.people.models import JobRole, User, enum_column
from academy.timekeeping import utcnow


class RequirementKind(LabelledEnum):
    COURSE = "course"
    STANDARD = "standard", "Apprenticeship"
    QUALIFICATION = "qualification"
    COMPETENCY = "competency", "Competency level"


class CareerPathway(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    steps: Mapped[list[PathwayStep]] = relationship(
        back_populates="pathway", order_by="PathwayStep.position", cascade="all, delete-orphan"
    )


class PathwayStep(db.Model):
    """A role on the pathway; what the step requires must be met to move into that role."""

    id: Mapped[int] = mapped_column(primary_key=True)
    pathway_id: Mapped[int] = mapped_column(ForeignKey("career_pathway.id"), index=True)
    position: Mapped[int]
    job_role_id: Mapped[int] = mapped_column(ForeignKey("job_role.id"), index=True)
    typical_months: Mapped[int] = mapped_column(default=0, server_default="0")
    note: Mapped[str] = mapped_column(Text, default="")

    pathway: Mapped[CareerPathway] = relationship(back_populates="steps")
    job_role: Mapped[JobRole] = relationship()
    requirements: Mapped[list[StepRequirement]] = relationship(
        back_populates="step", order_by="StepRequirement.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("pathway_id", "position"),
        UniqueConstraint("pathway_id", "job_role_id"),
        CheckConstraint("position >= 0", name="position_not_negative"),
        CheckConstraint("typical_months >= 0", name="months_not_negative"),
    )


class StepRequirement(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("pathway_step.id"), index=True)
    kind: Mapped[RequirementKind] = enum_column(RequirementKind, "requirement_kind")
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id"), index=True)
    standard_id: Mapped[int | None] = mapped_column(ForeignKey("apprenticeship_standard.id"), index=True)
    qualification: Mapped[str | None] = mapped_column(String(200))
    competency_code: Mapped[str | None] = mapped_column(String(40))
    level: Mapped[int | None]

    step: Mapped[PathwayStep] = relationship(back_populates="requirements")
    course = relationship("Course")
    standard = relationship("ApprenticeshipStandard")

    @property
    def required(self) -> str:
        """What the step requires, in words: the course, the standard, the competency at its
        level, or the qualification."""
        if self.kind == RequirementKind.COURSE:
            return self.course.title
        if self.kind == RequirementKind.STANDARD:
            return self.standard.title
        if self.kind == RequirementKind.COMPETENCY:
            return f"{self.competency_code} at level {self.level}"
        return self.qualification or ""

    __table_args__ = (
        CheckConstraint(
            "(kind = 'course' AND course_id IS NOT NULL)"
            " OR (kind = 'standard' AND standard_id IS NOT NULL)"
            " OR (kind = 'qualification' AND qualification IS NOT NULL)"
            " OR (kind = 'competency' AND competency_code IS NOT NULL AND level BETWEEN 1 AND 4)",
            name="kind_has_its_target",
        ),
    )


class CareerTarget(db.Model):
    """The role a person has chosen to aim for, on one pathway."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    pathway_id: Mapped[int] = mapped_column(ForeignKey("career_pathway.id"), index=True)
    job_role_id: Mapped[int] = mapped_column(ForeignKey("job_role.id"), index=True)
    set_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    pathway: Mapped[CareerPathway] = relationship()
    job_role: Mapped[JobRole] = relationship()

    __table_args__ = (Index("ix_career_target_pathway_role", "pathway_id", "job_role_id"),)
