"""Who may do what in the learning needs analysis; views, templates and services ask these."""

from __future__ import annotations

from academy.lna.models import AssessmentRound, SelfAssessment
from academy.people.models import User
from academy.people.permissions import manages
from academy.people.roles import Role


def learning_lead_scopes(user: User) -> set[int | None]:
    """Organisations the user leads learning for; None in the set means the whole partnership."""
    if not user.is_authenticated:
        return set()
    return user.role_scopes(Role.LEARNING_LEAD)


def leads_learning_for_partnership(user: User) -> bool:
    return None in learning_lead_scopes(user)


def report_organisation_ids(user: User) -> set[int] | None:
    """The organisations whose answers the user may read in reports; None means every partner."""
    scopes = learning_lead_scopes(user)
    if None in scopes:
        return None
    return {s for s in scopes if s is not None}


def can_use_lna_admin(user: User) -> bool:
    """Learning leads see frameworks, role profiles, rounds and reports."""
    return bool(learning_lead_scopes(user))


def can_manage_competency_frameworks(user: User) -> bool:
    """Frameworks and role profiles are shared by every partner: partnership learning leads
    change them."""
    return leads_learning_for_partnership(user)


def can_manage_competency_mappings(user: User) -> bool:
    """Which competencies of different frameworks are the same is shared by every partner, like
    the frameworks themselves."""
    return leads_learning_for_partnership(user)


def can_manage_role_profiles(user: User) -> bool:
    return leads_learning_for_partnership(user)


def can_create_round(user: User) -> bool:
    return can_use_lna_admin(user)


def _round_organisation_ids(round_: AssessmentRound) -> set[int]:
    return {o.id for o in round_.organisations}


def can_manage_round(user: User, round_: AssessmentRound) -> bool:
    """A partnership lead manages every round; an organisation's lead, rounds within their own
    organisations only."""
    if leads_learning_for_partnership(user):
        return True
    own = report_organisation_ids(user) or set()
    scope = _round_organisation_ids(round_)
    return bool(scope) and scope <= own


def can_edit_round(user: User, round_: AssessmentRound) -> bool:
    """A round is changed (and opened) while it is a draft, by a lead who manages it."""
    return round_.is_draft and can_manage_round(user, round_)


def can_close_round(user: User, round_: AssessmentRound) -> bool:
    """An opened round (open, or waiting for its opening day) may be closed early."""
    return round_.is_closable and can_manage_round(user, round_)


def can_view_round_reports(user: User, round_: AssessmentRound) -> bool:
    """Reports of a round that reaches any of the lead's organisations (only their part shows)."""
    if leads_learning_for_partnership(user):
        return True
    own = report_organisation_ids(user) or set()
    if not own:
        return False
    scope = _round_organisation_ids(round_)
    return not scope or bool(scope & own)


def can_answer_assessment(user: User, assessment: SelfAssessment) -> bool:
    """Only the person rates themselves."""
    return user.is_authenticated and assessment.user_id == user.id


def can_change_answers(user: User, assessment: SelfAssessment) -> bool:
    return (
        can_answer_assessment(user, assessment)
        and not assessment.is_submitted
        and assessment.round.is_open
    )


def can_validate_assessments(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.MANAGER)


def can_validate_assessment(user: User, assessment: SelfAssessment) -> bool:
    """The person's manager (anywhere up the line or over their team), never the person."""
    return (
        can_validate_assessments(user)
        and assessment.user_id != user.id
        and manages(user, assessment.user)
    )
