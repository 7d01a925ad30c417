"""Reading the audit log: the entries an administrator may see, filtered, and the corrections
made to one person's records."""

from __future__ import annotations

from dataclasses import dataclass
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


# The audited actions that correct someone's record, as their record names them. Each entry
# carries a reason, what it was about, and the value before and after.
CORRECTIONS = {
    "induction.start_corrected": "Induction start date changed",
    "induction.closed_unfinished": "Induction closed unfinished",
    "enrolment.completion_corrected": "Course completion date corrected",
    "enrolment.completion_withdrawn": "Course completion withdrawn",
    "fellowship_milestone.undone": "Fellowship milestone no longer done",
}
CORRECTIONS_SHOWN = 100


@dataclass(frozen=True)
class Correction:
    at: datetime
    by: str
    what: str
    about: str
    reason: str
    change: str  # "From 5 January 2026 to 12 January 2026", "Was 5 January 2026", or ""


def _shown(value) -> str:
    """A recorded value as the page says it: ISO dates as long dates."""
    try:
        return f"{date.fromisoformat(value):%-d %B %Y}"
    except (TypeError, ValueError):
        return str(value)


def _change(before, after) -> str:
    if before is not None and after is not None:
        return f"From {_shown(before)} to {_shown(after)}"
    if before is not None:
        return f"Was {_shown(before)}"
    return ""


def corrections_about(person_id: int) -> list[Correction]:
    """The corrections made to the person's records, newest first: who, when, what and why."""
    events = db.session.scalars(
        select(AuditEvent).options(joinedload(AuditEvent.actor))
        .where(AuditEvent.subject_id == person_id, AuditEvent.action.in_(list(CORRECTIONS)))
        .order_by(AuditEvent.id.desc()).limit(CORRECTIONS_SHOWN)
    )
    return [
        Correction(
            at=event.at, by=event.actor.name if event.actor else "The Academy",
            what=CORRECTIONS[event.action], about=(event.detail or {}).get("about") or "",
            reason=(event.detail or {}).get("reason") or "",
            change=_change((event.detail or {}).get("before"), (event.detail or {}).get("after")),
        )
        for event in events
    ]


# The audited reads of someone's record, as the person's own page names what was read.
READS = {
    "person.viewed": "Your details",
    "passport.viewed": "Your passport",
    "induction.viewed": "Your induction",
    "induction.evidence_viewed": "Evidence in your induction",
    "shared_actions.viewed": "The development actions you shared",
    "conversation_history.viewed": "The list of your career conversations",
    "mentoring_partnership.viewed": "Your mentoring partnership",
    "mentoring.application_viewed": "Your mentoring application",
    "fellow.viewed": "Your fellowship",
    "apprenticeships.apprentice_viewed": "Your apprenticeship",
    "conversation.read": "A record of one of your career conversations",
    "privacy.subject_access_on_request": "Everything held about you, downloaded on your request",
}


def reads_of(person_id: int) -> Select:
    """Who read the person's records, newest first: one row an entry, with the reader."""
    return (
        select(AuditEvent).options(joinedload(AuditEvent.actor))
        .where(AuditEvent.subject_id == person_id, AuditEvent.action.in_(list(READS)))
        .order_by(AuditEvent.id.desc())
    )
