"""The mentoring blueprint and what its views share: loading objects (404) and asking (403)."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from academy.extensions import db
from academy.mentoring import permissions
from academy.mentoring.models import (
    MatchProposal,
    MatchRun,
    MentoringApplication,
    MentoringCohort,
    MentoringPartnership,
    MentoringProgramme,
)

bp = Blueprint("mentoring", __name__, url_prefix="/mentoring")


def require_coordinator() -> None:
    if not permissions.is_mentoring_coordinator(current_user):
        abort(403)


def get_programme(programme_id: int) -> MentoringProgramme:
    programme = db.session.get(MentoringProgramme, programme_id) or abort(404)
    if not permissions.can_manage_mentoring_programme(current_user, programme):
        abort(403)
    return programme


def get_cohort(cohort_id: int) -> MentoringCohort:
    """A cohort the current user coordinates."""
    cohort = db.session.get(MentoringCohort, cohort_id) or abort(404)
    if not permissions.can_manage_mentoring_cohort(current_user, cohort):
        abort(403)
    return cohort


def get_run(run_id: int) -> MatchRun:
    run = db.session.get(MatchRun, run_id) or abort(404)
    if not permissions.can_manage_mentoring_cohort(current_user, run.cohort):
        abort(403)
    return run


def get_proposal(proposal_id: int) -> MatchProposal:
    proposal = db.session.get(MatchProposal, proposal_id) or abort(404)
    if not permissions.can_manage_mentoring_cohort(current_user, proposal.run.cohort):
        abort(403)
    return proposal


def get_application(application_id: int) -> MentoringApplication:
    application = db.session.get(MentoringApplication, application_id) or abort(404)
    if not permissions.can_view_mentoring_application(current_user, application):
        abort(403)
    return application


def get_partnership(partnership_id: int, *, partners_only: bool = False) -> MentoringPartnership:
    """A partnership the current user may see; partners_only: one of its two partners."""
    partnership = db.session.get(MentoringPartnership, partnership_id) or abort(404)
    allowed = (permissions.is_in_pair(current_user, partnership) if partners_only
               else permissions.can_view_mentoring_partnership(current_user, partnership))
    if not allowed:
        abort(403)
    return partnership
