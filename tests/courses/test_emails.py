"""The catalogue's e-mails: written from templates, with links to the platform's own address."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from academy.courses import services
from academy.extensions import db
from academy.notifications.models import OutboxMessage
from academy.people.roles import Role
from tests import factories
from tests.courses.factories import RequirementFactory, SessionFactory, SubjectFactory, add_record


def mails_to(person) -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == person.email)
                              .order_by(OutboxMessage.id)).all()


def test_the_booking_e_mail_says_when_and_where_and_links_the_session(app):
    session = SessionFactory(capacity=2, location="Room 4", online_url="https://meet.example/x")
    learner = factories.UserFactory()
    services.enrol(session, learner, actor=learner)
    mail, = mails_to(learner)
    when = session.starts_at.strftime("%-d %B %Y at %H:%M")
    assert mail.subject == f"Booked: {session.course.title}, {when}"
    base = app.config["ACADEMY_BASE_URL"].rstrip("/")
    assert mail.body_text.startswith(
        f"You have a place on {session.course.title}, {when}.\n\n"
        f"When: {when} to {session.ends_at:%H:%M}\n"
        f"Where: Room 4\n"
        f"Join online: https://meet.example/x\n\n"
        f"Details and cancellation: {base}/sessions/{session.id}\n"
        "The invitation attached adds it to your calendar.")
    assert f'href="{base}/sessions/{session.id}"' in mail.body_html
    assert f"{base}/sessions/{session.id}".encode() in mail.attachments[0].content.replace(b"\r\n ", b"")


def test_those_waiting_hear_of_a_change_and_of_a_cancellation(app):
    session = SessionFactory(capacity=1)
    booked, waiting = factories.UserFactory(), factories.UserFactory()
    services.enrol(session, booked, booked)
    services.enrol(session, waiting, waiting)
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    later = session.starts_at + timedelta(days=7)
    services.update_session(session, services.SessionData(
        starts_at=later, ends_at=later + timedelta(hours=3), capacity=1,
        booking_closes_at=later - timedelta(days=1), location="Room 9"), lead)
    services.cancel_session(session, lead, "Trainer unwell")
    base = app.config["ACADEMY_BASE_URL"].rstrip("/")
    changed, cancelled = mails_to(waiting)
    assert changed.body_text.startswith(
        f"The session of {session.course.title} you are on the waiting list for has changed.\n\n")
    assert f"If you can no longer go, cancel here: {base}/sessions/{session.id}\n" in changed.body_text
    assert "invitation attached" not in changed.body_text
    assert cancelled.body_text.startswith(
        "The session you were waiting for has been cancelled: Trainer unwell\n\n"
        f"Other dates: {base}/courses/{session.course_id}\n")


def test_the_renewal_reminder_lists_each_subject_on_its_line_and_links_the_catalogue(app):
    fire = SubjectFactory(name="Fire Safety", renewal_months=24)
    moving = SubjectFactory(name="Moving and Handling", renewal_months=12)
    person = factories.UserFactory()
    for subject in (fire, moving):
        RequirementFactory(subject=subject, staff_group=person.job_role.staff_group)
    add_record(person, fire, date(2024, 9, 30), date(2026, 9, 30))
    add_record(person, moving, date(2025, 9, 1), date(2026, 9, 1))
    services.send_expiry_reminders(datetime(2026, 9, 1, 7))
    mail, = mails_to(person)
    assert mail.subject == "Mandatory training due for renewal"
    base = app.config["ACADEMY_BASE_URL"].rstrip("/")
    assert mail.body_text.startswith(
        "Your mandatory training needs renewing:\n\n"
        f"{moving.label}: expired on 1 September 2026\n"
        f"{fire.label}: expires on 30 September 2026\n\n"
        f"Book a session: {base}/courses?category=core_skills\n")
