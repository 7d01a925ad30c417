"""Reference data: importing the official list of standards, funding rule changes, cohorts."""

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.people.roles import Role
from academy.talent.apprenticeships import queries, reference
from academy.talent.apprenticeships.models import ApprenticeshipCohort, ApprenticeshipStandard
from tests.factories import OrganisationFactory, UserFactory
from tests.talent.apprenticeships.factories import seeded

TODAY = date(2026, 3, 16)


@pytest.fixture
def world(app):
    standards = seeded()
    trust = OrganisationFactory(name="Trust")
    return {"standards": standards, "trust": trust,
            "coordinator": UserFactory(employer=trust,
                                       roles=[(Role.APPRENTICESHIP_COORDINATOR, trust)])}


def test_seeding_twice_adds_nothing_the_second_time(world):
    assert reference.seed_reference_data() == {"standards": 0, "funding_rules": 0}
    assert world["standards"]["ST0217"].to_confirm and not world["standards"]["ST0216"].to_confirm


def test_importing_standards_is_all_or_nothing(world):
    pool_lead = UserFactory(roles=[Role.APPRENTICESHIP_COORDINATOR])
    before = world["standards"]["ST0217"].max_funding_band
    bad = ("Standard reference,Standard name,Level,Maximum funding (£),Typical duration\n"
           "ST0217,Senior healthcare support worker,3,\"£5,000\",18\n"
           "ST9999,Brand new standard,9,3000,12\n"
           "nonsense,,3,abc,\n")
    with pytest.raises(reference.StandardsImportError) as refused:
        reference.import_standards(bad, actor=pool_lead, today=TODAY)
    assert any(p.startswith("Row 3: The level") for p in refused.value.problems)
    assert any(p.startswith("Row 4:") and "reference" in p for p in refused.value.problems)
    assert world["standards"]["ST0217"].max_funding_band == before
    good = bad.splitlines()[:2] + ["ST9999,Brand new standard,4,3000,12"]
    summary = reference.import_standards("\n".join(good), actor=pool_lead, today=TODAY)
    assert (summary.created, summary.updated) == (1, 1)
    assert world["standards"]["ST0217"].max_funding_band == D("5000.00")
    assert world["standards"]["ST0217"].to_confirm is False  # confirmed by the official list
    assert db.session.scalar(select(ApprenticeshipStandard).where(
        ApprenticeshipStandard.reference == "ST9999")).level == 4
    with pytest.raises(NotAllowed):
        reference.import_standards("\n".join(good), actor=world["coordinator"], today=TODAY)


def test_funding_rule_changes_are_rows_with_dates(world):
    pool_lead = UserFactory(roles=[Role.APPRENTICESHIP_COORDINATOR])
    latest = queries.funding_rules()[-1]
    values = {c.key: getattr(latest, c.key) for c in latest.__table__.columns
              if c.key not in ("id", "created_at", "created_by_id")}
    values.update(effective_from=date(2027, 4, 1), name="April 2027", expiry_months=18)
    reference.add_funding_rule(values, actor=pool_lead)
    assert queries.rule_on(date(2027, 3, 31)).expiry_months == 12
    assert queries.rule_on(date(2027, 4, 1)).expiry_months == 18
    with pytest.raises(DomainError):
        reference.add_funding_rule(values, actor=pool_lead)
    with pytest.raises(NotAllowed):
        reference.add_funding_rule({**values, "effective_from": date(2028, 1, 1)},
                                  actor=world["coordinator"])


def test_cohorts_belong_to_a_partner_or_to_the_partnership(world):
    cohort = reference.create_cohort("Nursing associates 2026", world["trust"].id,
                                     date(2026, 9, 1), actor=world["coordinator"])
    assert db.session.get(ApprenticeshipCohort, cohort.id).organisation_id == world["trust"].id
    with pytest.raises(DomainError):
        reference.create_cohort("Nursing associates 2026", world["trust"].id, None,
                                actor=world["coordinator"])
    with pytest.raises(NotAllowed):
        reference.create_cohort("Everyone", None, None, actor=world["coordinator"])
    with pytest.raises(NotAllowed):
        reference.create_cohort("Elsewhere", OrganisationFactory().id, None,
                                actor=world["coordinator"])
    pool_lead = UserFactory(roles=[Role.APPRENTICESHIP_COORDINATOR])
    assert reference.create_cohort("Everyone", None, None, actor=pool_lead).organisation_id is None
