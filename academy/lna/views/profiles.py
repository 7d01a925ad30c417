"""Role profiles: what each job role needs, and copying one profile to start another."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.extensions import db
from academy.lna import listings, permissions
from academy.lna.forms import CopyProfileForm, profile_form
from academy.lna.services import profiles as services
from academy.lna.services.profiles import Requirement
from academy.lna.views import bp
from academy.people.models import JobRole
from academy.web import load_or_404, perform, require, submit


@bp.get("/profiles")
@login_required
def profiles():
    require(permissions.can_use_lna_admin(current_user))
    return render_template("lna/profiles.html", rows=listings.profiles_overview(),
                           title="Role profiles")


@bp.route("/profiles/<int:job_role_id>", methods=["GET", "POST"])
@login_required
def profile(job_role_id: int):
    job_role = load_or_404(JobRole, job_role_id, lambda user, _: permissions.can_use_lna_admin(user))
    frameworks = listings.all_frameworks()
    competencies = [c for f in frameworks for d in f.domains for c in d.competencies]
    saved, requirements = listings.profile_requirements(job_role.id)
    form = profile_form(competencies, requirements)
    if not form.is_submitted() and saved is not None:
        form.notes.data = saved.notes or ""
    can_change = permissions.can_manage_role_profiles(current_user)
    if form.is_submitted():
        require(can_change)
    wanted = {
        c.id: Requirement(form[f"level_{c.id}"].data, bool(form[f"essential_{c.id}"].data))
        for c in competencies if form[f"level_{c.id}"].data
    }
    if response := submit(
            form, lambda: services.save_profile(job_role, wanted, notes=form.notes.data,
                                                actor=current_user),
            then=url_for("lna.profile", job_role_id=job_role.id),
            success=f"The profile for {job_role} has been saved: {len(wanted)} competencies."):
        return response
    return render_template("lna/profile.html", job_role=job_role, frameworks=frameworks,
                           form=form, saved=saved, can_change=can_change,
                           title=f"Role profile: {job_role}"), (400 if form.errors else 200)


@bp.route("/profiles/<int:job_role_id>/copy", methods=["GET", "POST"])
@login_required
def profile_copy(job_role_id: int):
    job_role = load_or_404(JobRole, job_role_id,
                           lambda user, _: permissions.can_manage_role_profiles(user))
    source, requirements = listings.profile_requirements(job_role.id)
    if source is None or not requirements:
        flash(f"{job_role} has no profile to copy yet.", "info")
        return redirect(url_for("lna.profile", job_role_id=job_role.id))
    form = CopyProfileForm()
    form.target.choices = [
        SelectChoice(role.id, f"{role}{' (has a profile)' if n else ''}")
        for role, n, _ in listings.profiles_overview() if role.id != job_role.id
    ]
    if form.validate_on_submit():
        target = db.session.get(JobRole, form.target.data) or abort(400)
        if perform(lambda: services.copy_profile(source, target, replace=form.replace.data,
                                                 actor=current_user),
                   form=form, success=f"The profile of {job_role} has been copied to {target}. "
                                      "Adjust it as needed."):
            return redirect(url_for("lna.profile", job_role_id=target.id))
    return render_template("lna/profile_copy.html", job_role=job_role, form=form,
                           count=len(requirements), title=f"Copy the profile of {job_role}"), (
        400 if form.errors else 200)
