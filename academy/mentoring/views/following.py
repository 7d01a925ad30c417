"""The coordinators' pages after publishing: the partnerships, and the evaluation report."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import login_required

from academy.extensions import db
from academy.mentoring import evaluation, outcomes, queries
from academy.mentoring.forms import PartnershipFilterForm
from academy.mentoring.models import FEEDBACK_QUESTIONS, FeedbackStage, PartnershipStatus
from academy.mentoring.views import bp
from academy.mentoring.views.common import get_cohort, known_format
from academy.reports.exports import FORMATS, export_response
from academy.timekeeping import today


@bp.get("/cohorts/<int:cohort_id>/partnerships")
@login_required
def partnerships(cohort_id: int):
    cohort = get_cohort(cohort_id)
    form = PartnershipFilterForm(request.args)
    form.validate()
    page = db.paginate(
        queries.partnerships_query(cohort.id, status=form.status.data or None, q=form.q.data or ""),
        per_page=current_app.config["PAGE_SIZE"], error_out=False,
    )
    stats = queries.partnership_stats([p.id for p in page.items])
    return render_template("mentoring/partnerships.html", cohort=cohort, programme=cohort.programme,
                           form=form, page=page, stats=stats,
                           today=today(), title=f"Partnerships: {cohort.name}")


def _report(cohort):
    programme = cohort.programme
    return evaluation.build_report(
        pairs=outcomes.pair_facts(cohort.id), feedback=outcomes.feedback_totals(cohort.id),
        people=outcomes.person_facts(cohort),
        groups=[programme.partner_label, *programme.priority_groups, programme.leader_label],
        questions=FEEDBACK_QUESTIONS, stages={s.value: s.label for s in FeedbackStage},
        status_labels={s.value: s.label for s in PartnershipStatus},
        duration_months=cohort.duration_months, interval_weeks=cohort.meeting_interval_weeks,
        today=today(), threshold=current_app.config["SUPPRESSION_THRESHOLD"],
    )


@bp.get("/cohorts/<int:cohort_id>/report")
@login_required
def report(cohort_id: int):
    cohort = get_cohort(cohort_id)
    return render_template("mentoring/report.html", cohort=cohort, programme=cohort.programme,
                           report=_report(cohort), outcomes=evaluation.OUTCOMES, formats=FORMATS,
                           title=f"Evaluation: {cohort.name}")


@bp.get("/cohorts/<int:cohort_id>/report.<export_format>")
@login_required
def report_export(cohort_id: int, export_format: str):
    cohort = get_cohort(cohort_id)
    known_format(export_format)
    report = _report(cohort)
    header = ["Section", "Measure", "Group", "Value", "Out of", "Per cent"]
    body = [["Pairs", label, "", count, "", ""] for label, count in report.pairs]
    body.append(["Meetings", "Held", "", report.meetings_held, "", ""])
    body.append(["Meetings", "Expected by the rhythm", "", report.meetings_expected, "", ""])
    body.append(["Meetings", "Pairs meeting the rhythm", "", report.on_rhythm.count,
                 report.on_rhythm.of, report.on_rhythm.percent])
    for row in report.feedback:
        body.append([f"{row.stage} feedback", row.question, "", row.average, row.answers, ""])
    for row in report.outcomes:
        for key, label in evaluation.OUTCOMES.items():
            figure = row.figures[key]
            body.append([f"Outcomes after {row.months} months", label, row.group, figure.count,
                         figure.of, figure.percent])
    return export_response(export_format, f"mentoring-evaluation-{cohort.id}", header, body,
                           "Evaluation")
