"""Factories for fellowships: a cohort that began 20 months ago and ended two months ago."""

from __future__ import annotations

from datetime import timedelta

import factory

from academy.people.roles import Role
from academy.talent.fellowships import rules
from academy.talent.fellowships.models import (
    Fellow,
    FellowshipCohort,
    FellowshipProgramme,
    Placement,
)
from academy.timekeeping import today
from tests.factories import Base, OrganisationFactory, UserFactory


def lead():
    return UserFactory(roles=[Role.FELLOWSHIP_LEAD])


class ProgrammeFactory(Base):
    class Meta:
        model = FellowshipProgramme

    name = factory.Sequence(lambda n: f"Fellowship {n}")


class CohortFactory(Base):
    class Meta:
        model = FellowshipCohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = factory.LazyFunction(lambda: rules.months_after(today(), -20))
    placement_starts_on = factory.LazyAttribute(lambda o: rules.months_after(o.starts_on, 6))
    ends_on = factory.LazyAttribute(lambda o: rules.placement_ends(o.placement_starts_on))


class FellowFactory(Base):
    class Meta:
        model = Fellow

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(UserFactory)
    employer_id = factory.SelfAttribute("person.employer_id")
    baseline_job_role_id = factory.SelfAttribute("person.job_role_id")


class PlacementFactory(Base):
    class Meta:
        model = Placement

    fellow = factory.SubFactory(FellowFactory)
    host_id = factory.LazyFunction(lambda: OrganisationFactory().id)
    project = "Discharge to assess"
    starts_on = factory.LazyAttribute(lambda o: o.fellow.cohort.placement_starts_on)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=364))
