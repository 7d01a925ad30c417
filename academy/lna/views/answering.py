"""A person's self-assessment: the task list, one page per domain saved as they go, check and
submit, then their gaps with suggested courses and the learning plan they save."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.lna import catalogue, listings, permissions
from academy.lna.forms import plan_form, section_form
from academy.lna.gaps import LEVEL_DESCRIPTORS, LEVELS, LearningMethod, Priority, level_name
from academy.lna.services import assessments as services
from academy.lna.services.assessments import Answer, PlanChoice
from academy.lna.views import bp
from academy.lna.views.common import get_own_assessment
from academy.timekeeping import utcnow
from academy.web import perform


@bp.get("/assessments/<int:assessment_id>")
@login_required
def assessment(assessment_id: int):
    assessment = get_own_assessment(assessment_id)
    found = listings.sections(assessment)
    return render_template(
        "lna/assessment.html", assessment=assessment, sections=found,
        can_change=permissions.can_change_answers(current_user, assessment),
        answered=sum(s.answered for s in found), total=sum(len(s.ratings) for s in found),
        title=assessment.round.name,
    )


@bp.post("/assessments/<int:assessment_id>/start")
@login_required
def assessment_start(assessment_id: int):
    assessment = get_own_assessment(assessment_id)
    if not perform(lambda: services.start_assessment(assessment, actor=current_user)):
        return redirect(url_for("lna.assessment", assessment_id=assessment.id))
    return redirect(url_for("lna.assessment_section", assessment_id=assessment.id,
                            section_number=1))


@bp.route("/assessments/<int:assessment_id>/sections/<int:section_number>",
          methods=["GET", "POST"])
@login_required
def assessment_section(assessment_id: int, section_number: int):
    assessment = get_own_assessment(assessment_id)
    found = listings.sections(assessment)
    if not found:
        return redirect(url_for("lna.assessment", assessment_id=assessment.id))
    if not 1 <= section_number <= len(found):
        abort(404)
    section = found[section_number - 1]
    can_change = permissions.can_change_answers(current_user, assessment)
    form = section_form(section.ratings)
    if request.method == "POST" and not can_change:
        flash("These answers can no longer be changed.", "info")
        return redirect(url_for("lna.assessment", assessment_id=assessment.id))
    if form.validate_on_submit():
        answers = {
            r.competency_id: Answer(
                level=form[f"level_{r.competency_id}"].data,
                priority=Priority(form[f"priority_{r.competency_id}"].data)
                if form[f"priority_{r.competency_id}"].data else None,
                method=LearningMethod(form[f"method_{r.competency_id}"].data)
                if form[f"method_{r.competency_id}"].data else None,
                comment=form[f"comment_{r.competency_id}"].data,
            )
            for r in section.ratings
        }
        if perform(lambda: services.save_answers(assessment, answers, actor=current_user),
                   form=form):
            if request.form.get("action") == "later":
                flash(f"Your answers have been saved. Come back to finish before "
                      f"{assessment.round.closes_on:%-d %B %Y}.", "success")
                return redirect(url_for("lna.assessment", assessment_id=assessment.id))
            if section_number < len(found):
                return redirect(url_for("lna.assessment_section", assessment_id=assessment.id,
                                        section_number=section_number + 1))
            return redirect(url_for("lna.assessment_submit", assessment_id=assessment.id))
    return render_template(
        "lna/assessment_section.html", assessment=assessment, section=section, form=form,
        count=len(found), can_change=can_change, levels=LEVELS, level_descriptors=LEVEL_DESCRIPTORS,
        title=f"{section.domain.name}: {section.framework.name}",
    ), (400 if form.errors else 200)


@bp.route("/assessments/<int:assessment_id>/submit", methods=["GET", "POST"])
@login_required
def assessment_submit(assessment_id: int):
    assessment = get_own_assessment(assessment_id)
    if assessment.is_submitted:
        return redirect(url_for("lna.assessment_gaps", assessment_id=assessment.id))
    found = listings.sections(assessment)
    if request.method == "POST":
        if perform(lambda: services.submit_assessment(assessment, actor=current_user, now=utcnow()),
                   success="Your self-assessment has been submitted. Your manager will confirm "
                           "or adjust your ratings."):
            return redirect(url_for("lna.assessment_gaps", assessment_id=assessment.id))
    return render_template(
        "lna/assessment_submit.html", assessment=assessment, sections=found, level_name=level_name,
        can_change=permissions.can_change_answers(current_user, assessment),
        incomplete=[s for s in found if not s.is_complete],
        title="Check your answers before submitting",
    )


def _plan_context(assessment):
    rows = listings.gap_rows(assessment)
    offers = catalogue.suggestions([(r.code, r.required_level) for r in rows])
    choices = {
        r.competency_id: [SelectChoice(str(o.course_id), o.label) for o in offers.get(r.code, [])]
        for r in rows
    }
    plan = listings.learning_plan(assessment)
    items = {i.competency_id: i for i in plan.items} if plan else {}
    return rows, offers, choices, plan, items


def _gaps_and_plan(assessment_id: int, *, not_yet: str):
    """The person's gaps with suggested courses and their plan form, saving the plan when it
    is posted; back to the task list (saying `not_yet`) before they have submitted."""
    assessment = get_own_assessment(assessment_id)
    if not assessment.is_submitted:
        flash(not_yet, "info")
        return redirect(url_for("lna.assessment", assessment_id=assessment.id))
    rows, offers, choices, plan, items = _plan_context(assessment)
    form = plan_form(rows, choices, items)
    if form.validate_on_submit():
        chosen = [
            PlanChoice(
                competency_id=r.competency_id,
                course_id=int(form[f"course_{r.competency_id}"].data)
                if form[f"course_{r.competency_id}"].data else None,
                method=LearningMethod(form[f"method_{r.competency_id}"].data)
                if form[f"method_{r.competency_id}"].data else None,
                target_on=form[f"target_{r.competency_id}"].data,
                note=form[f"note_{r.competency_id}"].data,
            )
            for r in rows if form[f"include_{r.competency_id}"].data
        ]
        offered = {cid: {int(c.value) for c in options} for cid, options in choices.items()}
        if perform(lambda: services.save_learning_plan(assessment, chosen, actor=current_user,
                                                       course_ids=offered),
                   form=form, success=f"Your learning plan has been saved with {len(chosen)} "
                                      f"item{'s' if len(chosen) != 1 else ''}."):
            return redirect(url_for("lna.assessment_gaps", assessment_id=assessment.id))
    return render_template("lna/assessment_gaps.html", assessment=assessment, rows=rows,
                           offers=offers, form=form, plan=plan, level_name=level_name,
                           title="Your learning needs and plan"), (
        400 if form.is_submitted() else 200)


@bp.get("/assessments/<int:assessment_id>/gaps")
@login_required
def assessment_gaps(assessment_id: int):
    return _gaps_and_plan(
        assessment_id, not_yet="Your gaps show here once you have submitted your self-assessment.")


@bp.post("/assessments/<int:assessment_id>/plan")
@login_required
def assessment_plan(assessment_id: int):
    return _gaps_and_plan(
        assessment_id, not_yet="Submit your self-assessment before planning your learning.")
