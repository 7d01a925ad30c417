"""The learning lead's reports: each filtered by scope, on the page with its charts, and as
CSV, XLSX and PDF; the PDF pack has every report of a round for the People Board."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template, request
from flask_login import current_user, login_required
from wtforms import SelectChoice

from academy.audit.services import record
from academy.extensions import db
from academy.lna import listings, permissions
from academy.lna.forms import ReportFilterForm
from academy.lna.models import AssessmentRound
from academy.lna.queries import Scope
from academy.lna.reporting.registry import REPORTS, ReportRequest, ReportSpec
from academy.lna.views import bp
from academy.lna.views.common import get_round
from academy.reports.exports import export_response
from academy.reports.pdf import render_pdf
from academy.timekeeping import utcnow
from academy.web import as_int, commit_keeping_loaded, found_or_404, pdf_response, require

REPORT_FORMATS = ("csv", "xlsx", "pdf")
# A board pack shows the top of each table; the downloads have every row.
PDF_ROWS = 100


@bp.get("/reports")
@login_required
def reports():
    require(permissions.can_use_lna_admin(current_user))
    rounds = listings.opened_rounds(current_user)
    counts = listings.round_counts([r.id for r in rounds],
                                   permissions.report_organisation_ids(current_user))
    return render_template("lna/reports.html", rounds=rounds, counts=counts,
                           reports=REPORTS.values(), title="Learning needs reports")


def _filters(round_: AssessmentRound) -> tuple[ReportFilterForm, Scope, str]:
    """The scope form from the query string, and the scope it describes (within what the reader
    may see)."""
    form = ReportFilterForm(request.args)
    visible = permissions.report_organisation_ids(current_user)
    organisations = listings.report_organisations(round_, visible)
    form.organisation.choices = [SelectChoice("", "All organisations")] + [
        SelectChoice(str(o.id), o.name) for o in organisations]
    organisation_id = as_int(form.organisation.data)
    if organisation_id not in {o.id for o in organisations}:
        organisation_id = None
        form.organisation.data = ""
    teams = listings.teams_of(organisation_id) if organisation_id else []
    form.team.choices = [SelectChoice("", "All teams" if organisation_id else
                                      "Choose an organisation first")] + [
        SelectChoice(str(t.id), t.name) for t in teams]
    team_id = as_int(form.team.data)
    if team_id not in {t.id for t in teams}:
        team_id = None
        form.team.data = ""
    roles = listings.job_roles()
    form.job_role.choices = [SelectChoice("", "All job roles")] + [
        SelectChoice(str(r.id), str(r)) for r in roles]
    job_role_id = as_int(form.job_role.data)
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
    return [r for r in listings.opened_rounds(current_user, besides=round_)
            if permissions.can_view_round_reports(current_user, r)]


def _asked(round_id: int) -> tuple[ReportFilterForm, ReportRequest]:
    """The round (404, then 403 unless the reader may read its reports), the scope form from the
    query string, and what the reports are asked for."""
    round_ = get_round(round_id, permissions.can_view_round_reports)
    form, scope, scope_text = _filters(round_)
    return form, ReportRequest(
        round=round_, scope=scope, scope_text=scope_text, args=request.args, now=utcnow(),
        threshold=current_app.config["SUPPRESSION_THRESHOLD"],
        find_other_rounds=lambda: _other_rounds(round_),
    )


def _spec(report_name: str) -> ReportSpec:
    return found_or_404(REPORTS.get(report_name))


@bp.get("/reports/<int:round_id>/<report_name>")
@login_required
def report(report_name: str, round_id: int):
    spec = _spec(report_name)
    form, asked = _asked(round_id)
    built, options = spec.build(asked)
    page = render_template(
        "lna/report.html", round=asked.round, spec=spec, report=built, form=form,
        options=options, reports=REPORTS.values(), query=request.args.to_dict(),
        formats=REPORT_FORMATS, title=f"{spec.title}: {asked.round.name}",
    )
    if spec.name == "equality":
        # Counts of everyone's equality answers, never one person's: noted, about no one.
        record(current_user, "equality_report.viewed", asked.round, scope=asked.scope_text,
               characteristic=options[0].value if options else None)
        commit_keeping_loaded()
    return page


def _filename(round_: AssessmentRound, name: str) -> str:
    return f"lna-{round_.id}-{name}"


def _pdf(round_: AssessmentRound, reports_: list, scope_text: str, filename: str) -> Response:
    pdf = render_pdf("lna/report_pdf.html", round=round_, reports=reports_, scope_text=scope_text,
                     generated_at=utcnow(), pdf_rows=PDF_ROWS)
    return pdf_response(pdf, f"{filename}.pdf")


@bp.get("/reports/<int:round_id>/<report_name>.<file_format>")
@login_required
def report_export(report_name: str, round_id: int, file_format: str):
    spec = _spec(report_name)
    if file_format not in REPORT_FORMATS:
        abort(404)
    _, asked = _asked(round_id)
    built, _ = spec.build(asked)
    if built is None:
        abort(404)
    record(current_user, "lna.report.downloaded", asked.round, report=spec.name, format=file_format)
    db.session.commit()
    filename = _filename(asked.round, spec.name)
    if file_format == "pdf":
        return _pdf(asked.round, [built], asked.scope_text, filename)
    table = built.export_table()
    return export_response(file_format, filename, table.headings, table.rows,
                           sheet_title=table.title)


@bp.get("/reports/<int:round_id>/pack.pdf")
@login_required
def report_pack(round_id: int):
    """Every report of the round for the scope chosen, with its charts, in one PDF."""
    _, asked = _asked(round_id)
    built = [report for report, _ in (spec.build(asked) for spec in REPORTS.values())
             if report is not None]
    record(current_user, "lna.report.downloaded", asked.round, report="pack", format="pdf")
    db.session.commit()
    return _pdf(asked.round, built, asked.scope_text, _filename(asked.round, "board-pack"))
