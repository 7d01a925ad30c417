"""Mentoring: programmes, cohorts, applications, matching runs, partnerships, meetings, feedback."""

from academy.mentoring.models.enums import (
    FEEDBACK_QUESTIONS,
    MEETING_FORMATS,
    UNMATCHED_REASONS,
    ApplicationStatus,
    CohortStatus,
    DecisionKind,
    FeedbackStage,
    MeetingMode,
    PartnershipStatus,
    ProgrammeKind,
    Response,
    Side,
)
from academy.mentoring.models.matching import MatchProposal, MatchRun, PairDecision
from academy.mentoring.models.partnerships import (
    MentoringFeedback,
    MentoringMeeting,
    MentoringNote,
    MentoringPartnership,
)
from academy.mentoring.models.programmes import (
    MentoringApplication,
    MentoringCohort,
    MentoringConflict,
    MentoringGoal,
    MentoringProgramme,
    application_goal,
)

__all__ = [
    "FEEDBACK_QUESTIONS", "MEETING_FORMATS", "UNMATCHED_REASONS", "ApplicationStatus",
    "CohortStatus", "DecisionKind", "FeedbackStage", "MatchProposal", "MatchRun", "MeetingMode",
    "MentoringApplication", "MentoringCohort", "MentoringConflict", "MentoringFeedback",
    "MentoringGoal", "MentoringMeeting", "MentoringNote", "MentoringPartnership",
    "MentoringProgramme", "PairDecision", "PartnershipStatus", "ProgrammeKind", "Response", "Side",
    "application_goal",
]
