"""Defining career pathways (partnership-wide learning leads): a pathway, its steps from the
entry role up, and what each step requires."""

from __future__ import annotations

from flask import abort, redirect, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.talent.pathways import permissions, queries, services
from academy.talent.pathways.forms import PathwayForm, RequirementForm, StepForm
from academy.talent.pathways.models import PathwayStep, RequirementKind, StepRequirement
from academy.talent.pathways.views import bp
from academy.talent.pathways.views.common import get_pathway, render
from academy.web import load_or_404, perform, require, submit


def _manage_url(pathway) -> str:
    return url_for("pathways.manage", pathway_id=pathway.id)


@bp.route("/pathways/new", methods=["GET", "POST"])
@login_required
def new():
    require(permissions.can_manage_pathways(current_user))
    form = PathwayForm()
    if response := submit(
        form,
        lambda: services.create_pathway(form.name.data, form.summary.data or "", actor=current_user),
        then=_manage_url,
        success="Pathway created. Add its steps, from the entry role up.",
    ):
        return response
    return render("new.html", form=form, title="New career pathway")


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
    return render(
        "manage.html", pathway=pathway, step_form=step_form or _step_form(),
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
        if perform(
            lambda: services.add_step(pathway, role, form.typical_months.data, form.note.data or "",
                                      actor=current_user),
            form=form,
            success=lambda _: f"{role} added as step {len(pathway.steps)}.",
        ):
            return redirect(_manage_url(pathway))
    return _manage_page(pathway, step_form=form, status=400)


def _in_pathway(pathway, found, pathway_id_of) -> object:
    """A step or requirement of this pathway, or 404 (also for one of another pathway)."""
    if found is None or pathway_id_of(found) != pathway.id:
        abort(404)
    return found


def _step_of(pathway, step_id: int) -> PathwayStep:
    return _in_pathway(pathway, load_or_404(PathwayStep, step_id), lambda s: s.pathway_id)


@bp.post("/pathways/<int:pathway_id>/steps/<int:step_id>/requirements")
@login_required
def add_requirement(pathway_id: int, step_id: int):
    pathway = get_pathway(pathway_id, manage=True)
    step = _step_of(pathway, step_id)
    form = _requirement_form()
    if response := submit(
        form,
        lambda: services.add_requirement(
            step, RequirementKind(form.kind.data), course_id=form.course.data or None,
            standard_id=form.standard.data or None, qualification=form.qualification.data,
            competency_code=form.competency.data or None, level=form.level.data or None,
            actor=current_user,
        ),
        then=_manage_url(pathway),
        success=f"Requirement added to {step.job_role}.",
    ):
        return response
    return _manage_page(pathway, requirement_form=form, failed_step_id=step.id, status=400)


@bp.route("/pathways/<int:pathway_id>/steps/<int:step_id>/remove", methods=["GET", "POST"])
@login_required
def remove_step(pathway_id: int, step_id: int):
    pathway = get_pathway(pathway_id, manage=True)
    step = _step_of(pathway, step_id)
    if request.method == "POST":
        perform(lambda: services.remove_step(step, actor=current_user),
                success="The step has been removed.")
        return redirect(_manage_url(pathway))
    return render("remove_step.html", pathway=pathway, step=step, title="Remove a step")


@bp.route("/pathways/<int:pathway_id>/requirements/<int:requirement_id>/remove",
          methods=["GET", "POST"])
@login_required
def remove_requirement(pathway_id: int, requirement_id: int):
    pathway = get_pathway(pathway_id, manage=True)
    requirement = _in_pathway(pathway, load_or_404(StepRequirement, requirement_id),
                              lambda r: r.step.pathway_id)
    if request.method == "POST":
        perform(lambda: services.remove_requirement(requirement, actor=current_user),
                success="The requirement has been removed.")
        return redirect(_manage_url(pathway))
    return render("remove_requirement.html", pathway=pathway, requirement=requirement,
                  title="Remove a requirement")
