"""The administrator's home panel says what needs them: a scheduler that has not run, jobs that
are late or failed, e-mail waiting or given up, and (through its hook) a failed staff import."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from academy.extensions import db
from academy.jobs import DONE, FAILED, Job, JobRun
from academy.jobs.queries import due_after, scheduler_health
from academy.notifications.models import OutboxStatus
from academy.notifications.services import queue_email
from academy.people.roles import Role
from academy.people.staff_files.models import StaffImport, StaffImportStatus
from academy.schedule import JOBS
from academy.timekeeping import utcnow
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, UserFactory

NOW = datetime(2026, 12, 4, 9, 0)
NIGHTLY = Job("nightly", lambda now: None, trigger={"trigger": "cron", "hour": 0, "minute": 15})
HOURLY = Job("hourly", lambda now: None, trigger={"trigger": "cron", "minute": 5})
OUTBOX = Job("outbox", lambda now: None, trigger={"trigger": "interval", "minutes": 1}, period=None)


def done(name: str, at: datetime) -> None:
    db.session.add(JobRun(job=name, period=at.isoformat(), status=DONE, started_at=at,
                          finished_at=at))


def test_the_next_due_time_follows_the_trigger():
    assert due_after(NIGHTLY, datetime(2026, 12, 3, 0, 15, 2)) == datetime(2026, 12, 4, 0, 15)
    assert due_after(HOURLY, datetime(2026, 12, 4, 8, 5)) == datetime(2026, 12, 4, 9, 5)
    assert due_after(OUTBOX, datetime(2026, 12, 4, 8, 5)) == datetime(2026, 12, 4, 8, 6)
    assert due_after(Job("once", lambda now: None, trigger={}), NOW) is None


def test_a_job_is_late_when_its_due_time_passed_by_more_than_the_grace(app):
    assert scheduler_health([NIGHTLY, HOURLY], NOW).never_ran
    done("nightly", datetime(2026, 12, 4, 0, 15, 3))  # ran last night
    done("hourly", datetime(2026, 12, 4, 6, 5, 1))  # missed 07:05 and 08:05
    health = scheduler_health([NIGHTLY, HOURLY, OUTBOX], NOW)
    assert not health.never_ran
    assert [(job.name, job.due_at) for job in health.late] == [("hourly", datetime(2026, 12, 4, 7, 5))]
    # a job never run since the scheduler first ran is late from then on
    health = scheduler_health([Job("new", lambda now: None,
                                   trigger={"trigger": "cron", "hour": 2})], NOW)
    assert [job.name for job in health.late] == ["new"]


def test_a_failure_after_the_last_success_is_reported(app):
    done("nightly", datetime(2026, 12, 3, 0, 15, 3))
    db.session.add(JobRun(job="nightly", period="2026-12-04", status=FAILED,
                          finished_at=datetime(2026, 12, 4, 0, 15, 9), error="boom"))
    assert scheduler_health([NIGHTLY], NOW).failed == ["nightly"]
    done("nightly", datetime(2026, 12, 4, 1, 0))
    assert scheduler_health([NIGHTLY], NOW).failed == []


@pytest.fixture
def partnership_admin(app):
    return UserFactory(roles=[Role.ADMIN])


def home(client) -> str:
    return client.get("/").get_data(as_text=True)


def test_a_fresh_install_says_the_scheduler_has_never_run(client, partnership_admin):
    db.session.commit()
    sign_in(client, partnership_admin)
    page = home(client)
    assert "Needs your attention" in page
    assert "The scheduler has never run" in page


def test_late_jobs_and_an_outbox_backlog_show_on_the_home_page(client, partnership_admin):
    long_ago = utcnow() - timedelta(days=3)
    for name in JOBS:
        done(name, long_ago)
    old = queue_email("a@example.nhs.uk", "Old", "Body")
    old.created_at = utcnow() - timedelta(minutes=40)
    queue_email("b@example.nhs.uk", "Fresh", "Body")  # a minute's wait is no backlog
    gave_up = queue_email("c@example.nhs.uk", "Gave up", "Body")
    gave_up.status = OutboxStatus.FAILED
    db.session.commit()
    sign_in(client, partnership_admin)
    page = home(client)
    assert "scheduled jobs have not run since" in page and "is the scheduler running?" in page
    assert "1 e-mail waiting more than 15 minutes to be sent" in page
    assert "1 e-mail could not be sent after every retry" in page


def test_when_all_is_well_nothing_asks_for_attention(client, partnership_admin):
    for name in JOBS:
        done(name, utcnow())
    queue_email("b@example.nhs.uk", "Fresh", "Body")
    db.session.commit()
    sign_in(client, partnership_admin)
    page = home(client)
    assert "Needs your attention" not in page and "Scheduler and e-mail health" in page


def test_an_organisations_administrator_sees_only_what_concerns_them(client):
    trust = OrganisationFactory(name="Mid Yorkshire")
    council = OrganisationFactory(name="Wakefield Council")
    local = UserFactory(employer=trust, roles=[(Role.ADMIN, trust)])
    for organisation in (trust, council):  # each organisation's nightly file, refused
        db.session.add(StaffImport(organisation_id=organisation.id, filename="staff.csv",
                                   content=b"", source="feed", status=StaffImportStatus.REJECTED,
                                   problems=[{"line": 2, "reason": "x"}, {"line": 3, "reason": "y"},
                                             {"line": 9, "reason": "z"}]))
    db.session.commit()
    sign_in(client, local)
    page = home(client)
    assert "The nightly staff file for Mid Yorkshire was refused: 3 bad rows" in page
    assert "Wakefield Council" not in page
    assert "The scheduler has never run" not in page  # the scheduler is the partnership's
