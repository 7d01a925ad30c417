"""Reports on apprenticeships: cohorts, starts and completions year on year, representation by
equality characteristics (with small numbers hidden), and the People Board summary as PDF."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from academy.audit.services import record
from academy.extensions import db
from academy.people.equality import QUESTIONS
from academy.people.models import Organisation
from academy.reports.disclosure import publish_family, share
from academy.reports.pdf import render_pdf
from academy.talent.apprenticeships import exports, forms, permissions, queries, reference, rules
from academy.talent.apprenticeships.views import reports_bp as bp
from academy.talent.apprenticeships.views.common import chosen, organisation_choices
from academy.talent.levy import ledger
from academy.talent.levy import queries as levy_queries
from academy.timekeeping import today
from academy.web import as_int, pdf_response, require, submit


@bp.get("/cohorts")
@login_required
def cohorts():
    require(permissions.can_view_apprenticeships(current_user))
    years = queries.year_on_year(current_user)
    return render_template("talent/apprenticeships/cohorts.html", title="Cohorts",
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
    if response := submit(
            form, lambda: reference.create_cohort(form.name.data, as_int(form.organisation.data),
                                                  form.starts_on.data, actor=current_user),
            then=url_for("apprenticeship_reports.cohorts"),
            success=lambda _: f"The cohort {form.name.data} has been opened."):
        return response
    return render_template("talent/apprenticeships/cohort_new.html", form=form, title="Open a cohort")


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
    organisation_id = chosen(form.organisation)
    categories = queries.categories(characteristic)
    table = _inclusion_table(characteristic, categories, organisation_id,
                             [as_int(c.value) for c in form.organisation.choices if c.value])
    rows = [
        (label, cells[0], share(cells[0], table.column_totals[0]),
         cells[1], share(cells[1], table.column_totals[1]))
        for (_, label), cells in zip(categories, table.cells, strict=True)
    ]
    return render_template("talent/apprenticeships/inclusion.html", title="Inclusion", form=form,
                           rows=rows, table=table, characteristic=characteristic,
                           characteristic_label=QUESTIONS[characteristic][0],
                           threshold=current_app.config["SUPPRESSION_THRESHOLD"])


def _inclusion_table(characteristic, categories, organisation_id, organisation_ids):
    """The table for the scope chosen, published together with the whole and every partner's
    table (academy.reports.disclosure), so no partner's hidden count is the whole minus the
    others."""
    def table(organisation):
        apprentices_by, workforce_by = queries.representation_counts(
            current_user, characteristic, organisation)
        return [[apprentices_by.get(key, 0), workforce_by.get(key, 0)] for key, _ in categories]

    family = publish_family(
        table(None), {"organisation": {o: table(o) for o in organisation_ids}},
        current_app.config["SUPPRESSION_THRESHOLD"], row_totals=False)
    return family.parts["organisation"][organisation_id] if organisation_id else family.parent


@bp.get("/board-summary.pdf")
@login_required
def board_summary():
    require(permissions.can_view_apprenticeships(current_user))
    now = today()
    accounts = levy_queries.accounts_for(current_user)
    forecasts = ledger.forecasts(accounts, now) if accounts else {}
    years = queries.year_on_year(current_user)
    scopes = permissions.coordinator_scopes(current_user)
    scope_name = ("the Wakefield District Health and Care Partnership" if None in scopes else
                  ", ".join(o.name for o in db.session.scalars(
                      select(Organisation).where(Organisation.id.in_(scopes)))))
    pdf = render_pdf(
        "talent/apprenticeships/board_summary.html", headline=queries.headline(current_user, now),
        forecasts=[forecasts[a.id] for a in accounts], years=years, today=now,
        scope_name=scope_name, cohorts=queries.cohort_dashboard(current_user),
        bar_width=exports.bar_width,
    )
    record(current_user, "apprenticeship_reports.board_summary", object_type="Report")
    db.session.commit()
    return pdf_response(pdf, f"apprenticeships-board-summary-{now:%Y-%m-%d}.pdf")
