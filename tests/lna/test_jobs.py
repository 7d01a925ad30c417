"""The LNA jobs as the scheduler runs them: once per period, and nothing sent twice."""

from datetime import timedelta

from sqlalchemy import func, select

from academy.extensions import db
from academy.jobs import run_job
from academy.lna.models import RoundStatus
from academy.notifications.models import Notice
from academy.schedule import JOBS
from tests.lna.factories import answered_round


def test_jobs_are_registered_with_the_scheduler():
    assert {"lna.round_lifecycle", "lna.invitations_and_reminders"} <= set(JOBS)


def test_invitations_go_once_even_when_the_job_runs_twice(app):
    made = answered_round(people_per_team=2, submit=False)
    db.session.commit()
    job = JOBS["lna.invitations_and_reminders"]
    now = made["round"].opened_at + timedelta(minutes=5)
    assert run_job(job, now) == "done"
    assert run_job(job, now) == "skipped"
    # Later the same day, another hourly run finds nobody new to invite.
    assert run_job(job, now + timedelta(hours=1)) == "done"
    notices = db.session.scalar(select(func.count()).select_from(Notice).where(
        Notice.user_id.in_([p.id for p in made["people"]])))
    assert notices == 4


def test_round_lifecycle_job_closes_a_round_after_its_last_day(app):
    made = answered_round(people_per_team=1)
    db.session.commit()
    after = made["round"].closes_on + timedelta(days=1)
    from datetime import datetime

    assert run_job(JOBS["lna.round_lifecycle"], datetime.combine(after, datetime.min.time())) == "done"
    db.session.refresh(made["round"])
    assert made["round"].status == RoundStatus.CLOSED
