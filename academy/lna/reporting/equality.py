"""Equality breakdowns: response rates and gaps by an equality characteristic, published
through the disclosure control (academy.reports.disclosure)."""

from __future__ import annotations

from dataclasses import replace

from academy.lna import queries
from academy.lna.models import AssessmentRound
from academy.lna.queries import CHARACTERISTICS, NOT_ANSWERED, Scope
from academy.lna.reporting.shapes import Chart, Report, Table, mean, ordered_competencies, pct
from academy.people.equality import QUESTIONS
from academy.reports import charts
from academy.reports.disclosure import (
    DEFAULT_MINIMUM_POPULATION,
    PopulationTooSmall,
    check_population,
    publish_family,
)
from academy.reports.disclosure import share as suppressed_share

HIDDEN = "hidden"
TITLE = "Equality breakdown"
DIMENSIONS = ("organisation", "staff_group")
NOT_COMBINED = (
    "Equality figures are given for everyone you can see, for one organisation or for one staff "
    "group: not for a team, a job role or an organisation and a staff group together, because "
    "comparing such narrow choices with wider ones could reveal a few people's answers.")
FILTERED_GAPS = ("Gaps by equality answer are shown for everyone you can see only, not for one "
                 "organisation or staff group.")


def _answers(characteristic: str) -> list[tuple[str, str]]:
    return [*QUESTIONS[characteristic][1], (NOT_ANSWERED, "Not answered")]


def _response_table(scope: Scope, characteristic: str, answers, threshold: int,
                    minimum_population: int):
    """The response table of the scope chosen, published with the whole (everyone the reader
    may see) and every organisation's and staff group's table in one family, each part checked
    by the population rule. Raises PopulationTooSmall when the part chosen fails it."""
    whole = replace(scope, organisation_id=None, staff_group=None)

    def table(counts):
        return [[counts.get(a, (0, 0))[1], counts.get(a, (0, 0))[0] - counts.get(a, (0, 0))[1]]
                for a, _ in answers]

    parent = table(queries.equality_responses(whole, characteristic))
    population = sum(map(sum, parent))
    dimensions, refused, refusals = {}, set(), {}
    for dimension in DIMENSIONS:
        by_part: dict = {}
        for (part, answer), counts in queries.equality_responses_by(
                whole, characteristic, dimension).items():
            by_part.setdefault(part, {})[answer] = counts
        dimensions[dimension] = {part: table(counts) for part, counts in sorted(
            by_part.items(), key=lambda item: str(item[0]))}
        for part, rows in dimensions[dimension].items():
            try:
                check_population(sum(map(sum, rows)), population, minimum_population)
            except PopulationTooSmall as refusal:
                refused.add((dimension, part))
                refusals[dimension, part] = refusal
    chosen = (("organisation", scope.organisation_id) if scope.organisation_id else
              ("staff_group", scope.staff_group) if scope.staff_group else None)
    if chosen in refusals:
        raise refusals[chosen]
    family = publish_family(parent, dimensions, threshold, refused=frozenset(refused))
    if chosen is None:
        return family.parent
    shown = family.parts[chosen[0]].get(chosen[1])
    # A part nobody is in: zeros throughout, which tell nothing.
    return shown if shown is not None else publish_family(table({}), {}, threshold).parent


def equality_report(round_: AssessmentRound, scope: Scope, scope_text: str, characteristic: str,
                    threshold: int,
                    minimum_population: int = DEFAULT_MINIMUM_POPULATION) -> Report:
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
    if scope.team_id or scope.job_role_id or (scope.organisation_id and scope.staff_group):
        report.notes.append(NOT_COMBINED)
        report.export = Table(TITLE, [label, "Note"], [["", NOT_COMBINED]])
        return report
    try:
        hidden = _response_table(scope, characteristic, answers, threshold, minimum_population)
    except PopulationTooSmall as refusal:
        report.notes.append(str(refusal))
        report.export = Table(TITLE, [label, "Note"], [["", str(refusal)]])
        return report
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

    gap_cells = {} if scope.organisation_id or scope.staff_group else \
        queries.equality_gaps(scope, characteristic)
    if scope.organisation_id or scope.staff_group:
        report.notes.append(FILTERED_GAPS)
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
