"""Pages for pooling: the partnership's pool, pledging funds, the pledges and closing one."""

from __future__ import annotations

from decimal import Decimal

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.extensions import db
from academy.people.models import OrganisationType
from academy.talent.apprenticeships import permissions as apprenticeship_permissions
from academy.talent.apprenticeships import queries as apprenticeship_queries
from academy.talent.levy import forms, ledger, permissions, queries, services
from academy.talent.levy.models import LevyAccount, Pledge, TransferApplication
from academy.talent.levy.views import bp
from academy.timekeeping import today
from academy.web import as_int, load_or_404, perform, require, submit


@bp.get("/pool")
@login_required
def pool():
    require(permissions.can_view_pool(current_user))
    return render_template("talent/levy/pool.html", title="Levy pool", pool=ledger.pool(today()))


def _recipient_choices(account: LevyAccount) -> list[SelectChoice]:
    return [SelectChoice("", "Any partner meeting the criteria")] + [
        SelectChoice(str(o.id), o.name) for o in apprenticeship_queries.organisations()
        if o.id != account.organisation_id]


def _open_need(need_id: int | None) -> TransferApplication | None:
    """The open need a pledge is made for (`?need=`), unless it has been dealt with."""
    need = db.session.get(TransferApplication, need_id) if need_id else None
    if need is None or need.pledge_id is not None or not need.is_submitted:
        return None
    return need


def _pledge_data(form) -> services.PledgeData:
    return services.PledgeData(
        amount=form.amount.data, recipient_id=as_int(form.recipient.data),
        organisation_types=form.organisation_types.data or [],
        levels=[int(v) for v in form.levels.data or []],
        location=form.location.data or "", description=form.description.data or "",
    )


@bp.route("/accounts/<int:account_id>/pledges/new", methods=["GET", "POST"])
@login_required
def pledge_new(account_id: int):
    account = load_or_404(LevyAccount, account_id, permissions.can_manage_levy_account)
    now = today()
    form = forms.PledgeForm()
    form.recipient.choices = _recipient_choices(account)
    need = _open_need(as_int(request.values.get("need")))
    found = ledger.forecast(account, now)
    allowance = services.allowances([account.id], now)[account.id]
    if request.method == "GET":
        suggested = min(found.expiring_within(12), allowance.remaining)
        if need is not None:
            form.amount.data = need.amount
            form.recipient.data = str(need.organisation_id)
            form.levels.data = [str(need.standard.level)]
            form.description.data = f"For {need.organisation.name}: {need.apprentices_count} x " \
                                    f"{need.standard.title}"
            form.need.data = str(need.id)
        elif suggested > 0:
            form.amount.data = suggested.quantize(Decimal(1))
        form.organisation_types.data = form.organisation_types.data or [
            OrganisationType.CARE_PROVIDER.value]
    if response := submit(
            form, lambda: services.create_pledge(account, _pledge_data(form), actor=current_user,
                                                 today=now, need=need),
            then=lambda pledge: url_for("levy.pledge", pledge_id=pledge.id),
            success=lambda pledge: f"£{pledge.amount:,.2f} pledged from "
                                   f"{account.organisation.name}."):
        return response
    return render_template("talent/levy/pledge_new.html", form=form, account=account, need=need,
                           forecast=found, allowance=allowance, title="Pledge levy funds")


@bp.get("/pledges")
@login_required
def pledges():
    require(apprenticeship_permissions.can_view_apprenticeships(current_user))
    return render_template("talent/levy/pledges.html", title="Pledges and transfers",
                           pledges=queries.pledges(), needs=queries.open_needs(current_user),
                           approved_total=services.approved_total)


@bp.get("/pledges/<int:pledge_id>")
@login_required
def pledge(pledge_id: int):
    pledge = load_or_404(Pledge, pledge_id, permissions.can_view_levy_pledge)
    return render_template(
        "talent/levy/pledge.html", title="Pledge", pledge=pledge,
        paid=queries.paid_by_application([a.id for a in pledge.applications]),
        approved=services.approved_total(pledge),
        can_manage=permissions.can_manage_levy_account(current_user, pledge.account))


@bp.route("/pledges/<int:pledge_id>/close", methods=["GET", "POST"])
@login_required
def pledge_close(pledge_id: int):
    pledge = load_or_404(Pledge, pledge_id, permissions.can_view_levy_pledge)
    require(permissions.can_manage_levy_account(current_user, pledge.account))
    if request.method == "POST":
        perform(lambda: services.close_pledge(pledge, actor=current_user),
                success="The pledge is closed to new applications.")
        return redirect(url_for("levy.pledge", pledge_id=pledge.id))
    return render_template("talent/levy/pledge_close.html", pledge=pledge,
                           title="Close this pledge")
