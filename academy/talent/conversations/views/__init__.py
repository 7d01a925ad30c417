"""The career conversation pages, in three blueprints: conversations (booking, preparing, the
record and actions, what a manager sees), coaching (a coach's diary, slots, availability and
blocked-out time) and conversation_reports (counts only). Here: what their views share."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from academy.extensions import db
from academy.people.models import Site
from academy.talent.conversations import queries
from academy.talent.conversations.models import CoachSlot, Conversation

TEMPLATES = "talent/conversations/"


def render(template: str, **context):
    return render_template(TEMPLATES + template, **context)


def load(conversation_id: int) -> Conversation:
    return queries.conversation(conversation_id) or abort(404)


def local_path(target: str | None, fallback: str) -> str:
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return fallback


def as_int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def site_choices() -> list[SelectChoice]:
    sites = db.session.scalars(
        select(Site).options(joinedload(Site.organisation)).order_by(Site.name)
    ).all()
    return [SelectChoice("", "Choose a site")] + [
        SelectChoice(str(s.id), f"{s.name} ({s.organisation.short_name})") for s in sites
    ]


def chosen_site(form) -> Site | None:
    site_id = as_int(form.site.data)
    return db.session.get(Site, site_id) if site_id else None


def slot_choice(slot: CoachSlot) -> SelectChoice:
    return SelectChoice(slot.id, f"{slot.when}: {slot.where}")
