"""Managers confirm or adjust their team's submitted ratings; the person's own are kept."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from academy.extensions import db
from academy.lna import listings, permissions
from academy.lna.forms import validation_form
from academy.lna.gaps import level_name
from academy.lna.models import SelfAssessment
from academy.lna.services import assessments as services
from academy.lna.services.assessments import Decision
from academy.lna.views import bp
from academy.web import load_or_404, require, submit


@bp.get("/validate")
@login_required
def validation_queue():
    require(permissions.can_validate_assessments(current_user))
    page = db.paginate(listings.validation_query(current_user),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("lna/validation_queue.html", page=page,
                           waiting=listings.waiting_for_validation(current_user),
                           title="Validate your team's learning needs")


@bp.route("/validate/<int:assessment_id>", methods=["GET", "POST"])
@login_required
def validate(assessment_id: int):
    """One team member's submitted self-assessment (named apart from the person's own pages)."""
    assessment = load_or_404(SelfAssessment, assessment_id, permissions.can_validate_assessment)
    if not assessment.is_submitted:
        flash(f"{assessment.user.name} has not submitted their self-assessment yet.", "info")
        return redirect(url_for("lna.validation_queue"))
    found = listings.sections(assessment)
    ratings = [r for s in found for r in s.ratings]
    form = validation_form(ratings)
    decisions = {
        r.competency_id: Decision(form[f"level_{r.competency_id}"].data,
                                  form[f"comment_{r.competency_id}"].data)
        for r in ratings
    }
    if response := submit(
            form, lambda: services.validate_assessment(assessment, decisions, actor=current_user),
            then=url_for("lna.validation_queue"),
            success=lambda adjusted: f"{assessment.user.name}'s ratings are validated"
            + (f": you adjusted {adjusted}." if adjusted else ": all confirmed.")):
        return response
    return render_template("lna/validate.html", assessment=assessment, sections=found, form=form,
                           level_name=level_name, title=f"Validate {assessment.user.name}'s ratings"), (
        400 if form.errors else 200)
