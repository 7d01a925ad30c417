"""Scheduled jobs: once per period, failures rolled back and recorded, the scheduler kept out of
web processes."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import threading
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import func, select

import academy
from academy import create_app
from academy.extensions import db
from academy.jobs import DONE, FAILED, Job, JobRun, build_scheduler, daily, hourly, run_job
from academy.notifications.models import OutboxMessage
from academy.notifications.services import queue_email
from academy.schedule import JOBS
from tests.conftest import DATABASE_URL, app_context, make_config, sign_in
from tests.factories import UserFactory

NOW = datetime(2026, 11, 23, 7, 30)


def outbox_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def runs(name: str) -> list[tuple[str, str]]:
    return db.session.execute(
        select(JobRun.period, JobRun.status).where(JobRun.job == name).order_by(JobRun.id)
    ).all()


def send_digest(now: datetime) -> dict:
    queue_email("team@example.nhs.uk", f"Training digest for {now:%d %B}", "This week's sessions.")
    db.session.flush()
    return {"queued": 1}


DIGEST = Job("training_digest", send_digest, trigger={"trigger": "cron", "hour": 7})


def test_a_job_runs_once_per_period(app):
    assert run_job(DIGEST, NOW) == DONE
    assert run_job(DIGEST, NOW + timedelta(hours=3)) == "skipped"
    assert outbox_count() == 1
    run = db.session.scalars(select(JobRun)).one()
    assert (run.job, run.period, run.status) == ("training_digest", "2026-11-23", DONE)
    assert run.result == {"queued": 1}
    assert run.finished_at is not None and run.error is None

    # The next day is another period.
    assert run_job(DIGEST, NOW + timedelta(days=1)) == DONE
    assert outbox_count() == 2
    assert runs("training_digest") == [("2026-11-23", DONE), ("2026-11-24", DONE)]


def test_an_hourly_job_runs_once_an_hour(app):
    job = Job("hourly_digest", send_digest, period=hourly)
    assert run_job(job, datetime(2026, 11, 23, 10, 5)) == DONE
    assert run_job(job, datetime(2026, 11, 23, 10, 55)) == "skipped"
    assert run_job(job, datetime(2026, 11, 23, 11, 0)) == DONE
    assert [period for period, _ in runs("hourly_digest")] == ["2026-11-23T10", "2026-11-23T11"]
    assert outbox_count() == 2


def test_a_job_without_a_period_runs_every_time_and_records_nothing(app):
    job = Job("every_minute", send_digest, period=None)
    assert run_job(job, NOW) == DONE
    assert run_job(job, NOW) == DONE
    assert outbox_count() == 2
    assert runs("every_minute") == []


def test_a_failed_job_without_a_period_is_rolled_back(app):
    def half_then_fail(now: datetime) -> None:
        send_digest(now)
        raise RuntimeError("the mail relay refused the connection")

    assert run_job(Job("every_minute", half_then_fail, period=None), NOW) == FAILED
    assert outbox_count() == 0
    assert run_job(Job("every_minute", send_digest, period=None), NOW) == DONE
    assert outbox_count() == 1


def test_a_failed_job_is_rolled_back_recorded_and_may_run_again(app):
    def half_then_fail(now: datetime) -> dict:
        send_digest(now)
        raise RuntimeError("the reporting database is not answering")

    broken = Job("training_digest", half_then_fail)
    assert run_job(broken, NOW) == FAILED
    assert outbox_count() == 0  # the half-done work is gone
    failed = db.session.scalars(select(JobRun)).one()
    assert failed.status == FAILED and failed.period == "2026-11-23"
    assert "the reporting database is not answering" in failed.error
    assert failed.finished_at is not None

    # A failure does not use up the period: the next try the same day does the work.
    assert run_job(DIGEST, NOW + timedelta(minutes=10)) == DONE
    assert outbox_count() == 1
    assert runs("training_digest") == [("2026-11-23", FAILED), ("2026-11-23", DONE)]
    assert run_job(DIGEST, NOW + timedelta(minutes=20)) == "skipped"


def test_periods_are_days_and_hours_in_utc():
    assert daily(datetime(2026, 1, 31, 23, 59)) == "2026-01-31"
    assert hourly(datetime(2026, 1, 31, 23, 59)) == "2026-01-31T23"


@contextmanager
def shared_database_app(tmp_path):
    """An app whose database several threads reach through their own connections:
    the suite's PostgreSQL database, or else a SQLite file (memory databases are per connection)."""
    if DATABASE_URL.startswith("postgresql"):
        with app_context(tmp_path) as app:
            yield app
        return
    app = create_app(make_config(
        tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'race.db'}",
        SQLALCHEMY_ENGINE_OPTIONS={},
    ))
    with app.app_context():
        db.create_all()
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def test_two_processes_starting_the_same_job_at_once_act_once(server_database, tmp_path):
    start = threading.Barrier(2, timeout=10)
    # Whoever gets into the job waits here for the other; the other must not get in.
    inside = threading.Barrier(2)
    entered: list[str] = []

    def digest(now: datetime) -> dict:
        entered.append(threading.current_thread().name)
        result = send_digest(now)
        try:
            inside.wait(timeout=1.5)
        except threading.BrokenBarrierError:
            pass
        return result

    job = Job("race_digest", digest)
    results: dict[str, str] = {}
    errors: list[BaseException] = []

    with shared_database_app(tmp_path) as app:
        def worker() -> None:
            try:
                with app.app_context():
                    start.wait()
                    results[threading.current_thread().name] = run_job(job, NOW)
                    db.session.remove()
            except BaseException as error:  # reported by the main thread
                errors.append(error)

        threads = [threading.Thread(target=worker, name=f"scheduler-{n}") for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads)
        assert errors == []

        assert sorted(results.values()) == [DONE, "skipped"]
        assert len(entered) == 1
        db.session.expire_all()
        assert outbox_count() == 1
        assert runs("race_digest") == [("2026-11-23", DONE)]
        assert db.session.scalar(select(JobRun.result)) == {"queued": 1}


def expected_trigger(spec: dict):
    args = dict(spec)
    kind = args.pop("trigger")
    kinds = {"interval": IntervalTrigger, "cron": CronTrigger, "date": DateTrigger}
    return kinds[kind](**args, timezone=UTC)


def package_jobs() -> list[Job]:
    """Every Job listed in an academy/<package>/jobs.py."""
    found = []
    for module in pkgutil.iter_modules(academy.__path__):
        if module.ispkg and importlib.util.find_spec(f"academy.{module.name}.jobs"):
            found.extend(importlib.import_module(f"academy.{module.name}.jobs").JOBS)
    return found


def test_every_package_job_is_scheduled():
    listed = package_jobs()
    assert listed, "the notifications package at least has a job"
    for job in listed:
        assert JOBS.get(job.name) is job, f"{job.name} is missing from academy/schedule.py"
        assert job.trigger.get("trigger") in {"interval", "cron", "date"}, job.name
        assert job.description, job.name


def test_the_scheduler_registers_every_job_with_its_trigger(app):
    scheduler = build_scheduler(app, JOBS.values(), scheduler_class=BackgroundScheduler)
    assert isinstance(scheduler, BackgroundScheduler)
    assert not scheduler.running
    scheduled = {job.id: job for job in scheduler.get_jobs()}
    assert set(scheduled) == set(JOBS)
    for name, job in JOBS.items():
        entry = scheduled[name]
        expected = expected_trigger(job.trigger)
        assert type(entry.trigger) is type(expected), name
        assert str(entry.trigger) == str(expected), name
        assert str(entry.trigger.timezone) == "UTC", name
        assert entry.coalesce and entry.max_instances == 1, name
        assert entry.name == name


def test_a_scheduled_job_runs_in_its_own_app_context(app):
    scheduler = build_scheduler(app, [DIGEST], scheduler_class=BackgroundScheduler)
    [entry] = scheduler.get_jobs()
    errors: list[BaseException] = []

    def fire() -> None:  # as the scheduler's worker thread would, with no app context of its own
        try:
            entry.func(*entry.args, **entry.kwargs)
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=fire)
    thread.start()
    thread.join(timeout=30)
    assert errors == []
    db.session.rollback()
    assert [status for _, status in runs("training_digest")] == [DONE]
    assert outbox_count() == 1


def test_neither_the_app_factory_nor_requests_start_a_scheduler(server_database, tmp_path,
                                                                 monkeypatch):
    created: list[BaseScheduler] = []
    started: list[BaseScheduler] = []
    original_init, original_start = BaseScheduler.__init__, BaseScheduler.start

    def recording_init(self, *args, **kwargs):
        created.append(self)
        original_init(self, *args, **kwargs)

    def recording_start(self, *args, **kwargs):
        started.append(self)
        original_start(self, *args, **kwargs)

    monkeypatch.setattr(BaseScheduler, "__init__", recording_init)
    monkeypatch.setattr(BaseScheduler, "start", recording_start)
    threads_before = set(threading.enumerate())

    with app_context(tmp_path) as app:
        user = UserFactory()
        db.session.commit()
        client = app.test_client()
        assert client.get("/login").status_code == 200
        assert client.get("/accessibility").status_code == 200
        sign_in(client, user)
        assert client.get("/").status_code == 200
        assert client.get("/notices/").status_code == 200

    assert created == [] and started == []
    new_threads = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()]
    assert new_threads == []
