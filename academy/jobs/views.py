"""The partnership administrator's page of scheduled jobs and e-mail delivery."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from academy.extensions import db
from academy.jobs import JobRun
from academy.notifications.queries import outbox_health
from academy.people import permissions
from academy.schedule import JOBS
from academy.web import require

bp = Blueprint("jobs", __name__, url_prefix="/admin")

LATEST_RUNS = 5


@bp.get("/scheduler")
@login_required
def scheduler():
    require(permissions.can_view_scheduler(current_user))
    latest = {
        name: db.session.scalars(
            select(JobRun).where(JobRun.job == name).order_by(JobRun.started_at.desc())
            .limit(LATEST_RUNS)
        ).all()
        for name in JOBS
    }
    return render_template("jobs/scheduler.html", jobs=JOBS, latest=latest, outbox=outbox_health(),
                           title="Scheduler and e-mail health")
