"""What other packages read of people's training: completions, subjects by name, training records."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from academy.courses.models import (
    Category,
    Course,
    Enrolment,
    EnrolmentStatus,
    Subject,
    TrainingRecord,
)
from academy.extensions import db
from academy.people.models import Organisation

S = EnrolmentStatus


def completions_in_category(user_ids, category: Category, since: date) -> list[tuple[int, date]]:
    """(person, completion date) of their course completions in a category on or after a day;
    other capabilities' outcome reports read it (mentoring counts leadership courses)."""
    if not user_ids:
        return []
    return [tuple(r) for r in db.session.execute(
        select(Enrolment.user_id, Enrolment.completed_on)
        .join(Course, Course.id == Enrolment.course_id)
        .where(Enrolment.user_id.in_(list(user_ids)), Enrolment.status == S.COMPLETED,
               Course.category == category, Enrolment.completed_on >= since)
    ).all()]


def subject_ids(framework: str) -> dict[tuple[str, str], int]:
    """(name, level) -> subject id within one framework, for linking to the catalogue's subjects."""
    return {(name, level): subject_id for subject_id, name, level in db.session.execute(
        select(Subject.id, Subject.name, Subject.level).where(Subject.framework == framework))}


def training_records_of(user_id: int, subject_ids_: list[int] | None = None) -> list:
    """A person's training records with where each was done (the provider, else the employer the
    course was booked through): rows of id, subject_id, framework, name, level, completed_on,
    expires_on, organisation_id, organisation_name, organisation_type, title."""
    where = Organisation
    query = (
        select(TrainingRecord.id, TrainingRecord.subject_id, Subject.framework, Subject.name,
               Subject.level, TrainingRecord.completed_on, TrainingRecord.expires_on,
               where.id.label("organisation_id"), where.name.label("organisation_name"),
               where.type.label("organisation_type"), TrainingRecord.title)
        .join(Subject, Subject.id == TrainingRecord.subject_id)
        .outerjoin(Enrolment, Enrolment.id == TrainingRecord.enrolment_id)
        .outerjoin(where, where.id == func.coalesce(TrainingRecord.recorded_by_organisation_id,
                                                     Enrolment.organisation_id))
        .where(TrainingRecord.user_id == user_id)
        .order_by(TrainingRecord.completed_on)
    )
    if subject_ids_ is not None:
        query = query.where(TrainingRecord.subject_id.in_(subject_ids_ or [-1]))
    return db.session.execute(query).all()


def completed_enrolments_of(user_id: int) -> list[Enrolment]:
    """A person's completed courses, newest first, with the course and its provider."""
    return db.session.scalars(
        select(Enrolment).options(joinedload(Enrolment.course).joinedload(Course.provider))
        .where(Enrolment.user_id == user_id, Enrolment.status == S.COMPLETED)
        .order_by(Enrolment.completed_on.desc())
    ).all()


def completed_enrolment(enrolment_id: int) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).options(joinedload(Enrolment.course).joinedload(Course.provider),
                                  joinedload(Enrolment.user))
        .where(Enrolment.id == enrolment_id, Enrolment.status == S.COMPLETED)
    )


def certificate_enrolment(code: str) -> Enrolment | None:
    """The enrolment a certificate code was issued for, with the person and the course."""
    return db.session.scalar(
        select(Enrolment).options(joinedload(Enrolment.user), joinedload(Enrolment.course))
        .where(Enrolment.certificate_code == code))


def verified_certificate(code: str) -> Enrolment | None:
    """The completion a certificate code stands for, with the course and its provider: what the
    public check of a certificate shows."""
    return db.session.scalar(
        select(Enrolment).options(joinedload(Enrolment.course).joinedload(Course.provider))
        .where(Enrolment.certificate_code == code, Enrolment.status == S.COMPLETED))
