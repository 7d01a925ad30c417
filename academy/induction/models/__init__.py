"""Joint induction: programmes, new starters' inductions, evidence, sign-off, recognition rules,
passport share links and Open Badges."""

from academy.induction.models.inductions import (
    CARE_CERTIFICATE_DUE_DAYS,
    DONE_STATUSES,
    AcceptFrom,
    Evidence,
    EvidenceRequirement,
    Induction,
    InductionItem,
    InductionProgramme,
    InductionStatus,
    ItemKind,
    ItemReview,
    ItemStatus,
    KnowledgeShown,
    ProgrammeItem,
    RecognitionRule,
    ReviewDecision,
    induction_assessor,
)
from academy.induction.models.passport import BadgeSource, OpenBadge, PassportShare

__all__ = [
    "CARE_CERTIFICATE_DUE_DAYS", "DONE_STATUSES", "AcceptFrom", "BadgeSource", "Evidence",
    "EvidenceRequirement", "Induction", "InductionItem", "InductionProgramme", "InductionStatus",
    "ItemKind", "ItemReview", "ItemStatus", "KnowledgeShown", "OpenBadge", "PassportShare",
    "ProgrammeItem", "RecognitionRule", "ReviewDecision", "induction_assessor",
]
