"""Matching: the coordinator's pair decisions, the solver's runs and the pairs they propose."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.extensions import db
from academy.mentoring.models.enums import DecisionKind
from academy.mentoring.models.programmes import MentoringApplication, MentoringCohort
from academy.people.models import User, enum_column
from academy.timekeeping import utcnow


class PairDecision(db.Model):
    """The coordinator's lock on a pair (kept through re-runs) or ban on it (never proposed)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("mentoring_cohort.id"), index=True)
    partner_application_id: Mapped[int] = mapped_column(ForeignKey("mentoring_application.id"), index=True)
    leader_application_id: Mapped[int] = mapped_column(ForeignKey("mentoring_application.id"), index=True)
    kind: Mapped[DecisionKind] = enum_column(DecisionKind, "mentoring_decision_kind")
    note: Mapped[str | None] = mapped_column(String(300))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    partner_application: Mapped[MentoringApplication] = relationship(foreign_keys=[partner_application_id])
    leader_application: Mapped[MentoringApplication] = relationship(foreign_keys=[leader_application_id])

    __table_args__ = (
        UniqueConstraint("cohort_id", "partner_application_id", "leader_application_id"),
        # A partner is locked to one leader at most.
        Index("uq_pair_decision_one_lock", "partner_application_id", unique=True,
              sqlite_where=text("kind = 'locked'"), postgresql_where=text("kind = 'locked'")),
    )

    @property
    def is_locked(self) -> bool:
        """A lock (kept through re-runs) rather than a ban."""
        return self.kind == DecisionKind.LOCKED


class MatchRun(db.Model):
    """One run of the solver for a cohort: its settings, its quality figures, who was left out."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("mentoring_cohort.id"), index=True)
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    run_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    figures: Mapped[dict] = mapped_column(JSON, default=dict)
    unmatched: Mapped[list] = mapped_column(JSON, default=list)  # [{application_id, reason, detail}]
    seconds: Mapped[float] = mapped_column(default=0.0)
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    cohort: Mapped[MentoringCohort] = relationship()
    run_by: Mapped[User | None] = relationship(foreign_keys=[run_by_id])
    proposals: Mapped[list[MatchProposal]] = relationship(
        back_populates="run", order_by="MatchProposal.score.desc()", cascade="all, delete-orphan"
    )


class MatchProposal(db.Model):
    """A pair the run proposes, with its score, the reasons that add up to it, and runners-up."""

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_run.id", ondelete="CASCADE"), index=True)
    partner_application_id: Mapped[int] = mapped_column(ForeignKey("mentoring_application.id"), index=True)
    leader_application_id: Mapped[int] = mapped_column(ForeignKey("mentoring_application.id"), index=True)
    score: Mapped[float]
    reasons: Mapped[list] = mapped_column(JSON, default=list)  # [{factor, label, points, most, detail}]
    # [{side, application_id, score, note}]: the best others for each of the two
    alternatives: Mapped[list] = mapped_column(JSON, default=list)
    is_locked: Mapped[bool] = mapped_column(default=False, server_default="0")

    run: Mapped[MatchRun] = relationship(back_populates="proposals")
    partner_application: Mapped[MentoringApplication] = relationship(foreign_keys=[partner_application_id])
    leader_application: Mapped[MentoringApplication] = relationship(foreign_keys=[leader_application_id])

    __table_args__ = (UniqueConstraint("run_id", "partner_application_id"),)
