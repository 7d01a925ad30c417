"""The fellowship lead's pages: programmes, cohorts, their fellows and milestones, the cohort
report and the backfill download; and the fellowships page everyone else sees."""

from __future__ import annotations

from flask import abort, request, url_for
from flask_login import current_user, login_required

from academy.reports.exports import FORMATS, export_response
from academy.talent.fellowships import permissions, queries, services
from academy.talent.fellowships.forms import CohortForm, FellowForm, MilestoneForm, ProgrammeForm
from academy.talent.fellowships.models import (
    FellowshipCohort,
    FellowshipProgramme,
    MilestoneKind,
    Outcome,
)
from academy.talent.fellowships.views import bp
from academy.talent.fellowships.views.common import (
    chosen_coach,
    coach_choices,
    person_by_email,
    render,
    require_lead,
)
from academy.timekeeping import today
from academy.web import found_or_404, load_or_404, submit


@bp.get("/")
@login_required
def index():
    if permissions.is_fellowship_lead(current_user):
        return render("index.html", programmes=queries.programmes(),
                      summary=queries.lead_summary(today()), title="Fellowships")
    return render("mine.html", fellowships=queries.fellowships_of(current_user.id),
                  title="Your fellowships")


@bp.route("/programmes/new", methods=["GET", "POST"])
@login_required
def new_programme():
    require_lead()
    form = ProgrammeForm()
    if response := submit(
        form,
        lambda: services.create_programme(name=form.name.data, description=form.description.data,
                                          actor=current_user),
        then=lambda programme: url_for(".new_cohort", programme_id=programme.id),
        success=lambda programme: f"{programme.name} is set up. Add its first cohort.",
    ):
        return response
    return render("programme_form.html", form=form, title="Set up a fellowship programme")


@bp.route("/programmes/<int:programme_id>/cohorts/new", methods=["GET", "POST"])
@login_required
def new_cohort(programme_id: int):
    require_lead()
    programme = load_or_404(FellowshipProgramme, programme_id)
    form = CohortForm()
    if response := submit(
        form,
        lambda: services.create_cohort(
            programme, name=form.name.data, starts_on=form.starts_on.data,
            placement_starts_on=form.placement_starts_on.data, ends_on=form.ends_on.data,
            actor=current_user,
        ),
        then=lambda cohort: url_for(".cohort", cohort_id=cohort.id),
        success=lambda cohort: f"{cohort.name} is set up. Add its fellows and milestones.",
    ):
        return response
    return render("cohort_form.html", form=form, programme=programme,
                  title=f"New cohort of {programme.name}")


@bp.get("/cohorts/<int:cohort_id>")
@login_required
def cohort(cohort_id: int):
    require_lead()
    view = found_or_404(queries.cohort_view(cohort_id))
    return render("cohort.html", view=view, cohort=view.cohort, today=today(),
                  title=view.cohort.title)


@bp.route("/cohorts/<int:cohort_id>/fellows/new", methods=["GET", "POST"])
@login_required
def add_fellow(cohort_id: int):
    require_lead()
    cohort = load_or_404(FellowshipCohort, cohort_id)
    form = FellowForm()
    form.coach.choices = coach_choices()

    def add():
        return services.add_fellow(cohort, person_by_email(form, "email"),
                                   mentor=person_by_email(form, "mentor_email"),
                                   coach=chosen_coach(form), actor=current_user)

    def then(fellow) -> str:
        if request.form.get("another"):
            return url_for(".add_fellow", cohort_id=cohort.id)
        return url_for(".placement", fellow_id=fellow.id)

    if response := submit(form, add, then=then,
                          success=lambda fellow: f"{fellow.person.name} is a fellow of {cohort.name}."):
        return response
    return render("fellow_form.html", form=form, cohort=cohort, title=f"Add a fellow to {cohort.name}")


@bp.route("/cohorts/<int:cohort_id>/milestones/new", methods=["GET", "POST"])
@login_required
def add_milestone(cohort_id: int):
    require_lead()
    cohort = load_or_404(FellowshipCohort, cohort_id)
    form = MilestoneForm()
    if response := submit(
        form,
        lambda: services.add_milestone(cohort, kind=MilestoneKind(form.kind.data),
                                       title=form.title.data, due_on=form.due_on.data,
                                       actor=current_user),
        then=url_for(".cohort", cohort_id=cohort.id),
        success="The milestone is added for every fellow of the cohort.",
    ):
        return response
    return render("milestone_form.html", form=form, cohort=cohort, title="Add a milestone")


@bp.get("/cohorts/<int:cohort_id>/report")
@login_required
def cohort_report(cohort_id: int):
    require_lead()
    cohort = load_or_404(FellowshipCohort, cohort_id)
    return render("report.html", report=queries.cohort_report(cohort, today()), cohort=cohort,
                  outcome_kinds=list(Outcome), title=f"{cohort.title}: report")


@bp.get("/cohorts/<int:cohort_id>/backfill")
@login_required
def backfill_export(cohort_id: int):
    require_lead()
    cohort = load_or_404(FellowshipCohort, cohort_id)
    fmt = request.args.get("format", "csv")
    if fmt not in FORMATS:
        abort(404)
    return export_response(
        fmt, f"backfill-{cohort.programme.name}-{cohort.name}".lower().replace(" ", "-"),
        ["Fellow", "Employee number", "Paid to", "Month", "Amount (£)"],
        queries.backfill_rows(cohort.id), sheet_title="Backfill",
    )
