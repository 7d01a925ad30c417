"""The import of training records kept elsewhere."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.courses import permissions
from academy.courses.forms import ImportForm
from academy.courses.imports import ImportRejected, import_training_records, recent_imports
from academy.courses.views import admin_bp
from academy.courses.views.common import scoped_organisations
from academy.extensions import db
from academy.people.models import Organisation
from academy.timekeeping import today
from academy.web import load_or_404, require


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
