"""Fellowship pages: the lead's programmes, cohorts, fellows, placements, milestones, backfill and
the cohort report; a fellow's own page, which their mentor and coach see too."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from academy.errors import DomainError, show_refusal
from academy.extensions import db
from academy.people.models import Organisation, RoleAssignment, User
from academy.people.roles import Role
from academy.reports.exports import FORMATS, export_response
from academy.talent.fellowships import permissions, queries, rules, services
from academy.talent.fellowships.forms import (
    BackfillForm,
    ButtonForm,
    CohortForm,
    CompleteForm,
    FellowForm,
    FellowPeopleForm,
    MilestoneForm,
    PlacementForm,
    ProgrammeForm,
)
from academy.talent.fellowships.models import (
    CohortMilestone,
    FellowshipCohort,
    FellowshipProgramme,
    MilestoneKind,
    Outcome,
)
from academy.timekeeping import today

bp = Blueprint("fellowships", __name__, url_prefix="/fellowships")

TEMPLATES = "talent/fellowships/"


def render(template: str, **context):
    return render_template(TEMPLATES + template, **context)


def require_lead() -> None:
    if not permissions.is_fellowship_lead(current_user):
        abort(403)


def person_by_email(form, field_name: str) -> User | None:
    """The person with the e-mail in the field; an error beside it when nobody has it."""
    email = (getattr(form, field_name).data or "").strip().lower()
    if not email:
        return None
    person = db.session.scalar(select(User).where(User.email == email))
    if person is None:
        raise DomainError("Nobody on the Academy has this e-mail address", field=field_name)
    return person


def coach_choices() -> list[SelectChoice]:
    coaches = db.session.scalars(
        select(User).where(User.id.in_(
            select(RoleAssignment.user_id).where(RoleAssignment.role == Role.COACH)
        )).order_by(User.family_name, User.given_name)
    ).all()
    return [SelectChoice("", "No coach yet")] + [SelectChoice(str(c.id), c.name) for c in coaches]


def chosen_coach(form) -> User | None:
    return db.session.get(User, int(form.coach.data)) if form.coach.data else None


def load_cohort(cohort_id: int) -> FellowshipCohort:
    return db.session.get(FellowshipCohort, cohort_id) or abort(404)


def load_fellow(fellow_id: int):
    fellow = queries.fellow(fellow_id) or abort(404)
    if not permissions.can_view_fellow(current_user, fellow):
        abort(403)
    return fellow


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
    if form.validate_on_submit():
        try:
            programme = services.create_programme(name=form.name.data,
                                                  description=form.description.data,
                                                  actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{programme.name} is set up. Add its first cohort.", "success")
            return redirect(url_for(".new_cohort", fellowship_programme_id=programme.id))
    return render("programme_form.html", form=form, title="Set up a fellowship programme")


@bp.route("/programmes/<int:fellowship_programme_id>/cohorts/new", methods=["GET", "POST"])
@login_required
def new_cohort(fellowship_programme_id: int):
    require_lead()
    programme = db.session.get(FellowshipProgramme, fellowship_programme_id) or abort(404)
    form = CohortForm()
    if form.validate_on_submit():
        try:
            cohort = services.create_cohort(
                programme, name=form.name.data, starts_on=form.starts_on.data,
                placement_starts_on=form.placement_starts_on.data, ends_on=form.ends_on.data,
                actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{cohort.name} is set up. Add its fellows and milestones.", "success")
            return redirect(url_for(".cohort", fellowship_cohort_id=cohort.id))
    return render("cohort_form.html", form=form, programme=programme,
                  title=f"New cohort of {programme.name}")


@bp.get("/cohorts/<int:fellowship_cohort_id>")
@login_required
def cohort(fellowship_cohort_id: int):
    require_lead()
    view = queries.cohort_view(fellowship_cohort_id) or abort(404)
    return render("cohort.html", view=view, cohort=view.cohort, today=today(),
                  title=view.cohort.title)


@bp.route("/cohorts/<int:fellowship_cohort_id>/fellows/new", methods=["GET", "POST"])
@login_required
def add_fellow(fellowship_cohort_id: int):
    require_lead()
    cohort = load_cohort(fellowship_cohort_id)
    form = FellowForm()
    form.coach.choices = coach_choices()
    if form.validate_on_submit():
        try:
            person = person_by_email(form, "email")
            fellow = services.add_fellow(cohort, person, mentor=person_by_email(form, "mentor_email"),
                                         coach=chosen_coach(form), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{person.name} is a fellow of {cohort.name}.", "success")
            if request.form.get("another"):
                return redirect(url_for(".add_fellow", fellowship_cohort_id=cohort.id))
            return redirect(url_for(".placement", fellow_id=fellow.id))
    return render("fellow_form.html", form=form, cohort=cohort, title=f"Add a fellow to {cohort.name}")


@bp.route("/cohorts/<int:fellowship_cohort_id>/milestones/new", methods=["GET", "POST"])
@login_required
def add_milestone(fellowship_cohort_id: int):
    require_lead()
    cohort = load_cohort(fellowship_cohort_id)
    form = MilestoneForm()
    if form.validate_on_submit():
        try:
            services.add_milestone(cohort, kind=MilestoneKind(form.kind.data), title=form.title.data,
                                   due_on=form.due_on.data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("The milestone is added for every fellow of the cohort.", "success")
            return redirect(url_for(".cohort", fellowship_cohort_id=cohort.id))
    return render("milestone_form.html", form=form, cohort=cohort, title="Add a milestone")


@bp.get("/cohorts/<int:fellowship_cohort_id>/report")
@login_required
def cohort_report(fellowship_cohort_id: int):
    require_lead()
    cohort = load_cohort(fellowship_cohort_id)
    return render("report.html", report=queries.cohort_report(cohort, today()), cohort=cohort,
                  outcome_kinds=list(Outcome), title=f"{cohort.title}: report")


@bp.get("/cohorts/<int:fellowship_cohort_id>/backfill")
@login_required
def backfill_export(fellowship_cohort_id: int):
    require_lead()
    cohort = load_cohort(fellowship_cohort_id)
    fmt = request.args.get("format", "csv")
    if fmt not in FORMATS:
        abort(404)
    return export_response(
        fmt, f"backfill-{cohort.programme.name}-{cohort.name}".lower().replace(" ", "-"),
        ["Fellow", "Employee number", "Paid to", "Month", "Amount (£)"],
        queries.backfill_rows(cohort.id), sheet_title="Backfill",
    )


@bp.get("/fellows/<int:fellow_id>")
@login_required
def fellow(fellow_id: int):
    fellow = load_fellow(fellow_id)
    done = {c.milestone_id: c.completed_on for c in fellow.completions}
    return render("fellow.html", fellow=fellow, done=done, today=today(),
                  conversations=queries.linked_conversations(fellow),
                  complete_form=CompleteForm(), title=f"{fellow.person.name}: {fellow.cohort.name}")


@bp.route("/fellows/<int:fellow_id>/edit", methods=["GET", "POST"])
@login_required
def edit_fellow(fellow_id: int):
    require_lead()
    fellow = load_fellow(fellow_id)
    form = FellowPeopleForm()
    form.coach.choices = coach_choices()
    if not form.is_submitted():
        form.mentor_email.data = fellow.mentor.email if fellow.mentor else ""
        form.coach.data = str(fellow.coach_id or "")
    if form.validate_on_submit():
        try:
            services.update_fellow(fellow, mentor=person_by_email(form, "mentor_email"),
                                   coach=chosen_coach(form), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("The mentor and coach are saved.", "success")
            return redirect(url_for(".fellow", fellow_id=fellow.id))
    return render("fellow_people_form.html", form=form, fellow=fellow,
                  title=f"Mentor and coach for {fellow.person.name}")


@bp.route("/fellows/<int:fellow_id>/placement", methods=["GET", "POST"])
@login_required
def placement(fellow_id: int):
    require_lead()
    fellow = load_fellow(fellow_id)
    form = PlacementForm()
    hosts = db.session.scalars(
        select(Organisation).where(Organisation.id != fellow.employer_id).order_by(Organisation.name)
    ).all()
    form.host.choices = [SelectChoice("", "Choose a partner")] + [
        SelectChoice(str(o.id), o.name) for o in hosts
    ]
    current = fellow.placement
    if not form.is_submitted():
        if current:
            form.host.data, form.project.data = str(current.host_id), current.project
            form.description.data = current.description
            form.supervisor_email.data = current.supervisor.email if current.supervisor else ""
            form.starts_on.data, form.ends_on.data = current.starts_on, current.ends_on
            form.days_per_week.data = current.days_per_week
        else:
            form.starts_on.data = fellow.cohort.placement_starts_on
    if form.validate_on_submit():
        try:
            services.set_placement(
                fellow, host=db.session.get(Organisation, int(form.host.data)) or abort(400),
                project=form.project.data, description=form.description.data,
                supervisor=person_by_email(form, "supervisor_email"),
                starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                days_per_week=form.days_per_week.data, actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{fellow.person.name}'s placement is saved.", "success")
            return redirect(url_for(".cohort", fellowship_cohort_id=fellow.cohort_id))
    return render("placement_form.html", form=form, fellow=fellow,
                  title=f"Placement for {fellow.person.name}")


@bp.post("/fellows/<int:fellow_id>/milestones/<int:fellowship_milestone_id>/done")
@login_required
def complete_milestone(fellow_id: int, fellowship_milestone_id: int):
    require_lead()
    fellow = load_fellow(fellow_id)
    milestone = db.session.get(CohortMilestone, fellowship_milestone_id) or abort(404)
    form = CompleteForm()
    if not form.validate_on_submit():
        flash("Enter the date it was done, like 2026-03-01", "error")
    else:
        try:
            services.complete_milestone(fellow, milestone, on=form.completed_on.data or today(),
                                        actor=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(f"{milestone.title}: done.", "success")
    return redirect(url_for(".fellow", fellow_id=fellow.id, _anchor="milestones"))


@bp.route("/fellows/<int:fellow_id>/backfill", methods=["GET", "POST"])
@login_required
def backfill(fellow_id: int):
    require_lead()
    fellow = load_fellow(fellow_id)
    form = BackfillForm()
    months = (rules.placement_months(fellow.placement.starts_on, fellow.placement.ends_on)
              if fellow.placement else [])
    form.month.choices = [SelectChoice("", "Choose the month")] + [
        SelectChoice(m.isoformat(), m.strftime("%B %Y")) for m in months
    ]
    if form.validate_on_submit():
        try:
            services.record_backfill(fellow, month=date.fromisoformat(form.month.data),
                                     amount=form.amount.data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"Backfill for {fellow.person.name} is recorded.", "success")
            return redirect(url_for(".backfill", fellow_id=fellow.id))
    return render("backfill.html", form=form, fellow=fellow, months=months,
                  title=f"Backfill for {fellow.person.name}")


@bp.route("/fellows/<int:fellow_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw_fellow(fellow_id: int):
    require_lead()
    fellow = load_fellow(fellow_id)
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            services.withdraw_fellow(fellow, on=today(), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(f"{fellow.person.name} has withdrawn from {fellow.cohort.name}.", "success")
        return redirect(url_for(".cohort", fellowship_cohort_id=fellow.cohort_id))
    return render("withdraw.html", fellow=fellow, form=form,
                  title=f"Withdraw {fellow.person.name}")
