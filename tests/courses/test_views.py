"""The pages: search, booking, My learning, certificates, calendar, approvals, register, reports."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
from pypdf import PdfReader
from sqlalchemy import func, select

from academy.audit.models import AuditEvent
from academy.courses import services
from academy.courses.models import Course, CourseSession, Enrolment, EnrolmentStatus, TrainingRecord
from academy.extensions import db
from academy.people.roles import Role
from tests import factories
from tests.courses.factories import (
    CourseFactory,
    RequirementFactory,
    SessionFactory,
    SubjectFactory,
    add_record,
    in_days,
)

S = EnrolmentStatus


def test_catalogue_search_filters_and_a_bounded_number_of_queries(client, login, count_queries):
    for n in range(30):
        course = CourseFactory(title=f"Safeguarding adults {n}" if n % 2 else f"Fire safety {n}")
        SessionFactory(course=course, starts_at=in_days(10 + n))
    db.session.commit()
    login(factories.UserFactory())
    with count_queries() as counter:
        page = client.get("/courses?q=safeguarding&sort=soonest")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "15 courses" in text and "Fire safety" not in text
    assert counter.count <= 8
    with count_queries() as counter:
        client.get("/courses?q=&page=2")
    assert counter.count <= 8
    empty = client.get("/courses?q=nothing-like-this").get_data(as_text=True)
    assert "No course matches your search" in empty


def test_booking_from_the_session_page_and_my_learning(client, login):
    session = SessionFactory(capacity=1)
    learner = factories.UserFactory()
    db.session.commit()
    login(learner)
    assert "Book a place" in client.get(f"/sessions/{session.id}").get_data(as_text=True)
    response = client.post(f"/sessions/{session.id}/book", data={})
    assert response.status_code == 302
    mine = client.get("/my-learning").get_data(as_text=True)
    assert session.course.title in mine and "Booked" in mine


def test_a_full_session_offers_the_waiting_list(client, login):
    session = SessionFactory(capacity=1)
    first, second = factories.UserFactory(), factories.UserFactory()
    services.enrol(session, first, first)
    db.session.commit()
    login(second)
    assert "Join the waiting list" in client.get(f"/sessions/{session.id}").get_data(as_text=True)
    client.post(f"/sessions/{session.id}/book", data={})
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "number 1 on the waiting list" in page


def completed_enrolment():
    trainer = factories.UserFactory(roles=[Role.TRAINER])
    session = SessionFactory(starts_at=in_days(-2), booking_closes_at=in_days(-3),
                             course=CourseFactory(title="Basic life support"))
    session.ends_at = session.starts_at + timedelta(hours=3)
    session.trainers = [trainer]
    learner = factories.UserFactory(given_name="Aisha", family_name="Hussain")
    enrolment = services.enrol(session, learner, learner, now=in_days(-5))
    return trainer, session, learner, enrolment


def test_trainer_marks_the_register_and_the_certificate_verifies(client, login):
    trainer, session, learner, enrolment = completed_enrolment()
    db.session.commit()
    login(trainer)
    page = client.get(f"/sessions/{session.id}/register").get_data(as_text=True)
    assert "Aisha Hussain" in page
    response = client.post(f"/sessions/{session.id}/register",
                           data={f"mark_{enrolment.id}": "completed"})
    assert response.status_code == 302
    db.session.refresh(enrolment)
    assert enrolment.status == S.COMPLETED
    code = enrolment.certificate_code

    client.post("/logout")
    login(learner)
    assert code in client.get("/my-learning").get_data(as_text=True)
    pdf = client.get(f"/my-learning/certificates/{code}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Aisha Hussain" in text and "Basic life support" in text and code in text

    client.post("/logout")
    verified = client.get(f"/verify/{code.lower().replace('-', '')}")
    body = verified.get_data(as_text=True)
    assert verified.status_code == 200 and "Genuine certificate" in body
    assert "Basic life support" in body
    assert "Aisha" not in body and "Hussain" not in body and learner.email not in body
    assert client.get("/verify/ZZZZ-ZZZZ-ZZZZ").status_code == 404
    assert client.get(f"/verify?code={code}").status_code == 302


def test_a_manager_reading_a_certificate_is_audited(client, login):
    trainer, session, learner, enrolment = completed_enrolment()
    manager = factories.UserFactory(roles=[Role.MANAGER])
    learner.line_manager_id = manager.id
    services.mark_register(session, {enrolment.id: "completed"}, trainer)
    db.session.commit()
    login(manager)
    assert client.get(f"/my-learning/certificates/{enrolment.certificate_code}.pdf").status_code == 200
    assert db.session.scalar(select(AuditEvent.subject_id).where(
        AuditEvent.action == "certificate.read", AuditEvent.actor_id == manager.id)) == learner.id


def test_someone_else_cannot_download_the_certificate(client, login):
    trainer, session, learner, enrolment = completed_enrolment()
    services.mark_register(session, {enrolment.id: "completed"}, trainer)
    db.session.commit()
    login(factories.UserFactory())
    assert client.get(f"/my-learning/certificates/{enrolment.certificate_code}.pdf").status_code == 403


def test_private_calendar_feed(client, login):
    session = SessionFactory(course=CourseFactory(title="Dementia awareness"))
    learner = factories.UserFactory()
    services.enrol(session, learner, learner)
    db.session.commit()
    login(learner)
    client.post("/my-learning/calendar")
    db.session.refresh(learner)
    token = learner.calendar_token
    assert token and token in client.get("/my-learning").get_data(as_text=True)
    client.post("/logout")
    feed = client.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert b"SUMMARY:Dementia awareness" in feed.data
    assert client.get("/calendar/not-the-right-token-at-all.ics").status_code == 404


def test_manager_approves_from_the_queue(client, login):
    manager = factories.UserFactory(roles=[Role.MANAGER])
    learner = factories.UserFactory(line_manager=manager, given_name="Liam")
    session = SessionFactory(course=CourseFactory(needs_approval=True, title="Leadership basics"))
    enrolment = services.enrol(session, learner, learner)
    db.session.commit()
    login(manager)
    queue = client.get("/approvals").get_data(as_text=True)
    assert "Leadership basics" in queue and "Liam" in queue
    client.post(f"/enrolments/{enrolment.id}/approve")
    db.session.refresh(enrolment)
    assert enrolment.status == S.BOOKED
    assert "no requests waiting" in client.get("/approvals").get_data(as_text=True)


def test_compliance_report_and_its_exports(client, login):
    subject = SubjectFactory(name="Fire Safety", renewal_months=24)
    RequirementFactory(subject=subject, staff_group="Additional Clinical Services")
    organisation = factories.OrganisationFactory(name="Calder View")
    person = factories.UserFactory(employer=organisation)
    factories.UserFactory(employer=organisation)
    add_record(person, subject, date.today() - timedelta(days=10), date.today() + timedelta(days=700))
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    db.session.commit()
    login(lead)
    page = client.get("/compliance").get_data(as_text=True)
    assert "Calder View" in page and "50.0%" in page
    csv_text = client.get("/compliance.csv").data.decode("utf-8-sig")
    assert '"Fire Safety, Level 1",Calder View,2,1,0,0,1,50.0' in csv_text
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/compliance.xlsx").data))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Subject" and ("Fire Safety, Level 1", "Calder View", 2, 1, 0, 0, 1, 50.0) in rows


def test_import_page_lists_bad_rows_and_changes_nothing(client, login):
    organisation = factories.OrganisationFactory()
    SubjectFactory(name="Fire Safety")
    factories.UserFactory(employer=organisation, employee_number="E1")
    lead = factories.UserFactory(roles=[(Role.LEARNING_LEAD, organisation)], employer=organisation)
    db.session.commit()
    login(lead)
    content = b"Employee Number,Subject,Completion Date\nE1,Fire Safety,01/02/2025\nE9,Fire Safety,01/02/2025\nE1,Knitting,01/02/2025\n"
    response = client.post("/manage/import", data={
        "organisation": organisation.id, "file": (io.BytesIO(content), "records.csv")},
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "Nothing was imported: 2 problems" in page
    assert "E9" in page and "Knitting" in page
    assert db.session.scalar(select(func.count()).select_from(TrainingRecord)) == 0


def test_learning_lead_adds_a_course_and_schedules_a_session(client, login):
    partner = factories.OrganisationFactory()
    subject = SubjectFactory()
    trainer = factories.UserFactory(roles=[Role.TRAINER])
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    db.session.commit()
    login(lead)
    response = client.post("/manage/courses/new", data={
        "code": "ND-1", "title": "Nutrition and hydration", "summary": "Eating and drinking well",
        "category": "care_certificate", "pillar": "growing", "delivery_mode": "classroom",
        "duration_minutes": 120, "cpd_hours": "2", "provider_kind": "partner",
        "provider_id": str(partner.id), "cost_per_place": "0", "subjects": [subject.id],
        "competencies": "CC-08:2",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    course = db.session.scalar(select(Course).where(Course.code == "ND-1"))
    assert [s.id for s in course.subjects] == [subject.id]
    assert [(c.competency_code, c.level) for c in course.competencies] == [("CC-08", 2)]
    day = in_days(21).date()
    response = client.post(f"/manage/courses/{course.id}/sessions/new", data={
        "starts_on": day.isoformat(), "start_time": "09:30", "end_time": "12:30", "capacity": 12,
        "location": "Room 4", "trainers": [trainer.id],
    })
    assert response.status_code == 302
    session = db.session.scalar(select(CourseSession).where(CourseSession.course_id == course.id))
    assert session.capacity == 12 and session.trainers == [trainer]
    bad = client.post(f"/manage/courses/{course.id}/sessions/new", data={
        "starts_on": day.isoformat(), "start_time": "12:30", "end_time": "09:30", "capacity": 12})
    assert "The session must end after it starts" in bad.get_data(as_text=True)


def test_staff_cannot_reach_management_pages(client, login):
    login(factories.UserFactory())
    assert client.get("/manage/courses").status_code == 403
    assert client.get("/compliance").status_code == 403


def test_interest_registration_from_the_course_page(client, login):
    course = CourseFactory(title="Social prescribing")
    learner = factories.UserFactory()
    db.session.commit()
    login(learner)
    assert "Register my interest" in client.get(f"/courses/{course.id}").get_data(as_text=True)
    client.post(f"/courses/{course.id}/interest")
    enrolment = db.session.scalar(select(Enrolment))
    assert enrolment.status == S.REQUESTED
    assert "You have registered your interest" in client.get(f"/courses/{course.id}").get_data(as_text=True)
