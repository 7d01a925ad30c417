"""Scheduled jobs: their registry, their once-per-period record, and the scheduler process.

Web processes never run jobs: only `flask academy scheduler` starts APScheduler. A job with a
period (for example the day) records a run under the unique key (job, period) in the same
transaction as its work, so a job started twice for the same period acts once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.exc import IntegrityError

from academy.extensions import db
from academy.jobs.models import DONE, FAILED, JobRun
from academy.timekeeping import utcnow

__all__ = ["DONE", "FAILED", "Job", "JobRun", "build_scheduler", "daily", "hourly", "run_job"]

log = logging.getLogger(__name__)


def daily(now: datetime) -> str:
    return now.date().isoformat()


def hourly(now: datetime) -> str:
    return now.strftime("%Y-%m-%dT%H")


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[datetime], dict | None]
    trigger: dict = field(default_factory=dict)
    period: Callable[[datetime], str] | None = daily
    description: str = ""


def run_job(job: Job, now: datetime | None = None) -> str:
    """Run one job now; returns "done", "skipped" (already done this period) or "failed"."""
    now = now or utcnow()
    if job.period is None:
        try:
            job.func(now)
            db.session.commit()
        except Exception:  # nothing is recorded for a job without a period, but nothing half-done
            db.session.rollback()
            log.exception("job %s failed", job.name)
            return FAILED
        return DONE
    key = job.period(now)
    run = JobRun(job=job.name, period=key, status=DONE, started_at=utcnow())
    try:
        db.session.add(run)
        db.session.flush()
        run.result = job.func(now)
        run.finished_at = utcnow()
        db.session.commit()
        return DONE
    except IntegrityError:
        db.session.rollback()
        log.info("job %s already ran for %s", job.name, key)
        return "skipped"
    except Exception as error:  # a failed job is recorded, never half-applied
        db.session.rollback()
        log.exception("job %s failed for %s", job.name, key)
        db.session.add(
            JobRun(job=job.name, period=key, status=FAILED, finished_at=utcnow(), error=repr(error))
        )
        db.session.commit()
        return FAILED


def build_scheduler(app, jobs, scheduler_class=BlockingScheduler):
    """An APScheduler running the given jobs, each inside an app context."""
    scheduler = scheduler_class(timezone="UTC")
    for job in jobs:

        def run(job=job):
            with app.app_context():
                run_job(job)

        scheduler.add_job(
            run, id=job.name, name=job.name, coalesce=True, max_instances=1,
            misfire_grace_time=3600, replace_existing=True, **job.trigger,
        )
    return scheduler
