"""The scheduled jobs act once per day, and each reminder is sent once however often they run."""

from datetime import time, timedelta

from sqlalchemy import func, select

from academy.extensions import db
from academy.jobs import run_job
from academy.notifications.models import OutboxMessage
from academy.schedule import JOBS
from academy.talent.conversations import rules
from academy.talent.conversations.models import CoachSlot, Mode
from academy.talent.conversations.services import availability
from academy.timekeeping import utcnow
from tests.factories import UserFactory
from tests.talent.conversations.factories import coach, held_conversation


def mail_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def test_action_reminders_run_once_a_day_and_remind_once(app):
    held_conversation(UserFactory(), coach(), actions=[("Soon", "Me", 2)])
    db.session.commit()
    job = JOBS["conversations.action_reminders"]
    now = utcnow()
    assert run_job(job, now) == "done"
    assert mail_count() == 1
    assert run_job(job, now) == "skipped"
    assert run_job(job, now + timedelta(days=1)) == "done"
    assert mail_count() == 1


def test_the_scheduler_publishes_weekly_availability_ahead(app):
    trainer = coach()
    today = rules.to_local(utcnow()).date()
    availability.add_availability(
        trainer, weekday=today.weekday(), starts=time(9), ends=time(10), slot_minutes=60,
        mode=Mode.VIRTUAL, site=None, joining_details=None, valid_from=today, valid_until=None,
        actor=trainer,
    )
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(CoachSlot))
    assert run_job(JOBS["conversations.publish_availability"], utcnow() + timedelta(days=7)) == "done"
    assert db.session.scalar(select(func.count()).select_from(CoachSlot)) == before + 1

