"""The applicants' pages: what is open, applying, changing and withdrawing an application."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.mentoring import permissions, queries
from academy.mentoring.forms import ApplicationForm
from academy.mentoring.models import MeetingMode, MentoringApplication, MentoringCohort, Side
from academy.mentoring.services import applications as application_services
from academy.mentoring.views import bp
from academy.mentoring.views.common import get_application
from academy.mentoring.vocabulary import BANDS, slot_label, slots_of
from academy.timekeeping import today
from academy.web import load_or_404, perform, require, submit


@bp.get("/")
@login_required
def index():
    coordinator = permissions.is_mentoring_coordinator(current_user)
    applications = queries.my_applications(current_user.id)
    applied = {a.cohort_id: a for a in applications}
    return render_template(
        "mentoring/index.html", title="Mentoring",
        open_cohorts=queries.open_cohorts(today()), applied=applied, applications=applications,
        partnerships=queries.my_partnerships(current_user.id),
        programmes=queries.programmes_for(current_user) if coordinator else [],
    )


def _application_form(cohort: MentoringCohort, application: MentoringApplication | None = None):
    programme = cohort.programme
    form = ApplicationForm(obj=None)
    form.side.choices = [SelectChoice(Side.PARTNER.value, programme.partner_label),
                         SelectChoice(Side.LEADER.value, programme.leader_label)]
    goals = queries.active_goals()
    kept = [g for g in (application.goals if application else []) if not g.is_active]
    form.goal_ids.choices = [SelectChoice(g.id, g.name) for g in goals + kept]
    form.site_id.choices = [SelectChoice(0, "Not given")] + [
        SelectChoice(site_id, f"{name} ({org})") for site_id, name, org in queries.sites()
    ]
    form.priority_groups.choices = [SelectChoice(g, g) for g in programme.priority_groups]
    if not form.is_submitted():
        if application is not None:
            form.side.data = application.side.value
            form.eligibility_confirmed.data = application.eligibility_confirmed
            form.goal_ids.data = [g.id for g in application.goals]
            form.interests.data = application.interests
            form.hopes_to_give.data = application.hopes_to_give
            form.hopes_to_gain.data = application.hopes_to_gain
            form.availability.data = slots_of(application.availability)
            form.meeting_mode.data = application.meeting_mode.value
            form.site_id.data = application.site_id or 0
            form.band.data = application.band or ""
            form.capacity.data = application.capacity
            form.conflicts.data = "\n".join(c.user.email for c in application.conflicts)
            form.priority_groups.data = list(application.priority_groups)
            form.priority_consent.data = application.priority_consent
        else:
            form.site_id.data = current_user.site_id or 0
            band = current_user.job_role.afc_band if current_user.job_role else None
            form.band.data = band if band in BANDS else ""
            form.capacity.data = 1
    return form


def _application_data(form: ApplicationForm) -> application_services.ApplicationData:
    mask = 0
    for bit in form.availability.data or []:
        mask |= 1 << bit
    return application_services.ApplicationData(
        side=Side(form.side.data),
        eligibility_confirmed=bool(form.eligibility_confirmed.data),
        meeting_mode=MeetingMode(form.meeting_mode.data),
        availability=mask,
        goal_ids=list(form.goal_ids.data or []),
        interests=form.interests.data or "",
        hopes_to_give=form.hopes_to_give.data or "",
        hopes_to_gain=form.hopes_to_gain.data or "",
        band=form.band.data or None,
        site_id=form.site_id.data or None,
        capacity=form.capacity.data or 1,
        conflict_emails=[e for e in re.split(r"[\s,;]+", form.conflicts.data or "") if e],
        priority_consent=bool(form.priority_consent.data),
        priority_groups=list(form.priority_groups.data or []),
    )


def _application_page(application: MentoringApplication) -> str:
    return url_for("mentoring.application", application_id=application.id)


@bp.route("/cohorts/<int:cohort_id>/apply", methods=["GET", "POST"])
@login_required
def apply(cohort_id: int):
    cohort = load_or_404(MentoringCohort, cohort_id)
    existing = queries.application_of(cohort.id, current_user.id)
    if existing is not None:
        flash("You have already applied to this cohort: here is your application.", "info")
        return redirect(_application_page(existing))
    if not cohort.accepts_applications(today()):
        abort(404)
    form = _application_form(cohort)
    if response := submit(form, lambda: application_services.apply(
            cohort, current_user, _application_data(form), actor=current_user),
            then=_application_page, success="Thank you: your application has been received."):
        return response
    return render_template("mentoring/apply.html", form=form, cohort=cohort,
                           programme=cohort.programme, title=f"Apply: {cohort.programme.name}")


@bp.route("/applications/<int:application_id>", methods=["GET", "POST"])
@login_required
def application(application_id: int):
    application = get_application(application_id)
    cohort = application.cohort
    is_own = permissions.is_mentoring_applicant(current_user, application)
    if request.method == "POST":
        require(is_own)
    editable = permissions.can_edit_mentoring_application(current_user, application, today())
    form = _application_form(cohort, application) if editable else None
    if form is None:
        if request.method == "POST":
            flash("This application can no longer be changed.", "error")
            return redirect(_application_page(application))
    elif response := submit(form, lambda: application_services.update_application(
            application, _application_data(form), actor=current_user),
            then=_application_page(application), success="Your application has been updated."):
        return response
    if not is_own:
        perform(lambda: application_services.record_viewed(application, actor=current_user))
    return render_template(
        "mentoring/application.html", application=application, cohort=cohort,
        programme=cohort.programme, form=form, is_own=is_own,
        slots=[slot_label(bit) for bit in slots_of(application.availability)],
        title="Mentoring application",
    )


@bp.route("/applications/<int:application_id>/withdraw", methods=["GET", "POST"])
@login_required
def application_withdraw(application_id: int):
    application = get_application(application_id)
    require(permissions.is_mentoring_applicant(current_user, application))
    if request.method == "POST":
        perform(lambda: application_services.withdraw_application(application, actor=current_user),
                success="Your application has been withdrawn.")
        return redirect(_application_page(application))
    return render_template("mentoring/application_withdraw.html", application=application,
                           title="Withdraw your application")
