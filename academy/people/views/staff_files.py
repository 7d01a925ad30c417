"""Staff files from HR: upload one, see the preview, confirm it; map new job titles to roles and
save the headings of the organisation's own export."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.extensions import db
from academy.people import permissions, queries
from academy.people.forms import JobTitleMappingForm, StaffFileForm, StaffHeadingsForm
from academy.people.models import JobRole, Organisation
from academy.people.staff_files import queries as staff_queries
from academy.people.staff_files import rules, services
from academy.people.staff_files.models import StaffImport
from academy.people.views import bp
from academy.web import load_or_404, perform, require, submit


def _organisations() -> list[Organisation]:
    return [o for o in queries.organisations() if permissions.can_import_staff(current_user, o.id)]


def _administered(organisation_id: int) -> Organisation:
    return load_or_404(Organisation, organisation_id,
                       lambda user, org: permissions.can_import_staff(user, org.id))


@bp.route("/manage/staff-files", methods=["GET", "POST"])
@login_required
def staff_files():
    require(permissions.can_import_staff(current_user))
    organisations = _organisations()
    form = StaffFileForm()
    form.organisation.choices = [SelectChoice(o.id, o.name) for o in organisations]

    def check():
        organisation = _administered(form.organisation.data)
        upload = form.file.data
        return services.preview(organisation, upload.read(), upload.filename or "staff.csv",
                                current_user, is_full=form.is_full.data).staff_import

    if response := submit(form, check,
                          then=lambda staff_import: url_for("people.staff_import",
                                                            import_id=staff_import.id)):
        return response
    imports = db.paginate(staff_queries.imports_query([o.id for o in organisations]),
                          per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("people/staff_files/index.html", form=form, imports=imports,
                           organisations=organisations, columns=rules.COLUMNS,
                           required=rules.REQUIRED, title="Staff files")


@bp.get("/manage/staff-files/<int:import_id>")
@login_required
def staff_import(import_id: int):
    staff_import = load_or_404(StaffImport, import_id,
                               lambda user, i: permissions.can_import_staff(user, i.organisation_id))
    return render_template("people/staff_files/preview.html", staff_import=staff_import,
                           title=f"Staff file {staff_import.filename}")


@bp.post("/manage/staff-files/<int:import_id>/apply")
@login_required
def staff_import_apply(import_id: int):
    staff_import = load_or_404(StaffImport, import_id,
                               lambda user, i: permissions.can_import_staff(user, i.organisation_id))
    done = perform(lambda: services.apply(staff_import, current_user),
                   success=lambda plan: (
                       f"The staff file has been imported: {plan.summary['new']} new, "
                       f"{plan.summary['moved']} moved, {plan.summary['leaving']} leaving."))
    if done is None:
        # Refused: nothing was imported; keep the bad rows found now on the run for the page.
        services.recheck(db.session.get(StaffImport, import_id), current_user)
        db.session.commit()
    return redirect(url_for("people.staff_import", import_id=import_id))


@bp.route("/manage/staff-files/organisations/<int:organisation_id>/job-titles",
          methods=["GET", "POST"])
@login_required
def staff_job_titles(organisation_id: int):
    organisation = _administered(organisation_id)
    form = JobTitleMappingForm()
    form.job_role.choices = [SelectChoice(r.id, str(r)) for r in queries.job_roles()]
    if not form.is_submitted() and request.args.get("title"):
        form.title.data = request.args["title"]
    if response := submit(
        form,
        lambda: services.map_job_title(organisation, form.title.data,
                                       db.session.get(JobRole, form.job_role.data) or abort(400),
                                       actor=current_user),
        then=url_for("people.staff_job_titles", organisation_id=organisation.id),
        success=lambda mapping: (f"From now on, \u201c{mapping.title}\u201d in "
                                 f"{organisation.short_name}'s staff files means "
                                 f"{mapping.job_role}."),
    ):
        return response
    return render_template("people/staff_files/job_titles.html", form=form,
                           organisation=organisation,
                           mappings=staff_queries.job_title_mappings(organisation),
                           unmapped=staff_queries.unmapped_job_titles(organisation),
                           title="Job titles in staff files")


@bp.route("/manage/staff-files/organisations/<int:organisation_id>/headings",
          methods=["GET", "POST"])
@login_required
def staff_headings(organisation_id: int):
    organisation = _administered(organisation_id)
    form = StaffHeadingsForm()
    if not form.is_submitted():
        for heading, column in services.saved_headings(organisation).items():
            form[column].data = heading
    if response := submit(
        form,
        lambda: services.save_headings(
            organisation, {c: form[c].data or "" for c in rules.COLUMNS}, actor=current_user),
        then=url_for("people.staff_headings", organisation_id=organisation.id),
        success=f"{organisation.short_name}'s staff file headings have been saved.",
    ):
        return response
    return render_template("people/staff_files/headings.html", form=form,
                           organisation=organisation, columns=rules.COLUMNS,
                           required=rules.REQUIRED, title="Staff file headings")
