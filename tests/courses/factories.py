"""Factories for the catalogue's tests: courses, subjects, sessions; they flush, never commit."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import factory

from academy.courses.models import (
    Category,
    Course,
    CourseSession,
    DeliveryMode,
    Pillar,
    ProviderKind,
    Requirement,
    Subject,
)
from academy.timekeeping import utcnow
from tests.factories import Base, OrganisationFactory


class SubjectFactory(Base):
    class Meta:
        model = Subject

    framework = "Core Skills Training Framework"
    name = factory.Sequence(lambda n: f"Subject {n}")
    level = "Level 1"
    renewal_months = 36


class CourseFactory(Base):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"C{n:04d}")
    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "A course."
    description = ""
    category = Category.CORE_SKILLS
    pillar = Pillar.GROWING
    delivery_mode = DeliveryMode.CLASSROOM
    duration_minutes = 180
    cpd_hours = Decimal("3.0")
    provider_kind = ProviderKind.PARTNER
    provider = factory.SubFactory(OrganisationFactory)
    cost_per_place = Decimal("0.00")
    needs_approval = False

    @factory.post_generation
    def subjects_satisfied(self, create, extracted, **kwargs):
        """CourseFactory(subjects_satisfied=[subject, ...])."""
        if extracted:
            self.subjects = list(extracted)
            from academy.extensions import db
            db.session.flush()


def in_days(days: float, hour: int = 9) -> datetime:
    start = (utcnow() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return start


class SessionFactory(Base):
    class Meta:
        model = CourseSession

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: in_days(14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    booking_closes_at = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=1))
    capacity = 10
    location = "Room 1"


class RequirementFactory(Base):
    class Meta:
        model = Requirement

    subject = factory.SubFactory(SubjectFactory)
    staff_group = "Additional Clinical Services"


def add_record(person, subject, completed_on, expires_on, *, source="import", expiry_given=False):
    """A training record, marked current or not as the services would mark it."""
    from academy.courses.models import TrainingRecord
    from academy.courses.services import refresh_current
    from academy.extensions import db

    record = TrainingRecord(user_id=person.id, subject_id=subject.id, completed_on=completed_on,
                            expires_on=expires_on, source=source, expiry_given=expiry_given)
    db.session.add(record)
    db.session.flush()
    refresh_current({(person.id, subject.id)})
    return record


def add_completion(person, course, completed_on):
    """A completed enrolment on a session of the course (the learning history others learn from)."""
    from academy.courses.models import Enrolment, EnrolmentStatus
    from academy.extensions import db

    session = SessionFactory(course=course)
    db.session.add(Enrolment(course_id=course.id, session_id=session.id, user_id=person.id,
                             organisation_id=person.employer_id, status=EnrolmentStatus.COMPLETED,
                             completed_on=completed_on))
    db.session.flush()
