"""Pages for levy accounts: ledger, declarations, forecast, the pool, pledges and applications."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload
from wtforms import SelectChoice

from academy.errors import DomainError, show_refusal
from academy.extensions import db
from academy.people.models import OrganisationType
from academy.reports.exports import export_response
from academy.talent import levy
from academy.talent.apprenticeships import (
    accounts,
    charts,
    exports,
    forms,
    ledger,
    permissions,
    queries,
)
from academy.talent.apprenticeships.models import (
    ApplicationStatus,
    Apprentice,
    LevyAccount,
    LevyTransaction,
    Pledge,
    PledgeStatus,
    TransferApplication,
)
from academy.talent.apprenticeships.views import require
from academy.timekeeping import today

bp = Blueprint("levy", __name__, url_prefix="/levy")


def get_account(levy_account_id: int) -> LevyAccount:
    account = db.session.get(LevyAccount, levy_account_id) or abort(404)
    require(permissions.can_view_levy_account(current_user, account))
    return account


def get_pledge(pledge_id: int) -> Pledge:
    pledge = db.session.get(Pledge, pledge_id) or abort(404)
    require(permissions.can_view_levy_pledge(current_user, pledge))
    return pledge


def get_application(transfer_request_id: int, predicate=permissions.can_view_transfer_request):
    application = db.session.get(TransferApplication, transfer_request_id) or abort(404)
    require(predicate(current_user, application))
    return application


@bp.get("/")
@login_required
def accounts_list():
    require(permissions.can_view_apprenticeships(current_user))
    account_list = queries.accounts_for(current_user)
    now = today()
    return render_template(
        "levy/accounts.html", title="Levy accounts", accounts=account_list,
        forecasts=ledger.forecasts(account_list, now) if account_list else {},
        allowances=accounts.allowances([a.id for a in account_list], now) if account_list else {},
    )


@bp.get("/accounts/<int:levy_account_id>")
@login_required
def account(levy_account_id: int):
    account = get_account(levy_account_id)
    now = today()
    found = ledger.ledger(account, now)
    form = forms.LedgerFilterForm(request.args)
    years = found.tax_years()
    form.tax_year.choices = [SelectChoice(str(y), levy.tax_year_label(y)) for y in years]
    form.validate()
    year = forms.int_or_none(form.tax_year.data) if not form.tax_year.errors else None
    year = year if year in years else levy.tax_year_of(levy.month_of(now))
    form.tax_year.data = str(year)
    rows = [r for r in reversed(found.rows) if levy.tax_year_of(r.month) == year]
    return render_template(
        "levy/account.html", title=f"Levy account: {account.organisation.name}",
        account=account, ledger=found, rows=rows, form=form, year_label=levy.tax_year_label(year),
        allowance=accounts.allowances([account.id], now)[account.id],
        declarations=ledger.declarations(account)[:12],
        can_manage=permissions.can_manage_levy_account(current_user, account),
    )


@bp.get("/accounts/<int:levy_account_id>/ledger.<fmt>")
@login_required
def ledger_export(levy_account_id: int, fmt: str):
    account = get_account(levy_account_id)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    found = ledger.ledger(account, today())
    return export_response(fmt, f"levy-ledger-{account.organisation.short_name}",
                           exports.LEDGER_HEADER, (exports.ledger_row(r) for r in found.rows),
                           "Ledger")


@bp.get("/accounts/<int:levy_account_id>/forecast")
@login_required
def forecast(levy_account_id: int):
    account = get_account(levy_account_id)
    found = ledger.forecast(account, today())
    return render_template(
        "levy/forecast.html", title=f"Forecast: {account.organisation.name}", account=account,
        forecast=found, chart=charts.forecast_chart(found.rows),
        can_manage=permissions.can_manage_levy_account(current_user, account))


@bp.get("/accounts/<int:levy_account_id>/forecast.<fmt>")
@login_required
def forecast_export(levy_account_id: int, fmt: str):
    account = get_account(levy_account_id)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    found = ledger.forecast(account, today())
    return export_response(fmt, f"levy-forecast-{account.organisation.short_name}",
                           exports.FORECAST_HEADER, (exports.forecast_row(r) for r in found.rows),
                           "Forecast")


@bp.route("/accounts/<int:levy_account_id>/declarations/new", methods=["GET", "POST"])
@login_required
def declaration_new(levy_account_id: int):
    account = get_account(levy_account_id)
    require(permissions.can_manage_levy_account(current_user, account))
    form = forms.DeclarationForm()
    if form.validate_on_submit():
        try:
            accounts.record_declaration(account, form.payroll_month.data, form.levy_declared.data,
                                        actor=current_user, today=today())
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"The levy declared for {form.payroll_month.data:%B %Y} has been recorded.",
                  "success")
            return redirect(url_for("levy.account", levy_account_id=account.id))
    return render_template("levy/declaration_new.html", form=form, account=account,
                           title="Record a levy declaration")


# Pooling and transfers -----------------------------------------------------------------------

@bp.get("/pool")
@login_required
def pool():
    require(permissions.can_view_pool(current_user))
    return render_template("levy/pool.html", title="Levy pool", pool=ledger.pool(today()))


def _recipient_choices(account: LevyAccount) -> list[SelectChoice]:
    return [SelectChoice("", "Any partner meeting the criteria")] + [
        SelectChoice(str(o.id), o.name) for o in queries.organisations()
        if o.id != account.organisation_id]


@bp.route("/accounts/<int:levy_account_id>/pledges/new", methods=["GET", "POST"])
@login_required
def pledge_new(levy_account_id: int):
    account = get_account(levy_account_id)
    require(permissions.can_manage_levy_account(current_user, account))
    now = today()
    form = forms.PledgeForm()
    form.recipient.choices = _recipient_choices(account)
    need_id = forms.int_or_none(request.values.get("need"))
    need = db.session.get(TransferApplication, need_id) if need_id else None
    if need is not None and (need.pledge_id is not None
                             or need.status is not ApplicationStatus.SUBMITTED):
        need = None
    found = ledger.forecast(account, now)
    allowance = accounts.allowances([account.id], now)[account.id]
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
    if form.validate_on_submit():
        try:
            pledge = accounts.create_pledge(account, accounts.PledgeData(
                amount=form.amount.data, recipient_id=forms.int_or_none(form.recipient.data),
                organisation_types=form.organisation_types.data or [],
                levels=[int(v) for v in form.levels.data or []],
                location=form.location.data or "", description=form.description.data or "",
            ), actor=current_user, today=now, need=need)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"£{pledge.amount:,.2f} pledged from {account.organisation.name}.", "success")
            return redirect(url_for("levy.pledge", pledge_id=pledge.id))
    return render_template("levy/pledge_new.html", form=form, account=account, need=need,
                           forecast=found, allowance=allowance, title="Pledge levy funds")


@bp.get("/pledges")
@login_required
def pledges():
    require(permissions.can_view_apprenticeships(current_user))
    found = db.session.scalars(
        select(Pledge).options(joinedload(Pledge.account).joinedload(LevyAccount.organisation),
                               joinedload(Pledge.recipient), selectinload(Pledge.applications))
        .order_by(Pledge.status, Pledge.created_at.desc())).all()
    needs = db.session.scalars(
        select(TransferApplication).options(joinedload(TransferApplication.organisation),
                                            joinedload(TransferApplication.standard))
        .where(TransferApplication.pledge_id.is_(None),
               TransferApplication.status == ApplicationStatus.SUBMITTED,
               queries.scope_clause(current_user, TransferApplication.organisation_id))).all()
    return render_template("levy/pledges.html", title="Pledges and transfers", pledges=found,
                           needs=needs, approved_total=accounts.approved_total)


@bp.get("/pledges/<int:pledge_id>")
@login_required
def pledge(pledge_id: int):
    pledge = get_pledge(pledge_id)
    application_ids = [a.id for a in pledge.applications]
    paid = dict(db.session.execute(
        select(Apprentice.transfer_application_id, func.sum(LevyTransaction.amount))
        .join(LevyTransaction, LevyTransaction.apprentice_id == Apprentice.id)
        .where(Apprentice.transfer_application_id.in_(application_ids))
        .group_by(Apprentice.transfer_application_id)).all()) if application_ids else {}
    return render_template(
        "levy/pledge.html", title="Pledge", pledge=pledge, paid=paid,
        approved=accounts.approved_total(pledge),
        can_manage=permissions.can_manage_levy_account(current_user, pledge.account))


@bp.route("/pledges/<int:pledge_id>/close", methods=["GET", "POST"])
@login_required
def pledge_close(pledge_id: int):
    pledge = get_pledge(pledge_id)
    require(permissions.can_manage_levy_account(current_user, pledge.account))
    if request.method == "POST":
        try:
            accounts.close_pledge(pledge, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash("The pledge is closed to new applications.", "success")
        return redirect(url_for("levy.pledge", pledge_id=pledge.id))
    return render_template("levy/pledge_close.html", pledge=pledge, title="Close this pledge")


def _application_form() -> forms.ApplicationForm:
    form = forms.ApplicationForm()
    scopes = permissions.coordinator_scopes(current_user)
    form.organisation.choices = [SelectChoice("", "Choose a partner")] + [
        SelectChoice(str(o.id), o.name) for o in queries.organisations()
        if None in scopes or o.id in scopes]
    form.standard.choices = [SelectChoice("", "Choose a standard")] + [
        SelectChoice(str(s.id), f"{s.title} (level {s.level}, {s.reference})")
        for s in db.session.scalars(queries.standards(include_retired=False))]
    return form


def _submit_application(form, pledge: Pledge | None):
    try:
        application = accounts.apply_for_transfer(pledge, accounts.ApplicationData(
            organisation_id=int(form.organisation.data), standard_id=int(form.standard.data),
            apprentices_count=form.apprentices_count.data, amount=form.amount.data,
            planned_start_on=form.planned_start_on.data, reason=form.reason.data or "",
        ), actor=current_user, today=today())
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return None
    db.session.commit()
    flash("Your request has been sent.", "success")
    return redirect(url_for("levy.application", transfer_request_id=application.id))


@bp.route("/pledges/<int:pledge_id>/apply", methods=["GET", "POST"])
@login_required
def pledge_apply(pledge_id: int):
    pledge = get_pledge(pledge_id)
    require(permissions.can_request_transfer(current_user))
    if pledge.status is not PledgeStatus.OPEN:
        flash("This pledge is closed to new applications.", "error")
        return redirect(url_for("levy.pledge", pledge_id=pledge.id))
    form = _application_form()
    if request.method == "GET" and pledge.recipient_organisation_id:
        form.organisation.data = str(pledge.recipient_organisation_id)
    if form.validate_on_submit():
        done = _submit_application(form, pledge)
        if done is not None:
            return done
    return render_template("levy/application_new.html", form=form, pledge=pledge,
                           title="Apply for transferred funds")


@bp.route("/needs/new", methods=["GET", "POST"])
@login_required
def need_new():
    require(permissions.can_request_transfer(current_user))
    form = _application_form()
    if form.validate_on_submit():
        done = _submit_application(form, None)
        if done is not None:
            return done
    return render_template("levy/application_new.html", form=form, pledge=None,
                           title="Ask the levy pool for funds")


@bp.get("/applications/<int:transfer_request_id>")
@login_required
def application(transfer_request_id: int):
    application = get_application(transfer_request_id)
    linked = db.session.scalars(
        select(Apprentice).options(joinedload(Apprentice.person))
        .where(Apprentice.transfer_application_id == application.id)).all()
    return render_template(
        "levy/application.html", title="Transfer request", application=application,
        linked=linked, can_decide=permissions.can_decide_transfer_request(current_user, application),
        pool_lead=permissions.is_levy_pool_lead(current_user),
        pool_accounts=queries.accounts_for(current_user) if application.pledge is None else [])


@bp.route("/applications/<int:transfer_request_id>/decide", methods=["GET", "POST"])
@login_required
def application_decide(transfer_request_id: int):
    application = get_application(transfer_request_id, permissions.can_decide_transfer_request)
    form = forms.DecisionForm()
    if form.validate_on_submit():
        try:
            accounts.decide_application(application, approve=form.decision.data == "approve",
                                        note=form.note.data or "", actor=current_user,
                                        today=today())
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"The request is {application.status.label.lower()}.", "success")
            return redirect(url_for("levy.application", transfer_request_id=application.id))
    return render_template("levy/application_decide.html", form=form, application=application,
                           title="Decide a transfer request")
