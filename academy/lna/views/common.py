"""Loading helpers shared by the LNA pages: load (404), then ask a predicate (403)."""

from __future__ import annotations

from academy.lna import permissions
from academy.lna.models import AssessmentRound, CompetencyFramework, SelfAssessment
from academy.web import load_or_404


def get_framework(framework_id: int) -> CompetencyFramework:
    return load_or_404(CompetencyFramework, framework_id,
                       lambda user, _: permissions.can_use_lna_admin(user))


def get_round(round_id: int, predicate=permissions.can_manage_round) -> AssessmentRound:
    return load_or_404(AssessmentRound, round_id, predicate)


def get_own_assessment(assessment_id: int) -> SelfAssessment:
    return load_or_404(SelfAssessment, assessment_id, permissions.can_answer_assessment)

