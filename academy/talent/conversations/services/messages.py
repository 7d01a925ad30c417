"""How notices, e-mails and invitations name a conversation: its page, its time in UK time,
its place."""

from __future__ import annotations

from academy.notifications.email import external_url
from academy.talent.conversations import rules
from academy.talent.conversations.models import CoachSlot, Conversation, Mode


def page(conversation: Conversation) -> str:
    """The conversation's page at ACADEMY_BASE_URL: the link of its notices and invitations."""
    return external_url("conversations.conversation", conversation_id=conversation.id)


def when(slot: CoachSlot) -> str:
    return rules.describe(slot.local_start, slot.local_end) + " (UK time)"


def where(slot: CoachSlot) -> str:
    if slot.mode == Mode.IN_PERSON and slot.site is not None:
        postcode = f", {slot.site.postcode}" if slot.site.postcode else ""
        return f"In person at {slot.site.name}{postcode}"
    details = f": {slot.joining_details}" if slot.joining_details else ""
    return f"Video call{details}"
