"""Factories for mentoring's tests: a programme, cohorts, applications and partnerships that flush."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from academy.mentoring.models import (
    ApplicationStatus,
    CohortStatus,
    MeetingMode,
    MentoringApplication,
    MentoringCohort,
    MentoringGoal,
    MentoringMeeting,
    MentoringNote,
    MentoringPartnership,
    MentoringProgramme,
    PartnershipStatus,
    ProgrammeKind,
    Response,
    Side,
)
from academy.people.roles import Role
from academy.timekeeping import today
from tests.factories import Base, UserFactory


class ProgrammeFactory(Base):
    class Meta:
        model = MentoringProgramme

    name = factory.Sequence(lambda n: f"Reciprocal mentoring {n}")
    kind = ProgrammeKind.RECIPROCAL
    partner_label = "Partner from an under-represented group"
    leader_label = "Senior leader"
    partner_eligibility = "You belong to a group under-represented in leadership."
    leader_eligibility = "You are a senior leader."
    allow_cross_organisation = True
    priority_groups = factory.LazyFunction(lambda: ["Black, Asian and minority ethnic", "Disabled"])


class GoalFactory(Base):
    class Meta:
        model = MentoringGoal

    name = factory.Sequence(lambda n: f"Goal {n}")


class CohortFactory(Base):
    class Meta:
        model = MentoringCohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    status = CohortStatus.OPEN
    opens_on = factory.LazyFunction(lambda: today() - timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: today() + timedelta(days=10))
    matching_on = factory.LazyFunction(lambda: today() + timedelta(days=12))
    starts_on = factory.LazyFunction(lambda: today() + timedelta(days=20))
    duration_months = 12
    meeting_interval_weeks = 4


class ApplicationFactory(Base):
    class Meta:
        model = MentoringApplication

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    side = Side.PARTNER
    status = ApplicationStatus.SUBMITTED
    eligibility_confirmed = True
    meeting_mode = MeetingMode.EITHER
    availability = 0b111
    interests = "community health, coaching"
    hopes_to_give = "Experience of the front line."
    hopes_to_gain = "Confidence to lead."
    capacity = 1


class PartnershipFactory(Base):
    class Meta:
        model = MentoringPartnership

    cohort = factory.SubFactory(CohortFactory, status=CohortStatus.RUNNING)
    partner_application = factory.SubFactory(
        ApplicationFactory, cohort=factory.SelfAttribute("..cohort"), side=Side.PARTNER)
    leader_application = factory.SubFactory(
        ApplicationFactory, cohort=factory.SelfAttribute("..cohort"), side=Side.LEADER)
    partner_id = factory.SelfAttribute("partner_application.user_id")
    leader_id = factory.SelfAttribute("leader_application.user_id")
    score = 50.0
    reasons = factory.LazyFunction(lambda: [
        {"factor": "goals", "label": "Shared goals", "points": 50.0, "most": 100, "detail": "All"}])
    status = PartnershipStatus.ACTIVE
    partner_response = Response.ACCEPTED
    leader_response = Response.ACCEPTED
    started_on = factory.LazyFunction(lambda: today() - timedelta(days=30))


class MeetingFactory(Base):
    class Meta:
        model = MentoringMeeting

    partnership = factory.SubFactory(PartnershipFactory)
    met_on = factory.LazyFunction(lambda: today() - timedelta(days=3))
    mode = "video"
    minutes = 60
    logged_by_id = factory.SelfAttribute("partnership.partner_id")


class NoteFactory(Base):
    class Meta:
        model = MentoringNote

    meeting = factory.SubFactory(MeetingFactory)
    author_id = factory.SelfAttribute("meeting.partnership.partner_id")
    text = "Something only I should read."


def coordinator(**kwargs):
    return UserFactory(roles=[Role.MENTORING_COORDINATOR], **kwargs)


def on(days: int) -> date:
    return today() + timedelta(days=days)
