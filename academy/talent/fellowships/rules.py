"""The rules of fellowships: dates of cohorts and placements, and outcomes from job history.

Pure functions over plain values: no Flask, no session.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

OUTCOME_MONTHS = (6, 12)
PLACEMENT_MONTHS = 12
# Agenda for Change bands, lowest first.
BANDS = ["1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"]

PROMOTED = "promoted"
MOVED_ROLE = "moved_role"
SAME_ROLE = "same_role"
LEFT = "left"


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_start(day: date) -> date:
    return day.replace(day=1)


def placement_ends(starts_on: date) -> date:
    """Twelve months of placement: the day before the same date a year on."""
    return months_after(starts_on, PLACEMENT_MONTHS) - timedelta(days=1)


def check_cohort_dates(starts_on: date, placement_starts_on: date, ends_on: date) -> str | None:
    if placement_starts_on < starts_on:
        return "Placements start after the development period begins"
    if ends_on <= placement_starts_on:
        return "The cohort ends after placements start"
    return None


def placement_months(starts_on: date, ends_on: date) -> list[date]:
    """The months (their first days) a placement covers, for backfill."""
    months, month = [], month_start(starts_on)
    while month <= ends_on:
        months.append(month)
        month = months_after(month, 1)
    return months


@dataclass(frozen=True)
class Spell:
    """One job in a person's history."""

    job_role_id: int
    organisation_id: int
    band: str | None
    started_on: date
    ended_on: date | None
    reason: str | None = None


def spell_on(spells: Iterable[Spell], day: date) -> Spell | None:
    """The job held on the day (the latest to start, when spells overlap)."""
    holding = [s for s in spells if s.started_on <= day and (s.ended_on is None or s.ended_on >= day)]
    return max(holding, key=lambda s: s.started_on, default=None)


def band_rank(band: str | None) -> int | None:
    return BANDS.index(band) if band in BANDS else None


def derive_outcome(baseline: Spell | None, later: Spell | None) -> str:
    """Where the person is now against where they were when they joined.

    Same job role at the same organisation: same role. A higher band: promoted. Without bands
    on both (social care roles), a change recorded as a promotion: promoted. Any other change:
    moved role. No job on record now: left.
    """
    if later is None:
        return LEFT
    if baseline is None:
        return MOVED_ROLE
    if (later.job_role_id, later.organisation_id) == (baseline.job_role_id, baseline.organisation_id):
        return SAME_ROLE
    before, after = band_rank(baseline.band), band_rank(later.band)
    if before is not None and after is not None:
        return PROMOTED if after > before else MOVED_ROLE
    if later.reason and "promot" in later.reason.lower():
        return PROMOTED
    return MOVED_ROLE


def outcome_date(cohort_ends_on: date, months: int) -> date:
    return months_after(cohort_ends_on, months)
