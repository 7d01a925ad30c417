"""Mentoring: programmes, cohorts, applications, matching runs, partnerships, meetings, feedback."""

from __future__ import annotations

import enum
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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import LabelledEnum
from academy.extensions import db
from academy.people.models import Organisation, Site, User, enum_column
from academy.timekeeping import utcnow


class ProgrammeKind(LabelledEnum):
    RECIPROCAL = "reciprocal_mentoring", "Reciprocal mentoring"
    COACHING = "coaching", "Coaching"
    FELLOWSHIP = "fellowship_mentoring", "Fellowship mentoring"


class Side(enum.StrEnum):
    """The two sides of a pair. The programme names them (for reciprocal mentoring: the partner
    from an under-represented group, and the senior leader); PARTNER rows take one partner each,
    LEADER columns take up to their capacity."""

    PARTNER = "partner"
    LEADER = "leader"


class MeetingMode(LabelledEnum):
    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Virtually (video or phone)"
    EITHER = "either", "Either"


class CohortStatus(LabelledEnum):
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open for applications"  # taking applications
    MATCHING = "matching", "Matching"  # applications closed; the coordinator matches
    RUNNING = "running", "Running"  # pairs published; partnerships under way
    CLOSED = "closed", "Closed"

    @property
    def colour(self) -> str:
        """The colour of the cohort's status tag."""
        return {"planned": "grey", "open": "green", "matching": "blue", "running": "purple",
                "closed": "grey"}[self.value]

    @property
    def action(self) -> str | None:
        """The words of the button that moves a cohort into this status, if a coordinator may."""
        return {"open": "Open applications", "matching": "Close applications",
                "closed": "Close the cohort"}.get(self.value)


class ApplicationStatus(LabelledEnum):
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DECLINED = "declined", "Not taken forward"  # by the coordinator, with a reason

    @property
    def colour(self) -> str:
        """The colour of the application's status tag."""
        return {"submitted": "blue", "withdrawn": "grey", "declined": "red"}[self.value]


class DecisionKind(LabelledEnum):
    LOCKED = "locked"
    FORBIDDEN = "forbidden"


class PartnershipStatus(LabelledEnum):
    AWAITING = "awaiting", "Waiting for both to accept"  # published; waiting for both to accept
    ACTIVE = "active", "Under way"
    REMATCH = "rematch", "Re-match asked for"  # one of them asked to be matched again; ended
    CLOSED = "closed", "Closed"

    @property
    def colour(self) -> str:
        """The colour of the partnership's status tag."""
        return {"awaiting": "yellow", "active": "green", "rematch": "orange",
                "closed": "grey"}[self.value]


class Response(LabelledEnum):
    PENDING = "pending", "Not answered yet"
    ACCEPTED = "accepted", "Accepted"
    REMATCH = "rematch", "Asked to be re-matched"


class FeedbackStage(LabelledEnum):
    MIDPOINT = "midpoint", "Mid-point"
    END = "end", "End"


# Why someone was left unmatched (rules.Unmatched.reason), as the run page says it.
UNMATCHED_REASONS = {"no_allowed_partner": "No allowed partner", "places_taken": "Places taken"}


# How a meeting took place, as logged.
MEETING_FORMATS = {"in_person": "In person", "video": "Video call", "phone": "Phone call"}

# The questionnaire, mid-point and end alike: each answer from 1 (not at all) to 5 (very much).
FEEDBACK_QUESTIONS = {
    "relationship_rating": "How well do you and your partner work together?",
    "learning_rating": "How much have you learned from your partner?",
    "change_rating": "How much has the partnership changed what you do at work?",
    "recommend_rating": "How likely are you to recommend the programme to a colleague?",
}


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
