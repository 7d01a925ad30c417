"""Learning leads' view of training records: compliance by organisation with its exports, and
the import of records kept elsewhere."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from academy.courses import compliance as compliance_queries
from academy.courses import permissions, rules
from academy.courses.forms import ComplianceFilterForm, ImportForm
from academy.courses.imports import ImportRejected, import_training_records, recent_imports
from academy.courses.models import Subject
from academy.courses.views import admin_bp
from academy.courses.views.common import scoped_organisations
from academy.extensions import db
from academy.people.models import Organisation
from academy.reports.exports import export_response
from academy.timekeeping import today
from academy.web import as_int, load_or_404, require


def _report_rows():
    require(permissions.can_view_compliance_report(current_user))
    scope = permissions.lead_scope(current_user)
    form = ComplianceFilterForm(request.args)
    organisations = scoped_organisations()
    form.organisation.choices = [SelectChoice("", "Every organisation you oversee")] + [
        SelectChoice(str(o.id), o.name) for o in organisations]
    subjects = db.session.scalars(select(Subject).order_by(Subject.name, Subject.level)).all()
    form.subject.choices = [SelectChoice("", "Every subject")] + [
        SelectChoice(str(s.id), s.label) for s in subjects]
    form.validate()
    chosen = as_int(form.organisation.data)
    if chosen is not None and scope is not None and chosen not in scope:
        chosen = None
    organisation_ids = {chosen} if chosen else scope
    rows = compliance_queries.compliance_report(organisation_ids, today(),
                                                subject_id=as_int(form.subject.data))
    return form, rows


@admin_bp.get("/compliance")
@login_required
def compliance():
    form, rows = _report_rows()
    return render_template("courses/compliance.html", form=form, rows=rows,
                           due_days=rules.DUE_WITHIN_DAYS,
                           title="Mandatory training compliance")


@admin_bp.get("/compliance.<any(csv, xlsx):file_format>")
@login_required
def compliance_export(file_format: str):
    _, rows = _report_rows()
    header = ["Subject", "Organisation", "Required", "Compliant", "Due within 60 days",
              "Expired", "Never done", "Per cent compliant"]
    data = [[r.subject, r.organisation, r.required, r.compliant, r.due, r.expired, r.never_done,
             r.percent] for r in rows]
    return export_response(file_format, f"compliance-{today():%Y-%m-%d}", header, data,
                           sheet_title="Compliance")


@admin_bp.route("/manage/import", methods=["GET", "POST"])
@login_required
def import_records():
    require(permissions.can_manage_catalogue(current_user))
    form = ImportForm()
    form.organisation.choices = [SelectChoice(o.id, o.name) for o in scoped_organisations()]
    problems: list[tuple[int, str]] = []
    if form.validate_on_submit():
        organisation = load_or_404(Organisation, form.organisation.data)
        require(permissions.can_import_records(current_user, organisation.id))
        upload = form.file.data
        try:
            batch = import_training_records(organisation, upload.filename or "upload.csv",
                                            upload.read(), current_user, today())
        except ImportRejected as rejected:
            # The rows at fault are listed on the page, beside the refusal on the file field.
            db.session.rollback()
            problems = rejected.errors
            form.file.errors = [rejected.message]
        else:
            db.session.commit()
            flash(f"Imported {batch.rows} rows: {batch.created} new training records. "
                  "Records already held were not added twice.", "success")
            return redirect(url_for("courses_admin.import_records"))
    scope = permissions.lead_scope(current_user)
    return render_template("courses/import.html", form=form, problems=problems,
                           imports=recent_imports(scope), title="Import training records")
