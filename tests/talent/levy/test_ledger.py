"""The ledger, the 24-month forecast and the pool view, on accounts worked by hand."""

from datetime import date
from decimal import Decimal as D

import pytest

from academy.people.models import OrganisationType
from academy.people.roles import Role
from academy.talent.apprenticeships import services
from academy.talent.apprenticeships.models import ApprenticeStatus
from academy.talent.levy import ledger, rules
from academy.talent.levy import services as levy_services
from academy.talent.levy.models import ApplicationStatus, Pledge, TransferApplication
from tests.factories import OrganisationFactory, UserFactory
from tests.talent.apprenticeships.factories import ApprenticeFactory, LevyAccountFactory, seeded

TODAY = date(2026, 3, 16)


@pytest.fixture
def world(app):
    standards = seeded()
    trust = OrganisationFactory(name="Trust", is_levy_payer=True)
    account = LevyAccountFactory(organisation=trust, opened_on=date(2025, 1, 1))
    coordinator = UserFactory(employer=trust, roles=[(Role.APPRENTICESHIP_COORDINATOR, trust)])
    # Payroll March 2025 to February 2026, £10,000 a month: funds enter April 2025 to March 2026.
    for n in range(12):
        payroll = rules.add_months(date(2025, 3, 1), n)
        levy_services.record_declaration(account, payroll, D("10000"), actor=coordinator, today=TODAY)
    # £12,000 over 18 months from September 2025: 17 x 533.33 + 533.39, then 2,400 on completion.
    apprentice = ApprenticeFactory(person__employer=trust, employer=trust, levy_account=account,
                                   standard=standards["ST0827"], start_on=date(2025, 9, 1),
                                   planned_end_on=date(2027, 2, 28), funded_price=D("12000"))
    levy_services.post_payments(TODAY)
    return {"account": account, "trust": trust, "apprentice": apprentice,
            "standards": standards, "coordinator": coordinator}


def test_the_ledger_runs_month_by_month_to_this_month(world):
    found = ledger.ledger(world["account"], TODAY)
    assert found.rows[0].month == date(2025, 4, 1) and found.rows[-1].month == date(2026, 3, 1)
    april = found.rows[0]
    assert (april.funds_in, april.top_up, april.payments) == (D("10000.00"), D("1000.00"), 0)
    september = next(r for r in found.rows if r.month == date(2025, 9, 1))
    assert september.payments == D("533.33") and september.spent == D("533.33")
    assert found.totals["funds_in"] + found.totals["top_up"] == D("132000.00")
    assert found.totals["payments"] == D("533.33") * 7  # September to March
    assert found.totals["expired"] == 0
    assert found.totals["balance"] == D("132000.00") - D("533.33") * 7


def test_the_forecast_projects_declarations_and_payments_and_marks_months_at_risk(world):
    found = ledger.forecast(world["account"], TODAY)
    assert len(found.rows) == 24
    assert found.rows[0].month == date(2026, 3, 1) and found.rows[-1].month == date(2028, 2, 1)
    assert found.monthly_declaration == D("10000.00")
    # The balance now is the ledger's: everything posted up to this month.
    assert found.balance_now == D("132000.00") - D("533.33") * 7
    assert found.balance_now == ledger.ledger(world["account"], TODAY).totals["balance"]
    by_month = {r.month: r for r in found.rows}
    # Projected funds: the top-up until July 2026, none from August 2026.
    assert by_month[date(2026, 4, 1)].funds_in == D("11000.00")
    assert by_month[date(2026, 4, 1)].projected_funds
    assert by_month[date(2026, 8, 1)].funds_in == D("10000.00")
    # The schedule: instalments, then the completion payment with the last one.
    assert by_month[date(2026, 6, 1)].committed == D("533.33")
    assert by_month[date(2027, 2, 1)].committed == D("533.39") + D("2400.00")
    assert by_month[date(2027, 3, 1)].committed == 0
    # Payments spend April 2025's funds and £1,000 of May's: the rest of May's expires in May 2027.
    assert by_month[date(2027, 4, 1)].expiring == 0
    first = found.first_expiry
    assert first.month == date(2027, 5, 1) and first.expiring == D("10000.00")
    # From August 2027 the 12-month funds of August 2026 expire beside the 24-month ones of 2025.
    assert by_month[date(2027, 8, 1)].expiring == D("21000.00")
    assert found.expiring_within(12) == 0
    assert [r.month for r in found.months_at_risk][:2] == [date(2027, 5, 1), date(2027, 6, 1)]
    closing = found.rows[0].opening
    for row in found.rows:
        assert row.opening == closing
        closing = row.opening + row.funds_in - row.spent - row.expiring
        assert row.closing == closing


def test_a_break_in_learning_takes_payments_out_of_the_forecast(world):
    apprentice = world["apprentice"]
    services.change_status(apprentice, ApprenticeStatus.PAUSED, date(2026, 3, 16), "",
                           actor=world["coordinator"], today=TODAY)
    found = ledger.forecast(world["account"], TODAY)
    assert sum(r.committed for r in found.rows[1:]) == 0


def test_transfers_and_approved_requests_are_committed_from_the_senders_account(world):
    care_home = OrganisationFactory(type=OrganisationType.CARE_PROVIDER)
    pledge = Pledge(account_id=world["account"].id, tax_year=2025, amount=D("20000"),
                    recipient_organisation_id=care_home.id, organisation_types=[], levels=[])
    levy_services.db.session.add(pledge)
    levy_services.db.session.flush()
    lead_care = world["standards"]["ST0006"]   # £4,000 band, 18 months typical
    request = TransferApplication(
        pledge_id=pledge.id, organisation_id=care_home.id, standard_id=lead_care.id,
        apprentices_count=2, amount=D("8000"), planned_start_on=date(2026, 6, 1),
        status=ApplicationStatus.APPROVED)
    levy_services.db.session.add(request)
    levy_services.db.session.flush()
    ApprenticeFactory(person__employer=care_home, employer=care_home,
                      levy_account=world["account"], standard=lead_care,
                      funding_source="transfer", transfer_application=request,
                      start_on=date(2026, 6, 1), planned_end_on=date(2027, 11, 30),
                      funded_price=D("4000"), status="waiting_to_start")
    found = ledger.forecast(world["account"], TODAY)
    june = next(r for r in found.rows if r.month == date(2026, 6, 1))
    # The recorded apprentice (3,200 over 18 months) and the rest of the request (the same
    # again), and what the pledge still offers (12,000: 9,600 in 12 instalments from April).
    assert june.transfers_out == D("177.77") * 2 + D("800.00")
    assert june.committed == D("533.33") + june.transfers_out


def test_the_pool_puts_the_soonest_expiry_first_beside_open_needs(world):
    other = LevyAccountFactory(organisation=OrganisationFactory(name="Council", is_levy_payer=True),
                               opened_on=date(2024, 1, 1))
    pool_lead = UserFactory(roles=[Role.APPRENTICESHIP_COORDINATOR])
    for n in range(3):
        levy_services.record_declaration(other, rules.add_months(date(2024, 3, 1), n), D("5000"),
                                         actor=pool_lead, today=TODAY)
    care_home = OrganisationFactory(type=OrganisationType.CARE_PROVIDER)
    need = levy_services.apply_for_transfer(None, levy_services.ApplicationData(
        organisation_id=care_home.id, standard_id=world["standards"]["ST0005"].id,
        apprentices_count=1, amount=D("4000"), planned_start_on=date(2026, 5, 1), reason=""),
        actor=pool_lead, today=TODAY)
    found = ledger.pool(TODAY)
    # The council's April 2024 funds expire in April 2026, before anything of the trust's.
    assert [r.forecast.account.id for r in found.rows] == [other.id, world["account"].id]
    assert found.rows[0].forecast.first_expiry.month == date(2026, 4, 1)
    assert found.rows[0].forecast.expiring_within(3) == D("11000.00")  # April and May
    assert found.needs == [need] and found.needs_total == D("4000")
    assert found.expiring_within_6 == D("16500.00")


@pytest.mark.parametrize("start, rate", [(date(2026, 7, 31), D(5)), (date(2026, 8, 1), D(25))])
def test_a_shortfall_is_co_investment_with_the_employers_share_by_the_start_date(world, start,
                                                                                 rate):
    # The trust's own apprentice is paid for; a second, priced far beyond what the account
    # holds, falls short from its first month. Its share is that of its start date in every
    # month, before and after August 2026 alike.
    world["apprentice"].status = ApprenticeStatus.STOPPED
    world["apprentice"].ended_on = date(2026, 3, 1)
    ApprenticeFactory(person__employer=world["trust"], employer=world["trust"],
                      levy_account=world["account"], standard=world["standards"]["ST0781"],
                      start_on=start, planned_end_on=date(2027, 7, 31),
                      funded_price=D("2000000"), status="waiting_to_start")
    found = ledger.forecast(world["account"], TODAY)
    short = [r for r in found.rows if r.co_investment > 0]
    assert short and any(r.month >= date(2026, 9, 1) for r in short)
    for row in short:
        assert row.employer_share == (row.co_investment * rate / 100).quantize(D("0.01"))


def test_funds_a_pledge_will_spend_are_not_at_risk(world):
    before = ledger.forecast(world["account"], TODAY)
    assert before.first_expiry.month == date(2027, 5, 1)
    # An open pledge of 20,000 with nothing approved yet: transfers to come from April 2026
    # spend the oldest funds first, so May 2027 no longer loses 10,000.
    levy_services.db.session.add(Pledge(account_id=world["account"].id, tax_year=2025,
                                        amount=D("20000"), organisation_types=[], levels=[]))
    levy_services.db.session.flush()
    after = ledger.forecast(world["account"], TODAY)
    by_month = {r.month: r for r in after.rows}
    assert by_month[date(2027, 5, 1)].expiring == 0
    assert after.expiring_total == before.expiring_total - D("20000")
    assert len(after.months_at_risk) < len(before.months_at_risk)
