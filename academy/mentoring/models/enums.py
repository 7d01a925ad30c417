"""The kinds and statuses of mentoring, with the words they are shown in, and the fixed lists
(meeting formats, the feedback questionnaire)."""

from __future__ import annotations

import enum

from academy.enums import LabelledEnum


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
