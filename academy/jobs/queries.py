"""Whether the scheduler keeps time: jobs that should have run by now and have not, and jobs
whose latest attempt failed; for the administrator's home panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import func, select

from academy.extensions import db
from academy.jobs import DONE, FAILED, Job, JobRun

# The scheduler's own grace for a late start (misfire_grace_time), and a little more.
LATE_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class LateJob:
    name: str
    description: str
    due_at: datetime  # when it should have run


@dataclass(frozen=True)
class SchedulerHealth:
    never_ran: bool  # no job has ever been recorded: the scheduler process is not running
    late: list[LateJob]
    failed: list[str]  # jobs whose latest attempt failed


def due_after(job: Job, after: datetime) -> datetime | None:
    """The first time after `after` (naive UTC) the job's trigger fires, or None when it has no
    regular schedule."""
    trigger = dict(job.trigger)
    kind = trigger.pop("trigger", None)
    if kind == "cron":
        fire = CronTrigger(timezone=UTC, **trigger).get_next_fire_time(
            None, after.replace(tzinfo=UTC) + timedelta(seconds=1)
        )
        return fire.astimezone(UTC).replace(tzinfo=None) if fire else None
    if kind == "interval":
        return after + timedelta(**trigger)
    return None


def scheduler_health(jobs: list[Job], now: datetime) -> SchedulerHealth:
    """Jobs with a period record every run; those are the ones whose lateness shows."""
    last_done = dict(db.session.execute(
        select(JobRun.job, func.max(JobRun.started_at)).where(JobRun.status == DONE)
        .group_by(JobRun.job)
    ).all())
    last_failed = dict(db.session.execute(
        select(JobRun.job, func.max(JobRun.finished_at)).where(JobRun.status == FAILED)
        .group_by(JobRun.job)
    ).all())
    first_seen = db.session.scalar(select(func.min(JobRun.started_at)))
    if first_seen is None:
        return SchedulerHealth(never_ran=True, late=[], failed=[])
    late = []
    for job in jobs:
        if job.period is None:
            continue  # runs every minute and records nothing: the outbox backlog shows it
        due = due_after(job, last_done.get(job.name) or first_seen)
        if due is not None and due + LATE_AFTER < now:
            late.append(LateJob(job.name, job.description, due))
    failed = [
        name for name, at in last_failed.items()
        if at is not None and (last_done.get(name) is None or at > last_done[name])
    ]
    return SchedulerHealth(never_ran=False, late=late, failed=sorted(failed))
