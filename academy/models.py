"""Every package's models in one place, so Alembic and create_all see the whole schema."""

from academy.audit.models import AuditEvent
from academy.courses.models import (
    ComplianceReminder,
    Course,
    CourseAudience,
    CourseCompetency,
    CoursePrerequisite,
    CourseSession,
    CourseSubject,
    Enrolment,
    PlaceReservation,
    Requirement,
    SessionQuota,
    SessionTrainer,
    Subject,
    TrainingImport,
    TrainingRecord,
)
from academy.holdings.models import Holding
from academy.induction.models import (
    Evidence,
    Induction,
    InductionItem,
    InductionProgramme,
    ItemReview,
    OpenBadge,
    PassportShare,
    ProgrammeItem,
    RecognitionRule,
)
from academy.jobs import JobRun
from academy.lna.models import (
    AssessmentReminder,
    AssessmentRound,
    Competency,
    CompetencyDescriptor,
    CompetencyFramework,
    CompetencyMapping,
    CompetencyRating,
    FrameworkDomain,
    LearningPlan,
    LearningPlanItem,
    RoleProfile,
    RoleRequirement,
    RoundStaffGroup,
    SelfAssessment,
)
from academy.mentoring.models import (
    MatchProposal,
    MatchRun,
    MentoringApplication,
    MentoringCohort,
    MentoringConflict,
    MentoringFeedback,
    MentoringGoal,
    MentoringMeeting,
    MentoringNote,
    MentoringPartnership,
    MentoringProgramme,
    PairDecision,
)
from academy.notifications.models import Notice, OutboxAttachment, OutboxMessage
from academy.people.identity.models import IdentityProvider
from academy.people.models import (
    EqualityProfile,
    JobHistory,
    JobRole,
    Organisation,
    PasswordResetToken,
    RoleAssignment,
    SignInSession,
    Site,
    Team,
    User,
)
from academy.people.transfers import TransferRequest
from academy.recommender.models import SuggestionDismissal
from academy.talent.apprenticeships.models import (
    Apprentice,
    ApprenticeshipCohort,
    ApprenticeshipStandard,
    ApprenticeStatusChange,
    AssessmentAttempt,
    FundingRule,
    GatewayCheck,
    OffTheJobEntry,
    ProgressReview,
    ReviewReminder,
)
from academy.talent.conversations.models import (
    Action,
    CoachAvailability,
    CoachBlock,
    CoachSlot,
    Conversation,
    ConversationRecord,
    Preparation,
    RecordAim,
)
from academy.talent.fellowships.models import (
    BackfillPayment,
    CohortMilestone,
    Fellow,
    FellowOutcome,
    FellowshipCohort,
    FellowshipProgramme,
    MilestoneCompletion,
    Placement,
)
from academy.talent.levy.models import (
    LevyAccount,
    LevyDeclaration,
    LevyTransaction,
    Pledge,
    TransferApplication,
)
from academy.talent.pathways.models import CareerPathway, CareerTarget, PathwayStep, StepRequirement

__all__ = [
    "CareerPathway",
    "CareerTarget",
    "PathwayStep",
    "StepRequirement",
    "SuggestionDismissal",
    "TransferRequest",
    "AuditEvent",
    "EqualityProfile",
    "Holding",
    "IdentityProvider",
    "JobHistory",
    "JobRole",
    "JobRun",
    "Notice",
    "Organisation",
    "OutboxAttachment",
    "OutboxMessage",
    "PasswordResetToken",
    "RoleAssignment",
    "SignInSession",
    "Site",
    "Team",
    "User",
]

__all__ += [
    "ComplianceReminder", "Course", "CourseAudience", "CourseCompetency", "CoursePrerequisite", "CourseSession",
    "CourseSubject", "Enrolment", "PlaceReservation", "Requirement", "SessionQuota",
    "SessionTrainer", "Subject", "TrainingImport", "TrainingRecord",
]

__all__ += [
    "MatchProposal", "MatchRun", "MentoringApplication", "MentoringCohort", "MentoringConflict",
    "MentoringFeedback", "MentoringGoal", "MentoringMeeting", "MentoringNote",
    "MentoringPartnership", "MentoringProgramme", "PairDecision",
]

__all__ += [
    "Action", "CoachAvailability", "CoachBlock", "CoachSlot", "Conversation",
    "ConversationRecord", "Preparation", "RecordAim",
]

__all__ += [
    "Evidence", "Induction", "InductionItem", "InductionProgramme", "ItemReview", "OpenBadge",
    "PassportShare", "ProgrammeItem", "RecognitionRule",
]

__all__ += [
    "AssessmentReminder", "AssessmentRound", "Competency", "CompetencyDescriptor",
    "CompetencyFramework", "CompetencyMapping", "CompetencyRating", "FrameworkDomain", "LearningPlan",
    "LearningPlanItem", "RoleProfile", "RoleRequirement", "RoundStaffGroup", "SelfAssessment",
]

__all__ += [
    "BackfillPayment", "CohortMilestone", "Fellow", "FellowOutcome", "FellowshipCohort",
    "FellowshipProgramme", "MilestoneCompletion", "Placement",
]

__all__ += [
    "Apprentice", "ApprenticeshipCohort", "ApprenticeshipStandard", "ApprenticeStatusChange",
    "AssessmentAttempt", "FundingRule", "GatewayCheck", "LevyAccount", "LevyDeclaration",
    "LevyTransaction", "OffTheJobEntry", "Pledge", "ProgressReview", "ReviewReminder",
    "TransferApplication",
]
from academy.people.staff_files.models import JobTitleMapping, StaffFileHeading, StaffImport  # noqa: E402,F401
from academy.privacy.models import Anonymisation, ErasureRequest  # noqa: E402,F401
