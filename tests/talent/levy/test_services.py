"""Levy accounts: declarations and the funds they bring, the transfer allowance, pledges, transfers."""

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.models import Notice
from academy.people.models import OrganisationType
from academy.people.roles import Role
from academy.talent.levy import services
from academy.talent.levy.models import (
    ApplicationStatus,
    LevyTransaction,
    PledgeStatus,
    TransactionKind,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.talent.apprenticeships.factories import LevyAccountFactory, seeded

TODAY = date(2026, 11, 20)


@pytest.fixture
def world(app):
    standards = seeded()
    trust = OrganisationFactory(name="Trust", is_levy_payer=True)
    account = LevyAccountFactory(organisation=trust, opened_on=date(2024, 1, 1))
    care_home = OrganisationFactory(name="Care home", type=OrganisationType.CARE_PROVIDER)
    return {
        "standards": standards, "trust": trust, "account": account, "care_home": care_home,
        "coordinator": UserFactory(employer=trust, roles=[(Role.APPRENTICESHIP_COORDINATOR, trust)]),
        "care_coordinator": UserFactory(employer=care_home,
                                        roles=[(Role.APPRENTICESHIP_COORDINATOR, care_home)]),
        "pool_lead": UserFactory(roles=[Role.APPRENTICESHIP_COORDINATOR]),
    }


def credits(account):
    return db.session.execute(
        select(LevyTransaction.month, LevyTransaction.kind, LevyTransaction.amount,
               LevyTransaction.expires_month)
        .where(LevyTransaction.account_id == account.id).order_by(LevyTransaction.id)).all()


def test_funds_enter_the_month_after_with_the_top_up_and_expiry_in_force_then(world):
    account, coordinator = world["account"], world["coordinator"]
    services.record_declaration(account, date(2026, 6, 1), D("10000"), actor=coordinator, today=TODAY)
    services.record_declaration(account, date(2026, 7, 1), D("10000"), actor=coordinator, today=TODAY)
    assert credits(account) == [
        # June's payroll enters in July 2026: a 10% top-up, 24 months to spend it.
        (date(2026, 7, 1), TransactionKind.FUNDS_IN, D("10000.00"), date(2028, 7, 1)),
        (date(2026, 7, 1), TransactionKind.TOP_UP, D("1000.00"), date(2028, 7, 1)),
        # July's enters in August 2026, under the new rules: no top-up, 12 months.
        (date(2026, 8, 1), TransactionKind.FUNDS_IN, D("10000.00"), date(2027, 8, 1)),
    ]


def test_the_english_percentage_applies(world):
    account = world["account"]
    account.english_percent = D("90")
    services.record_declaration(account, date(2025, 3, 1), D("1000"), actor=world["coordinator"],
                                today=TODAY)
    assert [row[2] for row in credits(account)] == [D("900.00"), D("90.00")]


def test_a_month_is_declared_once_and_never_ahead(world):
    account, coordinator = world["account"], world["coordinator"]
    services.record_declaration(account, date(2026, 10, 1), D("5"), actor=coordinator, today=TODAY)
    with pytest.raises(DomainError, match="declared already"):
        services.record_declaration(account, date(2026, 10, 15), D("5"), actor=coordinator,
                                    today=TODAY)
    with pytest.raises(DomainError, match="future"):
        services.record_declaration(account, date(2026, 12, 1), D("5"), actor=coordinator,
                                    today=TODAY)
    with pytest.raises(NotAllowed):
        services.record_declaration(account, date(2026, 9, 1), D("5"),
                                    actor=world["care_coordinator"], today=TODAY)


def declare_year(world, start=date(2025, 3, 1), amount=D("10000")):
    for n in range(12):
        month = date(start.year + (start.month - 1 + n) // 12, (start.month - 1 + n) % 12 + 1, 1)
        services.record_declaration(world["account"], month, amount, actor=world["coordinator"],
                                    today=TODAY)


def test_the_transfer_allowance_is_half_of_last_tax_years_funds(world):
    # Payroll March 2025 to February 2026: funds enter April 2025 to March 2026 (tax year 2025-26).
    declare_year(world)
    allowance = services.allowances([world["account"].id], TODAY)[world["account"].id]
    assert allowance.tax_year == 2026 and allowance.label == "2026-27"
    assert allowance.previous_year_funds == D("132000.00")  # 12 x (10,000 + 10% top-up)
    assert allowance.cap_percent == 50
    assert allowance.allowance == D("66000.00") and allowance.remaining == D("66000.00")


def pledge_data(**kw):
    values = dict(amount=D("20000"), recipient_id=None,
                  organisation_types=[OrganisationType.CARE_PROVIDER.value], levels=[2, 3],
                  location="Wakefield", description="Adult care")
    values.update(kw)
    return services.PledgeData(**values)


def application(world, **kw):
    values = dict(organisation_id=world["care_home"].id,
                  standard_id=world["standards"]["ST0005"].id, apprentices_count=2,
                  amount=D("8000"), planned_start_on=date(2027, 1, 4), reason="Two carers")
    values.update(kw)
    return services.ApplicationData(**values)


def test_pledges_hold_the_allowance_and_closing_releases_what_was_not_approved(world):
    declare_year(world)
    account = world["account"]
    with pytest.raises(DomainError, match="allowance"):
        services.create_pledge(account, pledge_data(amount=D("70000")),
                               actor=world["coordinator"], today=TODAY)
    pledge = services.create_pledge(account, pledge_data(), actor=world["coordinator"], today=TODAY)
    assert pledge.tax_year == 2026
    assert services.allowances([account.id], TODAY)[account.id].remaining == D("46000.00")
    request = services.apply_for_transfer(pledge, application(world),
                                          actor=world["care_coordinator"], today=TODAY)
    assert db.session.scalar(select(Notice).where(Notice.user_id == world["coordinator"].id))
    services.decide_application(request, approve=True, note="", actor=world["coordinator"],
                                today=TODAY)
    assert request.status is ApplicationStatus.APPROVED
    services.close_pledge(pledge, actor=world["coordinator"])
    assert pledge.status is PledgeStatus.CLOSED
    assert services.allowances([account.id], TODAY)[account.id].remaining == D("58000.00")


def test_applications_must_meet_the_pledges_criteria(world):
    declare_year(world)
    pledge = services.create_pledge(world["account"], pledge_data(), actor=world["coordinator"],
                                    today=TODAY)
    with pytest.raises(DomainError, match="level 5"):
        services.apply_for_transfer(pledge, application(
            world, standard_id=world["standards"]["ST0827"].id, amount=D("15000"),
            apprentices_count=1), actor=world["care_coordinator"], today=TODAY)
    with pytest.raises(DomainError, match="own pledge"):
        services.apply_for_transfer(pledge, application(world, organisation_id=world["trust"].id),
                                    actor=world["coordinator"], today=TODAY)
    with pytest.raises(DomainError, match="new starts"):
        services.apply_for_transfer(pledge, application(world, planned_start_on=TODAY),
                                    actor=world["care_coordinator"], today=TODAY)
    with pytest.raises(DomainError, match="funding band"):
        services.apply_for_transfer(pledge, application(world, amount=D("9000")),
                                    actor=world["care_coordinator"], today=TODAY)
    with pytest.raises(NotAllowed):
        services.apply_for_transfer(pledge, application(world), actor=world["coordinator"],
                                    today=TODAY)


def test_approval_stays_within_what_the_pledge_has_left(world):
    declare_year(world)
    pledge = services.create_pledge(world["account"], pledge_data(amount=D("10000")),
                                    actor=world["coordinator"], today=TODAY)
    first = services.apply_for_transfer(pledge, application(world), actor=world["care_coordinator"],
                                        today=TODAY)
    second = services.apply_for_transfer(pledge, application(world),
                                         actor=world["care_coordinator"], today=TODAY)
    with pytest.raises(NotAllowed):
        services.decide_application(first, approve=True, note="", actor=world["care_coordinator"],
                                    today=TODAY)
    services.decide_application(first, approve=True, note="", actor=world["pool_lead"], today=TODAY)
    with pytest.raises(DomainError, match="2,000.00 left"):
        services.decide_application(second, approve=True, note="", actor=world["coordinator"],
                                    today=TODAY)
    services.decide_application(second, approve=False, note="Not this year",
                                actor=world["coordinator"], today=TODAY)
    assert second.status is ApplicationStatus.REJECTED
    with pytest.raises(DomainError, match="decided already"):
        services.decide_application(second, approve=True, note="", actor=world["coordinator"],
                                    today=TODAY)


def test_the_pool_lead_meets_an_open_need_with_a_pledge(world):
    declare_year(world)
    need = services.apply_for_transfer(None, application(world), actor=world["care_coordinator"],
                                       today=TODAY)
    assert need.pledge_id is None
    with pytest.raises(NotAllowed):
        services.decide_application(need, approve=False, note="", actor=world["coordinator"],
                                    today=TODAY)
    with pytest.raises(DomainError, match="raised it"):
        services.create_pledge(world["account"], pledge_data(amount=D("8000")),
                               actor=world["pool_lead"], today=TODAY, need=need)
    pledge = services.create_pledge(
        world["account"], pledge_data(amount=D("8000"), recipient_id=world["care_home"].id),
        actor=world["pool_lead"], today=TODAY, need=need)
    assert need.pledge_id == pledge.id and need.status is ApplicationStatus.APPROVED
    # The care home's coordinator hears of the pledge and of the approval.
    texts = db.session.scalars(select(Notice.text).where(
        Notice.user_id == world["care_coordinator"].id)).all()
    assert any("pledged" in t for t in texts) and any("approved" in t for t in texts)
