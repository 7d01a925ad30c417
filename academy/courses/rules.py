"""Pure rules of the catalogue: places and the waiting list, clashes, booking windows, compliance,
reminders.

No Flask, no database: plain values in, plain values out.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

# The statuses and the expiry rule are named once, with holdings.
from academy.holdings.rules import (  # noqa: F401
    DUE_WITHIN_DAYS,
    NEVER,
    Compliance,
    SubjectStatus,
    compliance,
)

REMINDER_DAYS = (60, 30, 0)
# A reminder for an expiry that passed while nobody ran the job is still worth sending this late.
REMINDER_GRACE_DAYS = 14


# --- Places -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Quota:
    organisation_id: int
    places: int
    released_on: date


@dataclass(frozen=True)
class Places:
    """Everything that decides who may take a place on one session, at one moment."""

    capacity: int
    taken: int = 0
    taken_by_organisation: dict[int, int] = field(default_factory=dict)
    unnamed_reserved: int = 0
    quotas: tuple[Quota, ...] = ()
    today: date | None = None

    def active_quotas(self) -> list[Quota]:
        return [q for q in self.quotas if self.today is None or q.released_on > self.today]

    def held_for(self, organisation_id: int) -> int:
        """Places an active quota still holds for that organisation's staff."""
        return sum(
            max(0, q.places - self.taken_by_organisation.get(q.organisation_id, 0))
            for q in self.active_quotas() if q.organisation_id == organisation_id
        )

    def held(self, *, excluding: int | None = None) -> int:
        """Places nobody from outside may take: unnamed reservations and other partners' quotas."""
        quota_holds = sum(
            max(0, q.places - self.taken_by_organisation.get(q.organisation_id, 0))
            for q in self.active_quotas() if q.organisation_id != excluding
        )
        return self.unnamed_reserved + quota_holds

    def free_for(self, organisation_id: int | None) -> int:
        """Places someone employed by the organisation may take now."""
        return max(0, self.capacity - self.taken - self.held(excluding=organisation_id))

    def after_booking(self, organisation_id: int) -> Places:
        by_org = dict(self.taken_by_organisation)
        by_org[organisation_id] = by_org.get(organisation_id, 0) + 1
        return replace(self, taken=self.taken + 1, taken_by_organisation=by_org)


def has_place(places: Places, organisation_id: int) -> bool:
    """Booked if a place is free for this person's organisation, otherwise the waiting list."""
    return places.free_for(organisation_id) >= 1


def promotions(places: Places, waiting: Sequence[tuple[Hashable, int]],
               blocked: Collection[Hashable] = ()) -> list[Hashable]:
    """Who on the waiting list (in joining order: (key, organisation)) gets a place now.

    Each freed place goes to the first person in line who may take it; a place held for one
    partner skips the people in front who are not that partner's staff. Those blocked (a place
    would clash with a booking they hold) are passed over and keep their place in line.
    """
    promoted = []
    for key, organisation_id in waiting:
        if places.capacity - places.taken < 1:
            break
        if key in blocked:
            continue
        if has_place(places, organisation_id):
            promoted.append(key)
            places = places.after_booking(organisation_id)
    return promoted


def can_reserve(places: Places, organisation_id: int, wanted: int) -> bool:
    return wanted >= 1 and places.free_for(organisation_id) >= wanted


# --- Clashes -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    """The time something takes in a person's diary: a session, for the rule on clashes."""

    key: Hashable
    starts_at: datetime
    ends_at: datetime
    # E-learning is done at one's own pace within its dates: it takes no time in the diary, so it
    # neither clashes with anything nor is clashed with.
    dated: bool = True


def overlaps(one: Slot, other: Slot) -> bool:
    """Two dated slots clash when [starts_at, ends_at) intersect: back to back is no clash."""
    return (one.dated and other.dated
            and one.starts_at < other.ends_at and other.starts_at < one.ends_at)


def clashes(slot: Slot, others: Iterable[Slot]) -> list[Hashable]:
    """The keys of the other slots that clash with this one, earliest first (never itself)."""
    found = [o for o in others if o.key != slot.key and overlaps(slot, o)]
    return [o.key for o in sorted(found, key=lambda o: o.starts_at)]


# --- Booking windows ----------------------------------------------------------------------------

def booking_refusal(now: datetime, *, starts_at: datetime, closes_at: datetime,
                    cancelled: bool, retired: bool) -> str | None:
    """Why a session cannot be booked now, or None when it can."""
    if retired:
        return "This course has been retired and takes no more bookings."
    if cancelled:
        return "This session has been cancelled."
    if now >= starts_at:
        return "This session has already started."
    if now >= closes_at:
        return "Booking for this session has closed."
    return None


def may_cancel(status: str, now: datetime, starts_at: datetime | None) -> bool:
    """A booking, wait, request or interest can be cancelled until the session starts."""
    if status not in {"requested", "awaiting_approval", "booked", "waitlisted"}:
        return False
    return starts_at is None or now < starts_at


# --- Renewal and compliance ---------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """The same day so many months later; the 31st becomes the month's last day when shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_for(completed_on: date, renewal_months: int | None) -> date | None:
    """When a completion stops counting: the renewal period after the completion date."""
    if renewal_months is None:
        return None
    return add_months(completed_on, renewal_months)


def current_expiry(records: Iterable[tuple[date, date | None]]) -> date | None:
    """The expiry that counts among (completed_on, expires_on) records: the latest one.

    A renewal done early replaces the old expiry with the new, later one; a completion that never
    expires counts as NEVER. Returns None when there is no record.
    """
    best = None
    for _completed_on, expires_on in records:
        value = NEVER if expires_on is None else expires_on
        if best is None or value > best:
            best = value
    return best


def reminder_due(expiry: date, today: date, thresholds: Sequence[int] = REMINDER_DAYS,
                 grace_days: int = REMINDER_GRACE_DAYS) -> int | None:
    """Which reminder (days before expiry) is due today, or None.

    The most urgent threshold reached wins, so a record first seen 20 days out gets the 30-day
    reminder, not the 60-day one too; each is sent once (the caller records what was sent).
    """
    days = (expiry - today).days
    if days < -grace_days:
        return None
    reached = [t for t in thresholds if days <= t]
    return min(reached) if reached else None


def percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)
