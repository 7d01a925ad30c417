"""Fellowships' part of the access table, and the objects its routes' URL values point at.

The fellowship lead runs everything. The member of staff is a fellow of a cohort, with the coach
as their coach and the subject as their mentor: the fellow, their coach and the lead see the
fellow's page; only the lead sees money and changes anything.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from academy.extensions import db
from academy.talent.fellowships.models import (
    BackfillPayment,
    CohortMilestone,
    Fellow,
    FellowshipCohort,
    FellowshipProgramme,
    MilestoneKind,
    Placement,
)
from tests.factories import OrganisationFactory

SIGNED_IN = "signed_in"


def only(*roles: str) -> frozenset[str]:
    return frozenset(roles)


LEAD = only("fellowship_lead")

ACCESS: dict[tuple[str, str], object] = {
    # The lead sees programmes; anyone else sees their own fellowships (or how to join one).
    ("fellowships.index", "GET"): SIGNED_IN,
    ("fellowships.new_programme", "GET"): LEAD,
    ("fellowships.new_programme", "POST"): LEAD,
    ("fellowships.new_cohort", "GET"): LEAD,
    ("fellowships.new_cohort", "POST"): LEAD,
    ("fellowships.cohort", "GET"): LEAD,
    ("fellowships.add_fellow", "GET"): LEAD,
    ("fellowships.add_fellow", "POST"): LEAD,
    ("fellowships.add_milestone", "GET"): LEAD,
    ("fellowships.add_milestone", "POST"): LEAD,
    ("fellowships.cohort_report", "GET"): LEAD,
    ("fellowships.backfill_export", "GET"): LEAD,
    # The fellow's page: the fellow (staff), their coach and the lead (and their mentor).
    ("fellowships.fellow", "GET"): only("fellowship_lead", "staff", "coach"),
    ("fellowships.edit_fellow", "GET"): LEAD,
    ("fellowships.edit_fellow", "POST"): LEAD,
    ("fellowships.placement", "GET"): LEAD,
    ("fellowships.placement", "POST"): LEAD,
    ("fellowships.complete_milestone", "GET"): LEAD,
    ("fellowships.complete_milestone", "POST"): LEAD,
    ("fellowships.undo_milestone", "GET"): LEAD,
    ("fellowships.undo_milestone", "POST"): LEAD,
    ("fellowships.backfill", "GET"): LEAD,
    ("fellowships.backfill", "POST"): LEAD,
    ("fellowships.withdraw_fellow", "GET"): LEAD,
    ("fellowships.withdraw_fellow", "POST"): LEAD,
}


def world(users, subject, organisation) -> dict:
    programme = FellowshipProgramme(name="West Yorkshire Fellowship Programme")
    starts = date.today() - timedelta(days=200)
    cohort = FellowshipCohort(programme=programme, name="Cohort 1", starts_on=starts,
                              placement_starts_on=starts + timedelta(days=180),
                              ends_on=starts + timedelta(days=545))
    fellow = Fellow(cohort=cohort, person_id=users["staff"].id, employer_id=organisation.id,
                    coach_id=users["coach"].id, mentor_id=subject.id)
    milestone = CohortMilestone(cohort=cohort, kind=MilestoneKind.PROJECT_PLAN,
                                title="Project plan", due_on=starts + timedelta(days=210))
    host = OrganisationFactory()
    placement = Placement(fellow=fellow, host_id=host.id, project="Discharge to assess",
                          starts_on=cohort.placement_starts_on,
                          ends_on=cohort.placement_starts_on + timedelta(days=364))
    payment = BackfillPayment(fellow=fellow, month_on=cohort.placement_starts_on.replace(day=1),
                              amount=Decimal("650.00"), paid_to_id=organisation.id)
    db.session.add_all([programme, cohort, fellow, milestone, placement, payment])
    db.session.flush()
    return {
        "fellowships": {
            "programme_id": programme.id,
            "cohort_id": cohort.id,
            "fellow_id": fellow.id,
            "milestone_id": milestone.id,
        },
    }
