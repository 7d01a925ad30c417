"""Factories for apprenticeships and the levy (flush, never commit), a seeded world, and two
partners with their apprentices for the page tests (committed: the pages read them)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from sqlalchemy import select

from academy.extensions import db
from academy.people.roles import Role
from academy.talent.apprenticeships import reference, services
from academy.talent.apprenticeships.models import (
    Apprentice,
    ApprenticeshipCohort,
    ApprenticeshipStandard,
    ApprenticeStatus,
    ApprenticeStatusChange,
    FundingSource,
    StandardStatus,
)
from academy.talent.levy.models import LevyAccount
from academy.timekeeping import today
from tests.factories import Base, OrganisationFactory, TeamFactory, UserFactory


def seeded() -> dict[str, ApprenticeshipStandard]:
    """The shipped standards and funding rules, by reference."""
    reference.seed_reference_data()
    return {s.reference: s for s in db.session.scalars(select(ApprenticeshipStandard))}


class StandardFactory(Base):
    class Meta:
        model = ApprenticeshipStandard

    reference = factory.Sequence(lambda n: f"ST9{n:03d}")
    title = factory.Sequence(lambda n: f"Standard {n}")
    level = 3
    typical_duration_months = 18
    max_funding_band = Decimal("12000.00")
    status = StandardStatus.APPROVED
    confidence = "official: test"


class CohortFactory(Base):
    class Meta:
        model = ApprenticeshipCohort

    name = factory.Sequence(lambda n: f"Cohort {n}")


class LevyAccountFactory(Base):
    class Meta:
        model = LevyAccount

    organisation = factory.SubFactory(OrganisationFactory, is_levy_payer=True)
    english_percent = Decimal(100)
    opened_on = date(2023, 1, 1)


class ApprenticeFactory(Base):
    """A live apprentice paid from the employer's own levy account."""

    class Meta:
        model = Apprentice

    person = factory.SubFactory(UserFactory)
    employer = factory.SelfAttribute("person.employer")
    standard = factory.SubFactory(StandardFactory)
    standard_version = "1.0"
    provider_name = "Wakefield College"
    provider_ukprn = "10007299"
    assessment_organisation = "Highfield Assessment"
    start_on = date(2025, 9, 1)
    planned_end_on = date(2027, 2, 28)
    training_price = Decimal("10800.00")
    assessment_price = Decimal("1200.00")
    funded_price = Decimal("12000.00")
    funding_source = FundingSource.OWN_LEVY
    levy_account = factory.SubFactory(
        LevyAccountFactory, organisation=factory.SelfAttribute("..employer"))
    planned_otj_hours = 400
    status = ApprenticeStatus.LIVE

    @factory.post_generation
    def with_history(self, create, extracted, **kwargs):
        self.history.append(ApprenticeStatusChange(status=self.status, effective_on=self.start_on))
        db.session.flush()


def setup_partners() -> dict:
    """Two levy-paying partners with a coordinator, a manager and three apprentices between
    them, and the partnership's pool lead."""
    standards = seeded()
    trust = OrganisationFactory(name="Trust", short_name="Trust", is_levy_payer=True)
    council = OrganisationFactory(name="Council", short_name="Council", is_levy_payer=True)
    trust_account = LevyAccountFactory(organisation=trust, opened_on=date(2024, 1, 1))
    council_account = LevyAccountFactory(organisation=council, opened_on=date(2024, 1, 1))
    team = TeamFactory(organisation=trust)
    manager = UserFactory(employer=trust, roles=[(Role.MANAGER, trust)])
    team.manager_id = manager.id
    in_team = ApprenticeFactory(person__employer=trust, person__team=team, employer=trust,
                                levy_account=trust_account, standard=standards["ST0827"],
                                person__given_name="Tina", person__family_name="Teamwork")
    elsewhere = ApprenticeFactory(person__employer=trust, employer=trust,
                                  levy_account=trust_account, standard=standards["ST0216"],
                                  person__given_name="Olu", person__family_name="Other")
    councils = ApprenticeFactory(person__employer=council, employer=council,
                                 levy_account=council_account, standard=standards["ST0005"],
                                 person__given_name="Cara", person__family_name="Council")
    coordinator = UserFactory(employer=trust, roles=[(Role.APPRENTICESHIP_COORDINATOR, trust)])
    pool_lead = UserFactory(roles=[Role.APPRENTICESHIP_COORDINATOR])
    services.refresh_all(today())
    db.session.commit()
    return dict(standards=standards, trust=trust, council=council, manager=manager,
                in_team=in_team, elsewhere=elsewhere, councils=councils, coordinator=coordinator,
                pool_lead=pool_lead, trust_account=trust_account, council_account=council_account)
