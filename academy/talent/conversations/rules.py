"""The rules of booking career conversations: UK time, recurring availability, cut-offs, reminders.

Pure functions over plain values: no Flask, no session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# A person may change or cancel a booking up to this long before it starts.
CHANGE_CUTOFF = timedelta(hours=24)
# Upcoming bookings one person may hold at once, so that coaches' time is shared fairly.
MAX_UPCOMING_BOOKINGS = 2
# How far ahead recurring availability is published as slots.
HORIZON = timedelta(days=56)
# Slot lengths a coach may offer, in minutes.
SLOT_LENGTHS = (30, 45, 60, 90, 120)
# An action is due a reminder this many days before its date (or when already overdue).
REMINDER_DAYS = 7
# A booked conversation is due its reminder when it starts within this time.
CONVERSATION_REMINDER = timedelta(hours=36)


def to_utc(local: datetime) -> datetime:
    """A naive UK wall-clock time as naive UTC (the database's convention)."""
    return local.replace(tzinfo=UK).astimezone(UTC).replace(tzinfo=None)


def to_local(utc: datetime) -> datetime:
    """A naive UTC time as naive UK wall-clock time."""
    return utc.replace(tzinfo=UTC).astimezone(UK).replace(tzinfo=None)


def describe(local_start: datetime, local_end: datetime) -> str:
    """For example: Tuesday 3 March 2026, 10:00 to 11:00."""
    return (f"{local_start:%A} {local_start.day} {local_start:%B %Y}, "
            f"{local_start:%H:%M} to {local_end:%H:%M}")


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """True when two half-open intervals [start, end) share any time."""
    return a_start < b_end and b_start < a_end


@dataclass(frozen=True)
class Pattern:
    """A weekly availability: each `weekday`, slots of `slot_minutes` from `starts` to `ends`."""

    weekday: int
    starts: time
    ends: time
    slot_minutes: int
    valid_from: date
    valid_until: date | None = None


def check_pattern(pattern: Pattern) -> str | None:
    """A reason the pattern cannot work, or None."""
    if not 0 <= pattern.weekday <= 6:
        return "Choose a day of the week"
    if pattern.ends <= pattern.starts:
        return "The end time must be after the start time"
    if pattern.slot_minutes not in SLOT_LENGTHS:
        return "Choose a slot length"
    start = datetime.combine(pattern.valid_from, pattern.starts)
    if start + timedelta(minutes=pattern.slot_minutes) > datetime.combine(pattern.valid_from, pattern.ends):
        return "The time is too short for one slot of that length"
    if pattern.valid_until is not None and pattern.valid_until < pattern.valid_from:
        return "The last date must not be before the first"
    return None


def occurrences(pattern: Pattern, first: date, last: date) -> list[tuple[datetime, datetime]]:
    """The slots the pattern gives between two dates inclusive, as UK wall-clock (start, end)."""
    first = max(first, pattern.valid_from)
    if pattern.valid_until is not None:
        last = min(last, pattern.valid_until)
    day = first + timedelta(days=(pattern.weekday - first.weekday()) % 7)
    length = timedelta(minutes=pattern.slot_minutes)
    found = []
    while day <= last:
        start = datetime.combine(day, pattern.starts)
        end_of_time = datetime.combine(day, pattern.ends)
        while start + length <= end_of_time:
            found.append((start, start + length))
            start += length
        day += timedelta(days=7)
    return found


def free_of(
    candidates: Iterable[tuple[datetime, datetime]], taken: Iterable[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    """The candidate intervals that overlap none of the taken ones (all in the same clock)."""
    taken = sorted(taken)
    return [c for c in candidates if not any(overlaps(c[0], c[1], t[0], t[1]) for t in taken)]


def person_may_change(starts_at: datetime, now: datetime) -> bool:
    """A person may reschedule or cancel until the cut-off before the start."""
    return now <= starts_at - CHANGE_CUTOFF


def change_deadline(starts_at: datetime) -> datetime:
    return starts_at - CHANGE_CUTOFF
