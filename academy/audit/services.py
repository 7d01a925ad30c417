"""Writing to the audit log; every service that changes state calls record()."""

from __future__ import annotations

from academy.audit.models import AuditEvent
from academy.extensions import db


def record(
    actor,
    action: str,
    obj=None,
    *,
    object_type: str | None = None,
    object_id=None,
    subject=None,
    **detail,
) -> AuditEvent:
    """Append one entry: who (actor), what (action), which object, about whom (subject)."""
    if obj is not None:
        object_type = object_type or type(obj).__name__
        object_id = object_id if object_id is not None else getattr(obj, "id", None)
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type or "",
        object_id=None if object_id is None else str(object_id),
        subject_id=getattr(subject, "id", subject),
        detail=detail or None,
    )
    db.session.add(event)
    return event
