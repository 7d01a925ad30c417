"""The funding and delivery rules by date, worked by hand from the published guidance on each
side of every change."""

from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from academy.talent.apprenticeships import rules, seed
from academy.talent.levy import rules as levy_rules

TABLE = [SimpleNamespace(effective_from=day, name=name, notes=notes, source=source, **values)
         for day, name, values, notes, source in seed.FUNDING_RULES]


def rule(day: date):
    return rules.rule_in_force(TABLE, day)


def otj(start: date, end: date, weekly: str, standard_minimum: int | None = None):
    r = rule(start)
    return rules.required_otj_hours(
        start, end, D(weekly), basis=r.otj_basis, percent=r.otj_percent,
        floor_hours=r.otj_floor_hours, standard_minimum=standard_minimum,
        weekly_hours_cap=r.otj_weekly_hours_cap)


def test_every_rule_names_its_source():
    for row in TABLE:
        assert row.source and any(word in row.source for word in ("rules", "Budget", "DfE"))


# Off-the-job training ---------------------------------------------------------------------
# A year (365 days, 52.14 weeks) less 5.6 weeks of statutory leave is 46.54 weeks of work.

def test_before_august_2022_twenty_percent_of_all_working_hours():
    # 20% of 37.5 hours is 7.5 hours a week: 7.5 x 46.54 = 349 (no 30-hour cap then).
    assert otj(date(2022, 7, 31), date(2023, 7, 30), "37.5") == 349
    # 40 hours: 8 x 46.54 = 372.
    assert otj(date(2022, 7, 31), date(2023, 7, 30), "40") == 372


def test_from_august_2022_six_hours_a_week_pro_rata_below_thirty():
    # 6 x 46.54 = 279 for 30 hours or more, however long the week.
    assert otj(date(2022, 8, 1), date(2023, 7, 31), "37.5") == 279
    assert otj(date(2022, 8, 1), date(2023, 7, 31), "30") == 279
    # 20 hours: 20% is 4 hours a week, 4 x 46.54 = 186.
    assert otj(date(2022, 8, 1), date(2023, 7, 31), "20") == 186


def test_from_august_2025_the_standards_published_minimum():
    assert otj(date(2025, 7, 31), date(2026, 7, 30), "37.5") == 279  # the last 6-hour start
    assert otj(date(2025, 8, 1), date(2029, 7, 31), "37.5", standard_minimum=1100) == 1100
    # A four-year degree on a standard whose figure is not recorded: to confirm, not 187.
    assert otj(date(2025, 8, 1), date(2029, 7, 31), "37.5") is None
    # 187 hours is the absolute floor under any published figure.
    assert otj(date(2025, 8, 1), date(2026, 3, 31), "37.5", standard_minimum=150) == 187


def test_a_plan_to_confirm_is_amber_not_green():
    facts = rules.ProgressFacts(
        status="live", today=date(2026, 3, 1), start=date(2025, 9, 1),
        planned_end=date(2029, 8, 31), planned_otj_hours=None, otj_logged=D(0),
        review_due_on=date(2026, 4, 1), assessment_organisation="NCFE")
    assert rules.rag_status(facts) == ("amber", [rules.OTJ_TO_CONFIRM])


# Minimum duration -------------------------------------------------------------------------

def start_facts(start, end, **kw):
    values = dict(level=3, standard_status="approved", funding_withdrawn_from=None, start=start,
                  planned_end=end, age=30, ehcp_or_care_leaver=False)
    values.update(kw)
    return rules.StartFacts(**values)


def test_part_time_extends_the_minimum_duration_before_august_2025_only():
    # 12 months at 30 hours is 12 x 30 / 20 = 18 months at 20 hours a week.
    start = date(2025, 7, 31)
    assert rules.minimum_duration_months(rule(start), D(20)) == 18
    assert rules.funding_problems(start_facts(start, date(2026, 7, 30), weekly_hours=D(20)),
                                  rule(start)) == [
        "An apprenticeship starting then at 20 hours a week must last at least 18 months"]
    assert rules.funding_problems(start_facts(start, date(2027, 1, 30), weekly_hours=D(20)),
                                  rule(start)) == []
    assert rules.funding_problems(start_facts(start, date(2026, 7, 30), weekly_hours=D(30)),
                                  rule(start)) == []
    # From August 2025: 8 months, whatever the hours.
    start = date(2025, 8, 1)
    assert rules.minimum_duration_months(rule(start), D(20)) == 8
    assert rules.funding_problems(start_facts(start, date(2026, 3, 31), weekly_hours=D(20)),
                                  rule(start)) == []


# Co-investment and transfers --------------------------------------------------------------

def co_investment(start: date, *, levy_payer=False, age=30, ehcp=False, staff=None):
    return rules.co_investment_percent(rule(start), levy_payer=levy_payer, age=age,
                                       ehcp_or_care_leaver=ehcp, employer_staff=staff)


def test_co_investment_was_ten_percent_until_april_2019_by_start_date():
    assert co_investment(date(2017, 5, 1)) == 10
    assert co_investment(date(2019, 3, 31)) == 10
    assert co_investment(date(2019, 3, 31), levy_payer=True) == 10
    assert co_investment(date(2019, 4, 1)) == 5
    assert co_investment(date(2019, 4, 1), levy_payer=True) == 5


def test_the_2026_27_share_applies_to_starts_from_1_august_2026():
    assert co_investment(date(2026, 7, 31), levy_payer=True) == 5
    assert co_investment(date(2026, 8, 1), levy_payer=True) == 25
    # Non-levy employers' apprentices aged 22 to 24 are fully funded from the same day.
    assert co_investment(date(2026, 7, 31), age=23) == 5
    assert co_investment(date(2026, 8, 1), age=23) == 0


def test_young_apprentices_fully_funded_only_at_small_employers_before_april_2024():
    before = date(2024, 3, 31)
    assert co_investment(before, age=18, staff=49) == 0
    assert co_investment(before, age=18, staff=50) == 5
    assert co_investment(before, age=18, staff=None) == 5   # size not known: not assumed small
    assert co_investment(before, age=19, staff=10) == 5
    assert co_investment(before, age=24, ehcp=True, staff=10) == 0
    after = date(2024, 4, 1)
    assert co_investment(after, age=21, staff=5000) == 0
    assert co_investment(after, age=22, staff=10) == 5


@pytest.mark.parametrize("day, cap", [
    (date(2018, 3, 31), 0), (date(2018, 4, 1), 10), (date(2019, 3, 31), 10),
    (date(2019, 4, 1), 25), (date(2024, 4, 21), 25), (date(2024, 4, 22), 50),
])
def test_levy_transfers_none_then_ten_then_twenty_five_then_fifty_percent(day, cap):
    assert rule(day).transfer_cap_percent == cap


def test_a_months_shortfall_is_shared_at_each_apprenticeships_own_rate():
    # 4,000 due: 3,000 for a start of 31 March 2019 (10%), 1,000 for one of 1 April 2019 (5%).
    # A 1,000 shortfall falls 750 and 250 on them: 75.00 + 12.50.
    due = {co_investment(date(2019, 3, 31), levy_payer=True): D(3000),
           co_investment(date(2019, 4, 1), levy_payer=True): D(1000)}
    assert levy_rules.employer_share(D(1000), due) == D("87.50")
    assert levy_rules.employer_share(D(0), due) == 0


# The qualifying period ---------------------------------------------------------------------

def test_no_payment_for_an_apprentice_who_leaves_before_day_42():
    start = date(2025, 9, 1)
    days = rule(start).qualifying_period_days
    assert days == 42
    day_41, day_42 = date(2025, 10, 11), date(2025, 10, 12)
    assert not rules.qualifies_for_payment(start, day_41, days)
    assert rules.qualifies_for_payment(start, day_42, days)
    assert rules.qualifies_for_payment(start, None, days)
    schedule = dict(price=D(12000), start=start, planned_end=date(2026, 8, 31),
                    qualifying_days=days)
    assert levy_rules.payment_schedule(**schedule, stopped_on=day_41) == []
    # Leaving on day 42 keeps September's instalment (its census day, 30 September, was day 30).
    paid = levy_rules.payment_schedule(**schedule, stopped_on=day_42)
    assert [(p.month, p.amount) for p in paid] == [(date(2025, 9, 1), D("800.00"))]


# Foundation apprenticeships and employer incentives ----------------------------------------

def test_foundation_apprenticeships_from_august_2025_for_the_young():
    start, end = date(2025, 8, 1), date(2026, 3, 31)
    r = rule(start)
    assert rules.funding_problems(start_facts(start, end, age=21, level=2, foundation=True), r) == []
    assert "aged 16 to 21" in rules.funding_problems(
        start_facts(start, end, age=22, level=2, foundation=True), r)[0]
    for extended in (dict(ehcp_or_care_leaver=True), dict(prison_leaver=True)):
        assert rules.funding_problems(start_facts(start, end, age=24, level=2, foundation=True,
                                                  **extended), r) == []
        assert rules.funding_problems(start_facts(start, end, age=25, level=2, foundation=True,
                                                  **extended), r)
    earlier = date(2025, 7, 31)
    assert rules.funding_problems(
        start_facts(earlier, date(2026, 7, 30), age=18, level=2, foundation=True),
        rule(earlier)) == ["Foundation apprenticeships start from 1 August 2025"]
    assert rules.is_foundation("FA-HSC", "Health and social care foundation apprenticeship")
    assert not rules.is_foundation("ST0216", "Healthcare support worker")


def test_the_young_apprentice_incentive_is_paid_at_day_90_and_day_365():
    start = date(2025, 9, 1)
    kwargs = dict(start=start, ehcp_or_care_leaver=False, foundation=False)
    stages = rules.employer_incentives(rule(start), age=17, left_on=None,
                                       today=date(2025, 12, 1), **kwargs)
    assert [(s.due_on, s.amount, s.earned) for s in stages] == [
        (date(2025, 11, 29), D(500), True), (date(2026, 8, 31), D(500), None)]
    # Leaving on day 89 loses both; a 19-year-old brings none unless with a care plan.
    left = rules.employer_incentives(rule(start), age=17, left_on=date(2025, 11, 28),
                                     today=date(2026, 9, 1), **kwargs)
    assert [s.earned for s in left] == [False, False]
    assert rules.employer_incentives(rule(start), age=19, left_on=None, today=start,
                                     **kwargs) == []
    assert len(rules.employer_incentives(rule(start), age=24, left_on=None, today=start,
                                         **{**kwargs, "ehcp_or_care_leaver": True})) == 2


def test_the_foundation_incentive_comes_in_three_stages_to_confirm():
    start = date(2025, 9, 1)
    stages = rules.employer_incentives(rule(start), start=start, age=19,
                                       ehcp_or_care_leaver=False, foundation=True,
                                       left_on=None, today=start)
    assert len(stages) == 3 and {s.name for s in stages} == {
        "Foundation apprenticeship employer incentive"}
    assert all(s.amount is None for s in stages)  # the stage amounts are to confirm
    assert "progresses" in stages[-1].when
    # None before foundation apprenticeships existed.
    before = date(2025, 7, 31)
    assert all(s.name != "Foundation apprenticeship employer incentive"
               for s in rules.employer_incentives(rule(before), start=before, age=17,
                                                  ehcp_or_care_leaver=False, foundation=True,
                                                  left_on=None, today=before))
