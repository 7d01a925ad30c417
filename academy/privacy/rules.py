"""Retention arithmetic: when a record's period ends, and whether it has. Pure: plain values."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

UNITS = ("days", "months", "years")
CLOCKS = ("leaving", "record", "ended", "decided")
ACTIONS = ("anonymise", "delete")


@dataclass(frozen=True)
class RetentionRule:
    """One row of the retention schedule: which records, from when, for how long, then what."""

    kind: str
    records: str
    clock: str
    period: int
    unit: str
    action: str
    source: str
    source_row: str
    status: str
    note: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"{self.kind}: unknown unit {self.unit!r}")
        if self.clock not in CLOCKS:
            raise ValueError(f"{self.kind}: unknown clock {self.clock!r}")
        if self.action not in ACTIONS:
            raise ValueError(f"{self.kind}: unknown action {self.action!r}")
        if self.period < 0:
            raise ValueError(f"{self.kind}: the period cannot be negative")

    @property
    def period_label(self) -> str:
        if self.period == 0:
            return "None: straight away"
        unit = self.unit if self.period != 1 else self.unit[:-1]
        return f"{self.period} {unit}"

    @property
    def to_confirm(self) -> bool:
        return self.status == "to confirm"


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 January plus
    one month is 28 or 29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period_ends(start: date, period: int, unit: str) -> date:
    """The day a period that started on `start` has run its course."""
    if unit == "days":
        return date.fromordinal(start.toordinal() + period)
    if unit == "months":
        return add_months(start, period)
    if unit == "years":
        return add_months(start, 12 * period)
    raise ValueError(f"unknown unit {unit!r}")


def latest_start(today: date, period: int, unit: str) -> date:
    """The latest start whose period has ended by `today`: records that started on or before it
    are due. The inverse of period_ends, so a 29 February start is judged the same way."""
    if unit == "days":
        return date.fromordinal(today.toordinal() - period)
    months = period if unit == "months" else 12 * period
    candidate = add_months(today, -months)
    # add_months clips to the month's end: step forward while a later start still ends in time.
    while True:
        following = date.fromordinal(candidate.toordinal() + 1)
        if period_ends(following, period, unit) <= today:
            candidate = following
        else:
            return candidate


def is_due(start: date | None, today: date, period: int, unit: str) -> bool:
    """Whether a record whose clock started on `start` has reached the end of its period; a
    record whose clock has not started (no leaving date) never is."""
    return start is not None and period_ends(start, period, unit) <= today
