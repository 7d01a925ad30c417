"""Partnership learning leads keep the mandatory subjects: renewal periods and who must hold
each one."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from academy.courses import compliance as compliance_queries
from academy.courses import permissions, queries, services
from academy.courses.forms import RenewalForm, RequirementForm
from academy.courses.models import Requirement, Subject
from academy.courses.views import admin_bp
from academy.extensions import db
from academy.people.models import JobRole
from academy.web import as_int, load_or_404, perform, require, submit


def _requirement_form() -> RequirementForm:
    form = RequirementForm()
    subjects = db.session.scalars(select(Subject).order_by(Subject.framework, Subject.name,
                                                           Subject.level)).all()
    form.subject.choices = [SelectChoice(s.id, f"{s.label}, {s.framework}") for s in subjects]
    roles = db.session.scalars(select(JobRole).order_by(JobRole.name, JobRole.afc_band)).all()
    form.job_role.choices = [SelectChoice("", "Choose a job role")] + [
        SelectChoice(str(r.id), str(r)) for r in roles]
    form.staff_group.choices = [SelectChoice("", "Choose a staff group")] + [
        SelectChoice(g, g) for g in queries.staff_groups()]
    return form


def _subjects_page(form: RequirementForm):
    return render_template("courses/subjects.html",
                           subjects=compliance_queries.subjects_with_requirements(),
                           form=form, title="Mandatory subjects and requirements")


@admin_bp.get("/manage/subjects")
@login_required
def subjects():
    require(permissions.can_manage_frameworks(current_user))
    return _subjects_page(_requirement_form())


@admin_bp.post("/manage/requirements")
@login_required
def requirement_add():
    require(permissions.can_manage_frameworks(current_user))
    form = _requirement_form()

    def add() -> Subject:
        subject = load_or_404(Subject, form.subject.data)
        job_role_id = as_int(form.job_role.data)
        services.add_requirement(
            subject, current_user,
            job_role=db.session.get(JobRole, job_role_id) if job_role_id is not None else None,
            staff_group=form.staff_group.data or None)
        return subject

    if response := submit(form, add, then=url_for("courses_admin.subjects"),
                          success=lambda subject: f"{subject.label} is now required."):
        return response
    return _subjects_page(form)


@admin_bp.route("/manage/requirements/<int:requirement_id>/remove", methods=["GET", "POST"])
@login_required
def requirement_remove(requirement_id: int):
    require(permissions.can_manage_frameworks(current_user))
    requirement = load_or_404(Requirement, requirement_id)
    if request.method == "POST":
        perform(lambda: services.remove_requirement(requirement, current_user),
                success="The requirement has been removed.")
        return redirect(url_for("courses_admin.subjects"))
    return render_template("courses/requirement_remove.html", requirement=requirement,
                           title="Remove this requirement")


@admin_bp.route("/manage/subjects/<int:subject_id>", methods=["GET", "POST"])
@login_required
def subject_edit(subject_id: int):
    require(permissions.can_manage_frameworks(current_user))
    subject = load_or_404(Subject, subject_id)
    form = RenewalForm(obj=subject)
    if response := submit(
        form, lambda: services.set_renewal_period(subject, form.renewal_months.data, current_user),
        then=url_for("courses_admin.subjects"),
        success=lambda changed: f"{subject.label}: renewal is now "
                                f"{subject.renewal_label.lower()}; {changed} expiry dates were "
                                "recalculated.",
    ):
        return response
    return render_template("courses/subject_edit.html", form=form, subject=subject,
                           title=f"Renewal period: {subject.label}")
