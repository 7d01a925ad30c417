"""What the mentoring views share: loading an object (404) and asking who may see it (403)."""

from __future__ import annotations

from flask import abort

from academy.mentoring import permissions
from academy.mentoring.models import (
    MatchProposal,
    MatchRun,
    MentoringApplication,
    MentoringCohort,
    MentoringPartnership,
    MentoringProgramme,
)
from academy.reports.exports import FORMATS
from academy.web import load_or_404


def get_programme(programme_id: int) -> MentoringProgramme:
    return load_or_404(MentoringProgramme, programme_id, permissions.can_manage_mentoring_programme)


def get_cohort(cohort_id: int) -> MentoringCohort:
    """A cohort the current user coordinates."""
    return load_or_404(MentoringCohort, cohort_id, permissions.can_manage_mentoring_cohort)


def get_run(run_id: int) -> MatchRun:
    return load_or_404(MatchRun, run_id,
                       lambda user, run: permissions.can_manage_mentoring_cohort(user, run.cohort))


def get_proposal(proposal_id: int) -> MatchProposal:
    return load_or_404(MatchProposal, proposal_id, lambda user, proposal:
                       permissions.can_manage_mentoring_cohort(user, proposal.run.cohort))


def get_application(application_id: int) -> MentoringApplication:
    return load_or_404(MentoringApplication, application_id,
                       permissions.can_view_mentoring_application)


def get_partnership(partnership_id: int, *, partners_only: bool = False) -> MentoringPartnership:
    """A partnership the current user may see; partners_only: one of its two partners."""
    return load_or_404(MentoringPartnership, partnership_id,
                       permissions.is_in_pair if partners_only
                       else permissions.can_view_mentoring_partnership)


def known_format(export_format: str) -> str:
    """An export format the platform writes (404 for any other)."""
    if export_format not in FORMATS:
        abort(404)
    return export_format
