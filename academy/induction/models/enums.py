"""The induction's kinds, evidence requirements, statuses and decisions, each with its label."""

from __future__ import annotations

from academy.enums import LabelledEnum


class ItemKind(LabelledEnum):
    CARE_CERTIFICATE = "care_certificate", "Care Certificate standard"
    CORE_SKILL = "core_skill", "Core skill"
    WELCOME = "welcome", "District welcome"
    LOCAL = "local", "Employer's own item"


class EvidenceRequirement(LabelledEnum):
    KNOWLEDGE = "knowledge", "Knowledge: written or spoken answers"
    COMPETENCE = "competence", "Competence: observed in practice by an assessor"
    KNOWLEDGE_AND_COMPETENCE = ("knowledge_and_competence",
                                "Knowledge and competence: answers, then observed in practice")
    COURSE = "course", "Complete the linked course, or show a certificate from elsewhere"
    ATTENDANCE = "attendance", "Attend the session"

    @property
    def needs_knowledge(self) -> bool:
        return self in (EvidenceRequirement.KNOWLEDGE, EvidenceRequirement.KNOWLEDGE_AND_COMPETENCE)

    @property
    def needs_observation(self) -> bool:
        return self in (EvidenceRequirement.COMPETENCE, EvidenceRequirement.KNOWLEDGE_AND_COMPETENCE)

    @property
    def is_attendance(self) -> bool:
        return self == EvidenceRequirement.ATTENDANCE

    @property
    def is_course(self) -> bool:
        return self == EvidenceRequirement.COURSE

    @property
    def needs_date(self) -> bool:
        """Signing off asks for the day it was observed in practice, or the session attended."""
        return self.needs_observation or self.is_attendance


class InductionStatus(LabelledEnum):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed unfinished"  # ended unfinished: the person moved to another partner

    @property
    def colour(self) -> str:
        """The colour of the status tag."""
        return {"in_progress": "blue", "completed": "green", "closed": "grey"}[self.value]


class ItemStatus(LabelledEnum):
    TO_DO = "to_do", "To do"
    SUBMITTED = "submitted", "Waiting for sign-off"
    RETURNED = "returned", "Returned with feedback"
    ACHIEVED = "achieved", "Signed off"
    RECOGNISED = "recognised", "Recognised"

    @property
    def is_done(self) -> bool:
        return self in (ItemStatus.ACHIEVED, ItemStatus.RECOGNISED)

    @property
    def is_with_learner(self) -> bool:
        """Still the learner's to work on: not yet asked for sign-off, or returned to them."""
        return self in (ItemStatus.TO_DO, ItemStatus.RETURNED)

    @property
    def colour(self) -> str:
        """The colour of the status tag."""
        return {"to_do": "grey", "submitted": "blue", "returned": "orange", "achieved": "green",
                "recognised": "purple"}[self.value]


DONE_STATUSES = (ItemStatus.ACHIEVED, ItemStatus.RECOGNISED)


class ReviewDecision(LabelledEnum):
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned with feedback"


class KnowledgeShown(LabelledEnum):
    WRITTEN = "written", "Written answers (uploaded evidence)"
    SPOKEN = "spoken", "Spoken answers to the assessor's questions"


class AcceptFrom(LabelledEnum):
    ANY_PARTNER = "any_partner", "Any partner"
    NHS_PARTNER = "nhs_partner", "Only if assessed or achieved at an NHS partner"
    ORGANISATION_TYPE = "organisation_type", "Only from one kind of partner"
    NAMED_PARTNER = "named_partner", "Only from one named partner"
    NOTHING = "nothing", "Not accepted: always done again here"
