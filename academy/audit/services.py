"""Writing to the audit log; every service that changes state calls record()."""

from __future__ import annotations

from academy.audit.models import AuditEvent
from academy.errors import DomainError
from academy.extensions import db

# A correction says why in a sentence or two; the person's record shows it as written.
REASON_MAX_LENGTH = 500


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


def correction_reason(reason: str | None, *, field: str = "reason") -> str:
    """The reason given for correcting a record, trimmed. Raises DomainError (on `field`) when
    there is none, or when it is longer than the record keeps."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter the reason for the correction", field=field)
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(f"Keep the reason to {REASON_MAX_LENGTH} characters", field=field)
    return reason


def record_read(actor, action: str, obj, *, subject, **detail) -> AuditEvent | None:
    """Note that `actor` read a record of `subject` (a person, or their id): one entry, written
    from what the page already holds, so it costs one insert and no reads. Reading one's own
    record is not noted."""
    subject_id = getattr(subject, "id", subject)
    if subject_id is None or getattr(actor, "id", None) == subject_id:
        return None
    return record(actor, action, obj, subject=subject_id, **detail)
