"""Sessions: scheduling, copying and cancelling them, and the register with the completions it records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select, tuple_, update

from academy.audit.services import record
from academy.courses import rules
from academy.courses.certificates import new_code
from academy.courses.invitations import invitations
from academy.courses.models import (
    Course,
    CourseSession,
    Enrolment,
    RecordSource,
    SessionQuota,
    TrainingRecord,
)
from academy.courses.queries.clashes import trainer_clashes
from academy.courses.services.places import (
    LIVE,
    S,
    lock_session,
    places_of,
    promote,
    refresh_counts,
    when,
)
from academy.errors import DomainError
from academy.extensions import db
from academy.holdings import services as holdings
from academy.notifications.email import external_url, notify_by_email
from academy.people.models import User
from academy.timekeeping import utcnow

# --- Sessions -----------------------------------------------------------------------------------

@dataclass
class SessionData:
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booking_closes_at: datetime | None = None
    site_id: int | None = None
    location: str = ""
    online_url: str | None = None
    trainer_ids: list[int] = field(default_factory=list)


def _check_session(data: SessionData, now: datetime) -> None:
    if data.ends_at <= data.starts_at:
        raise DomainError("The session must end after it starts.", field="ends_at")
    if data.starts_at <= now:
        raise DomainError("Schedule sessions in the future.", field="starts_at")
    if data.capacity < 1:
        raise DomainError("A session needs at least one place.", field="capacity")
    if data.booking_closes_at and data.booking_closes_at > data.starts_at:
        raise DomainError("Booking must close before the session starts.",
                          field="booking_closes_on")


def _check_trainers(course: Course, data: SessionData, trainers: list[User],
                    session_id: int | None = None) -> None:
    """A trainer cannot be on two sessions at once: refuse one already on a session (not
    cancelled) at that time, naming it. E-learning takes nobody's time, so never clashes."""
    slot = rules.Slot(session_id, data.starts_at, data.ends_at, dated=course.has_dated_sessions)
    busy = trainer_clashes([t.id for t in trainers], slot)
    if busy:
        clauses = [f"{t.name} is already training {busy[t.id].course.title} on {when(busy[t.id])}"
                   for t in trainers if t.id in busy]
        raise DomainError(f"{'; '.join(clauses)}: choose another trainer or another time.",
                          field="trainers")


def _trainers(ids: list[int]) -> list[User]:
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids))
                                   .order_by(User.family_name, User.given_name)))


def _tell_interested(course: Course, session: CourseSession) -> int:
    interested = db.session.scalars(
        select(Enrolment).where(Enrolment.course_id == course.id, Enrolment.status == S.REQUESTED)
    ).all()
    for enrolment in interested:
        notify_by_email(enrolment.user,
                        f"A date is now available for {course.title}: {when(session)}.",
                        "courses/session_open",
                        link=external_url("courses.session", session_id=session.id),
                        session=session)
    return len(interested)


def schedule_session(course: Course, data: SessionData, actor: User,
                     now: datetime | None = None) -> CourseSession:
    """Schedule a session; everyone who registered interest in the course is told."""
    now = now or utcnow()
    if course.is_retired:
        raise DomainError("A retired course cannot have new sessions.")
    _check_session(data, now)
    trainers = _trainers(data.trainer_ids)
    _check_trainers(course, data, trainers)
    session = CourseSession(
        course=course, starts_at=data.starts_at, ends_at=data.ends_at, capacity=data.capacity,
        booking_closes_at=data.booking_closes_at or data.starts_at - timedelta(days=1),
        site_id=data.site_id, location=data.location, online_url=data.online_url or None,
        created_at=now,
    )
    session.trainers = trainers
    db.session.add(session)
    db.session.flush()
    told = _tell_interested(course, session)
    record(actor, "session.scheduled", session, course_id=course.id, told=told)
    return session


def clone_session(session: CourseSession, starts_at: datetime, actor: User,
                  now: datetime | None = None) -> CourseSession:
    """A copy of the session at a new start: same length, room, places, trainers and quotas."""
    now = now or utcnow()
    shift = starts_at - session.starts_at
    data = SessionData(
        starts_at=starts_at, ends_at=session.ends_at + shift, capacity=session.capacity,
        booking_closes_at=session.booking_closes_at + shift, site_id=session.site_id,
        location=session.location, online_url=session.online_url,
        trainer_ids=[t.id for t in session.trainers],
    )
    if data.booking_closes_at <= now:
        data.booking_closes_at = data.starts_at - timedelta(hours=1)
    clone = schedule_session(session.course, data, actor, now=now)
    clone.cloned_from_id = session.id
    for quota in session.quotas:
        clone.quotas.append(SessionQuota(
            organisation_id=quota.organisation_id, places=quota.places,
            released_on=quota.released_on + timedelta(days=shift.days)))
    db.session.flush()
    refresh_counts(clone, places_of(clone, now.date()))
    record(actor, "session.cloned", clone, cloned_from=session.id)
    return clone


def update_session(session: CourseSession, data: SessionData, actor: User,
                   now: datetime | None = None) -> int:
    """Change a session before it starts; returns how many people were told.

    Places cannot go below those booked and reserved; more places go to the waiting list. When
    the time or place changes, everyone booked gets an updated calendar invitation and everyone
    waiting or awaiting approval is told.
    """
    now = now or utcnow()
    if session.is_cancelled:
        raise DomainError("A cancelled session cannot be changed.")
    if now >= session.starts_at:
        raise DomainError("A session that has started cannot be changed.")
    _check_session(data, now)
    locked = lock_session(session.id)
    places = places_of(locked, now.date())
    needed = places.taken + places.unnamed_reserved
    if data.capacity < needed:
        reserved = f" and {places.unnamed_reserved} reserved" if places.unnamed_reserved else ""
        booked = f"{places.taken} place is booked" if places.taken == 1 else f"{places.taken} places are booked"
        raise DomainError(f"{booked}{reserved}: keep at least {needed} place{'s' if needed != 1 else ''}, "
                          "or cancel bookings first.", field="capacity")
    closes = data.booking_closes_at or data.starts_at - timedelta(days=1)
    new = {"starts_at": data.starts_at, "ends_at": data.ends_at, "site_id": data.site_id,
           "location": data.location, "online_url": data.online_url or None, "capacity": data.capacity,
           "booking_closes_at": closes}
    changed = sorted(name for name, value in new.items() if getattr(locked, name) != value)
    trainers = _trainers(data.trainer_ids)
    if {t.id for t in trainers} != {t.id for t in locked.trainers}:
        changed.append("trainers")
    if not changed:
        return 0
    # A new time is checked for every trainer; the same time only for those newly put on it.
    kept = set() if {"starts_at", "ends_at"} & set(changed) else {t.id for t in locked.trainers}
    _check_trainers(locked.course, data, [t for t in trainers if t.id not in kept], locked.id)
    grew = data.capacity > locked.capacity
    for name, value in new.items():
        setattr(locked, name, value)
    locked.trainers = trainers
    moved = bool(set(changed) & {"starts_at", "ends_at", "site_id", "location", "online_url"})
    if moved:
        locked.revision += 1
    db.session.flush()
    db.session.expire(locked, ["site"])
    refresh_counts(locked, places_of(locked, now.date()))
    promoted = {e.id for e in promote(locked.id, actor, now)} if grew else set()
    told = 0
    if moved:
        affected = db.session.scalars(
            select(Enrolment).where(Enrolment.session_id == locked.id, Enrolment.status.in_(LIVE))
            .order_by(Enrolment.id)
        ).all()
        for enrolment in (e for e in affected if e.id not in promoted):
            notify_by_email(
                enrolment.user,
                f"{locked.course.title} has changed: it is now {when(locked)}, "
                f"{locked.where or 'place to be confirmed'}.",
                "courses/session_changed",
                link=external_url("courses.session", session_id=locked.id),
                attachments=invitations(enrolment, now=now) if enrolment.is_booked else [],
                session=locked, enrolment=enrolment,
            )
            told += 1
    record(actor, "session.updated", locked, changed=changed, told=told, promoted=len(promoted))
    return told


def cancel_session(session: CourseSession, actor: User, reason: str,
                   now: datetime | None = None) -> int:
    """Cancel a session: everyone booked, waiting or awaiting approval is told and released."""
    now = now or utcnow()
    if session.is_cancelled:
        raise DomainError("This session is already cancelled.")
    if now >= session.starts_at:
        raise DomainError("A session that has started cannot be cancelled.")
    locked = lock_session(session.id)
    locked.cancelled_at = now
    locked.cancelled_by_id = actor.id
    locked.cancel_reason = reason
    affected = db.session.scalars(
        select(Enrolment).where(Enrolment.session_id == session.id, Enrolment.status.in_(LIVE))
    ).all()
    for enrolment in affected:
        was_booked = enrolment.is_booked
        enrolment.cancel(actor.id, now, f"Session cancelled: {reason}")
        db.session.flush()
        notify_by_email(
            enrolment.user,
            f"{session.course.title} on {when(session)} has been cancelled: {reason}",
            "courses/session_cancelled",
            link=external_url("courses.course", course_id=session.course_id),
            attachments=invitations(enrolment, now=now, cancelled=True) if was_booked else [],
            session=session, was_booked=was_booked, reason=reason,
        )
    refresh_counts(locked, places_of(locked, now.date()))
    db.session.flush()
    record(actor, "session.cancelled", locked, reason=reason, released=len(affected))
    return len(affected)


# --- The register and completion ----------------------------------------------------------------

MARKS = {"completed": S.COMPLETED, "attended": S.ATTENDED, "no_show": S.NO_SHOW}
MARKABLE = (S.BOOKED, S.ATTENDED, S.NO_SHOW)


def refresh_current(pairs) -> None:
    """After training records of these (user, subject) pairs were added, changed or removed: mark
    the one record that counts (rules.current_expiry) and refresh what the people hold."""
    pairs = sorted(set(pairs))
    for start in range(0, len(pairs), 500):
        chunk = pairs[start:start + 500]
        rows = db.session.execute(
            select(TrainingRecord.id, TrainingRecord.user_id, TrainingRecord.subject_id,
                   TrainingRecord.completed_on, TrainingRecord.expires_on, TrainingRecord.is_current)
            .where(tuple_(TrainingRecord.user_id, TrainingRecord.subject_id).in_(chunk))
        ).all()
        best: dict[tuple[int, int], tuple] = {}
        for row in rows:
            rank = (rules.NEVER if row.expires_on is None else row.expires_on, row.completed_on, row.id)
            key = (row.user_id, row.subject_id)
            if key not in best or rank > best[key]:
                best[key] = rank
        chosen = {rank[2] for rank in best.values()}
        off = [{"id": r.id, "is_current": False} for r in rows if r.is_current and r.id not in chosen]
        on = [{"id": r.id, "is_current": True} for r in rows if not r.is_current and r.id in chosen]
        for changes in (off, on):  # clear first: one current record per pair, always
            if changes:
                db.session.execute(update(TrainingRecord), changes)
    db.session.flush()
    holdings.refresh(pairs)


def record_completion(enrolment: Enrolment, completed_on: date) -> int:
    """Training records for every subject the course satisfies; returns how many were added."""
    added = 0
    for subject in enrolment.course.subjects:
        exists = db.session.scalar(select(TrainingRecord.id).where(
            TrainingRecord.user_id == enrolment.user_id, TrainingRecord.subject_id == subject.id,
            TrainingRecord.completed_on == completed_on))
        if exists:
            continue
        db.session.add(TrainingRecord(
            user_id=enrolment.user_id, subject_id=subject.id, completed_on=completed_on,
            expires_on=rules.expiry_for(completed_on, subject.renewal_months),
            source=RecordSource.COURSE, enrolment_id=enrolment.id,
            recorded_by_organisation_id=enrolment.course.provider_id, title=enrolment.course.title,
        ))
        added += 1
    db.session.flush()
    refresh_current({(enrolment.user_id, s.id) for s in enrolment.course.subjects})
    return added


def mark_register(session: CourseSession, marks: dict[int, str], actor: User,
                  now: datetime | None = None) -> dict[str, int]:
    """Mark the whole register at once; completions get a certificate and count for compliance.

    marks maps enrolment id to "completed", "attended" or "no_show". A completion is not marked
    again here: a mistaken one is corrected or withdrawn (services.corrections), with a reason.
    """
    now = now or utcnow()
    if session.is_cancelled:
        raise DomainError("This session was cancelled.")
    if now < session.starts_at:
        raise DomainError("The register can be marked once the session has started.")
    enrolments = {e.id: e for e in db.session.scalars(
        select(Enrolment).where(Enrolment.session_id == session.id, Enrolment.status.in_(MARKABLE))
    )}
    unknown = set(marks) - set(enrolments)
    if unknown:
        raise DomainError("The register changed while you were marking it: check it again.")
    counts = {"completed": 0, "attended": 0, "no_show": 0}
    for enrolment_id, mark in marks.items():
        if mark not in MARKS:
            raise DomainError("Choose completed, attended or did not attend for everyone.")
        enrolment = enrolments[enrolment_id]
        # The date comes before the status, so no flush on the way sees a completion without one.
        if mark == "completed":
            enrolment.completed_on = session.ends_at.date()
        enrolment.status = MARKS[mark]
        enrolment.marked_at = now
        enrolment.marked_by_id = actor.id
        counts[mark] += 1
        if mark == "completed":
            enrolment.result = "Passed"
            enrolment.certificate_code = new_code()
            db.session.flush()
            record_completion(enrolment, enrolment.completed_on)
            notify_by_email(enrolment.user,
                            f"You completed {session.course.title}. Your certificate is ready.",
                            "courses/certificate_ready",
                            link=external_url("courses.my_learning"), enrolment=enrolment)
        record(actor, "enrolment.marked", enrolment, subject=enrolment.user_id, mark=mark)
    db.session.flush()
    return counts


def certificate_read(enrolment: Enrolment, viewer: User) -> None:
    """A manager or learning lead opening someone's certificate is written to the audit log."""
    if viewer.id != enrolment.user_id:
        record(viewer, "certificate.read", enrolment, subject=enrolment.user_id)
        db.session.flush()
