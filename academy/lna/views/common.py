"""Loading helpers shared by the LNA pages: load (404), then ask a predicate (403)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from academy.extensions import db
from academy.lna import permissions
from academy.lna.models import AssessmentRound, CompetencyFramework, SelfAssessment


def require(allowed: bool) -> None:
    if not allowed:
        abort(403)


def get_framework(framework_id: int) -> CompetencyFramework:
    framework = db.session.get(CompetencyFramework, framework_id) or abort(404)
    require(permissions.can_use_lna_admin(current_user))
    return framework


def get_round(round_id: int, predicate=permissions.can_manage_round) -> AssessmentRound:
    round_ = db.session.get(AssessmentRound, round_id) or abort(404)
    require(predicate(current_user, round_))
    return round_


def get_own_assessment(self_assessment_id: int) -> SelfAssessment:
    assessment = db.session.get(SelfAssessment, self_assessment_id) or abort(404)
    require(permissions.can_answer_assessment(current_user, assessment))
    return assessment
