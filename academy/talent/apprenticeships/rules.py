"""Apprenticeship rules: funding eligibility, off-the-job hours, reviews, red-amber-green status.

Pure: plain values in and out, no Flask and no session. The funding figures themselves are not
here: they are rows of FundingRule with the dates they apply from, and each function takes the
rule in force as an argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

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
# Off-the-job time is worked out on at most 30 hours a week (a 37.5-hour week needs 6 hours).
OTJ_WEEKLY_HOURS_CAP = Decimal(30)

# Red, amber, green: the thresholds a coordinator reads in the reasons.
RED_REVIEW_OVERDUE = timedelta(weeks=4)
RED_OTJ_SHARE = Decimal("0.75")
AMBER_OTJ_SHARE = Decimal("0.90")
OTJ_NOISE_HOURS = Decimal(12)  # too early to judge slippage below this many planned hours
ASSESSMENT_ORGANISATION_NOTICE_MONTHS = 6

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


def funding_problems(facts: StartFacts, rule) -> list[str]:
    """Why a new start could not be funded under the rule in force on its start date."""
    problems = []
    if facts.standard_status == "retired":
        problems.append("This standard is retired: choose the version that replaced it")
    if facts.funding_withdrawn_from and facts.start >= facts.funding_withdrawn_from:
        problems.append(
            f"Funding for new starts on this standard was withdrawn from "
            f"{facts.funding_withdrawn_from:%-d %B %Y}")
    minimum = rule.minimum_duration_months
    if facts.planned_end < shift_months(facts.start, minimum) - timedelta(days=1):
        problems.append(f"An apprenticeship starting then must last at least {minimum} months")
    if facts.level == 7 and rule.level7_max_age is not None:
        limit = rule.level7_extended_max_age if facts.ehcp_or_care_leaver else rule.level7_max_age
        if facts.age is None:
            problems.append("Enter the date of birth: level 7 funding depends on age")
        elif facts.age > limit:
            problems.append(f"Level 7 new starts are funded only for apprentices aged {limit} or under")
    return problems


def co_investment_percent(rule, *, levy_payer: bool, age: int | None,
                          ehcp_or_care_leaver: bool) -> Decimal:
    """The employer's share of costs that levy funds do not meet."""
    if levy_payer:
        return rule.levy_co_investment_percent
    if age is not None:
        limit = rule.young_extended_max_age if ehcp_or_care_leaver else rule.young_fully_funded_max_age
        if age <= limit:
            return Decimal(0)
    return rule.non_levy_co_investment_percent


def required_otj_hours(start: date, planned_end: date, weekly_hours: Decimal, *, basis: str,
                       percent: Decimal, floor_hours: int | None,
                       standard_minimum: int | None) -> int:
    """The off-the-job hours the training plan must hold.

    Before August 2025: a share of working hours (20% of up to 30 hours a week) over the weeks of
    the apprenticeship less statutory leave. From then: the standard's own published minimum, or
    the funding floor where the standard's figure is not known.
    """
    if basis == "standard_minimum":
        return standard_minimum if standard_minimum is not None else (floor_hours or 0)
    weeks = Decimal((planned_end - start).days + 1) / 7
    weekly = min(weekly_hours, OTJ_WEEKLY_HOURS_CAP) * percent / 100
    hours = (weekly * weeks * WORKING_SHARE).quantize(Decimal(1), ROUND_HALF_UP)
    return int(hours)


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


def planned_otj_to_date(planned_hours: int, start: date, planned_end: date, today: date,
                        breaks=()) -> Decimal:
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
    planned_otj_hours: int
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
    if planned >= OTJ_NOISE_HOURS:
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
