"""The demo gives every mentoring journey something real: the coordinator, both demo partners."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from academy.extensions import db
from academy.mentoring import demo as mentoring_demo
from academy.mentoring.models import (
    CohortStatus,
    MatchRun,
    MentoringApplication,
    MentoringCohort,
    MentoringMeeting,
    MentoringNote,
    MentoringPartnership,
    PartnershipStatus,
)
from academy.people import demo as people_demo
from academy.people.models import User
from academy.timekeeping import today


def test_demo_has_an_open_cohort_of_120_a_running_one_and_a_closed_one(app):
    rng = random.Random(3)
    people = people_demo.build(400, rng, today())
    built = mentoring_demo.build(rng, today(), people)
    assert built["mentoring_pairs"] > 0
    cohorts = {c.name: c for c in db.session.scalars(select(MentoringCohort))}
    assert cohorts["Cohort 3"].status == CohortStatus.OPEN
    assert cohorts["Cohort 2"].status == CohortStatus.RUNNING
    assert cohorts["Cohort 1"].status == CohortStatus.CLOSED
    applicants = db.session.scalar(select(func.count()).select_from(MentoringApplication).where(
        MentoringApplication.cohort_id == cohorts["Cohort 3"].id))
    assert applicants == 120
    # The coordinator has a run of the open cohort to review.
    assert db.session.scalar(select(func.count()).select_from(MatchRun).where(
        MatchRun.cohort_id == cohorts["Cohort 3"].id)) == 1

    grace = db.session.scalar(select(User).where(User.email == mentoring_demo.PARTNER_EMAIL))
    stephen = db.session.scalar(select(User).where(User.email == mentoring_demo.LEADER_EMAIL))
    pair = db.session.scalar(select(MentoringPartnership).where(
        MentoringPartnership.partner_id == grace.id))
    assert pair.leader_id == stephen.id and pair.status == PartnershipStatus.ACTIVE
    assert pair.cohort_id == cohorts["Cohort 2"].id
    meetings = db.session.scalars(select(MentoringMeeting.id).where(
        MentoringMeeting.partnership_id == pair.id)).all()
    authors = set(db.session.scalars(select(MentoringNote.author_id).where(
        MentoringNote.meeting_id.in_(meetings))))
    assert len(meetings) >= 4 and authors == {grace.id, stephen.id}
    assert sum(r["points"] for r in pair.reasons) == pytest.approx(pair.score, abs=1e-9)
