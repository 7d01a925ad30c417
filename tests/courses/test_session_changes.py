"""Changing a session after it is scheduled: updated invitations, places, waiting lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.courses import services
from academy.courses.models import CourseSession, Enrolment, EnrolmentStatus
from academy.errors import DomainError
from academy.extensions import db
from academy.notifications.models import Notice, OutboxMessage
from academy.people.roles import Role
from academy.timekeeping import utcnow
from tests import factories
from tests.courses.factories import SessionFactory

S = EnrolmentStatus


def data_of(session: CourseSession, **changes) -> services.SessionData:
    values = {"starts_at": session.starts_at, "ends_at": session.ends_at, "capacity": session.capacity,
              "booking_closes_at": session.booking_closes_at, "site_id": session.site_id,
              "location": session.location, "online_url": session.online_url,
              "trainer_ids": [t.id for t in session.trainers]}
    return services.SessionData(**{**values, **changes})


def mails_to(person, subject_start: str) -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == person.email, OutboxMessage.subject.like(f"{subject_start}%"))
        .order_by(OutboxMessage.id)).all()


def event_of(mail: OutboxMessage):
    return Calendar.from_ical(mail.attachments[0].content).walk("VEVENT")[0]


def test_moving_a_session_updates_everyone_s_calendar_and_tells_those_waiting(app):
    session = SessionFactory(capacity=1)
    booked, waiting = factories.UserFactory(), factories.UserFactory()
    services.enrol(session, booked, booked)
    services.enrol(session, waiting, waiting)
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    later = session.starts_at + timedelta(days=7)

    told = services.update_session(session, data_of(
        session, starts_at=later, ends_at=later + timedelta(hours=3),
        booking_closes_at=later - timedelta(days=1), location="Room 9"), lead)

    assert told == 2 and session.revision == 1
    first, changed = event_of(mails_to(booked, "Booked")[0]), mails_to(booked, "Changed")
    update = event_of(changed[0])
    assert update["UID"] == first["UID"]
    assert int(update["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert update.decoded("DTSTART").replace(tzinfo=None) == later
    assert "Room 9" in str(update["LOCATION"])
    assert b"METHOD:REQUEST" in changed[0].attachments[0].content
    waiting_mail = mails_to(waiting, "Changed")[0]
    assert not waiting_mail.attachments and "waiting list for" in waiting_mail.body_text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "session.updated"))
    assert {"starts_at", "ends_at", "location"} <= set(event.detail["changed"])

    # A cancellation afterwards outranks the updated invitation.
    services.cancel_session(session, lead, "Trainer unwell")
    cancel = event_of(mails_to(booked, "Session cancelled")[0])
    assert int(cancel["SEQUENCE"]) > int(update["SEQUENCE"])


def test_more_places_go_to_the_waiting_list_and_fewer_than_booked_is_refused(app):
    session = SessionFactory(capacity=1)
    first, second, third = (factories.UserFactory() for _ in range(3))
    now = utcnow()
    for n, person in enumerate((first, second, third)):
        services.enrol(session, person, person, now=now + timedelta(seconds=n))
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])

    services.update_session(session, data_of(session, capacity=2), lead)
    statuses = {p.id: _status(session, p) for p in (first, second, third)}
    assert statuses == {first.id: S.BOOKED, second.id: S.BOOKED, third.id: S.WAITLISTED}
    assert session.booked_count == 2 and session.revision == 0
    assert mails_to(second, "Booked")  # the promoted person is told, with an invitation
    assert not mails_to(first, "Changed")  # more places change nothing for those already booked

    with pytest.raises(DomainError, match="2 places are booked: keep at least 2 places") as refused:
        services.update_session(session, data_of(session, capacity=1), lead)
    assert refused.value.field == "capacity"


def _status(session, person):
    return db.session.scalar(select(Enrolment.status).where(
        Enrolment.session_id == session.id, Enrolment.user_id == person.id))


def test_a_started_or_cancelled_session_cannot_be_changed(app):
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    started = SessionFactory()
    with pytest.raises(DomainError, match="has started"):
        services.update_session(started, data_of(started, location="Elsewhere"), lead,
                                now=started.starts_at + timedelta(minutes=5))
    cancelled = SessionFactory()
    services.cancel_session(cancelled, lead, "No trainer")
    with pytest.raises(DomainError, match="cancelled session cannot be changed"):
        services.update_session(cancelled, data_of(cancelled, location="Elsewhere"), lead)
    past = SessionFactory()
    with pytest.raises(DomainError, match="in the future") as refused:
        services.update_session(past, data_of(past, starts_at=utcnow() - timedelta(days=1),
                                              ends_at=utcnow() - timedelta(hours=20),
                                              booking_closes_at=None), lead)
    assert refused.value.field == "starts_at"


def test_a_new_trainer_tells_nobody_and_keeps_the_invitation(app):
    session = SessionFactory()
    learner = factories.UserFactory()
    services.enrol(session, learner, learner)
    trainer = factories.UserFactory(roles=[Role.TRAINER])
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    assert services.update_session(session, data_of(session, trainer_ids=[trainer.id]), lead) == 0
    assert session.trainers == [trainer] and session.revision == 0
    assert not mails_to(learner, "Changed")
    assert services.update_session(session, data_of(session, trainer_ids=[trainer.id]), lead) == 0


def test_learning_lead_changes_a_session_from_its_page(client, login):
    session = SessionFactory(capacity=10)
    learner = factories.UserFactory()
    services.enrol(session, learner, learner)
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    db.session.commit()
    closes = session.booking_closes_at
    login(lead)
    assert "Change this session" in client.get(f"/sessions/{session.id}").get_data(as_text=True)
    form = client.get(f"/manage/sessions/{session.id}/edit").get_data(as_text=True)
    assert 'value="Room 1"' in form and "1 person is booked" in form
    day = (session.starts_at + timedelta(days=2)).date()
    fields = {"starts_on": day.isoformat(), "start_time": "13:00", "end_time": "16:00", "capacity": 12,
              "location": "Lecture theatre", "booking_closes_on": closes.date().isoformat()}
    response = client.post(f"/manage/sessions/{session.id}/edit", data=fields)
    assert response.status_code == 302
    assert "1 person has been told" in client.get(response.location).get_data(as_text=True)
    changed = db.session.get(CourseSession, session.id)
    assert (changed.starts_at.date(), changed.starts_at.hour, changed.capacity) == (day, 13, 12)
    assert changed.booking_closes_at == closes  # left as it was: not moved to the end of that day
    assert db.session.scalar(select(Notice.text).where(Notice.user_id == learner.id,
                                                       Notice.text.like("%has changed%")))

    refused = client.post(f"/manage/sessions/{session.id}/edit", data={**fields, "capacity": 0})
    assert "Enter from 1 to 2,000 places" in refused.get_data(as_text=True)
    wrong_way = client.post(f"/manage/sessions/{session.id}/edit",
                            data={**fields, "start_time": "16:00", "end_time": "13:00"})
    page = wrong_way.get_data(as_text=True)
    assert "nhsuk-error-summary" in page and "The session must end after it starts" in page
    assert db.session.get(CourseSession, session.id).starts_at.hour == 13
