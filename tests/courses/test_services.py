"""Enrolment, the waiting list, approvals, places held, sessions and the register."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from academy.audit.models import AuditEvent
from academy.courses import services
from academy.courses.models import Enrolment, EnrolmentStatus, SessionQuota, TrainingRecord
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.models import Notice, OutboxMessage
from academy.people.roles import Role
from academy.timekeeping import utcnow
from tests import factories
from tests.courses.factories import (
    CourseFactory,
    SessionFactory,
    SubjectFactory,
    add_record,
    in_days,
)

S = EnrolmentStatus


def people(n, **kwargs):
    return [factories.UserFactory(**kwargs) for _ in range(n)]


def notices_for(user):
    return db.session.scalars(select(Notice.text).where(Notice.user_id == user.id)).all()


def test_booking_takes_a_place_and_sends_an_invitation(app):
    session = SessionFactory(capacity=2)
    learner = factories.UserFactory()
    enrolment = services.enrol(session, learner, actor=learner)
    assert enrolment.status == S.BOOKED
    assert session.booked_count == 1
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == learner.email)).one()
    assert mail.attachments[0].content_type.startswith("text/calendar; method=REQUEST")
    assert b"BEGIN:VEVENT" in mail.attachments[0].content
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "enrolment.placed")) == 1


def test_a_full_session_puts_people_on_the_waiting_list_in_order(app):
    session = SessionFactory(capacity=1)
    first, second, third = people(3)
    now = utcnow()
    assert services.enrol(session, first, first, now=now).status == S.BOOKED
    assert services.enrol(session, second, second, now=now + timedelta(seconds=1)).status == S.WAITLISTED
    assert services.enrol(session, third, third, now=now + timedelta(seconds=2)).status == S.WAITLISTED
    assert any("number 2 on the waiting list" in t for t in notices_for(third))


def test_cancelling_gives_the_place_to_the_first_in_line_who_is_told(app):
    session = SessionFactory(capacity=1)
    booked, waiting_first, waiting_second = people(3)
    now = utcnow()
    place = services.enrol(session, booked, booked, now=now)
    first = services.enrol(session, waiting_first, waiting_first, now=now + timedelta(seconds=1))
    second = services.enrol(session, waiting_second, waiting_second, now=now + timedelta(seconds=2))

    services.cancel_enrolment(place, booked, "Off sick", now=now + timedelta(seconds=3))

    assert place.status == S.CANCELLED and place.cancelled_by_id == booked.id
    assert place.cancel_reason == "Off sick"
    assert first.status == S.BOOKED
    assert second.status == S.WAITLISTED
    assert session.booked_count == 1
    assert any("A place came free and it is yours" in t for t in notices_for(waiting_first))


def test_nobody_books_twice_on_one_course(app):
    session = SessionFactory()
    other_date = SessionFactory(course=session.course, starts_at=in_days(30))
    learner = factories.UserFactory()
    services.enrol(session, learner, learner)
    with pytest.raises(DomainError, match="already booked"):
        services.enrol(session, learner, learner)
    with pytest.raises(DomainError, match="another date"):
        services.enrol(other_date, learner, learner)


def test_booking_refused_after_booking_closes_or_for_a_cancelled_session(app):
    session = SessionFactory(booking_closes_at=utcnow() - timedelta(minutes=1))
    learner = factories.UserFactory()
    with pytest.raises(DomainError, match="closed"):
        services.enrol(session, learner, learner)
    open_session = SessionFactory()
    services.cancel_session(open_session, factories.UserFactory(), "Trainer unwell")
    with pytest.raises(DomainError, match="cancelled"):
        services.enrol(open_session, learner, learner)


def test_only_the_person_or_their_manager_can_book(app):
    session = SessionFactory()
    learner, stranger = people(2)
    with pytest.raises(NotAllowed):
        services.enrol(session, learner, actor=stranger)


def managed_pair():
    organisation = factories.OrganisationFactory()
    manager = factories.UserFactory(employer=organisation, roles=[Role.MANAGER])
    learner = factories.UserFactory(employer=organisation, line_manager=manager)
    return manager, learner


def test_a_course_needing_approval_waits_for_the_manager_then_books(app):
    manager, learner = managed_pair()
    session = SessionFactory(course=CourseFactory(needs_approval=True), capacity=1)
    enrolment = services.enrol(session, learner, learner)
    assert enrolment.status == S.AWAITING_APPROVAL
    assert session.booked_count == 0
    assert any("asks for a place" in t for t in notices_for(manager))

    services.approve(enrolment, manager)
    assert enrolment.status == S.BOOKED and enrolment.approved_by_id == manager.id


def test_approval_of_a_full_session_joins_the_waiting_list(app):
    manager, learner = managed_pair()
    session = SessionFactory(course=CourseFactory(needs_approval=True), capacity=1)
    enrolment = services.enrol(session, learner, learner)
    someone = factories.UserFactory()  # nobody manages them, so nobody is asked to approve
    other = services.enrol(session, someone, someone)
    assert other.status == S.BOOKED
    services.approve(enrolment, manager)
    assert enrolment.status == S.WAITLISTED


def test_only_the_manager_approves_and_declining_tells_the_person(app):
    manager, learner = managed_pair()
    session = SessionFactory(course=CourseFactory(needs_approval=True))
    enrolment = services.enrol(session, learner, learner)
    with pytest.raises(NotAllowed):
        services.approve(enrolment, factories.UserFactory(roles=[Role.MANAGER]))
    services.decline(enrolment, manager, "Not this quarter")
    assert enrolment.status == S.CANCELLED
    assert enrolment.cancelled_by_id == manager.id
    assert enrolment.cancel_reason == "Not approved: Not this quarter"
    with pytest.raises(DomainError):
        services.approve(enrolment, manager)


def test_a_manager_booking_for_the_team_needs_no_approval(app):
    manager, learner = managed_pair()
    session = SessionFactory(course=CourseFactory(needs_approval=True))
    enrolment = services.enrol(session, learner, actor=manager)
    assert enrolment.status == S.BOOKED
    assert enrolment.approved_by_id == manager.id


def test_partner_quota_holds_places_until_released(app):
    session = SessionFactory(capacity=3)
    partner, other = factories.OrganisationFactory(), factories.OrganisationFactory()
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    services.set_quota(session, partner, 2, released_on=(utcnow() + timedelta(days=7)).date(),
                       actor=lead)
    outsiders = people(2, employer=other)
    insider = factories.UserFactory(employer=partner)
    assert services.enrol(session, outsiders[0], outsiders[0]).status == S.BOOKED
    assert services.enrol(session, outsiders[1], outsiders[1]).status == S.WAITLISTED
    assert services.enrol(session, insider, insider).status == S.BOOKED
    assert session.held_count == 1

    # On the release date the held place goes to the first in line.
    released = services.release_due_quotas(utcnow() + timedelta(days=7, minutes=1))
    assert released == 1
    waiting = db.session.scalar(select(Enrolment).where(Enrolment.user_id == outsiders[1].id))
    assert waiting.status == S.BOOKED
    assert db.session.scalar(select(SessionQuota.released_at)) is not None


def test_a_quota_cannot_hold_more_than_is_free(app):
    session = SessionFactory(capacity=2)
    learner = factories.UserFactory()
    services.enrol(session, learner, learner)
    with pytest.raises(DomainError, match="At most 1"):
        services.set_quota(session, factories.OrganisationFactory(), 2,
                           released_on=utcnow().date(), actor=learner)


def test_manager_reserves_places_and_names_people_later(app):
    manager, learner = managed_pair()
    session = SessionFactory(capacity=3)
    reservation = services.reserve_places(session, manager, 2)
    assert session.held_count == 2
    outsiders = people(2)
    assert services.enrol(session, outsiders[0], outsiders[0]).status == S.BOOKED
    assert services.enrol(session, outsiders[1], outsiders[1]).status == S.WAITLISTED

    named = services.name_reserved_place(reservation, learner, manager)
    assert named.status == S.BOOKED and named.reservation_id == reservation.id
    assert session.booked_count == 2 and session.held_count == 1
    with pytest.raises(NotAllowed):
        services.name_reserved_place(reservation, factories.UserFactory(), manager)

    released = services.release_reservation(reservation, manager)
    assert released == 1
    waiting = db.session.scalar(select(Enrolment).where(Enrolment.user_id == outsiders[1].id))
    assert waiting.status == S.BOOKED
    assert session.booked_count == 3 and session.held_count == 0


def test_reserving_more_than_is_free_is_refused(app):
    manager, _ = managed_pair()
    session = SessionFactory(capacity=1)
    with pytest.raises(DomainError, match="Only 1 place"):
        services.reserve_places(session, manager, 2)


def test_cancelling_a_session_tells_everyone_and_releases_places(app):
    session = SessionFactory(capacity=1)
    booked, waiting = people(2)
    services.enrol(session, booked, booked)
    services.enrol(session, waiting, waiting)
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    told = services.cancel_session(session, lead, "Room flooded")
    assert told == 2
    statuses = db.session.scalars(select(Enrolment.status)).all()
    assert statuses == [S.CANCELLED, S.CANCELLED]
    assert session.booked_count == 0 and session.is_cancelled
    cancel_mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == booked.email,
                                    OutboxMessage.subject.like("Session cancelled%"))).one()
    assert b"METHOD:CANCEL" in cancel_mail.attachments[0].content
    assert any("Room flooded" in t for t in notices_for(waiting))


def test_cloning_keeps_length_places_trainers_and_quotas(app):
    trainer = factories.UserFactory(roles=[Role.TRAINER])
    session = SessionFactory(capacity=12)
    session.trainers = [trainer]
    partner = factories.OrganisationFactory()
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    services.set_quota(session, partner, 4, released_on=session.starts_at.date() - timedelta(days=3),
                       actor=lead)
    clone = services.clone_session(session, session.starts_at + timedelta(days=28), lead)
    assert clone.ends_at - clone.starts_at == session.ends_at - session.starts_at
    assert clone.capacity == 12 and clone.trainers == [trainer] and clone.cloned_from_id == session.id
    assert [(q.organisation_id, q.places, q.released_on) for q in clone.quotas] == [
        (partner.id, 4, session.starts_at.date() + timedelta(days=25))]
    assert clone.held_count == 4


def test_interest_is_demand_and_people_are_told_when_dates_appear(app):
    course = CourseFactory()
    learner = factories.UserFactory()
    interest = services.register_interest(course, learner)
    assert interest.status == S.REQUESTED and interest.session_id is None
    with pytest.raises(DomainError):
        services.register_interest(course, learner)
    lead = factories.UserFactory(roles=[Role.LEARNING_LEAD])
    session = services.schedule_session(course, services.SessionData(
        starts_at=in_days(20), ends_at=in_days(20) + timedelta(hours=2), capacity=5), lead)
    assert any("A date is now available" in t for t in notices_for(learner))
    # Booking turns the interest into the booking: one row, its history kept.
    booked = services.enrol(session, learner, learner)
    assert booked.id == interest.id and booked.status == S.BOOKED
    assert booked.interest_registered_at is not None


def test_register_marks_everyone_and_completion_issues_certificate_and_records(app):
    fire = SubjectFactory(name="Fire Safety", renewal_months=24)
    ipc = SubjectFactory(name="Infection Prevention and Control", renewal_months=36)
    course = CourseFactory(subjects_satisfied=[fire, ipc])
    session = SessionFactory(course=course, capacity=3)
    learners = people(3)
    enrolments = [services.enrol(session, p, p) for p in learners]
    trainer = factories.UserFactory(roles=[Role.TRAINER])
    with pytest.raises(DomainError, match="once the session has started"):
        services.mark_register(session, {}, trainer)

    after = session.starts_at + timedelta(hours=4)
    counts = services.mark_register(session, {
        enrolments[0].id: "completed", enrolments[1].id: "attended", enrolments[2].id: "no_show",
    }, trainer, now=after)
    assert counts == {"completed": 1, "attended": 1, "no_show": 1}
    done = enrolments[0]
    assert done.status == S.COMPLETED and done.completed_on == session.ends_at.date()
    assert done.certificate_code and len(done.certificate_code) == 14
    records = db.session.scalars(select(TrainingRecord).where(TrainingRecord.user_id == learners[0].id)
                                 .order_by(TrainingRecord.subject_id)).all()
    assert [(r.subject_id, r.expires_on.year - r.completed_on.year) for r in records] == [
        (fire.id, 2), (ipc.id, 3)]
    assert enrolments[1].status == S.ATTENDED and enrolments[2].status == S.NO_SHOW
    # A completion is final: it is no longer on the register to mark.
    with pytest.raises(DomainError, match="register changed"):
        services.mark_register(session, {done.id: "no_show"}, trainer, now=after)


def test_cancelled_after_start_is_refused(app):
    session = SessionFactory()
    learner = factories.UserFactory()
    enrolment = services.enrol(session, learner, learner)
    with pytest.raises(DomainError, match="no longer be cancelled"):
        services.cancel_enrolment(enrolment, learner, "", now=session.starts_at + timedelta(minutes=1))


def test_changing_a_renewal_period_moves_worked_out_expiries_only(app):
    subject = SubjectFactory(renewal_months=36)
    learner = factories.UserFactory()
    worked_out = add_record(learner, subject, date(2024, 2, 29), date(2027, 2, 28))
    given = add_record(learner, subject, date(2023, 5, 1), date(2024, 5, 1), expiry_given=True)
    assert worked_out.is_current and not given.is_current
    changed = services.set_renewal_period(subject, 12, factories.UserFactory())
    db.session.refresh(worked_out)
    db.session.refresh(given)
    assert changed == 1
    assert worked_out.expires_on == date(2025, 2, 28)
    assert given.expires_on == date(2024, 5, 1)


def test_the_record_that_counts_follows_a_renewal_period_change(app):
    subject = SubjectFactory(renewal_months=36)
    learner = factories.UserFactory()
    given = add_record(learner, subject, date(2023, 12, 1), date(2026, 12, 1), expiry_given=True)
    worked_out = add_record(learner, subject, date(2025, 6, 1), date(2028, 6, 1))
    assert worked_out.is_current and not given.is_current
    services.set_renewal_period(subject, 12, factories.UserFactory())
    db.session.refresh(worked_out)
    db.session.refresh(given)
    assert worked_out.expires_on == date(2026, 6, 1)
    assert given.is_current and not worked_out.is_current


def test_a_completion_renewed_early_becomes_the_record_that_counts(app):
    fire = SubjectFactory(renewal_months=24)
    learner = factories.UserFactory()
    old = add_record(learner, fire, date(2024, 12, 1), date(2026, 12, 1))
    session = SessionFactory(course=CourseFactory(subjects_satisfied=[fire]),
                             starts_at=in_days(-1), booking_closes_at=in_days(-2))
    session.ends_at = session.starts_at + timedelta(hours=2)
    enrolment = services.enrol(session, learner, learner, now=in_days(-3))
    services.mark_register(session, {enrolment.id: "completed"}, factories.UserFactory())
    new = db.session.scalar(select(TrainingRecord).where(TrainingRecord.enrolment_id == enrolment.id))
    db.session.refresh(old)
    assert new.is_current and not old.is_current
