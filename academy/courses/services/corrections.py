"""Correcting a completion given at the register: its date, or withdrawing it altogether.

Either way the training records that came from the enrolment follow, what the person holds is
kept up to date through refresh_current, and the induction items done through those records
follow too. A withdrawn completion loses its certificate and its Open Badge.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from academy.audit.services import correction_reason, record
from academy.courses import permissions, rules
from academy.courses.models import Enrolment, EnrolmentStatus, TrainingRecord
from academy.courses.services.sessions import refresh_current
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.induction.models import BadgeSource
from academy.induction.services import badges as badge_services
from academy.induction.services import courses as induction_courses
from academy.notifications.email import external_url
from academy.notifications.services import notify
from academy.people.models import User


def records_from(enrolment: Enrolment) -> list[TrainingRecord]:
    """The training records the enrolment's completion wrote, one per subject of the course."""
    return list(db.session.scalars(
        select(TrainingRecord).where(TrainingRecord.enrolment_id == enrolment.id)
        .order_by(TrainingRecord.id)
    ))


def _check(enrolment: Enrolment, actor: User, reason: str) -> str:
    if not permissions.can_correct_completion(actor, enrolment):
        raise NotAllowed("You cannot correct this completion")
    return correction_reason(reason)


def correct_completion_date(enrolment: Enrolment, *, completed_on: date, reason: str,
                            actor: User, today: date) -> None:
    """Give the completion its right date; its training records (and so their expiry) and the
    induction items done through them move with it.

    Raises NotAllowed unless the actor may mark the session's register; DomainError for no
    reason, the same date, a date before the session or after today, or a day on which the
    person already has another record of one of the course's subjects.
    """
    reason = _check(enrolment, actor, reason)
    before = enrolment.completed_on
    if completed_on == before:
        raise DomainError("This is already the completion date", field="completed_on")
    if completed_on < enrolment.session.starts_at.date():
        raise DomainError(f"The completion date must be on or after the session, "
                          f"{enrolment.session.starts_at:%-d %B %Y}", field="completed_on")
    if completed_on > today:
        raise DomainError("The completion date must not be in the future", field="completed_on")
    records = records_from(enrolment)
    for training in records:
        other = db.session.scalar(select(TrainingRecord.id).where(
            TrainingRecord.user_id == training.user_id,
            TrainingRecord.subject_id == training.subject_id,
            TrainingRecord.completed_on == completed_on, TrainingRecord.id != training.id))
        if other:
            raise DomainError(f"{enrolment.user.name} already has a record of "
                              f"{training.subject.name} on that day", field="completed_on")
    enrolment.completed_on = completed_on
    for training in records:
        training.completed_on = completed_on
        if not training.expiry_given:
            training.expires_on = rules.expiry_for(completed_on, training.subject.renewal_months)
    db.session.flush()
    refresh_current({(t.user_id, t.subject_id) for t in records})
    items = induction_courses.redate_course_items({t.id: completed_on for t in records},
                                                  actor=actor, reason=reason)
    record(actor, "enrolment.completion_corrected", enrolment, subject=enrolment.user_id,
           reason=reason, about=enrolment.course.title, before=before.isoformat(),
           after=completed_on.isoformat(),
           training_records=[t.id for t in records], induction_items=items)
    notify(enrolment.user, f"The date you completed {enrolment.course.title} is corrected to "
                           f"{completed_on:%-d %B %Y}", link=external_url("courses.my_learning"))
    db.session.flush()


def withdraw_completion(enrolment: Enrolment, *, reason: str, actor: User,
                        now: datetime) -> None:
    """Take back a completion given by mistake: the enrolment goes back to attended, its
    certificate no longer verifies, its Open Badge is revoked, its training records are removed
    (so what the person holds is worked out again) and induction items done through them are to
    do again.

    Raises NotAllowed unless the actor may mark the session's register; DomainError without a
    reason.
    """
    reason = _check(enrolment, actor, reason)
    before = enrolment.completed_on.isoformat()
    certificate_code = enrolment.certificate_code
    records = records_from(enrolment)
    pairs = {(t.user_id, t.subject_id) for t in records}
    record_ids = [t.id for t in records]
    enrolment.status = EnrolmentStatus.ATTENDED
    enrolment.completed_on = None
    enrolment.result = None
    enrolment.certificate_code = None
    enrolment.marked_at = now
    enrolment.marked_by_id = actor.id
    for training in records:
        db.session.delete(training)
    db.session.flush()
    refresh_current(pairs)
    badge = badge_services.revoke_for_withdrawn(BadgeSource.COURSE_COMPLETION, enrolment.id,
                                                reason=reason, actor=actor, now=now)
    items = induction_courses.undo_course_items(record_ids, actor=actor, reason=reason)
    record(actor, "enrolment.completion_withdrawn", enrolment, subject=enrolment.user_id,
           reason=reason, about=enrolment.course.title, before=before, after=None,
           certificate_code=certificate_code, training_records=record_ids, badge_revoked=badge.id if badge else None,
           induction_items=items)
    notify(enrolment.user, f"Your completion of {enrolment.course.title} has been withdrawn and "
                           f"its certificate cancelled: {reason}",
           link=external_url("courses.my_learning"))
    db.session.flush()
