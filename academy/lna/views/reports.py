"""The learning lead's reports: each filtered by scope, on the page with its charts, and as
CSV, XLSX and PDF; the PDF pack has every report of a round for the People Board."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from academy.audit.services import record
from academy.extensions import db
from academy.lna import catalogue, listings, permissions, reporting
from academy.lna.blueprint import bp
from academy.lna.forms import ReportFilterForm
from academy.lna.models import AssessmentRound, RoundStatus
from academy.lna.queries import CHARACTERISTICS, DIMENSIONS, Scope
from academy.lna.views.common import get_round, require
from academy.people.models import JobRole, Organisation, Team
from academy.reports.exports import export_response
from academy.reports.pdf import render_pdf
from academy.timekeeping import utcnow

REPORT_FORMATS = ("csv", "xlsx", "pdf")
# A board pack shows the top of each table; the downloads have every row.
PDF_ROWS = 40


@bp.get("/reports")
@login_required
def reports():
    require(permissions.can_use_lna_admin(current_user))
    rounds = db.session.scalars(
        listings.rounds_query(current_user).where(AssessmentRound.status != RoundStatus.DRAFT)
    ).all()
    counts = listings.round_counts([r.id for r in rounds],
                                   permissions.report_organisation_ids(current_user))
    return render_template("lna/reports.html", rounds=rounds, counts=counts,
                           reports=reporting.REPORTS, title="Learning needs reports")


def _int(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _filters(round_: AssessmentRound) -> tuple[ReportFilterForm, Scope, str]:
    """The scope form from the query string, and the scope it describes (within what the reader
    may see)."""
    form = ReportFilterForm(request.args)
    visible = permissions.report_organisation_ids(current_user)
    organisations = select(Organisation).order_by(Organisation.name)
    if visible is not None:
        organisations = organisations.where(Organisation.id.in_(visible))
    if round_.organisations:
        organisations = organisations.where(Organisation.id.in_([o.id for o in round_.organisations]))
    organisations = db.session.scalars(organisations).all()
    form.organisation.choices = [SelectChoice("", "All organisations")] + [
        SelectChoice(str(o.id), o.name) for o in organisations]
    organisation_id = _int(form.organisation.data)
    if organisation_id not in {o.id for o in organisations}:
        organisation_id = None
        form.organisation.data = ""
    teams = db.session.scalars(
        select(Team).where(Team.organisation_id == organisation_id).order_by(Team.name)
    ).all() if organisation_id else []
    form.team.choices = [SelectChoice("", "All teams" if organisation_id else
                                      "Choose an organisation first")] + [
        SelectChoice(str(t.id), t.name) for t in teams]
    team_id = _int(form.team.data)
    if team_id not in {t.id for t in teams}:
        team_id = None
        form.team.data = ""
    roles = db.session.scalars(select(JobRole).order_by(JobRole.name, JobRole.afc_band)).all()
    form.job_role.choices = [SelectChoice("", "All job roles")] + [
        SelectChoice(str(r.id), str(r)) for r in roles]
    job_role_id = _int(form.job_role.data)
    groups = sorted({r.staff_group for r in roles})
    form.staff_group.choices = [SelectChoice("", "All staff groups")] + [
        SelectChoice(g, g) for g in groups]
    staff_group = form.staff_group.data if form.staff_group.data in groups else None
    scope = Scope(
        round_id=round_.id,
        visible_organisation_ids=frozenset(visible) if visible is not None else None,
        organisation_id=organisation_id, team_id=team_id, job_role_id=job_role_id,
        staff_group=staff_group,
    )
    parts = []
    if organisation_id:
        parts.append(next(o.name for o in organisations if o.id == organisation_id))
    elif visible is not None:
        parts.append(", ".join(o.name for o in organisations))
    else:
        parts.append("All organisations")
    if team_id:
        parts.append("team " + next(t.name for t in teams if t.id == team_id) + " and below")
    if job_role_id:
        parts.append(next((str(r) for r in roles if r.id == job_role_id), ""))
    if staff_group:
        parts.append(staff_group)
    return form, scope, "; ".join(parts)


def _other_rounds(round_: AssessmentRound) -> list[AssessmentRound]:
    return [r for r in db.session.scalars(
        listings.rounds_query(current_user).where(AssessmentRound.status != RoundStatus.DRAFT,
                                                  AssessmentRound.id != round_.id))
            if permissions.can_view_round_reports(current_user, r)]


def _choice(name: str, allowed, default):
    value = request.args.get(name, default)
    return value if value in allowed else default


def build_report(name: str, round_: AssessmentRound, scope: Scope, scope_text: str) -> tuple:
    """The report and the extra choices its page offers (grouping, characteristic, ...)."""
    options: dict = {}
    if name == "responses":
        report = reporting.responses_report(round_, scope, scope_text)
    elif name == "heatmap":
        by = _choice("by", DIMENSIONS, "organisation")
        options["by"] = (by, "Group by", [(k, v) for k, v in DIMENSIONS.items()])
        report = reporting.heatmap_report(round_, scope, scope_text, by)
    elif name == "priorities":
        report = reporting.priorities_report(round_, scope, scope_text)
    elif name == "demand":
        months = _choice("months", {str(m) for m in catalogue.HORIZON_CHOICES},
                         str(catalogue.DEFAULT_HORIZON_MONTHS))
        options["months"] = (months, "Sessions starting within",
                             [(str(m), f"{m} months") for m in catalogue.HORIZON_CHOICES])
        report = reporting.demand_report(round_, scope, scope_text, now=utcnow(), months=int(months))
    elif name == "compare":
        others = _other_rounds(round_)
        if not others:
            return None, options
        other_id = _choice("with", {str(r.id) for r in others}, str(others[0].id))
        options["with"] = (other_id, "Compare with", [(str(r.id), r.name) for r in others])
        other = next(r for r in others if str(r.id) == other_id)
        report = reporting.comparison_report(round_, other, scope, scope_text)
    elif name == "equality":
        characteristic = _choice("characteristic", CHARACTERISTICS, "ethnicity")
        options["characteristic"] = (characteristic, "Equality characteristic",
                                     list(CHARACTERISTICS.items()))
        report = reporting.equality_report(round_, scope, scope_text, characteristic,
                                           current_app.config["SUPPRESSION_THRESHOLD"])
    else:
        abort(404)
    return report, options


def _page(name: str, round_id: int):
    round_ = get_round(round_id, permissions.can_view_round_reports)
    form, scope, scope_text = _filters(round_)
    report, options = build_report(name, round_, scope, scope_text)
    query = request.args.to_dict()
    return render_template(
        "lna/report.html", round=round_, report=report, form=form, options=options, name=name,
        reports=reporting.REPORTS, query=query, formats=REPORT_FORMATS,
        title=f"{reporting.REPORTS[name]}: {round_.name}",
    )


@bp.get("/reports/<int:round_id>/responses")
@login_required
def report_responses(round_id: int):
    return _page("responses", round_id)


@bp.get("/reports/<int:round_id>/heatmap")
@login_required
def report_heatmap(round_id: int):
    return _page("heatmap", round_id)


@bp.get("/reports/<int:round_id>/priorities")
@login_required
def report_priorities(round_id: int):
    return _page("priorities", round_id)


@bp.get("/reports/<int:round_id>/demand")
@login_required
def report_demand(round_id: int):
    return _page("demand", round_id)


@bp.get("/reports/<int:round_id>/compare")
@login_required
def report_compare(round_id: int):
    return _page("compare", round_id)


@bp.get("/reports/<int:round_id>/equality")
@login_required
def report_equality(round_id: int):
    return _page("equality", round_id)


def _filename(round_: AssessmentRound, name: str) -> str:
    return f"lna-{round_.id}-{name}"


def _pdf(round_: AssessmentRound, reports_: list, scope_text: str, filename: str) -> Response:
    pdf = render_pdf("lna/report_pdf.html", round=round_, reports=reports_, scope_text=scope_text,
                     generated_at=utcnow(), pdf_rows=PDF_ROWS)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


@bp.get("/reports/<int:round_id>/<any(responses, heatmap, priorities, demand, compare, equality):lna_report>.<any(csv, xlsx, pdf):lna_format>")
@login_required
def report_export(round_id: int, lna_report: str, lna_format: str):
    round_ = get_round(round_id, permissions.can_view_round_reports)
    _, scope, scope_text = _filters(round_)
    report, _ = build_report(lna_report, round_, scope, scope_text)
    if report is None:
        abort(404)
    record(current_user, "lna.report.downloaded", round_, report=lna_report, format=lna_format)
    db.session.commit()
    if lna_format == "pdf":
        return _pdf(round_, [report], scope_text, _filename(round_, lna_report))
    table = report.export_table()
    return export_response(lna_format, _filename(round_, lna_report), table.headings, table.rows,
                           sheet_title=table.title)


@bp.get("/reports/<int:round_id>/pack.pdf")
@login_required
def report_pack(round_id: int):
    """Every report of the round for the scope chosen, with its charts, in one PDF."""
    round_ = get_round(round_id, permissions.can_view_round_reports)
    _, scope, scope_text = _filters(round_)
    built = []
    for name in reporting.REPORTS:
        report, _ = build_report(name, round_, scope, scope_text)
        if report is not None:
            built.append(report)
    record(current_user, "lna.report.downloaded", round_, report="pack", format="pdf")
    db.session.commit()
    return _pdf(round_, built, scope_text, _filename(round_, "board-pack"))

