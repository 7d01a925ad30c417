"""Published pairs: the partnership, its meetings, private notes and feedback questionnaires."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.extensions import db
from academy.mentoring.models.enums import FeedbackStage, PartnershipStatus, Response, Side
from academy.mentoring.models.programmes import MentoringApplication, MentoringCohort
from academy.people.models import User, enum_column
from academy.timekeeping import utcnow


class MentoringPartnership(db.Model):
    """A published pair: both told, each accepts or asks to be re-matched; then they meet."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("mentoring_cohort.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("match_run.id"), index=True)
    partner_application_id: Mapped[int] = mapped_column(ForeignKey("mentoring_application.id"), index=True)
    leader_application_id: Mapped[int] = mapped_column(ForeignKey("mentoring_application.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    score: Mapped[float]
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[PartnershipStatus] = enum_column(
        PartnershipStatus, "mentoring_partnership_status", default=PartnershipStatus.AWAITING
    )
    partner_response: Mapped[Response] = enum_column(
        Response, "mentoring_partner_response", default=Response.PENDING
    )
    leader_response: Mapped[Response] = enum_column(
        Response, "mentoring_leader_response", default=Response.PENDING
    )
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_on: Mapped[date | None]  # when both had accepted
    agreed_goals: Mapped[str] = mapped_column(Text, default="")
    goals_updated_at: Mapped[datetime | None]
    rematch_reason: Mapped[str | None] = mapped_column(String(500))
    rematch_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    closed_on: Mapped[date | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    closure_note: Mapped[str | None] = mapped_column(Text)
    completed: Mapped[bool | None]  # at closure: ran its course (True) or ended early (False)
    midpoint_requested_at: Mapped[datetime | None]
    end_requested_at: Mapped[datetime | None]
    last_nudged_on: Mapped[date | None]

    cohort: Mapped[MentoringCohort] = relationship()
    partner: Mapped[User] = relationship(foreign_keys=[partner_id])
    leader: Mapped[User] = relationship(foreign_keys=[leader_id])
    partner_application: Mapped[MentoringApplication] = relationship(foreign_keys=[partner_application_id])
    leader_application: Mapped[MentoringApplication] = relationship(foreign_keys=[leader_application_id])

    __table_args__ = (
        # A partner is in one live pair per cohort; a re-matched pair frees them.
        Index("uq_partnership_partner_live", "partner_application_id", unique=True,
              sqlite_where=text("status <> 'rematch'"),
              postgresql_where=text("status <> 'rematch'")),
        CheckConstraint("partner_id <> leader_id", name="two_people"),
    )

    @property
    def is_awaiting(self) -> bool:
        """Published and waiting for both partners to accept."""
        return self.status == PartnershipStatus.AWAITING

    @property
    def is_active(self) -> bool:
        """Both accepted: the partnership is under way."""
        return self.status == PartnershipStatus.ACTIVE

    @property
    def is_rematched(self) -> bool:
        """Ended before it started: one of them asked to be re-matched."""
        return self.status == PartnershipStatus.REMATCH

    def response_of(self, user_id: int) -> Response | None:
        """The partner's answer to the match (None for someone outside the pair)."""
        side = self.side_of(user_id)
        if side is None:
            return None
        return self.partner_response if side == Side.PARTNER else self.leader_response

    def side_of(self, user_id: int) -> Side | None:
        if user_id == self.partner_id:
            return Side.PARTNER
        if user_id == self.leader_id:
            return Side.LEADER
        return None

    def other(self, user_id: int) -> User:
        return self.leader if user_id == self.partner_id else self.partner

    def other_side(self, user_id: int) -> Side:
        """The side of the person's partner in the pair."""
        return Side.LEADER if user_id == self.partner_id else Side.PARTNER


class MentoringMeeting(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("mentoring_partnership.id"), index=True)
    met_on: Mapped[date]
    mode: Mapped[str] = mapped_column(String(20))  # in_person, video, phone
    minutes: Mapped[int]
    logged_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    partnership: Mapped[MentoringPartnership] = relationship()
    logged_by: Mapped[User] = relationship()

    __table_args__ = (
        CheckConstraint("minutes BETWEEN 5 AND 600", name="minutes_in_range"),
        Index("ix_meeting_partnership_met_on", "partnership_id", "met_on"),
    )


class MentoringNote(db.Model):
    """A partner's private note on a meeting: only its writer ever sees it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("mentoring_meeting.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    meeting: Mapped[MentoringMeeting] = relationship()

    __table_args__ = (UniqueConstraint("meeting_id", "author_id"),)


class MentoringFeedback(db.Model):
    """One partner's answers to the mid-point or end questionnaire (ratings from 1 to 5)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("mentoring_partnership.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    side: Mapped[Side] = enum_column(Side, "mentoring_feedback_side")
    stage: Mapped[FeedbackStage] = enum_column(FeedbackStage, "mentoring_feedback_stage")
    relationship_rating: Mapped[int]
    learning_rating: Mapped[int]
    change_rating: Mapped[int]
    recommend_rating: Mapped[int]
    comments: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("partnership_id", "author_id", "stage"),
        CheckConstraint(
            "relationship_rating BETWEEN 1 AND 5 AND learning_rating BETWEEN 1 AND 5 AND "
            "change_rating BETWEEN 1 AND 5 AND recommend_rating BETWEEN 1 AND 5",
            name="ratings_in_range",
        ),
    )
