"""Career pathways: browse, see where you stand, choose a target, and (learning leads) define them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.errors import DomainError, show_refusal
from academy.extensions import db
from academy.recommender.serving import suggestions_for
from academy.talent.pathways import permissions, queries, rules, services
from academy.talent.pathways.forms import PathwayForm, RequirementForm, StepForm, TargetForm
from academy.talent.pathways.models import PathwayStep, RequirementKind, StepRequirement

bp = Blueprint("pathways", __name__)


def get_pathway(pathway_id: int, *, manage: bool = False):
    pathway = queries.pathway(pathway_id) or abort(404)
    allowed = permissions.can_manage_pathways if manage else permissions.can_browse_pathways
    if not allowed(current_user):
        abort(403)
    return pathway


def standing_for(pathway, person, target_role_id=None) -> rules.Standing:
    return rules.standing(queries.rule_steps(pathway), person.job_role_id, target_role_id,
                          queries.achieved(person.id))


@bp.get("/pathways")
@login_required
def index():
    q = request.args.get("q", "").strip()[:100]
    return render_template("pathways/index.html", pathways=queries.pathways(q), q=q,
                           target=queries.target_of(current_user.id), title="Career pathways")


@bp.get("/pathways/<int:pathway_id>")
@login_required
def detail(pathway_id: int):
    pathway = get_pathway(pathway_id)
    target = queries.target_of(current_user.id)
    target_role = target.job_role_id if target and target.pathway_id == pathway.id else None
    form = _target_form(pathway, target_role)
    return render_template("pathways/detail.html", pathway=pathway, form=form,
                           standing=standing_for(pathway, current_user, target_role),
                           title=pathway.name)


def _target_form(pathway, selected=None) -> TargetForm:
    form = TargetForm()
    form.job_role.choices = [SelectChoice(s.job_role_id, str(s.job_role)) for s in pathway.steps
                             if s.job_role_id != current_user.job_role_id]
    if selected and not form.is_submitted():
        form.job_role.data = selected
    return form


@bp.post("/pathways/<int:pathway_id>/target")
@login_required
def set_target(pathway_id: int):
    pathway = get_pathway(pathway_id)
    form = _target_form(pathway)
    if form.validate_on_submit():
        try:
            services.set_target(current_user, pathway, form.job_role.data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Your target role is set. Here is your pathway to it.", "success")
            return redirect(url_for("pathways.my_pathway"))
    return render_template("pathways/detail.html", pathway=pathway, form=form,
                           standing=standing_for(pathway, current_user), title=pathway.name), 400


@bp.get("/my-pathway")
@login_required
def my_pathway():
    target = queries.target_of(current_user.id)
    standing = None
    if target is not None:
        standing = standing_for(queries.pathway(target.pathway_id), current_user, target.job_role_id)
    courses_to_take = len(rules.target_items(standing)) if standing else 0
    return render_template("pathways/my_pathway.html", target=target, standing=standing,
                           courses_to_take=courses_to_take,
                           suggestions=suggestions_for(current_user, k=6), title="My pathway")


@bp.route("/my-pathway/clear", methods=["GET", "POST"])
@login_required
def clear_target():
    target = queries.target_of(current_user.id) or abort(404)
    if request.method == "POST":
        services.clear_target(current_user, actor=current_user)
        db.session.commit()
        flash("Your target role has been cleared.", "success")
        return redirect(url_for("pathways.index"))
    return render_template("pathways/clear_target.html", target=target, title="Clear your target role")


@bp.route("/pathways/new", methods=["GET", "POST"])
@login_required
def new():
    if not permissions.can_manage_pathways(current_user):
        abort(403)
    form = PathwayForm()
    if form.validate_on_submit():
        try:
            pathway = services.create_pathway(form.name.data, form.summary.data or "", actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Pathway created. Add its steps, from the entry role up.", "success")
            return redirect(url_for("pathways.manage", pathway_id=pathway.id))
    return render_template("pathways/new.html", form=form, title="New career pathway")


def _step_form() -> StepForm:
    form = StepForm()
    form.job_role.choices = [SelectChoice(r.id, str(r)) for r in queries.job_roles()]
    return form


def _requirement_form() -> RequirementForm:
    form = RequirementForm()
    form.course.choices = [SelectChoice(0, "Not a course")] + [
        SelectChoice(c.id, f"{c.title} ({c.code})") for c in queries.course_choices()]
    form.standard.choices = [SelectChoice(0, "Not an apprenticeship")] + [
        SelectChoice(s.id, str(s)) for s in queries.standard_choices()]
    form.competency.choices = [SelectChoice("", "Not a competency")] + [
        SelectChoice(c.code, f"{c.code}: {c.name}") for c in queries.competency_choices()]
    return form


def _manage_page(pathway, step_form=None, requirement_form=None, failed_step_id=None, status=200):
    return render_template(
        "pathways/manage.html", pathway=pathway, step_form=step_form or _step_form(),
        requirement_form=requirement_form or _requirement_form(), failed_step_id=failed_step_id,
        title=f"Manage: {pathway.name}",
    ), status


@bp.get("/pathways/<int:pathway_id>/manage")
@login_required
def manage(pathway_id: int):
    return _manage_page(get_pathway(pathway_id, manage=True))


@bp.post("/pathways/<int:pathway_id>/steps")
@login_required
def add_step(pathway_id: int):
    pathway = get_pathway(pathway_id, manage=True)
    form = _step_form()
    if form.validate_on_submit():
        role = next((r for r in queries.job_roles() if r.id == form.job_role.data), None) or abort(400)
        try:
            services.add_step(pathway, role, form.typical_months.data, form.note.data or "",
                              actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{role} added as step {len(pathway.steps)}.", "success")
            return redirect(url_for("pathways.manage", pathway_id=pathway.id))
    return _manage_page(pathway, step_form=form, status=400)


def _step_of(pathway, step_id: int) -> PathwayStep:
    step = db.session.get(PathwayStep, step_id)
    if step is None or step.pathway_id != pathway.id:
        abort(404)
    return step


@bp.post("/pathways/<int:pathway_id>/steps/<int:step_id>/requirements")
@login_required
def add_requirement(pathway_id: int, step_id: int):
    pathway = get_pathway(pathway_id, manage=True)
    step = _step_of(pathway, step_id)
    form = _requirement_form()
    if form.validate_on_submit():
        try:
            services.add_requirement(
                step, RequirementKind(form.kind.data), course_id=form.course.data or None,
                standard_id=form.standard.data or None, qualification=form.qualification.data,
                competency_code=form.competency.data or None, level=form.level.data or None,
                actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"Requirement added to {step.job_role}.", "success")
            return redirect(url_for("pathways.manage", pathway_id=pathway.id))
    return _manage_page(pathway, requirement_form=form, failed_step_id=step.id, status=400)


@bp.route("/pathways/<int:pathway_id>/steps/<int:step_id>/remove", methods=["GET", "POST"])
@login_required
def remove_step(pathway_id: int, step_id: int):
    pathway = get_pathway(pathway_id, manage=True)
    step = _step_of(pathway, step_id)
    if request.method == "POST":
        services.remove_step(step, actor=current_user)
        db.session.commit()
        flash("The step has been removed.", "success")
        return redirect(url_for("pathways.manage", pathway_id=pathway.id))
    return render_template("pathways/remove_step.html", pathway=pathway, step=step, title="Remove a step")


@bp.route("/pathways/<int:pathway_id>/requirements/<int:requirement_id>/remove", methods=["GET", "POST"])
@login_required
def remove_requirement(pathway_id: int, requirement_id: int):
    pathway = get_pathway(pathway_id, manage=True)
    requirement = db.session.get(StepRequirement, requirement_id)
    if requirement is None or requirement.step.pathway_id != pathway.id:
        abort(404)
    if request.method == "POST":
        services.remove_requirement(requirement, actor=current_user)
        db.session.commit()
        flash("The requirement has been removed.", "success")
        return redirect(url_for("pathways.manage", pathway_id=pathway.id))
    return render_template("pathways/remove_requirement.html", pathway=pathway, requirement=requirement,
                           title="Remove a requirement")
