"""Pages for levy accounts: the list, the ledger and its download, the forecast and its
download, recording a declaration."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.people.models import Organisation
from academy.reports.exports import export_response
from academy.talent.apprenticeships import permissions as apprenticeship_permissions
from academy.talent.levy import (
    charts,
    exports,
    forms,
    ledger,
    permissions,
    queries,
    rules,
    services,
)
from academy.talent.levy.models import LevyAccount
from academy.talent.levy.views import bp
from academy.timekeeping import today
from academy.web import as_int, load_or_404, require, submit

DOWNLOADS = ("csv", "xlsx")


@bp.get("/")
@login_required
def accounts_list():
    require(apprenticeship_permissions.can_view_apprenticeships(current_user))
    account_list = queries.accounts_for(current_user)
    now = today()
    return render_template(
        "talent/levy/accounts.html", title="Levy accounts", accounts=account_list,
        forecasts=ledger.forecasts(account_list, now) if account_list else {},
        allowances=services.allowances([a.id for a in account_list], now) if account_list else {},
    )


@bp.get("/accounts/<int:account_id>")
@login_required
def account(account_id: int):
    account = load_or_404(LevyAccount, account_id, permissions.can_view_levy_account)
    now = today()
    found = ledger.ledger(account, now)
    form = forms.LedgerFilterForm(request.args)
    years = found.tax_years()
    form.tax_year.choices = [SelectChoice(str(y), rules.tax_year_label(y)) for y in years]
    form.validate()
    year = as_int(form.tax_year.data) if not form.tax_year.errors else None
    year = year if year in years else rules.tax_year_of(rules.month_of(now))
    form.tax_year.data = str(year)
    rows = [r for r in reversed(found.rows) if rules.tax_year_of(r.month) == year]
    return render_template(
        "talent/levy/account.html", title=f"Levy account: {account.organisation.name}",
        account=account, ledger=found, rows=rows, form=form, year_label=rules.tax_year_label(year),
        allowance=services.allowances([account.id], now)[account.id],
        declarations=ledger.declarations(account)[:12],
        can_manage=permissions.can_manage_levy_account(current_user, account),
    )


def _download(account_id: int, fmt: str) -> LevyAccount:
    """The account whose ledger or forecast is downloaded (404 for a format not offered)."""
    account = load_or_404(LevyAccount, account_id, permissions.can_view_levy_account)
    if fmt not in DOWNLOADS:
        abort(404)
    return account


@bp.get("/accounts/<int:account_id>/ledger.<fmt>")
@login_required
def ledger_export(account_id: int, fmt: str):
    account = _download(account_id, fmt)
    found = ledger.ledger(account, today())
    return export_response(fmt, f"levy-ledger-{account.organisation.short_name}",
                           exports.LEDGER_HEADER, (exports.ledger_row(r) for r in found.rows),
                           "Ledger")


@bp.get("/accounts/<int:account_id>/forecast")
@login_required
def forecast(account_id: int):
    account = load_or_404(LevyAccount, account_id, permissions.can_view_levy_account)
    found = ledger.forecast(account, today())
    return render_template(
        "talent/levy/forecast.html", title=f"Forecast: {account.organisation.name}",
        account=account, forecast=found, chart=charts.forecast_chart(found.rows),
        can_manage=permissions.can_manage_levy_account(current_user, account))


@bp.get("/accounts/<int:account_id>/forecast.<fmt>")
@login_required
def forecast_export(account_id: int, fmt: str):
    account = _download(account_id, fmt)
    found = ledger.forecast(account, today())
    return export_response(fmt, f"levy-forecast-{account.organisation.short_name}",
                           exports.FORECAST_HEADER, (exports.forecast_row(r) for r in found.rows),
                           "Forecast")


@bp.route("/accounts/<int:account_id>/declarations/new", methods=["GET", "POST"])
@login_required
def declaration_new(account_id: int):
    account = load_or_404(LevyAccount, account_id, permissions.can_manage_levy_account)
    form = forms.DeclarationForm()
    if response := submit(
            form, lambda: services.record_declaration(account, form.payroll_month.data,
                                                      form.levy_declared.data,
                                                      actor=current_user, today=today()),
            then=url_for("levy.account", account_id=account.id),
            success=lambda _: f"The levy declared for {form.payroll_month.data:%B %Y} has been "
                              "recorded."):
        return response
    return render_template("talent/levy/declaration_new.html", form=form, account=account,
                           title="Record a levy declaration")


@bp.route("/organisations/<int:organisation_id>/account", methods=["GET", "POST"])
@login_required
def organisation_account(organisation_id: int):
    """Open a levy-paying partner's account, or change the settings of the one it has."""
    organisation = load_or_404(Organisation, organisation_id, permissions.can_keep_levy_account)
    account = queries.account_of(organisation.id)
    form = forms.AccountSettingsForm(obj=account)
    if not form.is_submitted() and account is None:
        form.english_percent.data, form.opened_on.data = Decimal(100), today()
    if account is None:
        def action():
            return services.open_account(organisation.id, english_percent=form.english_percent.data,
                                         opened_on=form.opened_on.data, actor=current_user)
        success = f"A levy account has been opened for {organisation.name}."
    else:
        def action():
            return services.change_account_settings(
                account, english_percent=form.english_percent.data,
                opened_on=form.opened_on.data, actor=current_user)
        success = f"The levy account settings of {organisation.name} have been saved."
    if response := submit(form, action, success=success,
                          then=url_for("people.organisation", organisation_id=organisation.id)):
        return response
    return render_template(
        "talent/levy/account_settings.html", form=form, organisation=organisation,
        account=account,
        title=("Levy account settings: " if account else "Open a levy account: ") + organisation.name)
