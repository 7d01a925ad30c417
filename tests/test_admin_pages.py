"""The administrators' pages: the scheduler and e-mail health page, and the audit log."""

from __future__ import annotations

from academy.audit.services import record
from academy.extensions import db
from academy.jobs import DONE, FAILED, JobRun
from academy.notifications.models import OutboxStatus
from academy.notifications.services import queue_email
from academy.people.roles import Role
from academy.schedule import JOBS
from academy.timekeeping import utcnow
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, UserFactory


def test_the_scheduler_page_shows_every_job_its_latest_runs_and_the_outbox(app, client):
    admin = UserFactory(roles=[Role.ADMIN])
    db.session.add(JobRun(job="deliver_outbox", period="-", status=DONE, finished_at=utcnow()))
    db.session.add(JobRun(job="recommender_retrain", period="2026-11-23", status=FAILED,
                          error="RuntimeError('no data')"))
    queue_email("a@example.nhs.uk", "One", "Body")
    queue_email("b@example.nhs.uk", "Two", "Body")
    failed = queue_email("c@example.nhs.uk", "Three", "Body")
    failed.status = OutboxStatus.FAILED
    db.session.commit()
    sign_in(client, admin)

    html = client.get("/admin/scheduler").get_data(as_text=True)
    assert "Scheduler and e-mail health" in html
    for name in JOBS:
        assert f"<code>{name}</code>" in html
    assert "2026-11-23: failed (RuntimeError(&#39;no data&#39;))" in html
    assert "Waiting to be sent" in html and "Nothing waiting" not in html
    home = client.get("/").get_data(as_text=True)
    assert "1 e-mail could not be sent after every retry" in home


def test_an_organisations_administrator_sees_neither_the_scheduler_nor_others_audit(app, client):
    org_a, org_b = OrganisationFactory(), OrganisationFactory()
    local_admin = UserFactory(employer=org_a, roles=[(Role.ADMIN, org_a)])
    colleague = UserFactory(employer=org_a, given_name="Colleague")
    outsider = UserFactory(employer=org_b, given_name="Outsider")
    record(colleague, "profile.viewed", colleague, subject=colleague)
    record(outsider, "profile.viewed", outsider, subject=outsider)
    db.session.commit()
    sign_in(client, local_admin)

    assert client.get("/admin/scheduler").status_code == 403
    html = client.get("/admin/audit?action=profile").get_data(as_text=True)
    assert colleague.name in html and outsider.name not in html
    html = client.get("/admin/audit?person=outsider").get_data(as_text=True)
    assert outsider.name not in html
