"""Dates in a partnership's life: mid-point, end, and the meetings the rhythm expects by a day.

Pure: dates and whole numbers in, dates and whole numbers out.
"""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day of the month so many months later (the month's last day if it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def midpoint_on(started_on: date, duration_months: int) -> date:
    half = duration_months / 2
    whole = int(half)
    day = add_months(started_on, whole)
    if half != whole:  # an odd number of months: half a month more
        day = date.fromordinal(day.toordinal() + 15)
    return day


def end_on(started_on: date, duration_months: int) -> date:
    return add_months(started_on, duration_months)


def expected_meetings(started_on: date | None, on: date, interval_weeks: int,
                      until: date | None = None) -> int:
    """Meetings the rhythm expects from the start to `on` (or `until`, if that is earlier):
    the first straight away, then one every interval."""
    if started_on is None:
        return 0
    last = min(on, until) if until else on
    if last < started_on:
        return 0
    return 1 + (last - started_on).days // (7 * interval_weeks)
