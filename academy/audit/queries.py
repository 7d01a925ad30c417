"""Reading the audit log: the entries an administrator may see, filtered."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from academy.audit.models import AuditEvent
from academy.extensions import db
from academy.people import permissions
from academy.people.models import User
from academy.people.queries import visibility_clause


def events_query(viewer: User, *, action: str = "", person: str = "", object_type: str = "",
                 first: date | None = None, last: date | None = None) -> Select:
    """Newest first; an organisation's administrator sees events about or by people they may
    see; `action` matches the start of the action, `person` part of a name, `first` and `last`
    the days (UTC) the entries fall on, both included."""
    query = (
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor), joinedload(AuditEvent.subject))
        .order_by(AuditEvent.id.desc())
    )
    if not permissions.is_partnership_admin(viewer):
        visible = select(User.id).where(visibility_clause(viewer))
        query = query.where(AuditEvent.subject_id.in_(visible) | AuditEvent.actor_id.in_(visible))
    if action:
        query = query.where(AuditEvent.action.like(f"{action}%"))
    if person:
        matching = select(User.id).where(
            func.lower(User.given_name + " " + User.family_name).like(f"%{person.lower()}%")
        )
        query = query.where(AuditEvent.subject_id.in_(matching) | AuditEvent.actor_id.in_(matching))
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if first is not None:
        query = query.where(AuditEvent.at >= datetime.combine(first, time.min))
    if last is not None:
        query = query.where(AuditEvent.at < datetime.combine(last + timedelta(days=1), time.min))
    return query


def object_types() -> list[str]:
    """The kinds of object the log holds entries about, for the filter."""
    return list(db.session.scalars(
        select(AuditEvent.object_type).where(AuditEvent.object_type != "").distinct()
        .order_by(AuditEvent.object_type)
    ))


def has_event(action: str, obj) -> bool:
    """Whether the log already holds this action on this object."""
    return db.session.scalar(
        select(AuditEvent.id).where(
            AuditEvent.action == action, AuditEvent.object_type == type(obj).__name__,
            AuditEvent.object_id == str(obj.id)).limit(1)
    ) is not None
