"""A person's self-assessment: the task list, one page per domain saved as they go, check and
submit, then their gaps with suggested courses and the learning plan they save."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.errors import DomainError, show_refusal
from academy.extensions import db
from academy.lna import catalogue, listings, permissions
from academy.lna.blueprint import bp
from academy.lna.forms import plan_form, section_form
from academy.lna.gaps import LEVEL_DESCRIPTORS, LEVELS, LearningMethod, Priority, level_name
from academy.lna.models import AssessmentStatus
from academy.lna.services import assessments as services
from academy.lna.services.assessments import Answer, PlanChoice
from academy.lna.views.common import get_own_assessment
from academy.timekeeping import utcnow


@bp.get("/assessments/<int:self_assessment_id>")
@login_required
def assessment(self_assessment_id: int):
    assessment = get_own_assessment(self_assessment_id)
    found = listings.sections(assessment)
    return render_template(
        "lna/assessment.html", assessment=assessment, sections=found,
        can_change=permissions.can_change_answers(current_user, assessment),
        answered=sum(s.answered for s in found), total=sum(len(s.ratings) for s in found),
        title=assessment.round.name,
    )


@bp.post("/assessments/<int:self_assessment_id>/start")
@login_required
def assessment_start(self_assessment_id: int):
    assessment = get_own_assessment(self_assessment_id)
    try:
        services.start_assessment(assessment, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("lna.assessment", self_assessment_id=assessment.id))
    db.session.commit()
    return redirect(url_for("lna.assessment_section", self_assessment_id=assessment.id,
                            section_number=1))


@bp.route("/assessments/<int:self_assessment_id>/sections/<int:section_number>",
          methods=["GET", "POST"])
@login_required
def assessment_section(self_assessment_id: int, section_number: int):
    assessment = get_own_assessment(self_assessment_id)
    found = listings.sections(assessment)
    if not found:
        return redirect(url_for("lna.assessment", self_assessment_id=assessment.id))
    if not 1 <= section_number <= len(found):
        abort(404)
    section = found[section_number - 1]
    can_change = permissions.can_change_answers(current_user, assessment)
    form = section_form(section.ratings)
    if request.method == "POST" and not can_change:
        flash("These answers can no longer be changed.", "info")
        return redirect(url_for("lna.assessment", self_assessment_id=assessment.id))
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
        try:
            services.save_answers(assessment, answers, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            if request.form.get("action") == "later":
                flash(f"Your answers have been saved. Come back to finish before "
                      f"{assessment.round.closes_on:%-d %B %Y}.", "success")
                return redirect(url_for("lna.assessment", self_assessment_id=assessment.id))
            if section_number < len(found):
                return redirect(url_for("lna.assessment_section", self_assessment_id=assessment.id,
                                        section_number=section_number + 1))
            return redirect(url_for("lna.assessment_submit", self_assessment_id=assessment.id))
    return render_template(
        "lna/assessment_section.html", assessment=assessment, section=section, form=form,
        count=len(found), can_change=can_change, levels=LEVELS, level_descriptors=LEVEL_DESCRIPTORS,
        title=f"{section.domain.name}: {section.framework.name}",
    ), (400 if form.errors else 200)


@bp.route("/assessments/<int:self_assessment_id>/submit", methods=["GET", "POST"])
@login_required
def assessment_submit(self_assessment_id: int):
    assessment = get_own_assessment(self_assessment_id)
    if assessment.status == AssessmentStatus.SUBMITTED:
        return redirect(url_for("lna.assessment_gaps", self_assessment_id=assessment.id))
    found = listings.sections(assessment)
    if request.method == "POST":
        try:
            services.submit_assessment(assessment, actor=current_user, now=utcnow())
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash("Your self-assessment has been submitted. Your manager will confirm or adjust "
                  "your ratings.", "success")
            return redirect(url_for("lna.assessment_gaps", self_assessment_id=assessment.id))
    return render_template(
        "lna/assessment_submit.html", assessment=assessment, sections=found, level_name=level_name,
        can_change=permissions.can_change_answers(current_user, assessment),
        incomplete=[s for s in found if s.answered < len(s.ratings)],
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


@bp.get("/assessments/<int:self_assessment_id>/gaps")
@login_required
def assessment_gaps(self_assessment_id: int):
    assessment = get_own_assessment(self_assessment_id)
    if assessment.status != AssessmentStatus.SUBMITTED:
        flash("Your gaps show here once you have submitted your self-assessment.", "info")
        return redirect(url_for("lna.assessment", self_assessment_id=assessment.id))
    rows, offers, choices, plan, items = _plan_context(assessment)
    form = plan_form(rows, choices, items)
    return render_template("lna/assessment_gaps.html", assessment=assessment, rows=rows,
                           offers=offers, form=form, plan=plan, level_name=level_name,
                           title="Your learning needs and plan")


@bp.post("/assessments/<int:self_assessment_id>/plan")
@login_required
def assessment_plan(self_assessment_id: int):
    assessment = get_own_assessment(self_assessment_id)
    if assessment.status != AssessmentStatus.SUBMITTED:
        flash("Submit your self-assessment before planning your learning.", "info")
        return redirect(url_for("lna.assessment", self_assessment_id=assessment.id))
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
        try:
            services.save_learning_plan(
                assessment, chosen, actor=current_user,
                course_ids={cid: {int(c.value) for c in options} for cid, options in choices.items()},
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"Your learning plan has been saved with {len(chosen)} "
                  f"item{'s' if len(chosen) != 1 else ''}.", "success")
            return redirect(url_for("lna.assessment_gaps", self_assessment_id=assessment.id))
    return render_template("lna/assessment_gaps.html", assessment=assessment, rows=rows,
                           offers=offers, form=form, plan=plan, level_name=level_name,
                           title="Your learning needs and plan"), 400
