"""Who may do what with career conversations.

The record (notes, preparation, the person's comments) is the person's and the coach's who held
the conversation, and nobody else's: not their manager, not learning leads, not administrators,
not other coaches. The person may share the agreed actions (never the notes) with their line
manager. Administrators and learning leads see counts only.
"""

from __future__ import annotations

from datetime import datetime

from academy.people.models import User
from academy.people.permissions import is_admin, manages
from academy.people.roles import Role
from academy.talent.conversations import rules
from academy.talent.conversations.models import (
    CoachSlot,
    Conversation,
    ConversationStatus,
)
from academy.timekeeping import utcnow


def is_career_coach(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.COACH)


def can_change_coaching_time(user: User, item) -> bool:
    """A coach's own slot, weekly availability or blocked-out time: that coach only."""
    return is_career_coach(user) and item.coach_id == user.id


def coaches_for(coach: User, person: User) -> bool:
    """A coach for the whole partnership coaches anyone; one for an organisation, its staff."""
    scopes = coach.role_scopes(Role.COACH)
    return None in scopes or person.employer_id in scopes


def can_book_slot(user: User, slot: CoachSlot) -> bool:
    return (
        user.is_authenticated
        and slot.coach_id != user.id
        and coaches_for(slot.coach, user)
    )


def can_view_conversation(user: User, conversation: Conversation) -> bool:
    """The whole conversation, notes included: the person and its coach only."""
    return user.is_authenticated and user.id in (conversation.person_id, conversation.coach_id)


def is_conversation_person(user: User, conversation: Conversation) -> bool:
    return user.is_authenticated and user.id == conversation.person_id


def is_conversation_coach(user: User, conversation: Conversation) -> bool:
    return user.is_authenticated and user.id == conversation.coach_id


def can_prepare(user: User, conversation: Conversation, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (
        is_conversation_person(user, conversation)
        and conversation.is_booked
        and now < conversation.slot.starts_at
    )


def can_reschedule(user: User, conversation: Conversation, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (
        is_conversation_person(user, conversation)
        and conversation.is_booked
        and rules.person_may_change(conversation.slot.starts_at, now)
    )


def can_cancel(user: User, conversation: Conversation, now: datetime | None = None) -> bool:
    """The person up to the cut-off; the coach until the record is written."""
    if not conversation.is_booked:
        return False
    if is_conversation_coach(user, conversation):
        return True
    return can_reschedule(user, conversation, now)


def can_write_record(user: User, conversation: Conversation, now: datetime | None = None) -> bool:
    """The coach, once the meeting has begun."""
    now = now or utcnow()
    return (
        is_conversation_coach(user, conversation)
        and conversation.status in (ConversationStatus.BOOKED, ConversationStatus.HELD)
        and now >= conversation.slot.starts_at
    )


def can_respond_to_record(user: User, conversation: Conversation) -> bool:
    """Comment, confirm and share: the person, once the record is written."""
    return (
        is_conversation_person(user, conversation)
        and conversation.is_held
        and conversation.record is not None
    )


def can_book_follow_up(user: User, conversation: Conversation) -> bool:
    return (
        can_view_conversation(user, conversation)
        and conversation.is_held
    )


def can_complete_action(user: User, conversation: Conversation) -> bool:
    return can_view_conversation(user, conversation) and conversation.is_held


def can_view_shared_actions(user: User, conversation: Conversation) -> bool:
    """The line manager the person shared their actions with, while they still manage them."""
    record = conversation.record
    return (
        user.is_authenticated
        and record is not None
        and record.actions_shared_with_id == user.id
        and manages(user, conversation.person)
    )


def can_view_person_conversations(user: User, person: User) -> bool:
    """That conversations took place (when, with whom), never what was said: the person, and
    coaches whose scope takes the person in (an organisation's coach, its staff alone)."""
    return user.is_authenticated and (
        user.id == person.id or (is_career_coach(user) and coaches_for(user, person)))


def can_view_conversation_reports(user: User) -> bool:
    return user.is_authenticated and (is_admin(user) or user.has_role(Role.LEARNING_LEAD))
