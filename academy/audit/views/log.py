"""The administrator's audit log."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user, login_required

from academy.audit import queries
from academy.audit.views import bp
from academy.extensions import db
from academy.people import permissions
from academy.web import require


@bp.get("/audit")
@login_required
def log():
    require(permissions.can_view_audit_log(current_user))
    action = request.args.get("action", "").strip()
    person = request.args.get("person", "").strip()
    query = queries.events_query(current_user, action=action, person=person)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"] * 2, error_out=False)
    return render_template("audit/log.html", page=page, action=action, person=person,
                           title="Audit log")
