"""A fellow's pages: their own page (which their mentor and coach see too), and the lead's
changes to it: mentor and coach, placement, milestones done (or undone), backfill and
withdrawal."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.extensions import db
from academy.people.models import Organisation
from academy.talent.fellowships import permissions, queries, rules, services
from academy.talent.fellowships.forms import (
    BackfillForm,
    ButtonForm,
    CompleteForm,
    FellowPeopleForm,
    PlacementForm,
    UndoMilestoneForm,
)
from academy.talent.fellowships.models import CohortMilestone
from academy.talent.fellowships.views import bp
from academy.talent.fellowships.views.common import (
    chosen_coach,
    coach_choices,
    load_fellow,
    person_by_email,
    render,
    require_lead,
)
from academy.timekeeping import today
from academy.web import audited_read, load_or_404, perform, require, submit


@bp.get("/fellows/<int:fellow_id>")
@login_required
def fellow(fellow_id: int):
    fellow = load_fellow(fellow_id)
    done = {c.milestone_id: c.completed_on for c in fellow.completions}
    page = render("fellow.html", fellow=fellow, done=done, today=today(),
                  conversations=queries.linked_conversations(fellow),
                  title=f"{fellow.person.name}: {fellow.cohort.name}")
    return audited_read(page, "fellow.viewed", fellow, subjects=[fellow.person_id])


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
    if response := submit(
        form,
        lambda: services.update_fellow(fellow, mentor=person_by_email(form, "mentor_email"),
                                       coach=chosen_coach(form), actor=current_user),
        then=url_for(".fellow", fellow_id=fellow.id),
        success="The mentor and coach are saved.",
    ):
        return response
    return render("fellow_people_form.html", form=form, fellow=fellow,
                  title=f"Mentor and coach for {fellow.person.name}")


@bp.route("/fellows/<int:fellow_id>/placement", methods=["GET", "POST"])
@login_required
def placement(fellow_id: int):
    require_lead()
    fellow = load_fellow(fellow_id)
    form = PlacementForm()
    form.host.choices = [SelectChoice("", "Choose a partner")] + [
        SelectChoice(str(o.id), o.name) for o in queries.host_choices(fellow)
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
    if response := submit(
        form,
        lambda: services.set_placement(
            fellow, host=db.session.get(Organisation, int(form.host.data)) or abort(400),
            project=form.project.data, description=form.description.data,
            supervisor=person_by_email(form, "supervisor_email"),
            starts_on=form.starts_on.data, ends_on=form.ends_on.data,
            days_per_week=form.days_per_week.data, actor=current_user,
        ),
        then=url_for(".cohort", cohort_id=fellow.cohort_id),
        success=f"{fellow.person.name}'s placement is saved.",
    ):
        return response
    return render("placement_form.html", form=form, fellow=fellow,
                  title=f"Placement for {fellow.person.name}")


def _milestone_of(fellow, milestone_id: int) -> CohortMilestone:
    milestone = load_or_404(CohortMilestone, milestone_id)
    if milestone.cohort_id != fellow.cohort_id:
        abort(404)
    return milestone


def _is_done(fellow, milestone) -> bool:
    return any(c.milestone_id == milestone.id for c in fellow.completions)


@bp.route("/fellows/<int:fellow_id>/milestones/<int:milestone_id>/done", methods=["GET", "POST"])
@login_required
def complete_milestone(fellow_id: int, milestone_id: int):
    require_lead()
    fellow = load_fellow(fellow_id)
    milestone = _milestone_of(fellow, milestone_id)
    back = url_for(".fellow", fellow_id=fellow.id, _anchor="milestones")
    if _is_done(fellow, milestone):
        flash(f"{milestone.title} is already marked done.", "info")
        return redirect(back)
    form = CompleteForm()
    if response := submit(
        form, lambda: services.complete_milestone(fellow, milestone, on=form.completed_on.data,
                                                  actor=current_user),
        then=back, success=f"{milestone.title}: done.",
    ):
        return response
    return render("milestone_done.html", form=form, fellow=fellow, milestone=milestone,
                  title=f"Mark {milestone.title} done for {fellow.person.name}")


@bp.route("/fellows/<int:fellow_id>/milestones/<int:milestone_id>/undo", methods=["GET", "POST"])
@login_required
def undo_milestone(fellow_id: int, milestone_id: int):
    require_lead()
    fellow = load_fellow(fellow_id)
    milestone = _milestone_of(fellow, milestone_id)
    back = url_for(".fellow", fellow_id=fellow.id, _anchor="milestones")
    if not _is_done(fellow, milestone):
        flash(f"{milestone.title} is not marked done.", "info")
        return redirect(back)
    form = UndoMilestoneForm()
    if response := submit(
        form, lambda: services.undo_milestone(fellow, milestone, reason=form.reason.data,
                                              actor=current_user),
        then=back, success=f"{milestone.title} is no longer marked done.",
    ):
        return response
    done_on = next(c.completed_on for c in fellow.completions if c.milestone_id == milestone.id)
    return render("milestone_undo.html", form=form, fellow=fellow, milestone=milestone,
                  done_on=done_on, title=f"Undo {milestone.title} for {fellow.person.name}")


@bp.route("/fellows/<int:fellow_id>/backfill", methods=["GET", "POST"])
@login_required
def backfill(fellow_id: int):
    fellow = load_fellow(fellow_id)
    require(permissions.can_view_backfill(current_user, fellow))
    form = BackfillForm()
    months = (rules.placement_months(fellow.placement.starts_on, fellow.placement.ends_on)
              if fellow.placement else [])
    form.month.choices = [SelectChoice("", "Choose the month")] + [
        SelectChoice(m.isoformat(), m.strftime("%B %Y")) for m in months
    ]
    if response := submit(
        form,
        lambda: services.record_backfill(fellow, month=date.fromisoformat(form.month.data),
                                         amount=form.amount.data, actor=current_user),
        then=url_for(".backfill", fellow_id=fellow.id),
        success=f"Backfill for {fellow.person.name} is recorded.",
    ):
        return response
    return render("backfill.html", form=form, fellow=fellow, months=months,
                  title=f"Backfill for {fellow.person.name}")


@bp.route("/fellows/<int:fellow_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw_fellow(fellow_id: int):
    require_lead()
    fellow = load_fellow(fellow_id)
    form = ButtonForm()
    if form.validate_on_submit():
        perform(lambda: services.withdraw_fellow(fellow, on=today(), actor=current_user),
                success=f"{fellow.person.name} has withdrawn from {fellow.cohort.name}.")
        return redirect(url_for(".cohort", cohort_id=fellow.cohort_id))
    return render("withdraw.html", fellow=fellow, form=form,
                  title=f"Withdraw {fellow.person.name}")
