"""Pages for apprentices: the dashboard, the list and its download, registering an apprentice,
the record, and changing it or its status."""

from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from wtforms import SelectChoice

from academy.audit.services import record
from academy.errors import DomainError
from academy.extensions import db
from academy.people.models import User
from academy.reports.exports import export_response
from academy.talent.apprenticeships import (
    exports,
    forms,
    permissions,
    queries,
    rules,
    services,
)
from academy.talent.apprenticeships.models import ApprenticeStatus, FundingSource
from academy.talent.apprenticeships.views import bp
from academy.talent.apprenticeships.views.common import (
    chosen,
    cohort_choices,
    get_apprentice,
    organisation_choices,
)
from academy.talent.levy import ledger
from academy.talent.levy import queries as levy_queries
from academy.talent.levy import rules as levy_rules
from academy.talent.levy import services as levy_services
from academy.timekeeping import today
from academy.web import as_int, require, submit

# Dashboard and lists -------------------------------------------------------------------------

@bp.get("/")
@login_required
def index():
    require(permissions.can_view_apprenticeships(current_user))
    now = today()
    accounts = levy_queries.accounts_for(current_user)
    at_risk = db.session.scalars(queries.apprentices_query(
        current_user, queries.ApprenticeFilters(rag="at_risk")).limit(10)).all()
    years = queries.year_on_year(current_user)
    return render_template(
        "talent/apprenticeships/dashboard.html", title="Apprenticeships",
        headline=queries.headline(current_user, now), at_risk=at_risk,
        forecasts=ledger.forecasts(accounts, now) if accounts else {}, accounts=accounts,
        years=years, start_change=queries.change(years, "starts"),
        completion_change=queries.change(years, "completions"),
        current_year=rules.academic_year(now),
    )


@bp.get("/mine")
@login_required
def mine():
    """The person's own apprenticeship, or the ones that lead on from their role."""
    own = queries.own_apprenticeships(current_user)
    role_name = current_user.job_role.name if current_user.job_role else ""
    next_steps = queries.standards_by_reference(rules.NEXT_STEPS.get(role_name, []))
    return render_template("talent/apprenticeships/mine.html", title="Your apprenticeship",
                           own=own, next_steps=next_steps, role_name=role_name)


def _filters_from(form) -> queries.ApprenticeFilters:
    return queries.ApprenticeFilters(
        q=form.q.data or "",
        organisation_id=chosen(form.organisation),
        status=form.status.data if form.status.data and not form.status.errors else None,
        rag=form.rag.data if form.rag.data and not form.rag.errors else None,
        standard_id=chosen(form.standard),
        cohort_id=chosen(form.cohort),
    )


def _filter_form():
    form = forms.ApprenticeFilterForm(request.args)
    form.organisation.choices = organisation_choices("Any employer")
    form.standard.choices = forms.standard_choices(include_retired=True,
                                                   empty_label="Any standard")
    form.cohort.choices = [SelectChoice("", "Any cohort")] + cohort_choices()[1:]
    form.validate()
    return form


@bp.get("/apprentices")
@login_required
def apprentices():
    require(permissions.can_list_apprentices(current_user))
    form = _filter_form()
    query = queries.apprentices_query(current_user, _filters_from(form))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("talent/apprenticeships/apprentices.html", title="Apprentices",
                           form=form, page=page, export_args=request.args.to_dict())


@bp.get("/apprentices/export.<fmt>")
@login_required
def apprentices_export(fmt: str):
    require(permissions.can_view_apprenticeships(current_user))
    if fmt not in ("csv", "xlsx"):
        abort(404)
    form = _filter_form()
    rows = db.session.scalars(queries.apprentices_query(current_user, _filters_from(form)))
    record(current_user, "apprenticeships.exported", object_type="Apprentice", format=fmt)
    db.session.commit()
    return export_response(fmt, f"apprentices-{today():%Y-%m-%d}", exports.APPRENTICE_HEADER,
                           (exports.apprentice_row(a) for a in rows), "Apprentices")


# Registering and changing an apprentice ------------------------------------------------------

def _find_person(text: str) -> User:
    """The one person the coordinator covers with this e-mail address or employee number.

    Raises DomainError (on the field) when there is none, or more than one."""
    text = text.strip()
    matches = db.session.scalars(
        select(User).where(or_(func.lower(User.email) == text.lower(),
                               User.employee_number == text),
                           queries.scope_clause(current_user, User.employer_id)).limit(2)).all()
    if len(matches) != 1:
        raise DomainError("Nobody you coordinate has that e-mail address or employee number",
                          "person")
    return matches[0]


def _apprentice_data(form) -> services.ApprenticeData:
    return services.ApprenticeData(
        person_id=_find_person(form.person.data).id, standard_id=int(form.standard.data),
        standard_version=form.standard_version.data or "",
        provider_name=form.provider_name.data,
        provider_ukprn=form.provider_ukprn.data.strip(),
        assessment_organisation=form.assessment_organisation.data,
        start_on=form.start_on.data, planned_end_on=form.planned_end_on.data,
        training_price=form.training_price.data,
        assessment_price=form.assessment_price.data,
        funding_source=FundingSource(form.funding_source.data),
        transfer_application_id=as_int(form.transfer_application.data),
        cohort_id=as_int(form.cohort.data), uln=(form.uln.data or "").strip() or None,
        date_of_birth=form.date_of_birth.data,
        ehcp_or_care_leaver=form.ehcp_or_care_leaver.data, prison_leaver=form.prison_leaver.data,
        weekly_hours=form.weekly_hours.data,
    )


@bp.route("/apprentices/new", methods=["GET", "POST"])
@login_required
def apprentice_new():
    require(permissions.can_add_apprentice(current_user))
    form = forms.ApprenticeForm()
    form.standard.choices = forms.standard_choices()
    form.cohort.choices = cohort_choices()
    form.transfer_application.choices = [SelectChoice("", "Not a transfer")] + [
        SelectChoice(str(a.id), f"{a.organisation.short_name}: {a.standard.title}, "
                                f"£{a.amount:,.0f} from {a.planned_start_on:%-d %B %Y}")
        for a in levy_queries.approved_transfers(current_user)]
    if response := submit(
            form, lambda: services.add_apprentice(_apprentice_data(form), actor=current_user,
                                                  today=today()),
            then=lambda apprentice: url_for("apprenticeships.apprentice",
                                            apprentice_id=apprentice.id),
            success=lambda apprentice: f"{apprentice.person.name} is registered as an apprentice."):
        return response
    return render_template("talent/apprenticeships/apprentice_new.html",
                           title="Add an apprentice", form=form)


@bp.get("/apprentices/<int:apprentice_id>")
@login_required
def apprentice(apprentice_id: int):
    apprentice = get_apprentice(apprentice_id)
    now = today()
    if apprentice.user_id != current_user.id:
        record(current_user, "apprenticeships.apprentice_viewed", apprentice,
               subject=apprentice.user_id)
        db.session.commit()
    rule_now = queries.rule_on(now)
    rule_at_start = queries.rule_on(apprentice.start_on)
    age = rules.age_on(apprentice.date_of_birth, apprentice.start_on) if apprentice.date_of_birth else None
    co_investment = None
    if apprentice.funding_source is FundingSource.CO_INVESTMENT:
        percent = rules.co_investment_percent(
            rule_at_start, levy_payer=apprentice.employer.is_levy_payer, age=age,
            ehcp_or_care_leaver=apprentice.ehcp_or_care_leaver,
            employer_staff=queries.employer_staff(apprentice.employer_id))
        co_investment = (percent, *levy_rules.co_investment_split(apprentice.funded_price, percent))
    left_on = apprentice.ended_on if apprentice.status is ApprenticeStatus.STOPPED else None
    incentives = rules.employer_incentives(
        rule_at_start, start=apprentice.start_on, age=age,
        ehcp_or_care_leaver=apprentice.ehcp_or_care_leaver,
        foundation=apprentice.standard.is_foundation, left_on=left_on, today=now)
    qualifies = rules.qualifies_for_payment(apprentice.start_on, left_on,
                                            rule_at_start.qualifying_period_days)
    return render_template(
        "talent/apprenticeships/apprentice.html", title=apprentice.person.name,
        apprentice=apprentice, reviews=queries.reviews_of(apprentice),
        attempts=queries.assessments_of(apprentice), gateway=queries.gateway_done(apprentice),
        gateway_items=rules.GATEWAY_ITEMS, schedule=levy_services.schedule_for(apprentice),
        posted=levy_queries.posted_payments(apprentice), rule=rule_now,
        co_investment=co_investment, incentives=incentives, qualifies=qualifies,
        planned_to_date=rules.planned_otj_to_date(
            apprentice.planned_otj_hours, apprentice.start_on, apprentice.planned_end_on, now,
            apprentice.breaks),
        review_overdue=bool(apprentice.next_review_due_on and apprentice.next_review_due_on < now
                            and apprentice.status is ApprenticeStatus.LIVE),
        start_rule=rule_at_start, today=now,
        this_month=levy_rules.month_of(now),
        records_from=levy_rules.month_of(apprentice.levy_account.opened_on)
        if apprentice.levy_account else None,
    )


@bp.route("/apprentices/<int:apprentice_id>/edit", methods=["GET", "POST"])
@login_required
def apprentice_edit(apprentice_id: int):
    apprentice = get_apprentice(apprentice_id, permissions.can_manage_apprentice)
    form = forms.ApprenticeEditForm(obj=apprentice if request.method == "GET" else None)
    form.cohort.choices = cohort_choices()
    if request.method == "GET":
        form.cohort.data = str(apprentice.cohort_id or "")
    if response := submit(
            form, lambda: services.update_apprentice(
                apprentice, provider_name=form.provider_name.data,
                provider_ukprn=form.provider_ukprn.data.strip(),
                assessment_organisation=form.assessment_organisation.data,
                cohort_id=as_int(form.cohort.data), actor=current_user, today=today()),
            then=url_for("apprenticeships.apprentice", apprentice_id=apprentice.id),
            success="The apprenticeship has been updated."):
        return response
    return render_template("talent/apprenticeships/apprentice_edit.html", form=form,
                           apprentice=apprentice, title="Change the apprenticeship")


@bp.route("/apprentices/<int:apprentice_id>/status", methods=["GET", "POST"])
@login_required
def apprentice_status(apprentice_id: int):
    apprentice = get_apprentice(apprentice_id, permissions.can_manage_apprentice)
    form = forms.StatusForm()
    allowed = [s for s in ApprenticeStatus
               if s.value in rules.TRANSITIONS[apprentice.status.value]
               and s is not ApprenticeStatus.COMPLETED]
    form.status.choices = [SelectChoice(s.value, s.label) for s in allowed]
    if response := submit(
            form, lambda: services.change_status(
                apprentice, ApprenticeStatus(form.status.data), form.effective_on.data,
                form.reason.data or "", actor=current_user, today=today()),
            then=url_for("apprenticeships.apprentice", apprentice_id=apprentice.id),
            success=lambda _: f"The apprenticeship is now {apprentice.status.label.lower()}."):
        return response
    return render_template("talent/apprenticeships/apprentice_status.html", form=form,
                           apprentice=apprentice, allowed=allowed, title="Change the status")
