"""What the career conversation views share: their templates, loading a conversation, and the
choices of sites and slots."""

from __future__ import annotations

from collections.abc import Callable

from flask import render_template
from flask_login import current_user
from wtforms import SelectChoice

from academy.extensions import db
from academy.people.models import Site
from academy.talent.conversations import queries
from academy.talent.conversations.models import CoachSlot, Conversation
from academy.web import as_int, found_or_404, require

TEMPLATES = "talent/conversations/"


def render(template: str, **context):
    return render_template(TEMPLATES + template, **context)


def load_conversation(conversation_id: int,
                      predicate: Callable[..., bool]) -> Conversation:
    """The conversation with its slot, preparation and record (404), when `predicate` allows
    the signed-in user (403)."""
    conversation = found_or_404(queries.conversation(conversation_id))
    require(predicate(current_user, conversation))
    return conversation


def site_choices() -> list[SelectChoice]:
    return [SelectChoice("", "Choose a site")] + [
        SelectChoice(str(s.id), f"{s.name} ({s.organisation.short_name})") for s in queries.sites()
    ]


def chosen_site(form) -> Site | None:
    site_id = as_int(form.site.data)
    return db.session.get(Site, site_id) if site_id else None


def slot_choice(slot: CoachSlot) -> SelectChoice:
    return SelectChoice(slot.id, f"{slot.when}: {slot.where}")
