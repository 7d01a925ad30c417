"""The priority list: competencies ranked by their weighted gap."""

from __future__ import annotations

from academy.lna import gaps, queries
from academy.lna.models import AssessmentRound
from academy.lna.queries import Scope
from academy.lna.reporting.shapes import Chart, Report, Table, mean, pct
from academy.reports import charts

PRIORITY_CHART_ROWS = 15
TITLE = "Priority list"


def priorities_report(round_: AssessmentRound, scope: Scope, scope_text: str) -> Report:
    rows = queries.priorities(scope)
    labels = queries.competency_labels(r.competency_id for r in rows)
    report = Report("priorities", TITLE, round_, scope_text)
    needing = [r for r in rows if r.with_gap]
    report.summary.append(
        "Competencies ranked by their weighted gap: each gap counts "
        f"{gaps.ESSENTIAL_WEIGHT} times when essential to the role ({gaps.DESIRABLE_WEIGHT} when "
        "desirable) and 3, 2 or 1 times for the person's own high, medium or low priority.")
    headings = ["Rank", "Competency", "Framework", "People with a gap", "Share of people rated",
                "Essential gaps", "High priority to them", "Mean gap", "Weighted gap",
                "Preferred way to learn"]

    def line(rank, r):
        c = labels[r.competency_id]
        method = r.favourite_method
        return [rank, c.label, c.framework, r.with_gap, pct(r.with_gap / r.rated if r.rated else 0),
                r.essential_with_gap, r.high_priority, mean(r.mean_gap), r.weighted_total,
                method.label if method else ""]

    table_rows = [line(rank, r) for rank, r in enumerate(needing, start=1)]
    report.tables.append(Table("Largest weighted gaps first", headings, table_rows,
                               numeric=frozenset({0, 3, 4, 5, 6, 7, 8})))
    if needing:
        top = needing[:PRIORITY_CHART_ROWS]
        report.charts.append(Chart("priorities", charts.bar_chart(
            [labels[r.competency_id].label for r in top], [r.weighted_total for r in top],
            unit="", value_texts=[f"{r.weighted_total:,} ({r.with_gap:,} people)" for r in top],
            title=f"The {len(top)} largest weighted gaps",
            description="; ".join(f"{labels[r.competency_id].label}: weighted gap "
                                  f"{r.weighted_total:,}, {r.with_gap:,} people" for r in top),
        )))
    report.export = Table("Priority list", headings, table_rows)
    return report
