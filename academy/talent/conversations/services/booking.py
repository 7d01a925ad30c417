"""Booking career conversations: book, reschedule and cancel with calendar invitations, and the
reminder before the meeting. A slot is booked once only: see slots.claim."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from academy.audit.services import record as audit
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.email import external_url, notify_by_email
from academy.notifications.services import Attachment, notify
from academy.people.models import User
from academy.talent.conversations import invitations, permissions, rules
from academy.talent.conversations.models import (
    CancelReason,
    CoachSlot,
    Conversation,
    ConversationStatus,
)
from academy.talent.conversations.services import slots
from academy.talent.conversations.services.messages import page, when, where
from academy.timekeeping import utcnow


class SlotTaken(DomainError):
    """Someone else booked the slot first, or the coach withdrew it."""


def upcoming_count(person_id: int, now: datetime) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Conversation).join(CoachSlot).where(
            Conversation.person_id == person_id,
            Conversation.status == ConversationStatus.BOOKED,
            CoachSlot.starts_at > now,
        )
    )


def _invitation(conversation: Conversation) -> invitations.Invitation:
    slot, coach, person = conversation.slot, conversation.coach, conversation.person
    return invitations.Invitation(
        uid=f"career-conversation-{conversation.id}@wakefield-academy",
        sequence=conversation.sequence,
        starts_at=slot.starts_at, ends_at=slot.ends_at,
        summary=f"Career conversation with {coach.name}",
        description=(f"Your career conversation with {coach.name}.\n"
                     f"Your conversation on the Academy: {page(conversation)}"),
        location=where(slot),
        organiser_name=coach.name, organiser_email=coach.email,
        attendee_name=person.name, attendee_email=person.email,
    )


def _calendar_file(conversation: Conversation, method: str, now: datetime) -> Attachment:
    return Attachment(
        filename="cancelled.ics" if method == invitations.CANCEL else "invitation.ics",
        content_type=invitations.content_type(method),
        content=invitations.to_ical(_invitation(conversation), method, stamp=now),
    )


def _tell_person_booked(conversation: Conversation, now: datetime, *, changed: bool) -> None:
    slot = conversation.slot
    verb = "moved to" if changed else "booked for"
    notify_by_email(
        conversation.person,
        f"Your career conversation with {conversation.coach.name} is {verb} {when(slot)}",
        "conversations/booked", link=page(conversation),
        attachments=[_calendar_file(conversation, invitations.REQUEST, now)],
        conversation=conversation, changed=changed, when=when(slot), where=where(slot),
        deadline=rules.to_local(rules.change_deadline(slot.starts_at)),
    )


def book(slot: CoachSlot, *, person: User, actor: User,
         follow_up_of: Conversation | None = None, now: datetime | None = None) -> Conversation:
    """Book a slot for a person (by the person, or by the coach as a follow-up).

    Raises NotAllowed when the actor may not book this for the person; SlotTaken when the slot
    is no longer free (someone else got there first); DomainError for a past slot or too many
    upcoming bookings."""
    now = now or utcnow()
    if follow_up_of is not None:
        if follow_up_of.person_id != person.id or not permissions.can_book_follow_up(actor, follow_up_of):
            raise NotAllowed("Only the person or their coach can book a follow-up")
        if actor.id != person.id and slot.coach_id != actor.id:
            raise NotAllowed("A coach books follow-ups in their own slots")
    elif actor.id != person.id:
        raise NotAllowed("People book their own career conversations")
    if not permissions.can_book_slot(person, slot):
        raise NotAllowed("This coach's slots are not open to you")
    if slot.starts_at <= now:
        raise SlotTaken("This slot has passed: choose another")
    if upcoming_count(person.id, now) >= rules.MAX_UPCOMING_BOOKINGS:
        raise DomainError(
            f"You already have {rules.MAX_UPCOMING_BOOKINGS} upcoming conversations booked: "
            "hold or cancel one before booking another"
        )
    # The claim is the transaction's first write, so concurrent bookers queue on it.
    if not slots.claim(slot.id, now):
        raise SlotTaken("Sorry, someone has just booked this slot: choose another")
    slots.expire_loaded()
    conversation = Conversation(
        person_id=person.id, coach_id=slot.coach_id, slot_id=slot.id, booked_by_id=actor.id,
        follow_up_of_id=follow_up_of.id if follow_up_of else None,
    )
    db.session.add(conversation)
    db.session.flush()
    audit(actor, "conversation.booked", conversation, subject=person, slot=slot.id,
          follow_up_of=conversation.follow_up_of_id)
    _tell_person_booked(conversation, now, changed=False)
    notify_by_email(
        slot.coach, f"{person.name} booked a career conversation with you: {when(slot)}",
        "conversations/booked_with_coach", link=page(conversation),
        conversation=conversation, when=when(slot), where=where(slot),
    )
    db.session.flush()
    return conversation


def reschedule(conversation: Conversation, new_slot: CoachSlot, *, actor: User,
               now: datetime | None = None) -> Conversation:
    """Move a booking to another of the same coach's free slots, up to the cut-off.

    Raises NotAllowed after the cut-off or for anyone but the person; SlotTaken when the new
    slot is no longer free; DomainError for another coach's slot."""
    now = now or utcnow()
    if not permissions.can_reschedule(actor, conversation, now):
        raise NotAllowed("You can change a booking up to 24 hours before it starts")
    if new_slot.coach_id != conversation.coach_id:
        raise DomainError("Choose one of the same coach's times", field="slot")
    if new_slot.id == conversation.slot_id:
        raise DomainError("Choose a different time", field="slot")
    if not slots.claim(new_slot.id, now):
        raise SlotTaken("Sorry, that time has just been booked: choose another", field="slot")
    old_slot_id = conversation.slot_id
    slots.release(old_slot_id)
    conversation.slot_id = new_slot.id
    conversation.sequence += 1
    conversation.reminder_sent_at = None
    db.session.flush()
    db.session.expire(conversation, ["slot"])
    slots.expire_loaded()
    audit(actor, "conversation.rescheduled", conversation, subject=conversation.person,
          from_slot=old_slot_id, to_slot=new_slot.id)
    _tell_person_booked(conversation, now, changed=True)
    notify_by_email(
        conversation.coach,
        f"{conversation.person.name} moved their career conversation to {when(new_slot)}",
        "conversations/moved_with_coach", link=page(conversation),
        conversation=conversation, when=when(new_slot),
    )
    db.session.flush()
    return conversation


def cancel(conversation: Conversation, *, reason: CancelReason, actor: User,
           now: datetime | None = None) -> None:
    """Cancel a booking: the person up to the cut-off, the coach until the record is written.
    The slot is free again; the person's calendar gets a cancellation and the other side is told.

    Raises NotAllowed otherwise."""
    now = now or utcnow()
    if not permissions.can_cancel(actor, conversation, now):
        raise NotAllowed("You can cancel a booking up to 24 hours before it starts; "
                         "after that, contact your coach")
    conversation.status = ConversationStatus.CANCELLED
    conversation.cancelled_at = now
    conversation.cancelled_by_id = actor.id
    conversation.cancel_reason = reason
    conversation.sequence += 1
    db.session.flush()
    slots.release(conversation.slot_id)
    slots.expire_loaded()
    audit(actor, "conversation.cancelled", conversation, subject=conversation.person,
          reason=reason.value)
    slot, person, coach = conversation.slot, conversation.person, conversation.coach
    by_coach = actor.id == coach.id
    notify_by_email(
        person,
        (f"{coach.name} cancelled your career conversation on {when(slot)}" if by_coach
         else f"You cancelled your career conversation on {when(slot)}"),
        "conversations/cancelled", link=external_url("conversations.index"),
        attachments=[_calendar_file(conversation, invitations.CANCEL, now)],
        conversation=conversation, when=when(slot),
    )
    if not by_coach:
        notify_by_email(
            coach, f"{person.name} cancelled their career conversation on {when(slot)}",
            "conversations/cancelled_with_coach", link=external_url("coaching.diary"),
            conversation=conversation, when=when(slot),
        )
    db.session.flush()


def send_conversation_reminders(now: datetime) -> int:
    """Remind the person and the coach once, the day before a booked conversation."""
    due = db.session.scalars(
        select(Conversation).join(CoachSlot)
        .options(joinedload(Conversation.slot).joinedload(CoachSlot.site),
                 joinedload(Conversation.person), joinedload(Conversation.coach),
                 joinedload(Conversation.preparation))
        .where(Conversation.status == ConversationStatus.BOOKED,
               Conversation.reminder_sent_at.is_(None),
               CoachSlot.starts_at > now, CoachSlot.starts_at <= now + rules.CONVERSATION_REMINDER)
        .order_by(CoachSlot.starts_at)
    ).unique().all()
    for conversation in due:
        slot, person, coach = conversation.slot, conversation.person, conversation.coach
        notify_by_email(person, f"Reminder: career conversation with {coach.name}, {when(slot)}",
                        "conversations/reminder", link=page(conversation),
                        conversation=conversation, when=when(slot), where=where(slot))
        notify(coach, f"Reminder: career conversation with {person.name}, {when(slot)}",
               link=page(conversation))
        conversation.reminder_sent_at = now
    db.session.flush()
    return len(due)
