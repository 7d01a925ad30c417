"""Apprenticeship rules: funding eligibility, off-the-job hours, reviews, red-amber-green status.

Pure: plain values in and out, no Flask and no session. The funding figures themselves are not
here: they are rows of FundingRule with the dates they apply from, and each function takes the
rule in force as an argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

# Which status may follow which; stopped and completed are final.
TRANSITIONS = {
    "waiting_to_start": {"live", "stopped"},
    "live": {"paused", "stopped", "completed"},
    "paused": {"live", "stopped"},
    "stopped": set(),
    "completed": set(),
}

REVIEW_INTERVAL = timedelta(weeks=12)
REVIEW_DUE_SOON = timedelta(days=14)
# Statutory leave is not time for off-the-job training: 5.6 weeks of the 52.14 in a year.
WORKING_SHARE = (Decimal("52.14") - Decimal("5.6")) / Decimal("52.14")

# Red, amber, green: the thresholds a coordinator reads in the reasons.
RED_REVIEW_OVERDUE = timedelta(weeks=4)
RED_OTJ_SHARE = Decimal("0.75")
AMBER_OTJ_SHARE = Decimal("0.90")
OTJ_NOISE_HOURS = Decimal(12)  # too early to judge slippage below this many planned hours
ASSESSMENT_ORGANISATION_NOTICE_MONTHS = 6
OTJ_TO_CONFIRM = ("Off-the-job minimum to confirm: the standard's published figure is not "
                  "recorded")

GATEWAY_ITEMS = [
    ("otj_minimum", "Off-the-job training hours meet the planned minimum"),
    ("english_maths", "English and maths requirements met (16 to 18, or where the standard asks)"),
    ("employer_competent", "Employer confirms the apprentice is competent in the occupation"),
    ("evidence_ready", "Portfolio and evidence the assessment plan asks for are ready"),
    ("provider_ready", "Training provider confirms readiness"),
]

CONFIRMED_LEVELS = {"high", "medium-high", "medium", "official"}


def plain(value) -> str:
    """A number without trailing zeros: 206.50 hours reads 206.5, 200.00 reads 200."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


def confidence_level(confidence: str | None) -> str:
    """The first word of a confidence note ("medium: ..." gives "medium")."""
    if not confidence:
        return "unknown"
    head = confidence.split(":", 1)[0].strip().lower()
    return head.split()[0] if head else "unknown"


def needs_confirmation(confidence: str | None, band, duration) -> bool:
    """Figures from a low or unverified source, or missing, are shown as "to confirm"."""
    if band is None or duration is None:
        return True
    return confidence_level(confidence) not in CONFIRMED_LEVELS


def rule_in_force(rules: Iterable, day: date):
    """The rule row with the latest effective date on or before the day.

    Raises LookupError when no rule applies yet."""
    found = None
    for rule in rules:
        if rule.effective_from <= day and (found is None or rule.effective_from > found.effective_from):
            found = rule
    if found is None:
        raise LookupError(f"no funding rule is in force on {day.isoformat()}")
    return found


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def shift_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return min(date(year, month, 1) + timedelta(days=day.day - 1), following - timedelta(days=1))


def funded_price(training: Decimal, assessment: Decimal, band: Decimal | None) -> tuple[Decimal, Decimal]:
    """What government funds may pay (capped by the funding band) and the employer's excess."""
    total = training + assessment
    if band is None or total <= band:
        return total, Decimal("0.00")
    return band, total - band


@dataclass(frozen=True)
class StartFacts:
    """What the funding rules ask about a new start."""

    level: int
    standard_status: str
    funding_withdrawn_from: date | None
    start: date
    planned_end: date
    age: int | None
    ehcp_or_care_leaver: bool
    weekly_hours: Decimal = Decimal("37.5")
    foundation: bool = False
    prison_leaver: bool = False


def is_foundation(reference: str, title: str) -> bool:
    """Foundation apprenticeships: the official list's "FA" references, or the title says so."""
    return reference.upper().startswith("FA") or "foundation apprenticeship" in title.lower()


def foundation_problems(facts: StartFacts, rule) -> list[str]:
    """Who may start a foundation apprenticeship: aged 16 to 21, or 22 to 24 with an education,
    health and care plan, care experience or as a prison leaver (from August 2025)."""
    if rule.foundation_max_age is None:
        return ["Foundation apprenticeships start from 1 August 2025"]
    if facts.age is None:
        return ["Enter the date of birth: foundation apprenticeships depend on age"]
    extended = facts.ehcp_or_care_leaver or facts.prison_leaver
    limit = rule.foundation_extended_max_age if extended else rule.foundation_max_age
    if facts.age > limit or facts.age < 16:
        return [f"Foundation apprenticeships are for apprentices aged 16 to {rule.foundation_max_age}"
                f" (up to {rule.foundation_extended_max_age} with an education, health and care "
                "plan, care experience or as a prison leaver)"]
    return []


def minimum_duration_months(rule, weekly_hours: Decimal) -> int:
    """The shortest apprenticeship the rule funds for someone working these hours a week.

    Where the rule extends it for part-time work (below its threshold, before August 2025), the
    minimum grows in proportion: 12 months at 30 hours is 18 months at 20 hours. Rounded up to
    whole months."""
    minimum = rule.minimum_duration_months
    threshold = getattr(rule, "part_time_threshold_hours", None)
    if threshold is None or weekly_hours <= 0 or weekly_hours >= threshold:
        return minimum
    months = Decimal(minimum) * Decimal(threshold) / Decimal(weekly_hours)
    return int(months.to_integral_value(rounding=ROUND_CEILING))


def funding_problems(facts: StartFacts, rule) -> list[str]:
    """Why a new start could not be funded under the rule in force on its start date."""
    problems = []
    if facts.standard_status == "retired":
        problems.append("This standard is retired: choose the version that replaced it")
    if facts.funding_withdrawn_from and facts.start >= facts.funding_withdrawn_from:
        problems.append(
            f"Funding for new starts on this standard was withdrawn from "
            f"{facts.funding_withdrawn_from:%-d %B %Y}")
    minimum = minimum_duration_months(rule, facts.weekly_hours)
    if facts.planned_end < shift_months(facts.start, minimum) - timedelta(days=1):
        if minimum != rule.minimum_duration_months:
            problems.append(f"An apprenticeship starting then at {plain(facts.weekly_hours)} hours "
                            f"a week must last at least {minimum} months")
        else:
            problems.append(f"An apprenticeship starting then must last at least {minimum} months")
    if facts.level == 7 and rule.level7_max_age is not None:
        limit = rule.level7_extended_max_age if facts.ehcp_or_care_leaver else rule.level7_max_age
        if facts.age is None:
            problems.append("Enter the date of birth: level 7 funding depends on age")
        elif facts.age > limit:
            problems.append(f"Level 7 new starts are funded only for apprentices aged {limit} or under")
    if facts.foundation:
        problems += foundation_problems(facts, rule)
    return problems


def young_fully_funded(rule, *, age: int | None, ehcp_or_care_leaver: bool,
                       employer_staff: int | None) -> bool:
    """Whether government pays all of a non-levy employer's young apprentice's costs.

    By age at the start (the extended age with an education, health and care plan or care
    experience); before April 2024 only for employers with fewer than 50 staff (a rule with a
    staff limit and an employer whose size is unknown: not fully funded)."""
    if age is None:
        return False
    limit = rule.young_extended_max_age if ehcp_or_care_leaver else rule.young_fully_funded_max_age
    if age > limit:
        return False
    max_staff = getattr(rule, "young_full_funding_max_staff", None)
    return max_staff is None or (employer_staff is not None and employer_staff <= max_staff)


def co_investment_percent(rule, *, levy_payer: bool, age: int | None,
                          ehcp_or_care_leaver: bool, employer_staff: int | None = None) -> Decimal:
    """The employer's share of costs that levy funds do not meet, by the rule in force on the
    apprenticeship's start date (earlier starts keep their rate for their whole duration)."""
    if levy_payer:
        return rule.levy_co_investment_percent
    if young_fully_funded(rule, age=age, ehcp_or_care_leaver=ehcp_or_care_leaver,
                          employer_staff=employer_staff):
        return Decimal(0)
    return rule.non_levy_co_investment_percent


def required_otj_hours(start: date, planned_end: date, weekly_hours: Decimal, *, basis: str,
                       percent: Decimal, floor_hours: int | None,
                       standard_minimum: int | None,
                       weekly_hours_cap: Decimal | int | None = None) -> int | None:
    """The off-the-job hours the training plan must hold, by the rule in force at the start.

    A share of working hours (`percent` of the weekly hours, counting at most `weekly_hours_cap`
    hours a week where the rule has a cap) over the weeks of the apprenticeship less statutory
    leave: before August 2022 20% of all working hours; from August 2022 to July 2025 6 hours a
    week (20% of 30) for 30 hours or more, pro rata below. From August 2025 the standard's own
    published minimum, never less than the funding floor; None (to confirm) where the
    standard's figure is not known, since the floor is no default.
    """
    if basis == "standard_minimum":
        if standard_minimum is None:
            return None
        return max(standard_minimum, floor_hours or 0)
    weeks = Decimal((planned_end - start).days + 1) / 7
    counted = weekly_hours if weekly_hours_cap is None else min(weekly_hours,
                                                                Decimal(weekly_hours_cap))
    weekly = counted * percent / 100
    hours = (weekly * weeks * WORKING_SHARE).quantize(Decimal(1), ROUND_HALF_UP)
    return int(hours)


def qualifies_for_payment(start: date, left_on: date | None, qualifying_days: int) -> bool:
    """An apprentice who leaves before the qualifying period (42 days) brings no payment: the
    start day is day 1, so leaving on day 42 qualifies and on day 41 does not."""
    if left_on is None:
        return True
    return (left_on - start).days + 1 >= qualifying_days


@dataclass(frozen=True)
class IncentivePayment:
    """One stage of an employer incentive: paid through the provider, not from levy funds."""

    name: str
    amount: Decimal | None   # None where the guidance's stage amount is still to confirm
    due_on: date | None      # the day it is earned (None: on an event, such as progression)
    when: str
    earned: bool | None      # True earned, False lost (left before), None not yet known
    source: str


def employer_incentives(rule, *, start: date, age: int | None, ehcp_or_care_leaver: bool,
                        foundation: bool, left_on: date | None,
                        today: date) -> list[IncentivePayment]:
    """The employer incentives the rule in force at the start gives, stage by stage.

    Each incentive in the rule's data names who it is for ("young": aged up to max_age, or up to
    extended_max_age with an education, health and care plan or care experience, on standards
    that are not foundation apprenticeships; "foundation": every eligible foundation apprentice)
    and its stages (day in learning, amount, what triggers it). A stage on day N is earned when
    the apprentice is still in learning on that day (the start day is day 1)."""
    found = []
    for incentive in rule.incentives or []:
        if incentive["kind"] == "foundation":
            if not foundation:
                continue
        elif incentive["kind"] == "young":
            if foundation or age is None:
                continue
            limit = incentive["extended_max_age"] if ehcp_or_care_leaver else incentive["max_age"]
            if age > limit:
                continue
        else:
            continue
        for day, amount, when in incentive["stages"]:
            due = start + timedelta(days=day - 1) if day is not None else None
            if due is None:
                earned = None
            elif left_on is not None and left_on < due:
                earned = False
            else:
                earned = True if due <= today else None
            found.append(IncentivePayment(incentive["name"],
                                          Decimal(amount) if amount is not None else None,
                                          due, when, earned, incentive["source"]))
    return found


def breaks_from_history(changes: Sequence[tuple[str, date]]) -> list[tuple[date, date | None]]:
    """Breaks in learning (first day, day of return or None) from dated status changes."""
    breaks: list[tuple[date, date | None]] = []
    began = None
    for status, day in sorted(changes, key=lambda c: c[1]):
        if status == "paused" and began is None:
            began = day
        elif status != "paused" and began is not None:
            breaks.append((began, day))
            began = None
    if began is not None:
        breaks.append((began, None))
    return breaks


def days_on_break(breaks: Iterable[tuple[date, date | None]], until: date) -> int:
    days = 0
    for began, returned in breaks:
        end = min(returned or until, until)
        if end > began:
            days += (end - began).days
    return days


def elapsed_share(start: date, planned_end: date, today: date,
                  breaks: Iterable[tuple[date, date | None]] = ()) -> Decimal:
    """How much of the planned learning time has passed (breaks excluded), from 0 to 1."""
    if today <= start:
        return Decimal(0)
    total = (planned_end - start).days
    passed = (min(today, planned_end + timedelta(days=days_on_break(breaks, today))) - start).days
    passed -= days_on_break(breaks, today)
    return max(Decimal(0), min(Decimal(1), Decimal(passed) / Decimal(total)))


def planned_otj_to_date(planned_hours: int | None, start: date, planned_end: date, today: date,
                        breaks=()) -> Decimal | None:
    """The hours the plan expects by the day (None while the plan's minimum is to confirm)."""
    if planned_hours is None:
        return None
    share = elapsed_share(start, planned_end, today, breaks)
    return (Decimal(planned_hours) * share).quantize(Decimal("0.1"), ROUND_HALF_UP)


def review_due_on(start: date, last_review_on: date | None, next_review_on: date | None) -> date:
    """At least every 12 weeks from the start or the last review; sooner when the review said so."""
    due = (last_review_on or start) + REVIEW_INTERVAL
    return min(due, next_review_on) if next_review_on else due


@dataclass(frozen=True)
class ProgressFacts:
    status: str
    today: date
    start: date
    planned_end: date
    planned_otj_hours: int | None
    otj_logged: Decimal
    review_due_on: date
    assessment_organisation: str | None = None
    gateway_passed_on: date | None = None
    breaks: tuple = field(default_factory=tuple)


def rag_status(facts: ProgressFacts) -> tuple[str | None, list[str]]:
    """Red, amber or green for a live apprentice, with the reasons; None when not live."""
    if facts.status != "live":
        return None, []
    red, amber = [], []
    overdue = facts.today - facts.review_due_on
    if overdue > RED_REVIEW_OVERDUE:
        red.append(f"Progress review overdue by {overdue.days // 7} weeks")
    elif overdue.days > 0:
        amber.append(f"Progress review overdue by {overdue.days} days")

    planned = planned_otj_to_date(facts.planned_otj_hours, facts.start, facts.planned_end,
                                  facts.today, facts.breaks)
    if planned is None:
        amber.append(OTJ_TO_CONFIRM)
    elif planned >= OTJ_NOISE_HOURS:
        share = facts.otj_logged / planned
        text = (f"Off-the-job training behind plan: {plain(facts.otj_logged)} of "
                f"{plain(planned)} hours planned to date")
        if share < RED_OTJ_SHARE:
            red.append(text)
        elif share < AMBER_OTJ_SHARE:
            amber.append(text)

    end = facts.planned_end + timedelta(days=days_on_break(facts.breaks, facts.today))
    if facts.today > end and facts.gateway_passed_on is None:
        red.append("Past the planned end date without reaching gateway")
    elif not facts.assessment_organisation and facts.today >= shift_months(
            end, -ASSESSMENT_ORGANISATION_NOTICE_MONTHS):
        amber.append("Assessment organisation not named 6 months before the planned end")
    if red:
        return "red", red + amber
    if amber:
        return "amber", amber
    return "green", []


def academic_year(day: date) -> int:
    """The year an academic year (August to July) starts in."""
    return day.year if day.month >= 8 else day.year - 1


def academic_year_label(start_year: int) -> str:
    return f"{start_year}/{str(start_year + 1)[-2:]}"


# Apprenticeships staff in a role often take next: shown on their pathway.
NEXT_STEPS = {
    "Healthcare assistant": ["ST0827", "ST0217"],
    "Senior healthcare support worker": ["ST0827", "ST0215"],
    "Trainee nursing associate": ["ST0827"],
    "Nursing associate": ["ST0781"],
    "Staff nurse": ["ST0564"],
    "Emergency care support worker": ["ST0567"],
    "Care worker": ["ST0006", "ST0005"],
    "Senior care worker": ["ST0006", "ST0007"],
    "Lead adult care worker": ["ST0007", "ST0008"],
    "Support worker": ["ST0005", "ST0006"],
    "Reablement worker": ["ST0006"],
    "Administrator": ["ST0070", "ST0384"],
    "Pharmacy technician": ["ST0300"],
}
