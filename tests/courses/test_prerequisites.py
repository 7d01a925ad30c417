"""Courses that need another completed first: set on the course form, checked when booking."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from academy.courses import services
from academy.courses.models import Course, CoursePrerequisite, Enrolment, EnrolmentStatus
from academy.errors import DomainError
from academy.extensions import db
from academy.people.roles import Role
from tests import factories
from tests.courses.factories import CourseFactory, SessionFactory, add_completion
from tests.courses.test_services import managed_pair


def course_data(course: Course, required: list[Course]) -> services.CourseData:
    return services.CourseData(
        code=course.code, title=course.title, summary=course.summary, category=course.category,
        pillar=course.pillar, delivery_mode=course.delivery_mode, duration_minutes=course.duration_minutes,
        cpd_hours=course.cpd_hours, provider_kind=course.provider_kind, provider_id=course.provider_id,
        required_course_ids=[c.id for c in required])


def test_booking_needs_the_prerequisite_completed_first(app):
    basics = CourseFactory(title="First-line manager essentials")
    coaching = CourseFactory(title="Coaching conversations", required_courses=[basics])
    session = SessionFactory(course=coaching)
    learner = factories.UserFactory()
    assert services.missing_prerequisites(coaching, learner) == [basics]
    with pytest.raises(DomainError, match="You need to complete First-line manager essentials before booking"):
        services.enrol(session, learner, learner)
    assert db.session.scalar(select(Enrolment).where(Enrolment.session_id == session.id)) is None

    add_completion(learner, basics, date(2026, 1, 10))
    assert services.missing_prerequisites(coaching, learner) == []
    assert services.enrol(session, learner, learner).status == EnrolmentStatus.BOOKED


def test_a_manager_cannot_book_or_name_someone_who_lacks_the_prerequisite(app):
    manager, learner = managed_pair()
    basics = CourseFactory(title="Leadership programme")
    advanced = CourseFactory(title="System leadership", required_courses=[basics])
    session = SessionFactory(course=advanced, capacity=4)
    with pytest.raises(DomainError, match=f"{learner.name} needs to complete Leadership programme"):
        services.enrol(session, learner, manager)
    reservation = services.reserve_places(session, manager, 1)
    with pytest.raises(DomainError) as refused:
        services.name_reserved_place(reservation, learner, manager)
    assert refused.value.field == "person"


def test_a_prerequisite_cannot_be_the_course_itself_or_close_a_loop(app):
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    first, second, third = CourseFactory(), CourseFactory(), CourseFactory()
    services.update_course(second, course_data(second, [first]), lead)
    services.update_course(third, course_data(third, [second]), lead)
    db.session.commit()
    with pytest.raises(DomainError, match="cannot be its own prerequisite"):
        services.update_course(first, course_data(first, [first]), lead)
    with pytest.raises(DomainError, match=f"{third.title} already needs {first.title} first") as refused:
        services.update_course(first, course_data(first, [third]), lead)
    assert refused.value.field == "required_courses"
    db.session.rollback()
    pairs = set(db.session.execute(select(CoursePrerequisite.course_id, CoursePrerequisite.required_course_id)))
    assert pairs == {(second.id, first.id), (third.id, second.id)}


def test_learning_lead_sets_prerequisites_on_the_course_form(client, login):
    basics = CourseFactory(title="Digital basics", code="DG-1")
    course = CourseFactory(title="Shared care record", code="DG-2")
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    db.session.commit()
    login(lead)
    form = client.get(f"/manage/courses/{course.id}/edit").get_data(as_text=True)
    assert "Courses to complete first" in form and "Digital basics (DG-1)" in form
    assert "Shared care record (DG-2)" not in form  # not itself
    response = client.post(f"/manage/courses/{course.id}/edit", data={
        "code": "DG-2", "title": "Shared care record", "summary": "Using the record",
        "category": "digital", "pillar": "growing", "delivery_mode": "classroom",
        "duration_minutes": 90, "cpd_hours": "1.5", "provider_kind": "partner",
        "provider_id": str(course.provider_id), "cost_per_place": "0", "required_courses": [basics.id],
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.get(Course, course.id).required_courses == [basics]

    loop = client.post(f"/manage/courses/{basics.id}/edit", data={
        "code": "DG-1", "title": "Digital basics", "summary": "Basics",
        "category": "digital", "pillar": "growing", "delivery_mode": "classroom",
        "duration_minutes": 90, "cpd_hours": "1.5", "provider_kind": "partner",
        "provider_id": str(basics.provider_id), "cost_per_place": "0", "required_courses": [course.id],
    })
    page = loop.get_data(as_text=True)
    assert loop.status_code == 200
    assert "nhsuk-error-summary" in page and "Shared care record already needs Digital basics first" in page
    assert db.session.get(Course, basics.id).required_courses == []


def test_the_course_and_session_pages_say_what_to_complete_first(client, login):
    basics = CourseFactory(title="First-line manager essentials")
    coaching = CourseFactory(title="Coaching conversations", required_courses=[basics])
    session = SessionFactory(course=coaching)
    learner = factories.UserFactory()
    db.session.commit()
    login(learner)
    course_page = client.get(f"/courses/{coaching.id}").get_data(as_text=True)
    assert "Complete first" in course_page
    assert "You need to complete" in course_page and f"/courses/{basics.id}" in course_page
    session_page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "You need to complete" in session_page and "Book a place" not in session_page

    add_completion(learner, basics, date(2026, 1, 10))
    db.session.commit()
    assert "You need to complete" not in client.get(f"/courses/{coaching.id}").get_data(as_text=True)
    assert "Book a place" in client.get(f"/sessions/{session.id}").get_data(as_text=True)
