"""The administrator's audit log: filtered, paginated, and downloadable as CSV."""

from __future__ import annotations

import json

from flask import current_app, render_template, request
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.audit import names, queries
from academy.audit.forms import AuditFilterForm
from academy.audit.services import record
from academy.audit.views import bp
from academy.extensions import db
from academy.people import permissions
from academy.reports.exports import export_response
from academy.timekeeping import today
from academy.web import require

EXPORT_HEADER = ["When (UTC)", "Who", "Action", "Object", "About", "Details"]
EXPORT_LIMIT = 100_000  # entries in one download; narrow the filters for more
EXPORT_CHUNK = 1000


def _filters() -> tuple[AuditFilterForm, dict]:
    """The filter form from the query string, and the filters that passed its checks (a
    filter with an error is ignored, and shown beside its field)."""
    form = AuditFilterForm(request.args)
    form.object_type.choices = [SelectChoice("", "Any object")] + [
        SelectChoice(t, names.type_label(t)) for t in queries.object_types()
    ]
    form.validate()

    def good(field):
        return field.data if field.data and not field.errors else None

    return form, {
        "action": (good(form.action) or "").strip(), "person": (good(form.person) or "").strip(),
        "object_type": good(form.object_type) or "", "first": good(form.first),
        "last": good(form.last),
    }


@bp.get("/audit")
@login_required
def log():
    require(permissions.can_view_audit_log(current_user))
    form, filters = _filters()
    query = queries.events_query(current_user, **filters)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"] * 2, error_out=False)
    object_names = names.names_for((e.object_type, e.object_id) for e in page.items)
    rows = [(event, object_names.get((event.object_type, event.object_id))
             or names.fallback_name(event.object_type, event.object_id)) for event in page.items]
    return render_template("audit/log.html", page=page, rows=rows, form=form,
                           export_args={k: v for k, v in request.args.items() if k != "page"},
                           title="Audit log")


@bp.get("/audit/export")
@login_required
def export():
    require(permissions.can_view_audit_log(current_user))
    _, filters = _filters()
    events = db.session.scalars(queries.events_query(current_user, **filters)
                                .limit(EXPORT_LIMIT)).all()
    record(current_user, "audit.exported", object_type="AuditLog", entries=len(events),
           filters={k: str(v) for k, v in filters.items() if v})
    db.session.commit()
    return export_response("csv", f"audit-log-{today().isoformat()}", EXPORT_HEADER,
                           _export_rows(events), sheet_title="Audit log")


def _export_rows(events):
    for start in range(0, len(events), EXPORT_CHUNK):
        chunk = events[start:start + EXPORT_CHUNK]
        object_names = names.names_for((e.object_type, e.object_id) for e in chunk)
        for event in chunk:
            yield [
                event.at, event.actor.name if event.actor else "System", event.action,
                object_names.get((event.object_type, event.object_id))
                or names.fallback_name(event.object_type, event.object_id),
                event.subject.name if event.subject else "",
                json.dumps(event.detail, sort_keys=True, default=str) if event.detail else "",
            ]
