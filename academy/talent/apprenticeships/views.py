"""Pages for apprentices and their delivery: the list, the record, off-the-job hours, reviews,
gateway and assessment."""

from __future__ import annotations

from decimal import Decimal

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from academy.audit.services import record
from academy.errors import DomainError, show_refusal
from academy.extensions import db
from academy.people.models import User
from academy.reports.exports import export_response
from academy.talent import levy
from academy.talent.apprenticeships import (
    exports,
    forms,
    ledger,
    permissions,
    queries,
    rules,
    services,
)
from academy.talent.apprenticeships.models import (
    Apprentice,
    ApprenticeStatus,
    AssessmentAttempt,
    AssessmentResult,
    FundingSource,
    GatewayCheck,
    LevyTransaction,
    OffTheJobEntry,
    OtjBasis,
    ProgressReview,
)
from academy.timekeeping import today

bp = Blueprint("apprenticeships", __name__, url_prefix="/apprenticeships")


def require(allowed: bool) -> None:
    if not allowed:
        abort(403)


def get_apprentice(apprentice_id: int, predicate=permissions.can_view_apprentice) -> Apprentice:
    """Load an apprentice (404) the current user may act on (403)."""
    apprentice = db.session.get(Apprentice, apprentice_id) or abort(404)
    require(predicate(current_user, apprentice))
    return apprentice


def choice_or_none(field, value) -> int | None:
    return forms.int_or_none(value) if value and not field.errors else None


def organisation_choices(empty_label: str | None = None) -> list[SelectChoice]:
    scopes = permissions.coordinator_scopes(current_user)
    choices = [SelectChoice("", empty_label)] if empty_label else []
    return choices + [SelectChoice(str(o.id), o.name) for o in queries.organisations()
                      if None in scopes or o.id in scopes]


def standard_choices(include_retired: bool = False) -> list[SelectChoice]:
    return [SelectChoice("", "Choose a standard")] + [
        SelectChoice(str(s.id), f"{s.title} (level {s.level}, {s.reference})")
        for s in db.session.scalars(queries.standards(include_retired=include_retired))]


def cohort_choices() -> list[SelectChoice]:
    return [SelectChoice("", "No cohort")] + [
        SelectChoice(str(c.id), c.name + (f" ({c.organisation.short_name})" if c.organisation else ""))
        for c in queries.cohorts_for(current_user)]


# Dashboard and lists -------------------------------------------------------------------------

@bp.get("/")
@login_required
def index():
    require(permissions.can_view_apprenticeships(current_user))
    now = today()
    accounts = queries.accounts_for(current_user)
    at_risk = db.session.scalars(queries.apprentices_query(
        current_user, queries.ApprenticeFilters(rag="at_risk")).limit(10)).all()
    years = queries.year_on_year(current_user)
    return render_template(
        "apprenticeships/dashboard.html", title="Apprenticeships",
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
    return render_template("apprenticeships/mine.html", title="Your apprenticeship", own=own,
                           next_steps=next_steps, role_name=role_name)


def _filters_from(form) -> queries.ApprenticeFilters:
    return queries.ApprenticeFilters(
        q=form.q.data or "",
        organisation_id=choice_or_none(form.organisation, form.organisation.data),
        status=form.status.data if form.status.data and not form.status.errors else None,
        rag=form.rag.data if form.rag.data and not form.rag.errors else None,
        standard_id=choice_or_none(form.standard, form.standard.data),
        cohort_id=choice_or_none(form.cohort, form.cohort.data),
    )


def _filter_form():
    form = forms.ApprenticeFilterForm(request.args)
    form.organisation.choices = organisation_choices("Any employer")
    form.standard.choices = [SelectChoice("", "Any standard")] + standard_choices(True)[1:]
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
    return render_template("apprenticeships/apprentices.html", title="Apprentices", form=form,
                           page=page, export_args=request.args.to_dict())


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


@bp.route("/apprentices/new", methods=["GET", "POST"])
@login_required
def apprentice_new():
    require(permissions.can_add_apprentice(current_user))
    form = forms.ApprenticeForm()
    form.standard.choices = standard_choices()
    form.cohort.choices = cohort_choices()
    transfers = queries.approved_transfers(current_user)
    form.transfer_application.choices = [SelectChoice("", "Not a transfer")] + [
        SelectChoice(str(a.id), f"{a.organisation.short_name}: {a.standard.title}, "
                                f"£{a.amount:,.0f} from {a.planned_start_on:%-d %B %Y}")
        for a in transfers]
    if form.validate_on_submit():
        person = _find_person(form.person.data)
        if person is None:
            form.person.errors = ["Nobody you coordinate has that e-mail address or employee number"]
        else:
            try:
                apprentice = services.add_apprentice(services.ApprenticeData(
                    person_id=person.id, standard_id=int(form.standard.data),
                    standard_version=form.standard_version.data or "",
                    provider_name=form.provider_name.data,
                    provider_ukprn=form.provider_ukprn.data.strip(),
                    assessment_organisation=form.assessment_organisation.data,
                    start_on=form.start_on.data, planned_end_on=form.planned_end_on.data,
                    training_price=form.training_price.data,
                    assessment_price=form.assessment_price.data,
                    funding_source=FundingSource(form.funding_source.data),
                    transfer_application_id=forms.int_or_none(form.transfer_application.data),
                    cohort_id=forms.int_or_none(form.cohort.data), uln=(form.uln.data or "").strip() or None,
                    date_of_birth=form.date_of_birth.data,
                    ehcp_or_care_leaver=form.ehcp_or_care_leaver.data,
                    weekly_hours=form.weekly_hours.data,
                ), actor=current_user, today=today())
            except DomainError as error:
                db.session.rollback()
                show_refusal(form, error)
            else:
                db.session.commit()
                flash(f"{person.name} is registered as an apprentice.", "success")
                return redirect(url_for("apprenticeships.apprentice", apprentice_id=apprentice.id))
    return render_template("apprenticeships/apprentice_new.html", title="Add an apprentice",
                           form=form)


def _find_person(text: str) -> User | None:
    """The one person the coordinator covers with this e-mail address or employee number."""
    text = text.strip()
    matches = db.session.scalars(
        select(User).where(or_(func.lower(User.email) == text.lower(),
                               User.employee_number == text),
                           queries.scope_clause(current_user, User.employer_id)).limit(2)).all()
    return matches[0] if len(matches) == 1 else None


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
    reviews = db.session.scalars(select(ProgressReview).where(
        ProgressReview.apprentice_id == apprentice.id).order_by(ProgressReview.held_on.desc())).all()
    attempts = db.session.scalars(select(AssessmentAttempt).where(
        AssessmentAttempt.apprentice_id == apprentice.id).order_by(AssessmentAttempt.booked_for)).all()
    gateway = {c.item for c in db.session.scalars(select(GatewayCheck).where(
        GatewayCheck.apprentice_id == apprentice.id))}
    posted = {(t.month, t.kind.value) for t in db.session.scalars(select(LevyTransaction).where(
        LevyTransaction.apprentice_id == apprentice.id))}
    schedule = (levy.payment_schedule(
        apprentice.funded_price, apprentice.start_on, apprentice.planned_end_on,
        breaks=apprentice.breaks,
        stopped_on=apprentice.ended_on if apprentice.status is ApprenticeStatus.STOPPED else None,
        completed_on=apprentice.ended_on if apprentice.status is ApprenticeStatus.COMPLETED else None,
    ))
    age = rules.age_on(apprentice.date_of_birth, apprentice.start_on) if apprentice.date_of_birth else None
    co_investment = None
    if apprentice.funding_source is FundingSource.CO_INVESTMENT:
        percent = rules.co_investment_percent(
            rule_at_start, levy_payer=apprentice.employer.is_levy_payer, age=age,
            ehcp_or_care_leaver=apprentice.ehcp_or_care_leaver)
        co_investment = (percent, *levy.co_investment_split(apprentice.funded_price, percent))
    return render_template(
        "apprenticeships/apprentice.html", title=apprentice.person.name, apprentice=apprentice,
        reviews=reviews, attempts=attempts, gateway=gateway, gateway_items=rules.GATEWAY_ITEMS,
        schedule=schedule, posted=posted, rule=rule_now, co_investment=co_investment,
        planned_to_date=rules.planned_otj_to_date(
            apprentice.planned_otj_hours, apprentice.start_on, apprentice.planned_end_on, now,
            apprentice.breaks),
        review_overdue=bool(apprentice.next_review_due_on and apprentice.next_review_due_on < now
                            and apprentice.status is ApprenticeStatus.LIVE),
        otj_basis=rule_at_start.otj_basis, OtjBasis=OtjBasis, today=now,
        this_month=levy.month_of(now),
        records_from=levy.month_of(apprentice.levy_account.opened_on)
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
    if form.validate_on_submit():
        try:
            services.update_apprentice(
                apprentice, provider_name=form.provider_name.data,
                provider_ukprn=form.provider_ukprn.data.strip(),
                assessment_organisation=form.assessment_organisation.data,
                cohort_id=forms.int_or_none(form.cohort.data), actor=current_user, today=today())
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("The apprenticeship has been updated.", "success")
            return redirect(url_for("apprenticeships.apprentice", apprentice_id=apprentice.id))
    return render_template("apprenticeships/apprentice_edit.html", form=form,
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
    if form.validate_on_submit():
        try:
            services.change_status(apprentice, ApprenticeStatus(form.status.data),
                                   form.effective_on.data, form.reason.data or "",
                                   actor=current_user, today=today())
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"The apprenticeship is now {apprentice.status.label.lower()}.", "success")
            return redirect(url_for("apprenticeships.apprentice", apprentice_id=apprentice.id))
    return render_template("apprenticeships/apprentice_status.html", form=form,
                           apprentice=apprentice, allowed=allowed, title="Change the status")


@bp.route("/apprentices/<int:apprentice_id>/off-the-job", methods=["GET", "POST"])
@login_required
def off_the_job(apprentice_id: int):
    apprentice = get_apprentice(apprentice_id, permissions.can_log_off_the_job)
    form = forms.OffTheJobForm()
    if form.validate_on_submit():
        try:
            services.log_off_the_job(apprentice, form.worked_on.data, form.hours.data,
                                     form.activity.data, actor=current_user, today=today())
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"{form.hours.data:g} hours of off-the-job training logged.", "success")
            return redirect(url_for("apprenticeships.off_the_job", apprentice_id=apprentice.id))
    entries = db.paginate(
        select(OffTheJobEntry).options(selectinload(OffTheJobEntry.logged_by))
        .where(OffTheJobEntry.apprentice_id == apprentice.id)
        .order_by(OffTheJobEntry.worked_on.desc(), OffTheJobEntry.id.desc()),
        per_page=current_app.config["PAGE_SIZE"], error_out=False)
    planned = rules.planned_otj_to_date(apprentice.planned_otj_hours, apprentice.start_on,
                                        apprentice.planned_end_on, today(), apprentice.breaks)
    return render_template("apprenticeships/off_the_job.html", form=form, apprentice=apprentice,
                           entries=entries, planned_to_date=planned,
                           title="Off-the-job training")


@bp.route("/apprentices/<int:apprentice_id>/off-the-job/<int:otj_entry_id>/delete",
          methods=["GET", "POST"])
@login_required
def off_the_job_delete(apprentice_id: int, otj_entry_id: int):
    apprentice = get_apprentice(apprentice_id, permissions.can_log_off_the_job)
    entry = db.session.get(OffTheJobEntry, otj_entry_id)
    if entry is None or entry.apprentice_id != apprentice.id:
        abort(404)
    if request.method == "POST":
        services.delete_off_the_job(entry, apprentice, actor=current_user, today=today())
        db.session.commit()
        flash("The entry has been deleted.", "success")
        return redirect(url_for("apprenticeships.off_the_job", apprentice_id=apprentice.id))
    return render_template("apprenticeships/off_the_job_delete.html", apprentice=apprentice,
                           entry=entry, title="Delete this off-the-job entry")


@bp.route("/apprentices/<int:apprentice_id>/reviews/new", methods=["GET", "POST"])
@login_required
def review_new(apprentice_id: int):
    apprentice = get_apprentice(apprentice_id, permissions.can_manage_apprentice)
    form = forms.ReviewForm()
    if form.validate_on_submit():
        signed = set(form.signed.data or [])
        try:
            services.record_review(apprentice, services.ReviewData(
                held_on=form.held_on.data,
                employer_representative=form.employer_representative.data,
                provider_representative=form.provider_representative.data,
                apprentice_signed="apprentice" in signed, employer_signed="employer" in signed,
                provider_signed="provider" in signed, progress=form.progress.data or "",
                actions=form.actions.data or "", next_review_on=form.next_review_on.data,
            ), actor=current_user, today=today())
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("The progress review has been recorded.", "success")
            return redirect(url_for("apprenticeships.apprentice", apprentice_id=apprentice.id))
    return render_template("apprenticeships/review_new.html", form=form, apprentice=apprentice,
                           title="Record a progress review")


@bp.route("/apprentices/<int:apprentice_id>/gateway", methods=["GET", "POST"])
@login_required
def gateway(apprentice_id: int):
    apprentice = get_apprentice(apprentice_id, permissions.can_manage_apprentice)
    form = forms.GatewayForm()
    if request.method == "GET":
        form.items.data = [c.item for c in db.session.scalars(select(GatewayCheck).where(
            GatewayCheck.apprentice_id == apprentice.id))]
    if form.validate_on_submit():
        try:
            passed = services.update_gateway(apprentice, set(form.items.data or []),
                                             actor=current_user, today=today())
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash("Gateway reached: the assessment can be booked." if passed
                  else "The gateway checklist has been saved.", "success")
            return redirect(url_for("apprenticeships.apprentice", apprentice_id=apprentice.id))
    return render_template("apprenticeships/gateway.html", form=form, apprentice=apprentice,
                           rule=queries.rule_on(today()), title="Gateway checklist")


@bp.route("/apprentices/<int:apprentice_id>/assessment", methods=["GET", "POST"])
@login_required
def assessment(apprentice_id: int):
    apprentice = get_apprentice(apprentice_id, permissions.can_manage_apprentice)
    booked = db.session.scalar(select(AssessmentAttempt).where(
        AssessmentAttempt.apprentice_id == apprentice.id, AssessmentAttempt.result.is_(None)))
    form = forms.ResultForm() if booked else forms.BookAssessmentForm()
    if not booked and request.method == "GET" and apprentice.assessment_organisation:
        form.organisation.data = apprentice.assessment_organisation
    if form.validate_on_submit():
        try:
            if booked:
                services.record_assessment_result(
                    booked, apprentice, AssessmentResult(form.result.data), form.result_on.data,
                    actor=current_user, today=today())
                message = f"Result recorded: {AssessmentResult(form.result.data).label}."
            else:
                services.book_assessment(apprentice, form.organisation.data, form.booked_for.data,
                                         actor=current_user, today=today())
                message = "The assessment has been booked."
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("apprenticeships.apprentice", apprentice_id=apprentice.id))
    return render_template("apprenticeships/assessment.html", form=form, booked=booked,
                           apprentice=apprentice, rule=queries.rule_on(today()),
                           title="Assessment")


@bp.app_template_filter("plain")
def plain_number(value) -> str:
    return rules.plain(value)


@bp.app_template_filter("gbp")
def whole_pounds(value) -> str:
    """Whole pounds for tables of large sums."""
    if value is None:
        return ""
    return f"£{Decimal(value):,.0f}"
