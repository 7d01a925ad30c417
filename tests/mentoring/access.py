"""Mentoring's part of the access table, and the objects its routes' URL values point at.

The member of staff has applied to an open cohort (as the partner from an under-represented
group) and is in a partnership under way in a running cohort, with a meeting and a private note
of their own. The coordinator's run, proposal and forbidden pair are in the open cohort. A
partnership's pages are its two partners' (the other partner is not among the roles here); a
note is its writer's alone: the coordinator gets 403 on it like everyone else.
"""

from __future__ import annotations

from datetime import timedelta

from academy.extensions import db
from academy.mentoring.models import CohortStatus, DecisionKind, PairDecision, Side
from academy.mentoring.services import matchmaking
from academy.timekeeping import today
from tests.factories import OrganisationFactory, UserFactory
from tests.mentoring.factories import (
    ApplicationFactory,
    CohortFactory,
    GoalFactory,
    MeetingFactory,
    NoteFactory,
    PartnershipFactory,
    ProgrammeFactory,
)

SIGNED_IN = "signed_in"


def only(*roles: str) -> frozenset[str]:
    return frozenset(roles)


COORDINATOR = only("mentoring_coordinator")
APPLICANT = only("staff")  # the owner of the application
PARTNER = only("staff")  # one of the pair
PAIR_AND_COORDINATOR = only("staff", "mentoring_coordinator")

ACCESS: dict[tuple[str, str], object] = {
    ("mentoring.index", "GET"): SIGNED_IN,
    # Applying: anyone may apply to an open cohort.
    ("mentoring.apply", "GET"): SIGNED_IN,
    ("mentoring.apply", "POST"): SIGNED_IN,
    ("mentoring.application", "GET"): only("staff", "mentoring_coordinator"),
    ("mentoring.application", "POST"): APPLICANT,
    ("mentoring.application_withdraw", "GET"): APPLICANT,
    ("mentoring.application_withdraw", "POST"): APPLICANT,
    # The partnership: both partners; the coordinator sees dates and counts.
    ("mentoring.partnership", "GET"): PAIR_AND_COORDINATOR,
    ("mentoring.partnership_accept", "POST"): PARTNER,
    ("mentoring.partnership_rematch", "GET"): PARTNER,
    ("mentoring.partnership_rematch", "POST"): PARTNER,
    ("mentoring.partnership_goals", "POST"): PARTNER,
    ("mentoring.meeting_new", "GET"): PARTNER,
    ("mentoring.meeting_new", "POST"): PARTNER,
    ("mentoring.meeting_note_new", "GET"): PARTNER,
    ("mentoring.meeting_note_new", "POST"): PARTNER,
    # A private note: its writer only, never the coordinator.
    ("mentoring.note", "GET"): PARTNER,
    ("mentoring.note", "POST"): PARTNER,
    ("mentoring.feedback", "GET"): PARTNER,
    ("mentoring.feedback", "POST"): PARTNER,
    ("mentoring.partnership_close", "GET"): PAIR_AND_COORDINATOR,
    ("mentoring.partnership_close", "POST"): PAIR_AND_COORDINATOR,
    # Coordinating.
    ("mentoring.programmes", "GET"): COORDINATOR,
    ("mentoring.programme_new", "GET"): COORDINATOR,
    ("mentoring.programme_new", "POST"): COORDINATOR,
    ("mentoring.programme", "GET"): COORDINATOR,
    ("mentoring.programme", "POST"): COORDINATOR,
    ("mentoring.goals", "GET"): COORDINATOR,
    ("mentoring.goals", "POST"): COORDINATOR,
    ("mentoring.goal_active", "POST"): COORDINATOR,
    ("mentoring.cohort_new", "GET"): COORDINATOR,
    ("mentoring.cohort_new", "POST"): COORDINATOR,
    ("mentoring.cohort", "GET"): COORDINATOR,
    ("mentoring.cohort_edit", "GET"): COORDINATOR,
    ("mentoring.cohort_edit", "POST"): COORDINATOR,
    ("mentoring.cohort_status", "POST"): COORDINATOR,
    ("mentoring.close_applications", "GET"): COORDINATOR,
    ("mentoring.applications", "GET"): COORDINATOR,
    ("mentoring.applications_export", "GET"): COORDINATOR,
    ("mentoring.application_decline", "GET"): COORDINATOR,
    ("mentoring.application_decline", "POST"): COORDINATOR,
    ("mentoring.run_matching", "POST"): COORDINATOR,
    ("mentoring.run", "GET"): COORDINATOR,
    ("mentoring.run_export", "GET"): COORDINATOR,
    ("mentoring.proposal", "GET"): COORDINATOR,
    ("mentoring.decision_new", "POST"): COORDINATOR,
    ("mentoring.decision_remove", "POST"): COORDINATOR,
    ("mentoring.run_publish", "GET"): COORDINATOR,
    ("mentoring.run_publish", "POST"): COORDINATOR,
    ("mentoring.partnerships", "GET"): COORDINATOR,
    ("mentoring.report", "GET"): COORDINATOR,
    ("mentoring.report_export", "GET"): COORDINATOR,
}


def world(users, subject, organisation) -> dict:
    staff = users["staff"]
    programme = ProgrammeFactory()
    goal = GoalFactory()
    elsewhere = OrganisationFactory()
    # An open cohort: the member of staff and two senior leaders have applied.
    cohort = CohortFactory(programme=programme, status=CohortStatus.OPEN)
    mine = ApplicationFactory(cohort=cohort, user=staff, side=Side.PARTNER, goals=[goal])
    leaders = [
        ApplicationFactory(cohort=cohort, side=Side.LEADER, goals=[goal],
                           user=UserFactory(employer=elsewhere))
        for _ in range(2)
    ]
    run = matchmaking.run_matching(cohort, actor=users["mentoring_coordinator"])
    decision = PairDecision(cohort_id=cohort.id, partner_application_id=mine.id,
                            leader_application_id=leaders[1].id, kind=DecisionKind.FORBIDDEN)
    db.session.add(decision)
    # A running cohort: the member of staff's partnership is under way.
    running = CohortFactory(programme=programme, status=CohortStatus.RUNNING,
                            opens_on=today() - timedelta(days=120),
                            closes_on=today() - timedelta(days=90),
                            matching_on=today() - timedelta(days=80),
                            starts_on=today() - timedelta(days=70))
    partnership = PartnershipFactory(
        cohort=running,
        partner_application=ApplicationFactory(cohort=running, user=staff, goals=[goal]),
        leader_application=ApplicationFactory(cohort=running, side=Side.LEADER, goals=[goal],
                                              user=UserFactory(employer=elsewhere)),
    )
    meeting = MeetingFactory(partnership=partnership)
    note = NoteFactory(meeting=meeting, author_id=staff.id)
    db.session.flush()
    return {"mentoring": {
        "programme_id": programme.id,
        "cohort_id": cohort.id,
        "application_id": mine.id,
        "run_id": run.id,
        "proposal_id": run.proposals[0].id,
        "decision_id": decision.id,
        "goal_id": goal.id,
        "partnership_id": partnership.id,
        "meeting_id": meeting.id,
        "note_id": note.id,
        "stage": "midpoint",
        "export_format": "csv",
    }}
