"""Reports on apprenticeships: cohorts, starts and completions year on year, representation by
equality characteristics (with small numbers hidden), and the People Board summary as PDF."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from academy.audit.services import record
from academy.errors import DomainError, show_refusal
from academy.extensions import db
from academy.people.models import Organisation
from academy.reports.pdf import render_pdf
from academy.reports.suppression import share, suppress
from academy.talent.apprenticeships import (
    exports,
    forms,
    ledger,
    permissions,
    queries,
    reference,
    rules,
)
from academy.talent.apprenticeships.views import choice_or_none, organisation_choices, require
from academy.timekeeping import today

bp = Blueprint("apprenticeship_reports", __name__, url_prefix="/apprenticeships")


@bp.get("/cohorts")
@login_required
def cohorts():
    require(permissions.can_view_apprenticeships(current_user))
    years = queries.year_on_year(current_user)
    return render_template("apprenticeships/cohorts.html", title="Cohorts",
                           rows=queries.cohort_dashboard(current_user), years=years,
                           start_change=queries.change(years, "starts"),
                           completion_change=queries.change(years, "completions"),
                           current_year=rules.academic_year(today()))


@bp.route("/cohorts/new", methods=["GET", "POST"])
@login_required
def cohort_new():
    require(permissions.can_view_apprenticeships(current_user))
    form = forms.CohortForm()
    form.organisation.choices = (
        [SelectChoice("", "Whole partnership")] if permissions.is_levy_pool_lead(current_user)
        else []) + organisation_choices()
    if form.validate_on_submit():
        try:
            reference.create_cohort(form.name.data, forms.int_or_none(form.organisation.data),
                                   form.starts_on.data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"The cohort {form.name.data} has been opened.", "success")
            return redirect(url_for("apprenticeship_reports.cohorts"))
    return render_template("apprenticeships/cohort_new.html", form=form, title="Open a cohort")


@bp.get("/inclusion")
@login_required
def inclusion():
    require(permissions.can_view_apprenticeships(current_user))
    form = forms.InclusionFilterForm(request.args)
    form.organisation.choices = organisation_choices(
        "Whole partnership" if permissions.is_levy_pool_lead(current_user) else "All your partners")
    form.validate()
    characteristic = form.characteristic.data if form.characteristic.data in queries.CHARACTERISTICS \
        else "ethnicity"
    organisation_id = choice_or_none(form.organisation, form.organisation.data)
    apprentices_by, workforce_by = queries.representation_counts(
        current_user, characteristic, organisation_id)
    categories = queries.categories(characteristic)
    table = suppress([[apprentices_by.get(key, 0), workforce_by.get(key, 0)]
                      for key, _ in categories],
                     current_app.config["SUPPRESSION_THRESHOLD"], row_totals=False)
    rows = [
        (label, cells[0], share(cells[0], table.column_totals[0]),
         cells[1], share(cells[1], table.column_totals[1]))
        for (_, label), cells in zip(categories, table.cells, strict=True)
    ]
    return render_template("apprenticeships/inclusion.html", title="Inclusion", form=form,
                           rows=rows, table=table, characteristic=characteristic,
                           threshold=current_app.config["SUPPRESSION_THRESHOLD"])


@bp.get("/board-summary.pdf")
@login_required
def board_summary():
    require(permissions.can_view_apprenticeships(current_user))
    now = today()
    accounts = queries.accounts_for(current_user)
    forecasts = ledger.forecasts(accounts, now) if accounts else {}
    years = queries.year_on_year(current_user)
    scopes = permissions.coordinator_scopes(current_user)
    scope_name = ("the Wakefield District Health and Care Partnership" if None in scopes else
                  ", ".join(o.name for o in db.session.scalars(
                      select(Organisation).where(Organisation.id.in_(scopes)))))
    pdf = render_pdf(
        "apprenticeships/board_summary.html", headline=queries.headline(current_user, now),
        forecasts=[forecasts[a.id] for a in accounts], years=years, today=now,
        scope_name=scope_name, cohorts=queries.cohort_dashboard(current_user),
        bar_width=exports.bar_width,
    )
    record(current_user, "apprenticeship_reports.board_summary", object_type="Report")
    db.session.commit()
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="apprenticeships-board-summary-{now:%Y-%m-%d}.pdf"')
    return response
