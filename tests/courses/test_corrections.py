"""Correcting a completion given at the register: its date, or withdrawing it, with the records,
holdings, certificate, Open Badge and induction items that came from it following."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from academy.audit.models import AuditEvent
from academy.courses import services
from academy.courses.models import EnrolmentStatus, TrainingRecord
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.induction import openbadges
from academy.induction.models import ItemStatus, OpenBadge
from academy.induction.services import badges
from academy.induction.services import courses as induction_courses
from academy.induction.services import programmes as programme_services
from academy.notifications.models import Notice
from academy.people.roles import Role
from academy.timekeeping import today, utcnow
from tests import factories
from tests.conftest import sign_in
from tests.courses.factories import (
    CourseFactory,
    SessionFactory,
    SubjectFactory,
    add_record,
    in_days,
)
from tests.induction import helpers

S = EnrolmentStatus


@pytest.fixture
def world(app):
    """Aisha completed fire safety (two subjects) at a session her trainer marked two days ago;
    her induction's fire-safety item was done through it and she took the Open Badge."""
    trust = factories.OrganisationFactory(name="Mid Yorkshire Teaching NHS Trust")
    fire = SubjectFactory(name="Fire Safety", level="Level 1", renewal_months=24)
    evacuation = SubjectFactory(name="Evacuation", level="Level 1", renewal_months=12)
    manager = factories.UserFactory(employer=trust, roles=[Role.MANAGER])
    learner = factories.UserFactory(employer=trust, given_name="Aisha", family_name="Hussain",
                                    team=factories.TeamFactory(organisation=trust, manager=manager))
    trainer = factories.UserFactory(roles=[Role.TRAINER])
    lead = factories.UserFactory(employer=trust, roles=[(Role.LEARNING_LEAD, trust)])
    programme_services.create_programme(
        name="Trust induction", organisation=trust, job_role=None, description="",
        from_template=True, actor=lead)
    induction = helpers.start(learner, manager, started_on=today() - timedelta(days=10), today=today())

    session = SessionFactory(course=CourseFactory(provider=trust, title="Fire safety",
                                                  subjects_satisfied=[fire, evacuation]),
                             starts_at=in_days(-2), booking_closes_at=in_days(-3))
    session.ends_at = session.starts_at + timedelta(hours=3)
    session.trainers = [trainer]
    enrolment = services.enrol(session, learner, actor=learner, now=in_days(-4))
    services.mark_register(session, {enrolment.id: "completed"}, trainer)
    item = next(i for i in induction.items if i.mandatory_subject_id == fire.id)
    assert item.status.is_done, "the register's holding does the item at once"
    assert induction_courses.complete_by_courses(induction, actor=learner, today=today()) == 0
    badge = badges.issue_course_badge(
        enrolment, actor=learner, private_pem=openbadges.private_key_pem(current_app.config),
        addresses=openbadges.Addresses(current_app.config["ACADEMY_BASE_URL"]), now=utcnow())
    db.session.commit()
    return dict(trust=trust, fire=fire, evacuation=evacuation, learner=learner, trainer=trainer,
                manager=manager, session=session, enrolment=enrolment, induction=induction,
                item=item, badge=badge)


def records_of(enrolment):
    return db.session.scalars(select(TrainingRecord).where(TrainingRecord.enrolment_id == enrolment.id)
                              .order_by(TrainingRecord.subject_id)).all()


def test_correcting_the_date_moves_the_records_their_expiry_and_the_induction_item(world):
    enrolment, item = world["enrolment"], world["item"]
    earlier, corrected = enrolment.completed_on, today()
    services.correct_completion_date(enrolment, completed_on=corrected, reason="Typed the wrong day",
                                     actor=world["trainer"], today=today())
    assert enrolment.completed_on == corrected and enrolment.status == S.COMPLETED
    fire, evacuation = records_of(enrolment)
    assert (fire.completed_on, fire.expires_on) == (corrected, corrected.replace(year=corrected.year + 2))
    assert evacuation.expires_on == corrected.replace(year=corrected.year + 1)
    assert fire.is_current and evacuation.is_current
    assert item.achieved_on == corrected
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "enrolment.completion_corrected"))
    assert event.actor_id == world["trainer"].id and event.subject_id == world["learner"].id
    assert event.detail["reason"] == "Typed the wrong day"
    assert (event.detail["before"], event.detail["after"]) == (earlier.isoformat(), corrected.isoformat())


def test_a_corrected_date_that_renews_less_gives_back_the_older_record_that_counts(world):
    """refresh_current decides again which record counts once the date moves."""
    learner, fire, enrolment = world["learner"], world["fire"], world["enrolment"]
    session_day = world["session"].starts_at.date()
    other = add_record(learner, fire, session_day - timedelta(days=30), session_day + timedelta(days=700))
    fire_record = records_of(enrolment)[0]
    db.session.refresh(other)
    assert fire_record.is_current and not other.is_current
    world["session"].starts_at -= timedelta(days=60)
    services.correct_completion_date(enrolment, completed_on=session_day - timedelta(days=60),
                                     reason="It was the earlier course", actor=world["trainer"],
                                     today=today())
    db.session.refresh(other)
    db.session.refresh(fire_record)
    assert other.is_current and not fire_record.is_current


def test_a_wrong_correction_is_refused_and_changes_nothing(world):
    enrolment, trainer = world["enrolment"], world["trainer"]
    was = enrolment.completed_on
    session_day = world["session"].starts_at.date()
    refusals = [
        (dict(completed_on=session_day, reason=" "), "Enter the reason"),
        (dict(completed_on=was, reason="Again"), "already the completion date"),
        (dict(completed_on=session_day - timedelta(days=1), reason="Earlier"), "on or after the session"),
        (dict(completed_on=today() + timedelta(days=1), reason="Later"), "not be in the future"),
    ]
    for arguments, message in refusals:
        with pytest.raises(DomainError, match=message):
            services.correct_completion_date(enrolment, actor=trainer, today=today(), **arguments)
    add_record(world["learner"], world["fire"], session_day + timedelta(days=1), None)
    with pytest.raises(DomainError, match="already has a record of Fire Safety on that day"):
        services.correct_completion_date(enrolment, completed_on=session_day + timedelta(days=1),
                                         reason="Clash", actor=trainer, today=today())
    db.session.rollback()
    assert enrolment.completed_on == was
    assert {r.completed_on for r in records_of(enrolment)} == {was}


def test_only_who_may_mark_the_register_corrects_it(world):
    enrolment = world["enrolment"]
    for stranger in (factories.UserFactory(roles=[Role.TRAINER]), world["manager"], world["learner"],
                     factories.UserFactory(roles=[Role.ADMIN])):
        with pytest.raises(NotAllowed):
            services.withdraw_completion(enrolment, reason="No", actor=stranger, now=utcnow())
        with pytest.raises(NotAllowed):
            services.correct_completion_date(enrolment, completed_on=today(), reason="No",
                                             actor=stranger, today=today())
    lead = factories.UserFactory(roles=[(Role.LEARNING_LEAD, world["trust"])])
    services.withdraw_completion(enrolment, reason="Left before the assessment", actor=lead,
                                 now=utcnow())
    assert enrolment.status == S.ATTENDED


def test_withdrawing_removes_the_records_revokes_certificate_and_badge_and_reopens_the_item(client, world):
    enrolment, item, badge = world["enrolment"], world["item"], world["badge"]
    code = enrolment.certificate_code
    pairs = {(r.user_id, r.subject_id) for r in records_of(enrolment)}
    assert client.get(f"/verify/{code}").status_code == 200

    services.withdraw_completion(enrolment, reason="Left before the assessment",
                                 actor=world["trainer"], now=utcnow())
    db.session.commit()

    assert enrolment.status == S.ATTENDED and enrolment.completed_on is None
    assert enrolment.certificate_code is None
    assert records_of(enrolment) == []
    assert not db.session.scalar(select(TrainingRecord.id).where(
        TrainingRecord.user_id == world["learner"].id))
    assert len(pairs) == 2
    assert client.get(f"/verify/{code}").status_code == 404
    db.session.refresh(badge)
    assert badge.revoked_at is not None and "Left before the assessment" in badge.revoked_reason
    assert item.status == ItemStatus.TO_DO and item.achieved_on is None
    assert item.course_completion_id is None
    assert world["induction"].is_in_progress
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "enrolment.completion_withdrawn"))
    assert event.detail["reason"] == "Left before the assessment"
    assert event.detail["certificate_code"] == code and event.detail["badge_revoked"] == badge.id
    notices = db.session.scalars(select(Notice.text).where(Notice.user_id == world["learner"].id)).all()
    assert any("withdrawn" in text for text in notices)
    # Attended again, the register can mark them completed once more, with a new certificate.
    services.mark_register(world["session"], {enrolment.id: "completed"}, world["trainer"])
    assert enrolment.certificate_code not in (None, code) and len(records_of(enrolment)) == 2


def test_a_withdrawn_completion_keeps_another_records_holding_current(world):
    learner, fire = world["learner"], world["fire"]
    session_day = world["session"].starts_at.date()
    older = add_record(learner, fire, session_day - timedelta(days=100), session_day + timedelta(days=200))
    db.session.refresh(older)
    assert not older.is_current
    services.withdraw_completion(world["enrolment"], reason="Wrong person ticked",
                                 actor=world["trainer"], now=utcnow())
    db.session.refresh(older)
    assert older.is_current


def test_the_trainer_corrects_and_withdraws_from_the_register(client, world):
    enrolment, session = world["enrolment"], world["session"]
    sign_in(client, world["trainer"])
    register = client.get(f"/sessions/{session.id}/register").get_data(as_text=True)
    assert f"/completions/{enrolment.id}/correct" in register
    page = f"/completions/{enrolment.id}/correct"
    assert "Correct Aisha Hussain&#39;s completion" in client.get(page).get_data(as_text=True)

    # Every error at once, in place; nothing changes.
    response = client.post(page, data={"change": "date", "completed_on": "", "reason": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter the date it was completed" in body and "Enter the reason for the correction" in body
    future = (today() + timedelta(days=3)).isoformat()
    body = client.post(page, data={"change": "date", "completed_on": future,
                                   "reason": "x"}).get_data(as_text=True)
    assert "must not be in the future" in body
    db.session.refresh(enrolment)
    assert enrolment.status == S.COMPLETED

    response = client.post(page, data={"change": "withdraw", "completed_on": "",
                                       "reason": "Did not finish the practical"})
    assert response.status_code == 302 and response.location == f"/sessions/{session.id}/register"
    db.session.refresh(enrolment)
    assert enrolment.status == S.ATTENDED
    assert "completion is withdrawn" in client.get(response.location).get_data(as_text=True)
    # No longer completed: nothing left to correct.
    assert client.get(page).status_code == 403


def test_the_page_refuses_a_date_before_the_session_in_place(client, world):
    enrolment = world["enrolment"]
    sign_in(client, world["trainer"])
    early = (world["session"].starts_at.date() - timedelta(days=5)).isoformat()
    response = client.post(f"/completions/{enrolment.id}/correct",
                           data={"change": "date", "completed_on": early, "reason": "Moved"})
    assert response.status_code == 200
    assert "on or after the session" in response.get_data(as_text=True)
    db.session.refresh(enrolment)
    assert enrolment.completed_on == world["session"].ends_at.date()
    assert db.session.scalar(select(OpenBadge.revoked_at)) is None
