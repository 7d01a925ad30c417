"""Joint induction: programmes, new starters' inductions, evidence, sign-off, recognition rules,
passport share links and Open Badges."""

from academy.induction.models.enums import (
    DONE_STATUSES,
    AcceptFrom,
    EvidenceRequirement,
    InductionStatus,
    ItemKind,
    ItemStatus,
    KnowledgeShown,
    ReviewDecision,
)
from academy.induction.models.inductions import (
    CARE_CERTIFICATE_DUE_DAYS,
    Evidence,
    Induction,
    InductionItem,
    InductionProgramme,
    ItemReview,
    ProgrammeItem,
    RecognitionRule,
    induction_assessor,
)
from academy.induction.models.passport import BadgeSource, OpenBadge, PassportShare

__all__ = [
    "CARE_CERTIFICATE_DUE_DAYS", "DONE_STATUSES", "AcceptFrom", "BadgeSource", "Evidence",
    "EvidenceRequirement", "Induction", "InductionItem", "InductionProgramme", "InductionStatus",
    "ItemKind", "ItemReview", "ItemStatus", "KnowledgeShown", "OpenBadge", "PassportShare",
    "ProgrammeItem", "RecognitionRule", "ReviewDecision", "induction_assessor",
]
