"""Pages for an apprenticeship's delivery: off-the-job hours, progress reviews, the gateway and
the assessment."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from academy.extensions import db
from academy.talent.apprenticeships import forms, permissions, queries, rules, services
from academy.talent.apprenticeships.models import AssessmentResult
from academy.talent.apprenticeships.views import bp
from academy.talent.apprenticeships.views.common import get_apprentice
from academy.timekeeping import today
from academy.web import found_or_404, perform, submit


@bp.route("/apprentices/<int:apprentice_id>/off-the-job", methods=["GET", "POST"])
@login_required
def off_the_job(apprentice_id: int):
    apprentice = get_apprentice(apprentice_id, permissions.can_log_off_the_job)
    form = forms.OffTheJobForm()
    if response := submit(
            form, lambda: services.log_off_the_job(apprentice, form.worked_on.data,
                                                   form.hours.data, form.activity.data,
                                                   actor=current_user, today=today()),
            then=url_for("apprenticeships.off_the_job", apprentice_id=apprentice.id),
            success=lambda _: f"{form.hours.data:g} hours of off-the-job training logged."):
        return response
    entries = db.paginate(queries.off_the_job_log(apprentice),
                          per_page=current_app.config["PAGE_SIZE"], error_out=False)
    planned = rules.planned_otj_to_date(apprentice.planned_otj_hours, apprentice.start_on,
                                        apprentice.planned_end_on, today(), apprentice.breaks)
    return render_template("talent/apprenticeships/off_the_job.html", form=form,
                           apprentice=apprentice, entries=entries, planned_to_date=planned,
                           title="Off-the-job training")


@bp.route("/apprentices/<int:apprentice_id>/off-the-job/<int:entry_id>/delete",
          methods=["GET", "POST"])
@login_required
def off_the_job_delete(apprentice_id: int, entry_id: int):
    apprentice = get_apprentice(apprentice_id, permissions.can_log_off_the_job)
    entry = found_or_404(queries.off_the_job_entry(apprentice, entry_id))
    if request.method == "POST":
        perform(lambda: services.delete_off_the_job(entry, apprentice, actor=current_user,
                                                    today=today()),
                success="The entry has been deleted.")
        return redirect(url_for("apprenticeships.off_the_job", apprentice_id=apprentice.id))
    return render_template("talent/apprenticeships/off_the_job_delete.html",
                           apprentice=apprentice, entry=entry,
                           title="Delete this off-the-job entry")


def _review_data(form) -> services.ReviewData:
    signed = set(form.signed.data or [])
    return services.ReviewData(
        held_on=form.held_on.data,
        employer_representative=form.employer_representative.data,
        provider_representative=form.provider_representative.data,
        apprentice_signed="apprentice" in signed, employer_signed="employer" in signed,
        provider_signed="provider" in signed, progress=form.progress.data or "",
        actions=form.actions.data or "", next_review_on=form.next_review_on.data,
    )


@bp.route("/apprentices/<int:apprentice_id>/reviews/new", methods=["GET", "POST"])
@login_required
def review_new(apprentice_id: int):
    apprentice = get_apprentice(apprentice_id, permissions.can_manage_apprentice)
    form = forms.ReviewForm()
    if response := submit(
            form, lambda: services.record_review(apprentice, _review_data(form),
                                                 actor=current_user, today=today()),
            then=url_for("apprenticeships.apprentice", apprentice_id=apprentice.id),
            success="The progress review has been recorded."):
        return response
    return render_template("talent/apprenticeships/review_new.html", form=form,
                           apprentice=apprentice, title="Record a progress review")


@bp.route("/apprentices/<int:apprentice_id>/gateway", methods=["GET", "POST"])
@login_required
def gateway(apprentice_id: int):
    apprentice = get_apprentice(apprentice_id, permissions.can_manage_apprentice)
    form = forms.GatewayForm()
    if request.method == "GET":
        form.items.data = sorted(queries.gateway_done(apprentice))
    if response := submit(
            form, lambda: services.update_gateway(apprentice, set(form.items.data or []),
                                                  actor=current_user, today=today()),
            then=url_for("apprenticeships.apprentice", apprentice_id=apprentice.id),
            success=lambda passed: "Gateway reached: the assessment can be booked." if passed
            else "The gateway checklist has been saved."):
        return response
    return render_template("talent/apprenticeships/gateway.html", form=form,
                           apprentice=apprentice, rule=queries.rule_on(today()),
                           title="Gateway checklist")


@bp.route("/apprentices/<int:apprentice_id>/assessment", methods=["GET", "POST"])
@login_required
def assessment(apprentice_id: int):
    """Book the assessment, or record the result of the one booked."""
    apprentice = get_apprentice(apprentice_id, permissions.can_manage_apprentice)
    booked = queries.open_assessment(apprentice)
    if booked:
        form = forms.ResultForm()
        response = submit(
            form, lambda: services.record_assessment_result(
                booked, apprentice, AssessmentResult(form.result.data), form.result_on.data,
                actor=current_user, today=today()),
            then=url_for("apprenticeships.apprentice", apprentice_id=apprentice.id),
            success=lambda _: f"Result recorded: {AssessmentResult(form.result.data).label}.")
    else:
        form = forms.BookAssessmentForm()
        if request.method == "GET" and apprentice.assessment_organisation:
            form.organisation.data = apprentice.assessment_organisation
        response = submit(
            form, lambda: services.book_assessment(apprentice, form.organisation.data,
                                                   form.booked_for.data, actor=current_user,
                                                   today=today()),
            then=url_for("apprenticeships.apprentice", apprentice_id=apprentice.id),
            success="The assessment has been booked.")
    if response:
        return response
    return render_template("talent/apprenticeships/assessment.html", form=form, booked=booked,
                           apprentice=apprentice, rule=queries.rule_on(today()),
                           title="Assessment")
