"""The gap heatmap: the mean gap and share of people with a gap, by competency and group."""

from __future__ import annotations

from academy.lna import queries
from academy.lna.models import AssessmentRound
from academy.lna.queries import DIMENSIONS, Scope
from academy.lna.reporting.shapes import Chart, Report, Table, mean, ordered_competencies, pct
from academy.reports import charts

# The heatmap shows this many groups, the largest first; every group is in the download.
MAX_HEATMAP_GROUPS = 30
TITLE = "Gap heatmap"


def heatmap_report(round_: AssessmentRound, scope: Scope, scope_text: str, dimension: str) -> Report:
    """The largest groups drawn as a heatmap; the download has every group. Only the groups
    drawn are aggregated for the page."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown grouping {dimension!r}")
    groups = [g for g in queries.responses(scope, dimension) if g.submitted]
    shown = sorted(groups, key=lambda g: (-g.submitted, g.label))[:MAX_HEATMAP_GROUPS]
    shown.sort(key=lambda g: g.label.lower())
    cells = queries.gap_cells(scope, dimension, keys=[g.key for g in shown]) if shown else {}
    report = Report("heatmap", f"{TITLE} by {DIMENSIONS[dimension].lower()}",
                    round_, scope_text)
    competencies = ordered_competencies(cid for _, cid in cells)
    if len(groups) > MAX_HEATMAP_GROUPS:
        report.notes.append(
            f"The heatmap shows the {MAX_HEATMAP_GROUPS} largest of {len(groups):,} groups; "
            "filter the scope to see others. The download has every group.")
    if competencies and shown:
        matrix = [[_heat(cells.get((g.key, c.id))) for g in shown] for c in competencies]
        worst = max(((cells[k].mean, k) for k in cells if cells[k].rated), default=None)
        description = (f"{len(competencies)} competencies by {len(shown)} groups. ")
        if worst:
            group_label = next((g.label for g in groups if g.key == worst[1][0]), "")
            competency = next(c for c in competencies if c.id == worst[1][1])
            description += (f"The largest mean gap is {worst[0]:.2f} levels in {competency.label} "
                            f"for {group_label}.")
        report.summary.append(description)
        report.charts.append(Chart("heatmap", charts.heatmap(
            [c.label for c in competencies], [g.label for g in shown], matrix,
            title=f"Mean gap and share of people with a gap, by competency and "
                  f"{DIMENSIONS[dimension].lower()}",
            description=description,
        )))
        report.tables.append(Table(
            "Mean gap (share of people with a gap)", ["Competency", *[g.label for g in shown]],
            [[c.label, *[_cell_text(cells.get((g.key, c.id))) for g in shown]] for c in competencies],
            numeric=frozenset(range(1, len(shown) + 1)), chart_figures=True,
        ))
    labels = {g.key: g.label for g in groups}

    def export() -> Table:
        every = queries.gap_cells(scope, dimension)
        by_competency = {c.id: c for c in ordered_competencies(cid for _, cid in every)}
        return Table(
            "Gap heatmap",
            [DIMENSIONS[dimension], "Competency code", "Competency", "Framework", "People rated",
             "People with a gap", "Share with a gap", "Mean gap"],
            [
                [labels.get(key, str(key)), by_competency[cid].code, by_competency[cid].name,
                 by_competency[cid].framework, cell.rated, cell.with_gap, pct(cell.share),
                 mean(cell.mean)]
                for (key, cid), cell in sorted(
                    every.items(), key=lambda item: (labels.get(item[0][0], ""),
                                                     by_competency[item[0][1]].code))
            ],
        )

    report.exporter = export
    return report


def _heat(cell: queries.GapCell | None) -> charts.HeatCell | None:
    if cell is None or not cell.rated:
        return None
    return charts.HeatCell(cell.mean, cell.share)


def _cell_text(cell: queries.GapCell | None) -> str:
    if cell is None or not cell.rated:
        return "not asked"
    return f"{cell.mean:.2f} ({cell.share:.0%})"
