"""Equality breakdowns: response rates and gaps by an equality characteristic, small numbers
hidden (academy.reports.suppression)."""

from __future__ import annotations

from academy.lna import queries
from academy.lna.models import AssessmentRound
from academy.lna.queries import CHARACTERISTICS, NOT_ANSWERED, Scope
from academy.lna.reporting.shapes import Chart, Report, Table, mean, ordered_competencies, pct
from academy.people.equality import QUESTIONS
from academy.reports import charts
from academy.reports.suppression import share as suppressed_share
from academy.reports.suppression import suppress

HIDDEN = "hidden"
TITLE = "Equality breakdown"


def _answers(characteristic: str) -> list[tuple[str, str]]:
    return [*QUESTIONS[characteristic][1], (NOT_ANSWERED, "Not answered")]


def equality_report(round_: AssessmentRound, scope: Scope, scope_text: str, characteristic: str,
                    threshold: int) -> Report:
    """Response rates and gaps by an equality characteristic, with small numbers hidden.

    Counts from 1 to the threshold are hidden, and further counts with them (secondary
    suppression) so that none can be worked out from the totals shown. Gaps are shown as
    shares and means only, and only where neither the people with a gap nor those without are
    a hidden small number, so no small count can be recovered from a percentage either.
    """
    if characteristic not in CHARACTERISTICS:
        raise ValueError(f"unknown characteristic {characteristic!r}")
    label = CHARACTERISTICS[characteristic]
    answers = _answers(characteristic)
    report = Report("equality", f"{TITLE}: {label}", round_, scope_text)
    counts = queries.equality_responses(scope, characteristic)
    table = [[counts.get(a, (0, 0))[1], counts.get(a, (0, 0))[0] - counts.get(a, (0, 0))[1]]
             for a, _ in answers]
    hidden = suppress(table, threshold)
    rows, rates = [], []
    for (_, text), cells, total in zip(answers, hidden.cells, hidden.row_totals, strict=True):
        rate = suppressed_share(cells[0], total)
        rows.append([text, total.text, cells[0].text, cells[1].text, rate or HIDDEN])
        rates.append(None if not rate else 100 * cells[0].value / total.value)
    columns = hidden.column_totals
    report.tables.append(Table(
        "Response rate", [label, "Invited", "Responded", "Did not respond", "Response rate"], rows,
        numeric=frozenset({1, 2, 3, 4}),
        total=["Everyone", hidden.total.text, columns[0].text, columns[1].text,
               suppressed_share(columns[0], hidden.total) or HIDDEN],
    ))
    report.charts.append(Chart("equality-responses", charts.bar_chart(
        [text for _, text in answers], rates, maximum=100,
        title=f"Response rate by {label.lower()}",
        description="; ".join(f"{text}: {r[4]}" for (_, text), r in zip(answers, rows, strict=True)),
    )))

    gap_cells = queries.equality_gaps(scope, characteristic)
    competencies = ordered_competencies(cid for _, cid in gap_cells)
    matrix, page_rows, export_rows = [], [], []
    for c in competencies:
        heat_row, page_row = [], [c.label]
        for answer, text in answers:
            cell = gap_cells.get((answer, c.id))
            shown = _safe_gap(cell, threshold)
            if cell is None or not cell.rated:
                heat_row.append(None)
                page_row.append("not asked")
                export_rows.append([text, c.code, c.name, "not asked", ""])
            elif shown is None:
                heat_row.append(charts.HeatCell(None, None, hidden=True))
                page_row.append(HIDDEN)
                export_rows.append([text, c.code, c.name, HIDDEN, HIDDEN])
            else:
                heat_row.append(charts.HeatCell(cell.mean, cell.share))
                page_row.append(f"{cell.mean:.2f} ({cell.share:.0%})")
                export_rows.append([text, c.code, c.name, pct(cell.share), mean(cell.mean)])
        matrix.append(heat_row)
        page_rows.append(page_row)
    if competencies:
        report.charts.append(Chart("equality-heatmap", charts.heatmap(
            [c.label for c in competencies], [text for _, text in answers], matrix,
            title=f"Mean gap and share of people with a gap, by competency and {label.lower()}",
            description=(f"{len(competencies)} competencies by {len(answers)} answers to "
                         f"'{label}'; small numbers are hidden."),
        )))
        report.tables.append(Table(
            "Mean gap (share of people with a gap)", ["Competency", *[t for _, t in answers]],
            page_rows, numeric=frozenset(range(1, len(answers) + 1)), chart_figures=True))
    report.notes.append(
        f"To protect people, counts from 1 to {threshold} show as <{threshold + 1}, and counts "
        "hidden so that a small count cannot be worked out from the totals show as *. A gap "
        f"figure is hidden when {threshold} or fewer people in the group have a gap, or "
        f"{threshold} or fewer have none. Zero is shown as 0.")
    report.export = Table(
        "Equality breakdown",
        [label, "Competency code", "Competency", "Share with a gap", "Mean gap"],
        [[r[0], "", "All (response rate)", r[4], ""] for r in rows]
        + [[r[0], "", "All (invited / responded)", f"{r[1]} / {r[2]}", ""] for r in rows]
        + export_rows,
    )
    return report


def _safe_gap(cell: queries.GapCell | None, threshold: int) -> queries.GapCell | None:
    """The cell, when neither people with a gap nor without one are a small (hidden) number."""
    if cell is None or not cell.rated:
        return None
    without = cell.rated - cell.with_gap
    if 1 <= cell.with_gap <= threshold or 1 <= without <= threshold:
        return None
    return cell
