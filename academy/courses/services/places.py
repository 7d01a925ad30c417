"""Places on a session: the row lock, counting places, booking or queueing, promotion from the
waiting list, and partner quotas.

Every decision about places is taken with the session's row locked (SELECT ... FOR UPDATE on
PostgreSQL; on SQLite an UPDATE of the row, which takes the database's single write lock), and
by the rules in academy.courses.rules, so no two bookings can both take the last place.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, update

from academy.audit.queries import has_event
from academy.audit.services import record
from academy.courses import rules
from academy.courses.invitations import invitations
from academy.courses.models import (
    OCCUPYING,
    Course,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    PlaceReservation,
    SessionQuota,
)
from academy.courses.queries.clashes import clashes_of
from academy.errors import DomainError
from academy.extensions import db
from academy.notifications.email import external_url, notify_by_email
from academy.notifications.services import notify
from academy.people.models import Organisation, User
from academy.timekeeping import utcnow

S = EnrolmentStatus
LIVE = (S.AWAITING_APPROVAL, S.BOOKED, S.WAITLISTED)


def when(session: CourseSession) -> str:
    return session.starts_at.strftime("%-d %B %Y at %H:%M")


# --- Places and locks ---------------------------------------------------------------------------

def lock_session(session_id: int) -> CourseSession:
    """Lock the session's row for the rest of the transaction and return it freshly loaded."""
    if db.session.get_bind().dialect.name == "postgresql":
        return db.session.execute(
            select(CourseSession).where(CourseSession.id == session_id).with_for_update()
            .execution_options(populate_existing=True)
        ).scalar_one()
    # SQLite has no row locks: writing the row starts the write transaction now, and SQLite lets
    # one writer at a time through, so what is read next cannot change until this one commits.
    db.session.execute(
        update(CourseSession).where(CourseSession.id == session_id)
        .values(lock_version=CourseSession.lock_version + 1)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(
        select(CourseSession).where(CourseSession.id == session_id)
        .execution_options(populate_existing=True)
    ).scalar_one()


def places_of(session: CourseSession, today: date) -> rules.Places:
    """The session's places as the rules see them, counted afresh from the enrolments."""
    taken_by_org = dict(db.session.execute(
        select(Enrolment.organisation_id, func.count())
        .where(Enrolment.session_id == session.id, Enrolment.status.in_(OCCUPYING))
        .group_by(Enrolment.organisation_id)
    ).all())
    named = (
        select(func.count()).select_from(Enrolment)
        .where(Enrolment.reservation_id == PlaceReservation.id, Enrolment.status.in_(OCCUPYING))
        .scalar_subquery()
    )
    reservations = db.session.execute(
        select(PlaceReservation.places, named).where(PlaceReservation.session_id == session.id)
    ).all()
    quotas = db.session.execute(
        select(SessionQuota.organisation_id, SessionQuota.places, SessionQuota.released_on)
        .where(SessionQuota.session_id == session.id)
    ).all()
    return rules.Places(
        capacity=session.capacity,
        taken=sum(taken_by_org.values()),
        taken_by_organisation=taken_by_org,
        unnamed_reserved=sum(max(0, places - used) for places, used in reservations),
        quotas=tuple(rules.Quota(o, p, r) for o, p, r in quotas),
        today=today,
    )


def refresh_counts(session: CourseSession, places: rules.Places) -> None:
    session.booked_count = places.taken
    session.held_count = places.held()


def confirm_booking(enrolment: Enrolment, now: datetime, text: str) -> None:
    notify_by_email(enrolment.user, text, "courses/booked",
                    link=external_url("courses.my_learning"),
                    attachments=invitations(enrolment, now=now),
                    message=text, session=enrolment.session)


def place(enrolment: Enrolment, session_id: int, now: datetime, actor: User) -> Enrolment:
    """Book the enrolment if a place is free for the person's organisation, else wait in line."""
    with db.session.no_autoflush:  # the enrolment's half-made changes wait for the decision
        session = lock_session(session_id)
        places = places_of(session, now.date())
    # The place in line is the moment the lock was held, not when the request set off.
    now = max(now, utcnow())
    if rules.has_place(places, enrolment.organisation_id):
        enrolment.status = S.BOOKED
        enrolment.booked_at = now
        places = places.after_booking(enrolment.organisation_id)
    else:
        enrolment.status = S.WAITLISTED
        enrolment.waitlisted_at = now
    if enrolment.id is None:
        db.session.add(enrolment)
    refresh_counts(session, places)
    db.session.flush()
    course = enrolment.course or db.session.get(Course, enrolment.course_id)
    if enrolment.status == S.BOOKED:
        confirm_booking(enrolment, now, f"You have a place on {course.title}, {when(session)}.")
    else:
        position = db.session.scalar(
            select(func.count()).select_from(Enrolment).where(
                Enrolment.session_id == session.id, Enrolment.status == S.WAITLISTED,
                Enrolment.waitlisted_at <= enrolment.waitlisted_at,
            )
        )
        notify(enrolment.user,
               f"{course.title}, {when(session)} is full: you are number {position} on the "
               "waiting list. If a place comes free it is yours and we will tell you.",
               link=external_url("courses.my_learning"))
    record(actor, "enrolment.placed", enrolment, subject=enrolment.user_id,
           status=enrolment.status.value, session_id=session.id)
    return enrolment


def promote(session_id: int, actor: User | None = None, now: datetime | None = None) -> list[Enrolment]:
    """Give free places to the waiting list, first in line first; each promoted person is told."""
    now = now or utcnow()
    session = lock_session(session_id)
    places = places_of(session, now.date())
    promoted: list[Enrolment] = []
    passed_over: list[tuple[Enrolment, Enrolment]] = []
    if not session.is_cancelled and now < session.starts_at:
        waiting = db.session.scalars(
            select(Enrolment).where(Enrolment.session_id == session.id,
                                    Enrolment.status == S.WAITLISTED)
            .order_by(Enrolment.waitlisted_at, Enrolment.id)
        ).all()
        line = [(e.id, e.organisation_id) for e in waiting]
        # Promotion never makes a clash: someone booked elsewhere at the same time keeps their
        # place in line and the place goes to the next person.
        held = clashes_of([e.user_id for e in waiting], session, statuses=(S.BOOKED,))
        blocked = {e.id for e in waiting if e.user_id in held}
        chosen = set(rules.promotions(places, line, blocked=blocked))
        reached = set(rules.promotions(places, line)) & blocked
        for enrolment in waiting:
            if enrolment.id in reached:
                passed_over.append((enrolment, held[enrolment.user_id][0]))
            if enrolment.id not in chosen:
                continue
            enrolment.status = S.BOOKED
            enrolment.booked_at = now
            places = places.after_booking(enrolment.organisation_id)
            promoted.append(enrolment)
    refresh_counts(session, places)
    db.session.flush()
    for enrolment in promoted:
        confirm_booking(enrolment, now, f"A place came free and it is yours: "
                                         f"{session.course.title}, {when(session)}.")
        record(actor, "enrolment.promoted", enrolment, subject=enrolment.user_id,
               session_id=session.id)
    for enrolment, clash in passed_over:
        _tell_passed_over(enrolment, clash, actor)
    return promoted


def _tell_passed_over(enrolment: Enrolment, clash: Enrolment, actor: User | None) -> None:
    """Once per wait: the audit log and the person hear that a place went past them, and why."""
    if has_event("enrolment.promotion_skipped", enrolment):
        return
    session, other = enrolment.session, clash.session
    record(actor, "enrolment.promotion_skipped", enrolment, subject=enrolment.user_id,
           session_id=session.id, clashes_with=clash.id, clashing_session_id=other.id,
           reason="booked on another session at the same time")
    notify(enrolment.user,
           f"A place came free on {session.course.title}, {when(session)}, but you are booked on "
           f"{other.course.title}, {when(other)}, at the same time, so it went to the next person. "
           "You keep your place on the waiting list: cancel the other booking if you would "
           "rather have this one.",
           link=external_url("courses.session", session_id=session.id))


# --- Partner quotas ------------------------------------------------------------------------------

def set_quota(session: CourseSession, organisation: Organisation, places: int, released_on: date,
              actor: User, now: datetime | None = None) -> SessionQuota | None:
    """Hold places for one partner until a date (0 places removes the hold)."""
    now = now or utcnow()
    if released_on > session.starts_at.date():
        raise DomainError("Release the places on or before the day of the session.",
                          field="released_on")
    locked = lock_session(session.id)
    quota = db.session.scalar(select(SessionQuota).where(
        SessionQuota.session_id == session.id, SessionQuota.organisation_id == organisation.id))
    if places <= 0:
        if quota is not None:
            db.session.delete(quota)
    else:
        state = places_of(locked, now.date())
        others = rules.Places(
            capacity=state.capacity, taken=state.taken,
            taken_by_organisation=state.taken_by_organisation,
            unnamed_reserved=state.unnamed_reserved,
            quotas=tuple(q for q in state.quotas if q.organisation_id != organisation.id),
            today=state.today,
        )
        holdable = others.free_for(organisation.id) + state.taken_by_organisation.get(
            organisation.id, 0)
        if places > holdable:
            raise DomainError(f"At most {holdable} places can be held for {organisation.short_name}.",
                              field="places")
        if quota is None:
            quota = SessionQuota(session_id=session.id, organisation_id=organisation.id,
                                 places=places, released_on=released_on)
            db.session.add(quota)
        else:
            quota.places, quota.released_on, quota.released_at = places, released_on, None
    db.session.flush()
    record(actor, "session.quota", locked, organisation_id=organisation.id, places=places,
           released_on=released_on.isoformat())
    promote(session.id, actor=actor, now=now)
    return quota if places > 0 else None


def release_due_quotas(now: datetime) -> int:
    """The scheduled release of partner quotas whose date has come; the waiting lists move up."""
    quotas = db.session.scalars(
        select(SessionQuota).join(CourseSession).where(
            SessionQuota.released_on <= now.date(), SessionQuota.released_at.is_(None),
            CourseSession.cancelled_at.is_(None), CourseSession.starts_at > now,
        )
    ).all()
    for quota in quotas:
        quota.released_at = now
    db.session.flush()
    for session_id in sorted({q.session_id for q in quotas}):
        promote(session_id, actor=None, now=now)
    return len(quotas)


def promote_waiting_lists(now: datetime) -> int:
    """A safety net: any upcoming session with a free place and a waiting list moves up."""
    sessions = db.session.scalars(
        select(CourseSession.id).where(
            CourseSession.cancelled_at.is_(None), CourseSession.starts_at > now,
            CourseSession.booked_count + CourseSession.held_count < CourseSession.capacity,
            select(Enrolment.id).where(Enrolment.session_id == CourseSession.id,
                                       Enrolment.status == S.WAITLISTED).exists(),
        )
    ).all()
    return sum(len(promote(session_id, now=now)) for session_id in sessions)
