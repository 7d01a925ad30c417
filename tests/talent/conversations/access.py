"""Career conversations' part of the access table, and the objects its routes' URL values point at.

The coach holds everything: a free slot (slot_id), a booking by the member of staff in the future
(the conversation_id of the booking's pages: preparation, reschedule, cancel), and a conversation
held with the subject, whose record has notes and actions that the subject confirmed and shared
with their manager (conversation_id of the other pages, action_id). The notes are the subject's
and the coach's only: the manager, learning leads and administrators get 403.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from academy.extensions import db
from academy.people.roles import Role
from academy.talent.conversations.models import CoachAvailability, CoachBlock, Mode
from academy.timekeeping import utcnow
from tests.talent.conversations.factories import (
    ConversationFactory,
    SlotFactory,
    held_conversation,
)

PUBLIC = "public"
SIGNED_IN = "signed_in"
EVERY_ROLE = frozenset(r.value for r in Role)


def only(*roles: str) -> frozenset[str]:
    return frozenset(roles)


COACH = only("coach")

ACCESS: dict[tuple[str, str], object] = {
    # Every member of staff books their own conversations: a coach not in their own slot.
    ("conversations.index", "GET"): SIGNED_IN,
    ("conversations.slots", "GET"): SIGNED_IN,
    ("conversations.book", "GET"): EVERY_ROLE - COACH,
    ("conversations.book", "POST"): EVERY_ROLE - COACH,
    # The booking is the member of staff's, with the coach.
    ("conversations.preparation", "GET"): only("staff"),
    ("conversations.preparation", "POST"): only("staff"),
    ("conversations.reschedule", "GET"): only("staff"),
    ("conversations.reschedule", "POST"): only("staff"),
    ("conversations.cancel", "GET"): only("staff", "coach"),
    ("conversations.cancel", "POST"): only("staff", "coach"),
    # The held conversation is the subject's: its notes are readable by the coach who held it
    # (and the subject, who is not one of the signed-in roles). Not their manager, not learning
    # leads, not administrators, not fellowship leads: 403.
    ("conversations.conversation", "GET"): COACH,
    ("conversations.record", "GET"): COACH,
    ("conversations.record", "POST"): COACH,
    ("conversations.comments", "POST"): only(),
    ("conversations.confirm_actions", "POST"): only(),
    ("conversations.share_actions", "GET"): only(),
    ("conversations.share_actions", "POST"): only(),
    ("conversations.unshare_actions", "POST"): only(),
    ("conversations.follow_up", "GET"): COACH,
    ("conversations.follow_up", "POST"): COACH,
    ("conversations.complete_action", "POST"): COACH,
    # The subject shared the actions (never the notes) with their manager.
    ("conversations.shared", "GET"): SIGNED_IN,
    ("conversations.shared_actions", "GET"): only("manager"),
    # That conversations took place, without what was said: coaches (and the person).
    ("coaching.person_history", "GET"): COACH,
    ("coaching.diary", "GET"): COACH,
    ("coaching.slots", "GET"): COACH,
    ("coaching.new_slot", "GET"): COACH,
    ("coaching.new_slot", "POST"): COACH,
    ("coaching.withdraw_slot", "GET"): COACH,
    ("coaching.withdraw_slot", "POST"): COACH,
    ("coaching.new_availability", "GET"): COACH,
    ("coaching.new_availability", "POST"): COACH,
    ("coaching.end_availability", "GET"): COACH,
    ("coaching.end_availability", "POST"): COACH,
    ("coaching.new_block", "GET"): COACH,
    ("coaching.new_block", "POST"): COACH,
    ("coaching.remove_block", "GET"): COACH,
    ("coaching.remove_block", "POST"): COACH,
    # Counts only, with small numbers hidden.
    ("conversation_reports.report", "GET"): only("admin", "learning_lead"),
    ("conversation_reports.export", "GET"): only("admin", "learning_lead"),
}


def world(users, subject, organisation) -> dict:
    coach = users["coach"]
    now = utcnow()
    free = SlotFactory(coach=coach)
    booking = ConversationFactory(
        person=users["staff"],
        slot=SlotFactory(coach=coach, is_booked=True, starts_at=now + timedelta(days=5)),
    )
    held = held_conversation(subject, coach, notes="Wants to move into a leadership role.")
    held.record.actions_confirmed_at = now
    held.record.actions_shared_with_id = users["manager"].id
    held.record.actions_shared_at = now
    availability = CoachAvailability(
        coach_id=coach.id, weekday=2, starts=time(9), ends=time(12), slot_minutes=60,
        mode=Mode.VIRTUAL, valid_from=date.today(),
    )
    block = CoachBlock(coach_id=coach.id, starts_at=now + timedelta(days=30),
                       ends_at=now + timedelta(days=31), reason="Annual leave")
    db.session.add_all([availability, block])
    db.session.flush()
    booked = {"conversation_id": booking.id}
    return {
        "conversations": {
            "slot_id": free.id,
            "conversation_id": held.id,
            "action_id": held.record.actions[0].id,
        },
        "conversations.preparation": booked,
        "conversations.reschedule": booked,
        "conversations.cancel": booked,
        "coaching": {
            "slot_id": free.id,
            "availability_id": availability.id,
            "block_id": block.id,
        },
    }
