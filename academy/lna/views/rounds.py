"""Assessment rounds: list, create, change while a draft, open (invite), close."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.extensions import db
from academy.lna import listings, permissions
from academy.lna.forms import RoundForm
from academy.lna.services import rounds as services
from academy.lna.services.rounds import RoundDetails
from academy.lna.views import bp
from academy.lna.views.common import get_round
from academy.timekeeping import today
from academy.web import perform, require, submit


@bp.get("/rounds")
@login_required
def rounds():
    require(permissions.can_use_lna_admin(current_user))
    page = db.paginate(listings.rounds_query(current_user),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    counts = listings.round_counts([r.id for r in page.items],
                                   permissions.report_organisation_ids(current_user))
    return render_template("lna/rounds.html", page=page, counts=counts,
                           title="Learning needs analysis rounds")


def _round_form(obj=None) -> RoundForm:
    form = RoundForm(obj=obj)
    choices = listings.scope_choices(current_user)
    form.framework_ids.choices = [SelectChoice(f.id, f.name) for f in choices["frameworks"]]
    form.organisation_ids.choices = [SelectChoice(o.id, o.name) for o in choices["organisations"]]
    form.team_ids.choices = [
        SelectChoice(t.id, f"{t.name} ({t.organisation.short_name})") for t in choices["teams"]]
    form.job_role_ids.choices = [SelectChoice(j.id, str(j)) for j in choices["job_roles"]]
    form.staff_groups.choices = [SelectChoice(g, g) for g in choices["staff_groups"]]
    if obj is not None and not form.is_submitted():
        form.framework_ids.data = [f.id for f in obj.frameworks]
        form.organisation_ids.data = [o.id for o in obj.organisations]
        form.team_ids.data = [t.id for t in obj.teams]
        form.job_role_ids.data = [j.id for j in obj.job_roles]
        form.staff_groups.data = obj.staff_groups
    return form


def _details(form: RoundForm) -> RoundDetails:
    return RoundDetails(
        name=form.name.data, description=form.description.data, opens_on=form.opens_on.data,
        closes_on=form.closes_on.data, reminder_every_days=form.reminder_every_days.data,
        framework_ids=form.framework_ids.data or [], organisation_ids=form.organisation_ids.data or [],
        team_ids=form.team_ids.data or [], job_role_ids=form.job_role_ids.data or [],
        staff_groups=form.staff_groups.data or [],
    )


@bp.route("/rounds/new", methods=["GET", "POST"])
@login_required
def round_new():
    require(permissions.can_create_round(current_user))
    form = _round_form()
    if not form.is_submitted():
        form.opens_on.data = today()
    if response := submit(
            form, lambda: services.create_round(_details(form), actor=current_user, today=today()),
            then=lambda round_: url_for("lna.round", round_id=round_.id),
            success="The round has been saved as a draft. Check who it reaches, then open it."):
        return response
    return render_template("lna/round_form.html", form=form, round=None,
                           partnership=permissions.leads_learning_for_partnership(current_user),
                           title="Start a learning needs analysis round"), (400 if form.errors else 200)


@bp.get("/rounds/<int:round_id>", endpoint="round")
@login_required
def round_page(round_id: int):
    round_ = get_round(round_id, permissions.can_view_round_reports)
    counts = listings.round_counts([round_.id], permissions.report_organisation_ids(current_user))
    in_scope = services.scope_counts(round_) if round_.is_draft else None
    return render_template("lna/round.html", round=round_, counts=counts.get(round_.id),
                           in_scope=in_scope, title=round_.name)


@bp.route("/rounds/<int:round_id>/edit", methods=["GET", "POST"])
@login_required
def round_edit(round_id: int):
    round_ = get_round(round_id)
    if not permissions.can_edit_round(current_user, round_):
        flash("A round cannot be changed once it has been opened.", "info")
        return redirect(url_for("lna.round", round_id=round_.id))
    form = _round_form(round_)
    if response := submit(
            form, lambda: services.update_round(round_, _details(form), actor=current_user,
                                                today=today()),
            then=url_for("lna.round", round_id=round_.id), success="The round has been saved."):
        return response
    return render_template("lna/round_form.html", form=form, round=round_,
                           partnership=permissions.leads_learning_for_partnership(current_user),
                           title=f"Change {round_.name}"), (400 if form.errors else 200)


def _opened_message(round_, invited: int) -> str:
    if round_.is_open:
        return (f"The round is open: {invited:,} people have been invited. They are told and "
                "reminded by e-mail until they answer or the round closes.")
    return (f"The round will open on {round_.opens_on:%-d %B %Y}; everyone in scope will be "
            "invited then.")


@bp.route("/rounds/<int:round_id>/open", methods=["GET", "POST"])
@login_required
def round_open(round_id: int):
    round_ = get_round(round_id)
    if not round_.is_draft:
        flash("This round has already been opened.", "info")
        return redirect(url_for("lna.round", round_id=round_.id))
    if request.method == "POST" and perform(
            lambda: services.open_round(round_, actor=current_user, today=today()),
            success=lambda invited: _opened_message(round_, invited)):
        return redirect(url_for("lna.round", round_id=round_.id))
    in_scope = services.scope_counts(round_)
    return render_template("lna/round_open.html", round=round_, in_scope=in_scope,
                           title=f"Open {round_.name}")


@bp.route("/rounds/<int:round_id>/close", methods=["GET", "POST"])
@login_required
def round_close(round_id: int):
    round_ = get_round(round_id)
    if not permissions.can_close_round(current_user, round_):
        flash("Only an open round can be closed.", "info")
        return redirect(url_for("lna.round", round_id=round_.id))
    if request.method == "POST" and perform(
            lambda: services.close_round(round_, actor=current_user),
            success="The round is closed: no more answers or reminders."):
        return redirect(url_for("lna.round", round_id=round_.id))
    return render_template("lna/round_close.html", round=round_, title=f"Close {round_.name}")
