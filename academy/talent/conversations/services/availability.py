"""Coaches' slots, weekly availability and blocked-out time.

Each operation is the coach's own and raises NotAllowed for anyone else; they flush and never
commit."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from academy.audit.services import record as audit
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.people.models import Site, User
from academy.talent.conversations import permissions, rules
from academy.talent.conversations.models import (
    CoachAvailability,
    CoachBlock,
    CoachSlot,
    Conversation,
    ConversationStatus,
    Mode,
)
from academy.talent.conversations.services import slots
from academy.timekeeping import utcnow


def _require_coach(coach: User, actor: User) -> None:
    if coach.id != actor.id or not permissions.is_career_coach(actor):
        raise NotAllowed("Only the coach can change their own availability")


def _check_place(mode: Mode, site: Site | None) -> None:
    if mode == Mode.IN_PERSON and site is None:
        raise DomainError("Choose the site for an in-person conversation", field="site")


def publish_slot(coach: User, *, on: date, at: time, minutes: int, mode: Mode,
                 site: Site | None, joining_details: str | None, actor: User,
                 now: datetime | None = None) -> CoachSlot:
    """Offer one slot. Raises NotAllowed for anyone but the coach; DomainError for a time in the
    past, a clash with another slot or blocked-out time, or an in-person slot without a site."""
    now = now or utcnow()
    _require_coach(coach, actor)
    if minutes not in rules.SLOT_LENGTHS:
        raise DomainError("Choose how long the conversation lasts", field="minutes")
    _check_place(mode, site)
    starts_at = rules.to_utc(datetime.combine(on, at))
    ends_at = starts_at + timedelta(minutes=minutes)
    if starts_at <= now:
        raise DomainError("The slot must be in the future", field="on")
    if slots.busy(coach.id, starts_at, ends_at):
        raise DomainError("You already have a slot or blocked-out time then", field="at")
    slot = CoachSlot(coach_id=coach.id, starts_at=starts_at, ends_at=ends_at, mode=mode,
                     site_id=site.id if site else None, joining_details=joining_details or None)
    db.session.add(slot)
    db.session.flush()
    audit(actor, "conversation_slot.published", slot, subject=coach)
    return slot


def withdraw_slot(slot: CoachSlot, *, actor: User, now: datetime | None = None) -> None:
    """Raises DomainError when the slot is booked (cancel the conversation instead) or past."""
    now = now or utcnow()
    _require_coach(slot.coach, actor)
    if slot.withdrawn_at is not None:
        raise DomainError("This slot has already been withdrawn")
    if not slots.withdraw_free(CoachSlot.__table__.c.id == slot.id, now):
        raise DomainError("This slot is booked or has passed: cancel the conversation instead")
    audit(actor, "conversation_slot.withdrawn", slot, subject=actor)
    db.session.flush()


def publish_from_availability(availability: CoachAvailability, *, now: datetime) -> int:
    """Publish the availability's slots up to the horizon; returns how many.

    A time it has published before is never published again (a slot the coach withdrew stays
    withdrawn), nor one that clashes with another live slot or blocked-out time.
    """
    if availability.ended_at is not None:
        return 0
    first = rules.to_local(now).date()
    last = rules.to_local(now + rules.HORIZON).date()
    candidates = [
        (rules.to_utc(start), rules.to_utc(end))
        for start, end in rules.occurrences(availability.pattern, first, last)
    ]
    candidates = [c for c in candidates if c[0] > now]
    if not candidates:
        return 0
    published_before = set(db.session.scalars(
        select(CoachSlot.starts_at).where(CoachSlot.availability_id == availability.id,
                                          CoachSlot.starts_at >= candidates[0][0])
    ))
    candidates = [c for c in candidates if c[0] not in published_before]
    if not candidates:
        return 0
    free = rules.free_of(candidates, slots.busy(availability.coach_id, candidates[0][0],
                                                candidates[-1][1]))
    db.session.add_all([
        CoachSlot(coach_id=availability.coach_id, starts_at=start, ends_at=end,
                  mode=availability.mode, site_id=availability.site_id,
                  joining_details=availability.joining_details, availability_id=availability.id)
        for start, end in free
    ])
    db.session.flush()
    return len(free)


def add_availability(coach: User, *, weekday: int, starts: time, ends: time, slot_minutes: int,
                     mode: Mode, site: Site | None, joining_details: str | None,
                     valid_from: date, valid_until: date | None, actor: User,
                     now: datetime | None = None) -> tuple[CoachAvailability, int]:
    """Set a weekly availability and publish its slots ahead; returns it and the slots published.

    Raises DomainError for an impossible pattern or a first date in the past."""
    now = now or utcnow()
    _require_coach(coach, actor)
    _check_place(mode, site)
    pattern = rules.Pattern(weekday, starts, ends, slot_minutes, valid_from, valid_until)
    problem = rules.check_pattern(pattern)
    if problem:
        raise DomainError(problem, field="ends" if "time" in problem else None)
    if valid_from < rules.to_local(now).date():
        raise DomainError("The first date must be today or later", field="valid_from")
    availability = CoachAvailability(
        coach_id=coach.id, weekday=weekday, starts=starts, ends=ends, slot_minutes=slot_minutes,
        mode=mode, site_id=site.id if site else None, joining_details=joining_details or None,
        valid_from=valid_from, valid_until=valid_until,
    )
    db.session.add(availability)
    db.session.flush()
    published = publish_from_availability(availability, now=now)
    audit(actor, "conversation_availability.added", availability, subject=coach,
          slots=published)
    return availability, published


def end_availability(availability: CoachAvailability, *, actor: User,
                     now: datetime | None = None) -> int:
    """Stop a weekly availability and withdraw its free future slots; returns how many."""
    now = now or utcnow()
    _require_coach(availability.coach, actor)
    if availability.ended_at is not None:
        raise DomainError("This availability has already ended")
    availability.ended_at = now
    withdrawn = slots.withdraw_free(CoachSlot.__table__.c.availability_id == availability.id, now)
    audit(actor, "conversation_availability.ended", availability, subject=actor,
          withdrawn=withdrawn)
    db.session.flush()
    return withdrawn


def _open_in(coach_id: int, starts_at: datetime, ends_at: datetime, now: datetime) -> int:
    """Free, live future slots of the coach in the time, blocked or not."""
    return db.session.scalar(
        select(func.count()).select_from(CoachSlot).where(
            CoachSlot.coach_id == coach_id, CoachSlot.is_booked.is_(False),
            CoachSlot.withdrawn_at.is_(None), CoachSlot.starts_at > now,
            CoachSlot.starts_at < ends_at, CoachSlot.ends_at > starts_at,
        )
    )


def block_time(coach: User, *, starts: datetime, ends: datetime, reason: str | None,
               actor: User, now: datetime | None = None) -> tuple[CoachBlock, int]:
    """Block out time (UK wall-clock start and end). Free slots in it are hidden until the block
    is removed, and weekly availability publishes nothing in it. Returns the block and the number
    of slots hidden.

    Raises DomainError when the time is past or ends before it starts, or when a booked
    conversation falls in it (the coach cancels that first, so the person is told)."""
    now = now or utcnow()
    _require_coach(coach, actor)
    starts_at, ends_at = rules.to_utc(starts), rules.to_utc(ends)
    if ends_at <= starts_at:
        raise DomainError("The end must be after the start", field="ends_time")
    if ends_at <= now:
        raise DomainError("The time must not be in the past", field="ends_on")
    booked = db.session.scalar(
        select(func.count()).select_from(Conversation).join(CoachSlot).where(
            Conversation.coach_id == coach.id,
            Conversation.status == ConversationStatus.BOOKED,
            CoachSlot.starts_at < ends_at, CoachSlot.ends_at > starts_at,
        )
    )
    if booked:
        them = "them" if booked != 1 else "it"
        raise DomainError(
            f"You have {booked} booked conversation{'s' if booked != 1 else ''} in that time: "
            f"cancel or move {them} first, so the person is told"
        )
    hidden = _open_in(coach.id, starts_at, ends_at, now)
    block = CoachBlock(coach_id=coach.id, starts_at=starts_at, ends_at=ends_at,
                       reason=reason or None)
    db.session.add(block)
    db.session.flush()
    audit(actor, "conversation_block.added", block, subject=coach, hidden=hidden)
    return block, hidden


def remove_block(block: CoachBlock, *, actor: User, now: datetime | None = None) -> int:
    """Remove blocked-out time: its slots are bookable again and weekly availability fills the
    rest. Returns how many slots are open in that time now."""
    now = now or utcnow()
    coach = db.session.get(User, block.coach_id)
    _require_coach(coach, actor)
    starts_at, ends_at = block.starts_at, block.ends_at
    audit(actor, "conversation_block.removed", block, subject=coach)
    db.session.delete(block)
    db.session.flush()
    for availability in _live_availabilities(coach.id):
        publish_from_availability(availability, now=now)
    return _open_in(coach.id, starts_at, ends_at, now)


def _live_availabilities(coach_id: int | None = None) -> list[CoachAvailability]:
    query = select(CoachAvailability).where(CoachAvailability.ended_at.is_(None))
    if coach_id is not None:
        query = query.where(CoachAvailability.coach_id == coach_id)
    return list(db.session.scalars(query.order_by(CoachAvailability.id)))


def extend_availability(now: datetime) -> int:
    """The daily job: publish each weekly availability's slots up to the horizon."""
    return sum(publish_from_availability(a, now=now) for a in _live_availabilities())
