"""The scheduled jobs: expiry reminders at 60, 30 and 0 days, each once; quota release."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from academy.courses import jobs
from academy.courses.models import ComplianceReminder, RecordSource
from academy.extensions import db
from academy.jobs import run_job
from academy.notifications.models import Notice, OutboxMessage
from tests import factories
from tests.courses.factories import RequirementFactory, SubjectFactory, add_record

JOB = next(j for j in jobs.JOBS if j.name == "courses.expiry_reminders")
EXPIRY = date(2026, 9, 30)


def at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=7)


def notices(person) -> list[str]:
    return db.session.scalars(select(Notice.text).where(Notice.user_id == person.id)
                              .order_by(Notice.id)).all()


def setup_person():
    subject = SubjectFactory(name="Fire Safety", renewal_months=24)
    RequirementFactory(subject=subject, staff_group="Additional Clinical Services")
    person = factories.UserFactory()
    add_record(person, subject, date(2024, 9, 30), EXPIRY)
    db.session.commit()
    return person, subject


def test_reminders_at_sixty_thirty_and_zero_days_each_sent_once(app):
    person, _ = setup_person()
    assert run_job(JOB, at(EXPIRY - timedelta(days=61))) == "done"
    assert notices(person) == []

    assert run_job(JOB, at(EXPIRY - timedelta(days=60))) == "done"
    assert run_job(JOB, at(EXPIRY - timedelta(days=60))) == "skipped"  # same day: once
    assert run_job(JOB, at(EXPIRY - timedelta(days=59))) == "done"     # next day: nothing new
    assert len(notices(person)) == 1 and "Fire Safety" in notices(person)[0]

    run_job(JOB, at(EXPIRY - timedelta(days=30)))
    run_job(JOB, at(EXPIRY - timedelta(days=29)))
    run_job(JOB, at(EXPIRY))
    run_job(JOB, at(EXPIRY + timedelta(days=1)))
    assert len(notices(person)) == 3
    assert "expired on 30 September 2026" in notices(person)[-1]
    assert sorted(db.session.scalars(select(ComplianceReminder.days_before))) == [0, 30, 60]
    mails = db.session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.to_address == person.email))
    assert mails == 3


def test_a_missed_day_still_sends_the_most_urgent_reminder_only(app):
    person, _ = setup_person()
    run_job(JOB, at(EXPIRY - timedelta(days=20)))
    assert db.session.scalars(select(ComplianceReminder.days_before)).all() == [30]


def test_renewing_stops_reminders_for_the_old_expiry(app):
    person, subject = setup_person()
    run_job(JOB, at(EXPIRY - timedelta(days=60)))
    add_record(person, subject, EXPIRY - timedelta(days=45),
               EXPIRY - timedelta(days=45) + timedelta(days=730), source=RecordSource.COURSE)
    db.session.commit()
    run_job(JOB, at(EXPIRY - timedelta(days=30)))
    run_job(JOB, at(EXPIRY))
    assert len(notices(person)) == 1


def test_the_jobs_are_scheduled(app):
    from academy.schedule import JOBS
    assert {"courses.expiry_reminders", "courses.release_quotas",
            "courses.promote_waiting_lists"} <= set(JOBS)
