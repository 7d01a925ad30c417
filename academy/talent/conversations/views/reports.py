"""The career conversations report: counts only, with small numbers hidden; never the notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort, current_app, request
from flask_login import current_user, login_required

from academy.reports.disclosure import publish_table, share
from academy.reports.exports import FORMATS, export_response
from academy.talent.conversations import permissions, queries, rules
from academy.talent.conversations.forms import ReportFilterForm
from academy.talent.conversations.views import reports_bp as bp
from academy.talent.conversations.views.common import render
from academy.timekeeping import utcnow
from academy.web import require


@dataclass
class ShownTable:
    """A count table after suppression, ready for the page and the downloads."""

    title: str
    row_heading: str
    columns: list[str]
    rows: list[tuple[str, list, object]]  # label, shown cells, shown row total
    column_totals: list
    total: object
    share_heading: str | None


def _report_tables() -> tuple[ReportFilterForm, date, date, int, list[ShownTable]]:
    require(permissions.can_view_conversation_reports(current_user))
    form = ReportFilterForm(request.args)
    form.validate()
    today = rules.to_local(utcnow()).date()
    first = form.first.data if form.first.data and not form.first.errors else today - timedelta(days=365)
    last = form.last.data if form.last.data and not form.last.errors else today
    threshold = current_app.config["SUPPRESSION_THRESHOLD"]
    shown = []
    for table in queries.conversation_report(queries.report_scope(current_user), first, last, today):
        if not table.rows:
            shown.append(ShownTable(table.title, table.row_heading, table.columns, [], [], None,
                                    table.share_heading))
            continue
        result = publish_table([counts for _, counts in table.rows], threshold)
        rows = [(label, cells, total) for (label, _), cells, total
                in zip(table.rows, result.cells, result.row_totals, strict=True)]
        shown.append(ShownTable(table.title, table.row_heading, table.columns, rows,
                                result.column_totals, result.total, table.share_heading))
    return form, first, last, threshold, shown


@bp.get("/reports")
@login_required
def report():
    form, first, last, threshold, tables = _report_tables()
    return render("report.html", form=form, first=first, last=last, threshold=threshold,
                  tables=tables, share=share, title="Career conversations: report")


@bp.get("/reports/export")
@login_required
def export():
    _, first, last, _, tables = _report_tables()
    fmt = request.args.get("format", "csv")
    if fmt not in FORMATS:
        abort(404)
    rows = []
    for table in tables:
        for label, cells, total in table.rows:
            rows += [[table.title, label, column, cell.text]
                     for column, cell in zip(table.columns, cells, strict=True)]
            rows.append([table.title, label, "Total", total.text])
        if table.rows:
            rows += [[table.title, "Total", column, cell.text]
                     for column, cell in zip(table.columns, table.column_totals, strict=True)]
            rows.append([table.title, "Total", "Total", table.total.text])
    return export_response(fmt, f"career-conversations-{first.isoformat()}-to-{last.isoformat()}",
                           ["Table", "Group", "Category", "Count"], rows,
                           sheet_title="Career conversations")
