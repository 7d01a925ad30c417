"""Calendar events: every invitation names its ORGANIZER and keeps its SEQUENCE, each booking has
its own "Add to calendar" download for the person who holds it, and e-learning never becomes a
calendar event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from academy.courses import services
from academy.courses.invitations import enrolment_uid, feed, session_event
from academy.courses.models import DeliveryMode
from academy.extensions import db
from academy.notifications.models import OutboxMessage
from academy.people.roles import Role
from academy.timekeeping import utcnow
from tests import factories
from tests.courses.factories import CourseFactory, SessionFactory, in_days
from tests.courses.test_session_changes import data_of


def mails_to(person) -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == person.email)
                              .order_by(OutboxMessage.id)).all()


def event_in(content: bytes):
    calendar = Calendar.from_ical(content)
    event, = calendar.walk("VEVENT")
    return calendar, event


def e_learning_window():
    course = CourseFactory(title="Information governance", delivery_mode=DeliveryMode.ELEARNING)
    starts = in_days(7)
    return SessionFactory(course=course, starts_at=starts, ends_at=starts + timedelta(days=27),
                          location="", online_url="https://learning.example/ig")


def test_the_invitation_names_the_academy_as_organizer_and_the_person_as_attendee(app):
    app.config["MAIL_FROM"] = "Wakefield Health and Social Care Academy <academy@wakefield.example>"
    session = SessionFactory()
    learner = factories.UserFactory()
    enrolment = services.enrol(session, learner, learner)
    mail, = mails_to(learner)
    calendar, event = event_in(mail.attachments[0].content)
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["organizer"]) == "mailto:academy@wakefield.example"
    assert event["organizer"].params["CN"] == "Wakefield Health and Social Care Academy"
    assert str(event["attendee"]) == f"mailto:{learner.email}"
    assert event["attendee"].params["PARTSTAT"] == "ACCEPTED"
    assert event.decoded("sequence") == 0 and str(event["uid"]) == enrolment_uid(enrolment.id)


def test_a_changed_session_and_a_cancellation_keep_the_organizer_and_raise_the_sequence(app):
    session = SessionFactory()
    learner = factories.UserFactory()
    enrolment = services.enrol(session, learner, learner)
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    later = session.starts_at + timedelta(days=1)
    services.update_session(session, data_of(session, starts_at=later,
                                             ends_at=later + timedelta(hours=3)), lead)
    services.cancel_enrolment(enrolment, learner, "")
    booked, changed, cancelled = mails_to(learner)
    for mail, sequence in ((changed, 1), (cancelled, 2)):
        _, event = event_in(mail.attachments[0].content)
        assert event.decoded("sequence") == sequence
        assert str(event["organizer"]) == "mailto:academy@example.nhs.uk"
        assert str(event["uid"]) == enrolment_uid(enrolment.id)
    calendar, event = event_in(cancelled.attachments[0].content)
    assert str(calendar["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"


def test_e_learning_is_never_a_calendar_event(app):
    window = e_learning_window()
    learner = factories.UserFactory()
    enrolment = services.enrol(window, learner, learner)
    mail, = mails_to(learner)
    assert mail.attachments == []
    assert "invitation attached" not in mail.body_text
    assert f"Do it at your own pace from {window.starts_at:%-d %B %Y} to {window.ends_at:%-d %B %Y}" \
        in mail.body_text
    services.cancel_enrolment(enrolment, learner, "")
    _, cancelled = mails_to(learner)
    assert cancelled.attachments == [] and "calendar" not in cancelled.body_text

    classroom = SessionFactory()
    booked = services.enrol(classroom, learner, learner)
    again = services.enrol(e_learning_window(), learner, learner)
    body = feed([booked, again], now=utcnow(), name="Academy training")
    assert Calendar.from_ical(body).walk("VEVENT")[0]["summary"] == classroom.course.title
    assert len(Calendar.from_ical(body).walk("VEVENT")) == 1
    with pytest.raises(ValueError, match="E-learning"):
        session_event(again.session, uid="x", now=utcnow())


def test_e_learning_weeks_stay_out_of_the_private_calendar_feed(client, login, app):
    learner = factories.UserFactory(calendar_token="a-private-token-long-enough")
    services.enrol(e_learning_window(), learner, learner)
    services.enrol(SessionFactory(course=CourseFactory(title="Dementia awareness")), learner, learner)
    db.session.commit()
    body = client.get("/calendar/a-private-token-long-enough.ics").data
    events = Calendar.from_ical(body).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Dementia awareness"]


def test_each_booking_downloads_as_its_own_calendar_event(client, login):
    session = SessionFactory(course=CourseFactory(title="Fire safety"))
    learner = factories.UserFactory()
    enrolment = services.enrol(session, learner, learner)
    session.revision = 2
    db.session.commit()
    login(learner)
    link = f"/enrolments/{enrolment.id}/calendar.ics"
    assert link in client.get("/my-learning").get_data(as_text=True)
    assert link in client.get(f"/sessions/{session.id}").get_data(as_text=True)
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="academy-booking-{enrolment.id}.ics"')
    calendar, event = event_in(response.data)
    assert str(calendar["method"]) == "PUBLISH"
    assert str(event["summary"]) == "Fire safety"
    assert str(event["uid"]) == enrolment_uid(enrolment.id)
    assert event.decoded("sequence") == 2
    assert str(event["organizer"]) == "mailto:academy@example.nhs.uk"


def test_the_download_is_for_the_person_s_own_booking_only(client, login):
    session = SessionFactory(capacity=1)
    holder, waiting, manager = (factories.UserFactory(), factories.UserFactory(),
                                factories.UserFactory(roles=[Role.MANAGER]))
    holder.line_manager_id = manager.id
    place = services.enrol(session, holder, holder)
    wait = services.enrol(session, waiting, waiting)
    window = services.enrol(e_learning_window(), waiting, waiting)
    db.session.commit()

    login(waiting)
    assert client.get(f"/enrolments/{place.id}/calendar.ics").status_code == 403
    assert client.get(f"/enrolments/{wait.id}/calendar.ics").status_code == 403  # no place yet
    assert client.get(f"/enrolments/{window.id}/calendar.ics").status_code == 403
    assert "calendar.ics" not in client.get("/my-learning").get_data(as_text=True)
    assert client.get("/enrolments/999999/calendar.ics").status_code == 404
    login(manager)
    assert client.get(f"/enrolments/{place.id}/calendar.ics").status_code == 403
