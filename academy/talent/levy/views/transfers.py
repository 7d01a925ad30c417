"""Pages for transfer requests: applying against a pledge, raising a need with the pool, the
request and its decision."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.talent.apprenticeships import permissions as apprenticeship_permissions
from academy.talent.apprenticeships.forms import partner_choices, standard_choices
from academy.talent.levy import forms, permissions, queries, services
from academy.talent.levy.models import Pledge, TransferApplication
from academy.talent.levy.views import bp
from academy.timekeeping import today
from academy.web import load_or_404, require, submit


def _application_form() -> forms.ApplicationForm:
    form = forms.ApplicationForm()
    form.organisation.choices = [SelectChoice("", "Choose a partner")] + partner_choices(
        apprenticeship_permissions.coordinator_scopes(current_user))
    form.standard.choices = standard_choices()
    return form


def _submit_application(form, pledge: Pledge | None):
    """Send the request (against the pledge, or as a need to the pool) and go to it."""
    return submit(
        form, lambda: services.apply_for_transfer(pledge, services.ApplicationData(
            organisation_id=int(form.organisation.data), standard_id=int(form.standard.data),
            apprentices_count=form.apprentices_count.data, amount=form.amount.data,
            planned_start_on=form.planned_start_on.data, reason=form.reason.data or "",
        ), actor=current_user, today=today()),
        then=lambda application: url_for("levy.application", application_id=application.id),
        success="Your request has been sent.")


@bp.route("/pledges/<int:pledge_id>/apply", methods=["GET", "POST"])
@login_required
def pledge_apply(pledge_id: int):
    pledge = load_or_404(Pledge, pledge_id, permissions.can_view_levy_pledge)
    require(permissions.can_request_transfer(current_user))
    if not pledge.is_open:
        flash("This pledge is closed to new applications.", "error")
        return redirect(url_for("levy.pledge", pledge_id=pledge.id))
    form = _application_form()
    if request.method == "GET" and pledge.recipient_organisation_id:
        form.organisation.data = str(pledge.recipient_organisation_id)
    if response := _submit_application(form, pledge):
        return response
    return render_template("talent/levy/application_new.html", form=form, pledge=pledge,
                           title="Apply for transferred funds")


@bp.route("/needs/new", methods=["GET", "POST"])
@login_required
def need_new():
    require(permissions.can_request_transfer(current_user))
    form = _application_form()
    if response := _submit_application(form, None):
        return response
    return render_template("talent/levy/application_new.html", form=form, pledge=None,
                           title="Ask the levy pool for funds")


@bp.get("/applications/<int:application_id>")
@login_required
def application(application_id: int):
    application = load_or_404(TransferApplication, application_id,
                              permissions.can_view_transfer_request)
    return render_template(
        "talent/levy/application.html", title="Transfer request", application=application,
        linked=queries.funded_apprentices(application),
        can_decide=permissions.can_decide_transfer_request(current_user, application),
        pool_lead=apprenticeship_permissions.is_levy_pool_lead(current_user),
        pool_accounts=queries.accounts_for(current_user) if application.pledge is None else [])


@bp.route("/applications/<int:application_id>/decide", methods=["GET", "POST"])
@login_required
def application_decide(application_id: int):
    application = load_or_404(TransferApplication, application_id,
                              permissions.can_decide_transfer_request)
    form = forms.DecisionForm()
    if response := submit(
            form, lambda: services.decide_application(
                application, approve=form.decision.data == "approve",
                note=form.note.data or "", actor=current_user, today=today()),
            then=url_for("levy.application", application_id=application.id),
            success=lambda _: f"The request is {application.status.label.lower()}."):
        return response
    return render_template("talent/levy/application_decide.html", form=form,
                           application=application, title="Decide a transfer request")
