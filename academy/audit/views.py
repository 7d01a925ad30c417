"""The administrator's audit log and scheduler health pages."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from academy.audit.models import AuditEvent
from academy.extensions import db
from academy.jobs import JobRun
from academy.notifications.models import OutboxMessage
from academy.people import permissions
from academy.people.models import User
from academy.people.queries import visibility_clause
from academy.schedule import JOBS

bp = Blueprint("audit", __name__, url_prefix="/admin")


@bp.get("/audit")
@login_required
def log():
    if not permissions.can_view_audit_log(current_user):
        abort(403)
    action = request.args.get("action", "").strip()
    person = request.args.get("person", "").strip()
    query = (
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor), joinedload(AuditEvent.subject))
        .order_by(AuditEvent.id.desc())
    )
    if not permissions.is_partnership_admin(current_user):
        # An organisation's administrator sees events about people they may see.
        visible = select(User.id).where(visibility_clause(current_user))
        query = query.where(AuditEvent.subject_id.in_(visible) | AuditEvent.actor_id.in_(visible))
    if action:
        query = query.where(AuditEvent.action.like(f"{action}%"))
    if person:
        matching = select(User.id).where(
            func.lower(User.given_name + " " + User.family_name).like(f"%{person.lower()}%")
        )
        query = query.where(AuditEvent.subject_id.in_(matching) | AuditEvent.actor_id.in_(matching))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"] * 2, error_out=False)
    return render_template("audit/log.html", page=page, action=action, person=person,
                           title="Audit log")


@bp.get("/scheduler")
@login_required
def scheduler():
    if not permissions.can_view_scheduler(current_user):
        abort(403)
    latest = {}
    for name in JOBS:
        latest[name] = db.session.scalars(
            select(JobRun).where(JobRun.job == name).order_by(JobRun.started_at.desc()).limit(5)
        ).all()
    outbox = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    )
    oldest_pending = db.session.scalar(
        select(func.min(OutboxMessage.created_at)).where(OutboxMessage.status == "pending")
    )
    return render_template("audit/scheduler.html", jobs=JOBS, latest=latest, outbox=outbox,
                           oldest_pending=oldest_pending, title="Scheduler and e-mail health")
