"""The levy's arithmetic, on cases worked by hand: expiry first in first out, instalments, top-up."""

import random
from datetime import date, datetime
from decimal import Decimal as D

import pytest

from academy.talent.levy import expiring_funds, rules
from academy.talent.levy.rules import Credit, Payment


def m(year: int, month: int) -> date:
    return date(year, month, 1)


# expiring_funds ------------------------------------------------------------------------------

def test_oldest_funds_are_spent_first_across_months():
    # Jan, Feb, Mar 2022: 1,000 each. June 2022 spends 1,500: all of January and 500 of February.
    # Feb 2024 spends 200 of February's 500 before February's funds expire, leaving 300 to expire.
    credits = [(m(2022, 1), D("1000")), (m(2022, 2), D("1000")), (m(2022, 3), D("1000"))]
    debits = [(m(2022, 6), D("1500")), (m(2024, 2), D("200"))]
    assert expiring_funds(credits, debits, expiry_months=24) == {
        m(2024, 2): D("300"),
        m(2024, 3): D("1000"),
    }


def test_partial_spends_leave_the_rest_to_expire():
    credits = [(m(2023, 4), D("500.00"))]
    debits = [(m(2023, 5), D("120.50")), (m(2023, 6), D("79.50"))]
    assert expiring_funds(credits, debits, expiry_months=12) == {m(2024, 4): D("300.00")}


def test_a_debit_beyond_the_balance_spends_what_there_is_and_is_not_carried():
    # February's 250 finds only 100: the other 150 is co-investment, not a debt on later funds.
    credits = [(m(2023, 1), D("100")), (m(2023, 3), D("400"))]
    debits = [(m(2023, 2), D("250"))]
    assert expiring_funds(credits, debits, expiry_months=12) == {m(2024, 3): D("400")}


def test_twelve_and_twenty_four_month_expiry_differ_on_the_same_account():
    credits = [(m(2023, 1), D("1000")), (m(2023, 7), D("1000"))]
    debits = [(m(2024, 3), D("600"))]
    # 12 months: January 2023's funds expire in January 2024, before March's payment, which then
    # spends July's funds; 400 of July's expire in July 2024.
    assert expiring_funds(credits, debits, expiry_months=12) == {
        m(2024, 1): D("1000"),
        m(2024, 7): D("400"),
    }
    # 24 months: March 2024's payment spends January 2023's funds first.
    assert expiring_funds(credits, debits, expiry_months=24) == {
        m(2025, 1): D("400"),
        m(2025, 7): D("1000"),
    }


def test_payments_in_the_expiry_month_are_taken_before_funds_expire():
    credits = [(m(2023, 1), D("1000"))]
    debits = [(m(2025, 1), D("300"))]
    assert expiring_funds(credits, debits, expiry_months=24) == {m(2025, 1): D("700")}


def test_input_order_does_not_matter_and_same_month_amounts_add_up():
    credits = [(m(2023, 3), D("100")), (m(2023, 1), D("50")), (m(2023, 1), D("50"))]
    debits = [(m(2023, 2), D("30")), (m(2023, 2), D("30"))]
    expected = {m(2023, 2): D("40"), m(2023, 4): D("100")}
    assert expiring_funds(credits, debits, expiry_months=1) == expected
    assert expiring_funds(reversed(credits), iter(debits), expiry_months=1) == expected
    assert expiring_funds(
        [(m(2023, 1), D("100")), (m(2023, 3), D("100"))], [(m(2023, 2), D("60"))], expiry_months=1
    ) == expected


def test_funds_expire_in_months_with_no_activity():
    assert expiring_funds([(m(2020, 1), D("10"))], [], expiry_months=24) == {m(2022, 1): D("10")}


def test_only_months_with_something_expiring_are_returned():
    assert expiring_funds([], [], expiry_months=24) == {}
    assert expiring_funds([(m(2024, 1), D("0"))], [(m(2024, 2), D("5"))], expiry_months=24) == {}
    assert expiring_funds([(m(2024, 1), D("10"))], [(m(2024, 2), D("10"))], expiry_months=3) == {}


@pytest.mark.parametrize("credits", [
    [(date(2024, 1, 2), D("1"))],                 # not the first of a month
    [(datetime(2024, 1, 1), D("1"))],             # a datetime, not a date
    [("2024-01-01", D("1"))],
    [(m(2024, 1), D("-1"))],                      # negative
    [(m(2024, 1), 1)],                            # not a Decimal
    [(m(2024, 1), 1.5)],
    [(m(2024, 1), D("NaN"))],
    [(m(2024, 1),)],                              # not a pair
])
def test_bad_credits_and_debits_are_refused(credits):
    with pytest.raises(ValueError):
        expiring_funds(credits, [], expiry_months=24)
    with pytest.raises(ValueError):
        expiring_funds([], credits, expiry_months=24)


@pytest.mark.parametrize("months", [-1, 1.5, "24", True])
def test_expiry_months_must_be_a_whole_number(months):
    with pytest.raises(ValueError):
        expiring_funds([], [], expiry_months=months)


def test_agrees_with_the_official_cumulative_formula_when_payments_never_exceed_the_balance():
    # Official: expired in a month = funds entered at least the expiry period ago - all payments
    # to date - everything already expired (never below zero).
    rng = random.Random(7)
    for expiry in (12, 24):
        start = m(2019, 4)
        credits = [(rules.add_months(start, i), D(rng.randint(50, 150))) for i in range(60)]
        # Each month's payment is at most half of the smallest month's funds, so the balance
        # (which always holds this month's credit) never runs out.
        debits = [(rules.add_months(start, i), D(rng.randint(0, 25))) for i in range(60)]
        got = expiring_funds(credits, debits, expiry_months=expiry)
        expired_so_far = D(0)
        for i in range(60 + expiry + 1):
            month = rules.add_months(start, i)
            old_enough = sum((a for c, a in credits if rules.add_months(c, expiry) <= month), D(0))
            paid = sum((a for d, a in debits if d <= month), D(0))
            official = max(D(0), old_enough - paid - expired_so_far)
            assert got.get(month, D(0)) == official, month
            expired_so_far += official


def test_run_account_keeps_each_credits_own_expiry():
    # Funds entering before a rule change keep 24 months; funds after it expire in 12. What
    # expires is what has reached its expiry less every payment and everything expired before,
    # so the payment goes to the funds that expire soonest: August's.
    positions = rules.run_account(
        [Credit(m(2026, 7), D("100"), m(2028, 7)), Credit(m(2026, 8), D("100"), m(2027, 8))],
        [(m(2026, 9), D("30"))],
    )
    by_month = {p.month: p for p in positions}
    assert by_month[m(2027, 8)].expired == D("70")    # August's funds: 12 months, less the payment
    assert by_month[m(2028, 7)].expired == D("100")   # July's: 24 months
    assert by_month[m(2026, 9)].balance == D("170")
    assert positions[-1].month == m(2028, 7) and positions[-1].balance == D("0")


def test_run_account_reports_the_co_investment_shortfall():
    positions = rules.run_account([Credit(m(2024, 1), D("100"), m(2026, 1))], [(m(2024, 2), D("250"))])
    february = positions[1]
    assert (february.due, february.spent, february.co_investment, february.balance) == (
        D("250"), D("100"), D("150"), D("0"))


# Months and tax years ------------------------------------------------------------------------

def test_month_arithmetic_and_tax_years():
    assert rules.add_months(m(2025, 11), 3) == m(2026, 2)
    assert rules.add_months(m(2025, 1), -1) == m(2024, 12)
    assert rules.months_between(m(2024, 4), m(2026, 3)) == 23
    assert rules.tax_year_of(m(2025, 3)) == 2024 and rules.tax_year_of(m(2025, 4)) == 2025
    assert rules.tax_year_label(2025) == "2025-26"


# Instalments ---------------------------------------------------------------------------------

def test_eighty_percent_in_equal_instalments_and_twenty_on_completion():
    plan = rules.instalments(D("15000"), date(2024, 9, 1), date(2026, 8, 31))
    instalments = [p for p in plan if p.kind == rules.INSTALMENT]
    assert len(instalments) == 24
    assert {p.amount for p in instalments} == {D("500.00")}
    assert instalments[0].month == m(2024, 9) and instalments[-1].month == m(2026, 8)
    assert plan[-1] == Payment(m(2026, 8), D("3000.00"), rules.COMPLETION)


def test_pennies_left_over_go_in_the_last_instalment():
    plan = rules.instalments(D("10000"), date(2025, 1, 1), date(2025, 7, 31))
    amounts = [p.amount for p in plan if p.kind == rules.INSTALMENT]
    assert amounts == [D("1142.85")] * 6 + [D("1142.90")]
    assert sum(amounts) == D("8000.00")
    assert sum(p.amount for p in plan) == D("10000")


def test_an_instalment_is_paid_for_each_month_in_learning_on_its_last_day():
    # From 15 September to 14 September: in learning on 30 September ... 31 August, 12 month-ends.
    plan = rules.instalments(D("12000"), date(2024, 9, 15), date(2025, 9, 14))
    instalments = [p for p in plan if p.kind == rules.INSTALMENT]
    assert [p.month for p in instalments][:2] == [m(2024, 9), m(2024, 10)]
    assert len(instalments) == 12 and instalments[-1].month == m(2025, 8)
    assert plan[-1].month == m(2025, 9)


def test_a_break_in_learning_pays_nothing_and_moves_the_plan_on():
    schedule = rules.payment_schedule(
        D("12000"), date(2024, 9, 1), date(2025, 8, 31),
        breaks=[(date(2025, 1, 10), date(2025, 4, 1))],
    )
    months = [p.month for p in schedule if p.kind == rules.INSTALMENT]
    assert m(2025, 1) not in months and m(2025, 3) not in months
    assert months[-1] == m(2025, 11) and len(months) == 12
    assert schedule[-1] == Payment(m(2025, 11), D("2400.00"), rules.COMPLETION)
    assert sum(p.amount for p in schedule) == D("12000")


def test_an_open_break_stops_payments():
    schedule = rules.payment_schedule(
        D("12000"), date(2024, 9, 1), date(2025, 8, 31), breaks=[(date(2024, 12, 5), None)],
    )
    assert [p.month for p in schedule] == [m(2024, 9), m(2024, 10), m(2024, 11)]


def test_a_stop_ends_payments_without_a_completion_payment():
    schedule = rules.payment_schedule(
        D("12000"), date(2024, 9, 1), date(2025, 8, 31), stopped_on=date(2025, 2, 15),
    )
    assert [p.month for p in schedule][-1] == m(2025, 1)
    assert all(p.kind == rules.INSTALMENT for p in schedule)
    assert sum(p.amount for p in schedule) == D("800.00") * 5


def test_an_early_completion_pays_the_rest_with_the_completion_payment():
    schedule = rules.payment_schedule(
        D("12000"), date(2024, 9, 1), date(2025, 8, 31), completed_on=date(2025, 6, 10),
    )
    assert schedule[-2:] == [
        Payment(m(2025, 6), D("2400.00"), rules.BALANCING),   # June, July, August: 3 x 800
        Payment(m(2025, 6), D("2400.00"), rules.COMPLETION),
    ]
    assert sum(p.amount for p in schedule) == D("12000")


# Funds entering, transfers, co-investment ----------------------------------------------------

def test_funds_entering_with_and_without_the_top_up():
    assert rules.funds_entering(D("10000"), english_percent=D("100"), top_up_percent=D("10")) == (
        D("10000.00"), D("1000.00"))
    assert rules.funds_entering(D("10000"), english_percent=D("98.5"), top_up_percent=D("0")) == (
        D("9850.00"), D("0.00"))


def test_transfer_allowance_is_the_cap_of_the_previous_years_funds():
    assert rules.transfer_allowance(D("1200000.00"), D("50")) == D("600000.00")
    assert rules.transfer_allowance(D("1000.03"), D("25")) == D("250.00")


def test_co_investment_split():
    assert rules.co_investment_split(D("1000"), D("5")) == (D("50.00"), D("950.00"))
    assert rules.co_investment_split(D("1000"), D("25")) == (D("250.00"), D("750.00"))


def test_pledge_criteria():
    kw = dict(organisation_types=["care_provider"], levels=[2, 3], organisation_id=5)
    assert rules.pledge_problems(recipient_id=None, organisation_type="care_provider", level=3, **kw) == []
    assert len(rules.pledge_problems(recipient_id=9, organisation_type="nhs_trust", level=5, **kw)) == 3
