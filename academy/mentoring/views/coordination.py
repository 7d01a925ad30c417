"""The coordinators' pages: programmes and weights, the goal list, cohorts and applications."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.extensions import db
from academy.mentoring import permissions, queries
from academy.mentoring.forms import (
    ApplicationFilterForm,
    CohortForm,
    CohortStatusForm,
    DeclineForm,
    GoalForm,
    ProgrammeForm,
)
from academy.mentoring.models import CohortStatus, MentoringGoal, ProgrammeKind, Side
from academy.mentoring.services import applications as application_services
from academy.mentoring.services import programmes as programme_services
from academy.mentoring.views import bp
from academy.mentoring.views.common import (
    get_application,
    get_cohort,
    get_programme,
    known_format,
)
from academy.mentoring.vocabulary import FACTORS
from academy.reports.exports import FORMATS, export_response
from academy.timekeeping import today
from academy.web import load_or_404, perform, require, submit


@bp.get("/programmes")
@login_required
def programmes():
    require(permissions.is_mentoring_coordinator(current_user))
    return render_template("mentoring/programmes.html", programmes=queries.programmes_for(current_user),
                           title="Mentoring programmes")


def _programme_form(programme=None) -> ProgrammeForm:
    form = ProgrammeForm(obj=programme) if request.method == "GET" and programme else ProgrammeForm()
    scopes = []
    if permissions.can_create_mentoring_programme(current_user, None):
        scopes.append(SelectChoice("", "The whole partnership"))
    for organisation in queries.organisations():
        if permissions.can_create_mentoring_programme(current_user, organisation.id):
            scopes.append(SelectChoice(str(organisation.id), organisation.name))
    form.scope.choices = scopes
    if request.method == "GET":
        if programme is not None:
            form.kind.data = programme.kind.value
            form.scope.data = str(programme.organisation_id or "")
            form.priority_groups.data = "\n".join(programme.priority_groups)
        else:
            form.kind.data = ProgrammeKind.RECIPROCAL.value
            form.partner_label.data = "Partner from an under-represented group"
            form.leader_label.data = "Senior leader"
            form.allow_cross_organisation.data = True
            form.band_gap_wanted.data, form.max_distance_km.data = 3, 25
            form.priority_bonus.data = 0
            defaults = programme_services.ProgrammeData(name="", kind=ProgrammeKind.RECIPROCAL,
                                                        partner_label="", leader_label="").weights
            for factor in FACTORS:
                getattr(form, f"weight_{factor}").data = defaults[factor]
    return form


def _programme_data(form: ProgrammeForm) -> programme_services.ProgrammeData:
    return programme_services.ProgrammeData(
        name=form.name.data, kind=ProgrammeKind(form.kind.data), description=form.description.data or "",
        organisation_id=int(form.scope.data) if form.scope.data else None,
        partner_label=form.partner_label.data, leader_label=form.leader_label.data,
        partner_eligibility=form.partner_eligibility.data or "",
        leader_eligibility=form.leader_eligibility.data or "",
        allow_cross_organisation=bool(form.allow_cross_organisation.data),
        band_gap_wanted=form.band_gap_wanted.data, max_distance_km=form.max_distance_km.data,
        weights={f: getattr(form, f"weight_{f}").data for f in FACTORS},
        priority_groups=[line for line in (form.priority_groups.data or "").splitlines()],
        priority_bonus=form.priority_bonus.data,
    )


@bp.route("/programmes/new", methods=["GET", "POST"])
@login_required
def programme_new():
    require(permissions.is_mentoring_coordinator(current_user))
    form = _programme_form()
    if response := submit(
            form, lambda: programme_services.create_programme(_programme_data(form), actor=current_user),
            then=lambda programme: url_for("mentoring.programme", programme_id=programme.id),
            success=lambda programme: f"{programme.name} has been created. Add its first cohort."):
        return response
    return render_template("mentoring/programme_form.html", form=form, programme=None,
                           factors=FACTORS, title="New mentoring programme")


@bp.route("/programmes/<int:programme_id>", methods=["GET", "POST"])
@login_required
def programme(programme_id: int):
    programme = get_programme(programme_id)
    form = _programme_form(programme)
    if response := submit(
            form, lambda: programme_services.update_programme(programme, _programme_data(form),
                                                              actor=current_user),
            then=url_for("mentoring.programme", programme_id=programme.id),
            success="The programme's settings have been saved. They apply from the next run."):
        return response
    return render_template("mentoring/programme_form.html", form=form, programme=programme,
                           factors=FACTORS, title=programme.name)


@bp.route("/goals", methods=["GET", "POST"])
@login_required
def goals():
    require(permissions.can_manage_mentoring_goals(current_user))
    form = GoalForm()
    if response := submit(
            form, lambda: programme_services.add_goal(form.name.data, actor=current_user),
            then=url_for("mentoring.goals"),
            success=lambda goal: f"“{goal.name}” has been added to the goals applicants choose from."):
        return response
    return render_template("mentoring/goals.html", form=form, goals=queries.all_goals(),
                           title="Goals applicants choose from")


@bp.post("/goals/<int:goal_id>/active")
@login_required
def goal_active(goal_id: int):
    require(permissions.can_manage_mentoring_goals(current_user))
    goal = load_or_404(MentoringGoal, goal_id)
    active = request.form.get("active") == "1"
    perform(lambda: programme_services.set_goal_active(goal, active, actor=current_user),
            success=f"“{goal.name}” is {'back on the list' if active else 'retired: applications keep it'}.")
    return redirect(url_for("mentoring.goals"))


# --- Cohorts ------------------------------------------------------------------------------------


def _cohort_data(form: CohortForm) -> programme_services.CohortData:
    return programme_services.CohortData(
        name=form.name.data, opens_on=form.opens_on.data, closes_on=form.closes_on.data,
        matching_on=form.matching_on.data, starts_on=form.starts_on.data,
        duration_months=form.duration_months.data,
        meeting_interval_weeks=form.meeting_interval_weeks.data,
    )


@bp.route("/programmes/<int:programme_id>/cohorts/new", methods=["GET", "POST"])
@login_required
def cohort_new(programme_id: int):
    programme = get_programme(programme_id)
    form = CohortForm()
    if not form.is_submitted():
        form.duration_months.data, form.meeting_interval_weeks.data = 12, 4
    if response := submit(
            form, lambda: programme_services.create_cohort(programme, _cohort_data(form),
                                                           actor=current_user),
            then=lambda cohort: url_for("mentoring.cohort", cohort_id=cohort.id),
            success=lambda cohort: f"{cohort.name} has been created."):
        return response
    return render_template("mentoring/cohort_form.html", form=form, programme=programme, cohort=None,
                           title="New cohort")


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@login_required
def cohort_edit(cohort_id: int):
    cohort = get_cohort(cohort_id)
    form = CohortForm(obj=cohort) if request.method == "GET" else CohortForm()
    if response := submit(
            form, lambda: programme_services.update_cohort(cohort, _cohort_data(form), actor=current_user),
            then=url_for("mentoring.cohort", cohort_id=cohort.id), success="The cohort has been saved."):
        return response
    return render_template("mentoring/cohort_form.html", form=form, programme=cohort.programme,
                           cohort=cohort, title=f"Change {cohort.name}")


@bp.get("/cohorts/<int:cohort_id>")
@login_required
def cohort(cohort_id: int):
    cohort = get_cohort(cohort_id)
    run = queries.latest_run(cohort.id)
    return render_template(
        "mentoring/cohort.html", cohort=cohort, programme=cohort.programme,
        counts=queries.application_counts(cohort.id), pairs=queries.partnership_counts(cohort.id),
        run=run, runs=queries.runs(cohort.id), decisions=queries.decisions(cohort.id),
        transitions=programme_services.TRANSITIONS[cohort.status],
        status_form=CohortStatusForm(), title=f"{cohort.programme.name}: {cohort.name}",
    )


@bp.post("/cohorts/<int:cohort_id>/status")
@login_required
def cohort_status(cohort_id: int):
    cohort = get_cohort(cohort_id)
    form = CohortStatusForm()
    if not form.validate_on_submit() or form.status.data not in {s.value for s in CohortStatus}:
        flash("Choose what to do with the cohort.", "error")
        return redirect(url_for("mentoring.cohort", cohort_id=cohort.id))
    if (form.status.data == CohortStatus.MATCHING.value and cohort.closing_early(today())
            and form.confirmed.data != "yes"):
        return redirect(url_for("mentoring.close_applications", cohort_id=cohort.id))
    perform(lambda: programme_services.set_cohort_status(cohort, CohortStatus(form.status.data),
                                                         actor=current_user),
            success=lambda _: f"The cohort is now {cohort.status.label.lower()}.")
    return redirect(url_for("mentoring.cohort", cohort_id=cohort.id))


@bp.get("/cohorts/<int:cohort_id>/close-applications")
@login_required
def close_applications(cohort_id: int):
    """Closing applications before the advertised date: say what will happen, then confirm."""
    cohort = get_cohort(cohort_id)
    if not cohort.closing_early(today()):
        return redirect(url_for("mentoring.cohort", cohort_id=cohort.id))
    return render_template(
        "mentoring/close_applications.html", cohort=cohort, programme=cohort.programme,
        counts=queries.application_counts(cohort.id), days_left=(cohort.closes_on - today()).days + 1,
        status_form=CohortStatusForm(), title=f"Close applications to {cohort.name} early?",
    )


# --- Applications -------------------------------------------------------------------------------


def _application_filters(cohort) -> ApplicationFilterForm:
    form = ApplicationFilterForm(request.args)
    form.side.choices = [SelectChoice("", "Both sides"),
                         SelectChoice(Side.PARTNER.value, cohort.programme.partner_label),
                         SelectChoice(Side.LEADER.value, cohort.programme.leader_label)]
    form.validate()
    return form


def _applications_query(cohort, form: ApplicationFilterForm):
    return queries.applications_query(cohort.id, q=form.q.data or "", side=form.side.data or None,
                                      status=form.status.data or None)


@bp.get("/cohorts/<int:cohort_id>/applications")
@login_required
def applications(cohort_id: int):
    cohort = get_cohort(cohort_id)
    form = _application_filters(cohort)
    page = db.paginate(_applications_query(cohort, form), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    return render_template("mentoring/applications.html", cohort=cohort, programme=cohort.programme,
                           form=form, page=page, formats=FORMATS,
                           title=f"Applications: {cohort.name}")


@bp.get("/cohorts/<int:cohort_id>/applications.<export_format>")
@login_required
def applications_export(cohort_id: int, export_format: str):
    cohort = get_cohort(cohort_id)
    known_format(export_format)
    rows = db.session.scalars(_applications_query(cohort, _application_filters(cohort))).unique().all()
    programme = cohort.programme
    header = ["Name", "E-mail", "Employer", "Job role", "Side", "Status", "Band", "Goals",
              "Meeting mode", "Capacity", "Submitted"]
    body = [
        [a.user.name, a.user.email, a.user.employer.name, str(a.user.job_role or ""),
         programme.side_label(a.side), a.status.label, a.band or "",
         "; ".join(g.name for g in a.goals), a.meeting_mode.label,
         a.capacity if a.side == Side.LEADER else "", a.submitted_at]
        for a in rows
    ]
    return export_response(export_format, f"applications-{cohort.id}", header, body, "Applications")


@bp.route("/applications/<int:application_id>/decline", methods=["GET", "POST"])
@login_required
def application_decline(application_id: int):
    application = get_application(application_id)
    require(permissions.can_manage_mentoring_cohort(current_user, application.cohort))
    form = DeclineForm()
    if response := submit(
            form, lambda: application_services.decline_application(application, form.reason.data,
                                                                   actor=current_user),
            then=url_for("mentoring.applications", cohort_id=application.cohort_id),
            success=f"{application.user.name}'s application will not go forward; they have been told."):
        return response
    return render_template("mentoring/application_decline.html", form=form, application=application,
                           title="Decline an application")
