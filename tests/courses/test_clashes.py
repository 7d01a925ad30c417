"""Clashes told up front: a booking at the same time as another is warned before "Confirm", a
trainer is never on two sessions at once, promotion from the waiting list never makes a clash,
and another date already held is shown on the session page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from academy.audit.models import AuditEvent
from academy.courses import queries, services
from academy.courses.models import CourseSession, DeliveryMode, Enrolment, EnrolmentStatus
from academy.errors import DomainError
from academy.extensions import db
from academy.notifications.models import Notice
from academy.people.roles import Role
from academy.timekeeping import utcnow
from tests import factories
from tests.courses.factories import CourseFactory, SessionFactory, in_days

S = EnrolmentStatus


def at(session: CourseSession, hours: float, length: float = 3, **kwargs) -> CourseSession:
    """Another session starting so many hours after this one starts."""
    starts = session.starts_at + timedelta(hours=hours)
    return SessionFactory(starts_at=starts, ends_at=starts + timedelta(hours=length), **kwargs)


def skipped_records(enrolment: Enrolment) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "enrolment.promotion_skipped",
        AuditEvent.object_id == str(enrolment.id))).all()


def take_place(session: CourseSession) -> Enrolment:
    someone = factories.UserFactory()
    return services.enrol(session, someone, someone)


def session_data(starts, hours: float = 3, trainer_ids=()) -> services.SessionData:
    return services.SessionData(starts_at=starts, ends_at=starts + timedelta(hours=hours),
                                capacity=10, trainer_ids=list(trainer_ids))


# --- Learners' clashes --------------------------------------------------------------------------

def test_a_booking_at_the_same_time_as_another_is_warned_not_refused(app):
    morning = SessionFactory()
    overlapping = at(morning, 2)
    learner = factories.UserFactory()
    held = services.enrol(morning, learner, learner)
    assert queries.clashes_for(learner.id, overlapping) == [held]
    second = services.enrol(overlapping, learner, learner)
    assert second.status == S.BOOKED and held.status == S.BOOKED
    assert queries.clashes_for(learner.id, morning) == [second]


def test_waits_and_requests_clash_too_but_not_what_is_cancelled_back_to_back_or_e_learning(app):
    session = SessionFactory()
    learner = factories.UserFactory()
    full = at(session, 1, capacity=1)
    take_place(full)
    waiting = services.enrol(full, learner, learner)
    manager = factories.UserFactory(roles=[Role.MANAGER])
    learner.line_manager_id = manager.id
    asked = services.enrol(at(session, -2, course=CourseFactory(needs_approval=True)), learner, learner)
    assert (waiting.status, asked.status) == (S.WAITLISTED, S.AWAITING_APPROVAL)

    services.enrol(at(session, 3), learner, learner)            # starts as this one ends
    services.enrol(at(session, -3), learner, learner)           # ends as this one starts
    cancelled = services.enrol(at(session, 0.5), learner, learner)
    services.cancel_enrolment(cancelled, learner, "")
    called_off = at(session, 0.5)
    services.enrol(called_off, learner, learner)
    services.cancel_session(called_off, factories.UserFactory(roles=[Role.LEARNING_LEAD]), "Unwell")
    weeks = at(session, -24, length=24 * 27,
               course=CourseFactory(delivery_mode=DeliveryMode.ELEARNING))
    e_learning = services.enrol(weeks, learner, learner)

    assert queries.clashes_for(learner.id, session) == [asked, waiting]
    assert queries.clashes_for(learner.id, weeks) == []
    assert e_learning not in queries.clashes_for(learner.id, at(session, 0))
    assert queries.clashes_for(factories.UserFactory().id, session) == []


def test_the_session_page_warns_of_a_clash_before_booking_and_says_what_to_do(client, login):
    morning = SessionFactory()
    other = at(morning, 1)
    learner = factories.UserFactory()
    services.enrol(other, learner, learner)
    db.session.commit()
    login(learner)
    page = client.get(f"/sessions/{morning.id}").get_data(as_text=True)
    assert "nhsuk-warning-callout" in page and "At the same time as another of your bookings" in page
    assert f'href="/sessions/{other.id}"' in page and "You are booked on" in page
    assert "cancel the other first" in page and f'href="/courses/{morning.course_id}"' in page
    assert "Book a place" in page

    confirm = client.get(f"/sessions/{morning.id}/book").get_data(as_text=True)
    assert "At the same time as another of your bookings" in confirm
    assert f'href="/sessions/{other.id}"' in confirm
    assert "You can still confirm and keep both" in confirm and "Confirm booking" in confirm

    done = client.post(f"/sessions/{morning.id}/book", data={}, follow_redirects=True)
    assert f"It is at the same time as {other.course.title}" in done.get_data(as_text=True)
    assert queries.enrolment_on(morning.id, learner.id).status == S.BOOKED
    booked_page = client.get(f"/sessions/{morning.id}").get_data(as_text=True)
    assert "If you cannot go to both, cancel one of them" in booked_page


def test_no_warning_without_a_clash(client, login):
    morning = SessionFactory()
    learner = factories.UserFactory()
    services.enrol(at(morning, 3), learner, learner)
    db.session.commit()
    login(learner)
    assert "nhsuk-warning-callout" not in client.get(f"/sessions/{morning.id}").get_data(as_text=True)
    assert "nhsuk-warning-callout" not in client.get(
        f"/sessions/{morning.id}/book").get_data(as_text=True)


def test_another_date_already_held_is_shown_on_the_session_page_not_after_confirming(client, login):
    first = SessionFactory(capacity=1)
    take_place(first)
    later = SessionFactory(course=first.course, starts_at=in_days(30))
    learner = factories.UserFactory()
    waiting = services.enrol(first, learner, learner)
    db.session.commit()
    login(learner)
    page = client.get(f"/sessions/{later.id}").get_data(as_text=True)
    assert "You already have a date for this course" in page
    assert "You are on the waiting list for" in page and f'href="/sessions/{first.id}"' in page
    assert "cancel that one first" in page
    assert f'href="/sessions/{later.id}/book"' not in page
    confirm = client.get(f"/sessions/{later.id}/book").get_data(as_text=True)
    assert "You already have a date for this course" in confirm
    assert "Confirm booking" not in confirm

    refused = client.post(f"/sessions/{later.id}/book", data={}).get_data(as_text=True)
    assert "already on the waiting list on another date of this course" in refused.lower()
    assert queries.enrolment_on(later.id, learner.id) is None
    assert db.session.get(Enrolment, waiting.id).status == S.WAITLISTED


# --- Promotion from the waiting list ------------------------------------------------------------

def test_promotion_passes_over_someone_booked_elsewhere_at_that_time(app):
    session = SessionFactory(capacity=1)
    holder, busy, free = factories.UserFactory(), factories.UserFactory(), factories.UserFactory()
    place = services.enrol(session, holder, holder)
    elsewhere = services.enrol(at(session, 1), busy, busy)
    busy_wait = services.enrol(session, busy, busy)
    free_wait = services.enrol(session, free, free)

    services.cancel_enrolment(place, holder, "")

    assert free_wait.status == S.BOOKED
    assert busy_wait.status == S.WAITLISTED and elsewhere.status == S.BOOKED
    assert queries.clashes_for(free.id, session) == []
    record, = skipped_records(busy_wait)
    assert record.subject_id == busy.id
    assert record.detail["clashes_with"] == elsewhere.id
    assert record.detail["clashing_session_id"] == elsewhere.session_id
    notice, = db.session.scalars(select(Notice.text).where(
        Notice.user_id == busy.id, Notice.text.like("A place came free%"))).all()
    assert elsewhere.course.title in notice and "You keep your place on the waiting list" in notice


def test_a_place_waits_for_the_only_person_in_line_until_their_clash_is_gone(app):
    session = SessionFactory(capacity=1)
    holder, busy = factories.UserFactory(), factories.UserFactory()
    place = services.enrol(session, holder, holder)
    elsewhere = services.enrol(at(session, -1), busy, busy)
    waiting = services.enrol(session, busy, busy)
    services.cancel_enrolment(place, holder, "")
    for _ in range(2):  # the hourly safety net
        assert services.promote_waiting_lists(utcnow()) == 0
    assert waiting.status == S.WAITLISTED
    assert len(skipped_records(waiting)) == 1  # said once, not every hour

    services.cancel_enrolment(elsewhere, busy, "")
    assert services.promote_waiting_lists(utcnow()) == 1
    assert waiting.status == S.BOOKED


def test_a_wait_elsewhere_does_not_stop_a_promotion(app):
    session = SessionFactory(capacity=1)
    holder, person = factories.UserFactory(), factories.UserFactory()
    place = services.enrol(session, holder, holder)
    other = at(session, 1, capacity=1)
    take_place(other)
    services.enrol(other, person, person)           # waiting there: holds no place
    waiting = services.enrol(session, person, person)
    services.cancel_enrolment(place, holder, "")
    assert waiting.status == S.BOOKED and skipped_records(waiting) == []


# --- Trainers -----------------------------------------------------------------------------------

def test_a_trainer_cannot_be_put_on_two_sessions_at_once(app):
    trainer = factories.UserFactory(roles=[Role.TRAINER], given_name="Kwame", family_name="Mensah")
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    taught = SessionFactory()
    taught.trainers = [trainer]
    db.session.flush()
    course = CourseFactory(title="Moving and handling")
    before = db.session.scalar(select(func.count()).select_from(CourseSession))
    with pytest.raises(DomainError) as refused:
        services.schedule_session(course, session_data(taught.starts_at + timedelta(hours=1),
                                                       trainer_ids=[trainer.id]), lead)
    assert refused.value.field == "trainers"
    assert str(refused.value) == (
        f"Kwame Mensah is already training {taught.course.title} on "
        f"{taught.starts_at:%-d %B %Y at %H:%M}: choose another trainer or another time.")
    assert db.session.scalar(select(func.count()).select_from(CourseSession)) == before

    after = services.schedule_session(course, session_data(taught.ends_at, trainer_ids=[trainer.id]),
                                      lead)
    assert after.trainers == [trainer]  # back to back is fine


def test_cancelled_sessions_and_e_learning_take_no_trainer_time(app):
    trainer = factories.UserFactory(roles=[Role.TRAINER])
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    called_off = SessionFactory()
    called_off.trainers = [trainer]
    db.session.flush()
    services.cancel_session(called_off, lead, "Room flooded")
    again = services.schedule_session(called_off.course, session_data(called_off.starts_at,
                                                                      trainer_ids=[trainer.id]), lead)
    assert again.trainers == [trainer]
    e_learning = CourseFactory(delivery_mode=DeliveryMode.ELEARNING)
    window = services.schedule_session(e_learning, session_data(again.starts_at - timedelta(days=1),
                                                                hours=24 * 27,
                                                                trainer_ids=[trainer.id]), lead)
    assert window.trainers == [trainer]


def test_changing_a_session_checks_its_trainers_at_the_new_time(app):
    from tests.courses.test_session_changes import data_of

    trainer, other = factories.UserFactory(roles=[Role.TRAINER]), factories.UserFactory(roles=[Role.TRAINER])
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    taught = SessionFactory()
    taught.trainers = [trainer]
    session = at(taught, 24)
    session.trainers = [trainer]
    db.session.flush()
    with pytest.raises(DomainError, match="is already training") as moved:
        services.update_session(session, data_of(session, starts_at=taught.starts_at,
                                                 ends_at=taught.ends_at), lead)
    assert moved.value.field == "trainers"
    assert session.starts_at == taught.starts_at + timedelta(hours=24) and session.revision == 0

    elsewhere = at(taught, 1)
    elsewhere.trainers = [other]
    db.session.flush()
    with pytest.raises(DomainError, match=f"{other.name} is already training"):
        services.update_session(taught, data_of(taught, trainer_ids=[trainer.id, other.id]), lead)
    assert {t.id for t in taught.trainers} == {trainer.id}


def test_a_clash_already_there_does_not_stop_other_changes(app):
    from tests.courses.test_session_changes import data_of

    trainer = factories.UserFactory(roles=[Role.TRAINER])
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    one = SessionFactory()
    two = at(one, 1)
    one.trainers, two.trainers = [trainer], [trainer]  # as imported, before the rule
    db.session.flush()
    services.update_session(two, data_of(two, capacity=12), lead)
    assert two.capacity == 12


def test_a_copy_keeps_its_trainers_so_a_busy_one_refuses_the_new_time(app):
    trainer = factories.UserFactory(roles=[Role.TRAINER])
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    original = SessionFactory()
    original.trainers = [trainer]
    busy = at(original, 24 * 7)
    busy.trainers = [trainer]
    db.session.flush()
    with pytest.raises(DomainError, match="is already training") as refused:
        services.clone_session(original, busy.starts_at + timedelta(hours=1), lead)
    assert refused.value.field == "trainers"
    copy = services.clone_session(original, busy.ends_at, lead)
    assert copy.trainers == [trainer]


def test_the_session_forms_show_the_trainer_clash_on_the_field(client, login):
    trainer = factories.UserFactory(roles=[Role.TRAINER])
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    taught = SessionFactory(course=CourseFactory(title="Basic life support"))
    taught.trainers = [trainer]
    db.session.commit()
    login(lead)
    fields = {"starts_on": taught.starts_at.date().isoformat(), "start_time": "10:00",
              "end_time": "11:00", "capacity": 8, "location": "Room 2", "trainers": [trainer.id]}
    page = client.post(f"/manage/courses/{taught.course_id}/sessions/new", data=fields)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "nhsuk-error-summary" in text
    assert 'href="#trainers"' in text or 'href="#trainers-' in text
    assert f"{trainer.name} is already training Basic life support" in text
    assert db.session.scalar(select(func.count()).select_from(CourseSession)) == 1

    clone = client.post(f"/manage/sessions/{taught.id}/clone", data={
        "starts_on": taught.starts_at.date().isoformat(), "start_time": "10:00"})
    text = clone.get_data(as_text=True)
    assert clone.status_code == 200 and 'href="#starts_on"' in text
    assert f"{trainer.name} is already training Basic life support" in text
    assert db.session.scalar(select(func.count()).select_from(CourseSession)) == 1


def test_the_trainer_s_page_shows_sessions_of_theirs_at_the_same_time(client, login):
    trainer = factories.UserFactory(roles=[Role.TRAINER])
    one = SessionFactory(course=CourseFactory(title="Fire safety"))
    two = at(one, 1, course=CourseFactory(title="Infection control"))
    later = at(one, 24, course=CourseFactory(title="Dementia awareness"))
    for session in (one, two, later):
        session.trainers = [trainer]  # as imported, before the rule
    db.session.commit()
    login(trainer)
    page = client.get("/trainer/sessions").get_data(as_text=True)
    assert page.count("At the same time as") == 2
    assert f'At the same time as <a href="/sessions/{two.id}">Infection control</a>' in page
    assert f'At the same time as <a href="/sessions/{one.id}">Fire safety</a>' in page
