"""The nightly staff feed: each dropped file imported once, the administrators told."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from academy.extensions import db
from academy.jobs import run_job
from academy.notifications.models import Notice, OutboxMessage
from academy.people.models import User
from academy.people.roles import Role
from academy.people.staff_files.jobs import JOBS, import_feeds
from academy.people.staff_files.models import StaffImport, StaffImportStatus
from academy.people.staff_files.queries import failed_feeds
from academy.schedule import JOBS as SCHEDULED
from tests import factories
from tests.conftest import app_context
from tests.people.staff_files.files import person, staff_csv


@pytest.fixture
def feed_app(server_database, tmp_path):
    with app_context(tmp_path, ACADEMY_FEED_FOLDER=str(tmp_path / "feeds")) as app:
        yield app


def people() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_the_job_is_scheduled_nightly():
    assert SCHEDULED["import_staff_feeds"] is JOBS[0]


def test_a_dropped_file_is_imported_once_and_the_administrators_told(feed_app, tmp_path):
    trust = factories.OrganisationFactory(code="RXF")
    admin = factories.UserFactory(employer=trust, employee_number=None,
                                  roles=[(Role.ADMIN, trust)])
    db.session.commit()
    folder = tmp_path / "feeds" / "RXF"
    folder.mkdir(parents=True)
    (folder / "staff.csv").write_bytes(staff_csv(person("E1"), person("E2")))
    assert run_job(JOBS[0], datetime(2026, 12, 5, 2, 30)) == "done"
    assert people() == 3
    assert not (folder / "staff.csv").exists()
    assert [p.name for p in (folder / "done").iterdir()] == ["20261205T023000-staff.csv"]
    notice = db.session.scalar(select(Notice).where(Notice.user_id == admin.id))
    assert "was imported" in notice.text
    told = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == admin.email))
    assert "2 new" in told.body_text
    # The next night there is nothing new to import.
    assert run_job(JOBS[0], datetime(2026, 12, 6, 2, 30)) == "done"
    assert people() == 3


def test_a_file_with_bad_rows_changes_nothing_and_the_bad_rows_are_sent(feed_app, tmp_path):
    trust = factories.OrganisationFactory(code="1-000000001")
    admin = factories.UserFactory(employer=trust, employee_number=None,
                                  roles=[(Role.ADMIN, trust)])
    db.session.commit()
    folder = tmp_path / "feeds" / "1-000000001"
    folder.mkdir(parents=True)
    (folder / "rota.csv").write_bytes(staff_csv(person("E1"), person("E2", email="bad")))
    result = import_feeds(datetime(2026, 12, 5, 2, 30))
    db.session.commit()
    assert result["files"] == 1 and people() == 1
    assert db.session.scalar(select(StaffImport.status)) == StaffImportStatus.REJECTED
    told = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == admin.email))
    assert "Staff file not imported: 1 bad row" in told.subject
    assert "line 3: malformed e-mail address 'bad'" in told.body_text
    assert [run.filename for run in failed_feeds()] == ["rota.csv"]
    (folder / "rota.csv").write_bytes(staff_csv(person("E1"), person("E2")))
    import_feeds(datetime(2026, 12, 6, 2, 30))
    db.session.commit()
    assert failed_feeds() == [] and people() == 3  # the corrected file went in the next night


def test_no_feed_folder_is_nothing_to_do(feed_app):
    assert import_feeds(datetime(2026, 12, 5, 2, 30)) == {"files": 0}
