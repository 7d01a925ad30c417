"""How notices and e-mails name a conversation: its page, its time in UK time, its place."""

from __future__ import annotations

from flask import current_app

from academy.talent.conversations import rules
from academy.talent.conversations.models import (
    CoachSlot,
    Mode,
)


def conversation_path(conversation_id: int) -> str:
    return f"/conversations/{conversation_id}"


def link(path: str) -> str:
    return current_app.config["ACADEMY_BASE_URL"].rstrip("/") + path


def when(slot: CoachSlot) -> str:
    return rules.describe(slot.local_start, slot.local_end) + " (UK time)"


def where(slot: CoachSlot) -> str:
    if slot.mode == Mode.IN_PERSON and slot.site is not None:
        postcode = f", {slot.site.postcode}" if slot.site.postcode else ""
        return f"In person at {slot.site.name}{postcode}"
    details = f": {slot.joining_details}" if slot.joining_details else ""
    return f"Video call{details}"
