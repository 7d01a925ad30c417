"""The learning lead's reports as tables and charts, one shape for the page, the CSV and XLSX
downloads and the PDF pack. Figures come from academy.lna.queries (aggregated in SQL); equality
breakdowns are suppressed with academy.reports.suppression."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property

from markupsafe import Markup

from academy.lna import catalogue, gaps, queries
from academy.lna.gaps import LEVEL_NAMES, Change
from academy.lna.models import AssessmentRound
from academy.lna.queries import CHARACTERISTICS, DIMENSIONS, NOT_ANSWERED, Scope
from academy.people.equality import QUESTIONS
from academy.reports import charts
from academy.reports.suppression import share as suppressed_share
from academy.reports.suppression import suppress

# The heatmap shows this many groups, the largest first; every group is in the download.
MAX_HEATMAP_GROUPS = 30
# The page lists this many teams, lowest response rate first; every team is in the download.
MAX_TEAM_ROWS = 100
PRIORITY_CHART_ROWS = 15
HIDDEN = "hidden"

REPORTS = {
    "responses": "Response rates",
    "heatmap": "Gap heatmap",
    "priorities": "Priority list",
    "demand": "Training demand",
    "compare": "Compare rounds",
    "equality": "Equality breakdown",
}


def pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def mean(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


@dataclass
class Table:
    title: str
    headings: list[str]
    rows: list[list]
    numeric: frozenset[int] = frozenset()
    total: list | None = None
    caption: str | None = None
    in_pdf: bool = True  # a chart's figures, too wide for a page, stay on screen and in downloads


@dataclass
class Chart:
    key: str
    figure: charts.Figure

    @cached_property
    def svg(self) -> Markup:
        return Markup(charts.to_svg(self.figure, id_prefix=f"chart-{self.key}"))

    @cached_property
    def png_uri(self) -> str:
        return charts.data_uri(charts.to_png(self.figure))

    def pdf_size(self, max_width: float = 520, max_height: float = 700) -> tuple[int, int]:
        """Width and height in points that fit an A4 page, keeping the proportions."""
        ratio = self.figure.height / self.figure.width
        width = min(max_width, self.figure.width * 0.75)
        if width * ratio > max_height:
            width = max_height / ratio
        return round(width), round(width * ratio)


@dataclass
class Report:
    key: str
    title: str
    round: AssessmentRound
    scope_text: str
    summary: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    export: Table | None = None
    notes: list[str] = field(default_factory=list)
    # Builds the download when it is more than the page shows (every group of a heatmap).
    exporter: Callable[[], Table] | None = None

    def export_table(self) -> Table:
        return self.exporter() if self.exporter is not None else self.export


# Response rates ---------------------------------------------------------------------------

def responses_report(round_: AssessmentRound, scope: Scope, scope_text: str) -> Report:
    by_org = queries.responses(scope, "organisation")
    by_team = queries.responses(scope, "team")
    report = Report("responses", REPORTS["responses"], round_, scope_text)
    invited = sum(r.invited for r in by_org)
    submitted = sum(r.submitted for r in by_org)
    validated = sum(r.validated for r in by_org)
    started = sum(r.started for r in by_org)
    if invited:
        report.summary = [
            f"{submitted:,} of {invited:,} people invited have submitted ({submitted / invited:.0%}); "
            f"{started - submitted:,} have started but not submitted.",
            f"Managers have validated {validated:,} of the {submitted:,} submitted.",
        ]
    headings = ["Invited", "Started", "Submitted", "Response rate", "Validated by manager"]

    def cells(r):
        return [r.invited, r.started, r.submitted, pct(r.rate), r.validated]

    report.tables.append(Table(
        "By organisation", ["Organisation", *headings], [[r.label, *cells(r)] for r in by_org],
        numeric=frozenset(range(1, 6)),
        total=["All", invited, started, submitted, pct(submitted / invited if invited else 0), validated],
    ))
    lowest = sorted(by_team, key=lambda r: (r.rate, -r.invited, r.label))
    report.tables.append(Table(
        "By team, lowest response rate first", ["Team", *headings],
        [[r.label, *cells(r)] for r in lowest[:MAX_TEAM_ROWS]], numeric=frozenset(range(1, 6)),
        caption=(f"The {MAX_TEAM_ROWS} teams with the lowest response rate of {len(by_team):,}; "
                 "the download has every team.") if len(by_team) > MAX_TEAM_ROWS else None,
    ))
    if by_org:
        report.charts.append(Chart("responses", charts.bar_chart(
            [r.label for r in by_org], [100 * r.rate for r in by_org], maximum=100,
            title="Response rate by organisation",
            description="; ".join(f"{r.label}: {r.rate:.0%} of {r.invited:,}" for r in by_org),
        )))
    report.export = Table(
        "Response rates", ["Level", "Group", *headings],
        [["Organisation", r.label, *cells(r)] for r in by_org]
        + [["Team", r.label, *cells(r)] for r in by_team],
    )
    return report


# Gap heatmap ------------------------------------------------------------------------------

def _ordered_competencies(ids) -> list[queries.CompetencyLabel]:
    labels = queries.competency_labels(ids)
    return sorted(labels.values(), key=lambda c: (c.framework, c.code))


def heatmap_report(round_: AssessmentRound, scope: Scope, scope_text: str, dimension: str) -> Report:
    """The largest groups drawn as a heatmap; the download has every group. Only the groups
    drawn are aggregated for the page."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown grouping {dimension!r}")
    groups = [g for g in queries.responses(scope, dimension) if g.submitted]
    shown = sorted(groups, key=lambda g: (-g.submitted, g.label))[:MAX_HEATMAP_GROUPS]
    shown.sort(key=lambda g: g.label.lower())
    cells = queries.gap_cells(scope, dimension, keys=[g.key for g in shown]) if shown else {}
    report = Report("heatmap", f"{REPORTS['heatmap']} by {DIMENSIONS[dimension].lower()}",
                    round_, scope_text)
    competencies = _ordered_competencies(cid for _, cid in cells)
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
            numeric=frozenset(range(1, len(shown) + 1)), in_pdf=False,
        ))
    labels = {g.key: g.label for g in groups}

    def export() -> Table:
        every = queries.gap_cells(scope, dimension)
        by_competency = {c.id: c for c in _ordered_competencies(cid for _, cid in every)}
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


# Priority list ----------------------------------------------------------------------------

def priorities_report(round_: AssessmentRound, scope: Scope, scope_text: str) -> Report:
    rows = queries.priorities(scope)
    labels = queries.competency_labels(r.competency_id for r in rows)
    report = Report("priorities", REPORTS["priorities"], round_, scope_text)
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


# Comparing two rounds ---------------------------------------------------------------------

def comparison_report(round_: AssessmentRound, other: AssessmentRound, scope: Scope,
                      scope_text: str) -> Report:
    before, after = sorted([round_, other], key=lambda r: (r.opens_on, r.id))
    cells = queries.gaps_by_round(scope, [before.id, after.id])
    labels = _ordered_competencies(cid for _, cid in cells)
    report = Report("compare", f"{REPORTS['compare']}: {before.name} and {after.name}", round_,
                    scope_text)
    rows, counts = [], {change: 0 for change in Change}
    for c in labels:
        a, b = cells.get((before.id, c.id)), cells.get((after.id, c.id))
        change = gaps.compare(a.mean if a else None, b.mean if b else None,
                              b.with_gap if b else None)
        counts[change] += 1
        delta = (b.mean - a.mean) if a and b else None
        rows.append((change, delta, [
            c.label, c.framework,
            mean(a.mean) if a else "", pct(a.share) if a else "", a.with_gap if a else "",
            mean(b.mean) if b else "", pct(b.share) if b else "", b.with_gap if b else "",
            "" if delta is None else f"{delta:+.2f}", change.label,
        ]))
    order = [Change.WIDENED, Change.CLOSED, Change.NARROWED, Change.NEW, Change.DROPPED,
             Change.UNCHANGED]
    rows.sort(key=lambda item: (order.index(item[0]), -(abs(item[1]) if item[1] else 0)))
    report.summary.append(
        f"From {before.name} to {after.name}: {counts[Change.CLOSED]} gaps closed, "
        f"{counts[Change.NARROWED]} narrowed, {counts[Change.WIDENED]} widened, "
        f"{counts[Change.UNCHANGED]} unchanged; {counts[Change.NEW]} competencies asked only in "
        f"the later round and {counts[Change.DROPPED]} only in the earlier.")
    headings = ["Competency", "Framework", f"Mean gap, {before.name}", f"Share with a gap, {before.name}",
                f"People with a gap, {before.name}", f"Mean gap, {after.name}",
                f"Share with a gap, {after.name}", f"People with a gap, {after.name}",
                "Change in mean gap", "What happened"]
    report.tables.append(Table("Widened first, then closed and narrowed", headings,
                               [r for _, _, r in rows], numeric=frozenset(range(2, 9))))
    report.notes.append(f"A mean gap that moves by less than {gaps.CHANGE_TOLERANCE} levels counts "
                        "as unchanged; closed means nobody has a gap any more.")
    report.export = Table("Comparison", headings, [r for _, _, r in rows])
    return report


# Equality breakdowns ----------------------------------------------------------------------

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
    report = Report("equality", f"{REPORTS['equality']}: {label}", round_, scope_text)
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
    competencies = _ordered_competencies(cid for _, cid in gap_cells)
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
            page_rows, numeric=frozenset(range(1, len(answers) + 1)), in_pdf=False))
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


# Training demand --------------------------------------------------------------------------

@dataclass(frozen=True)
class DemandLine:
    competency: queries.CompetencyLabel
    required_level: int
    people: int
    courses: list
    places_scheduled: int
    places_free: int
    interest: int
    chosen: object | None

    @property
    def shortfall(self) -> int:
        return max(self.people - self.places_free, 0)

    @property
    def cost(self) -> Decimal | None:
        if self.chosen is None:
            return None
        return Decimal(self.chosen.cost_per_place or 0) * self.shortfall


def _cheapest(options: list):
    """The course to commission extra places on: the cheapest per place, then the one with
    most free places, then the lowest id (so the choice is stable)."""
    return min(options, key=lambda o: (Decimal(o.cost_per_place or 0), -int(o.places_free),
                                       o.course_id))


def demand_report(round_: AssessmentRound, scope: Scope, scope_text: str, *, now: datetime,
                  months: int) -> Report:
    until = catalogue.horizon(now, months)
    groups = queries.gap_groups(scope)
    offers = queries.covering_courses(scope, now, until)
    labels = queries.competency_labels(g.competency_id for g in groups)
    by_group: dict[tuple[int, int], list] = {}
    for offer in offers:
        by_group.setdefault((offer.competency_id, offer.required_level), []).append(offer)
    lines: list[DemandLine] = []
    for group in groups:
        options = by_group.get((group.competency_id, group.required_level), [])
        lines.append(DemandLine(
            labels[group.competency_id], group.required_level, group.people, options,
            sum(int(o.places_scheduled) for o in options), sum(int(o.places_free) for o in options),
            sum(int(o.interest) for o in options), _cheapest(options) if options else None,
        ))
    lines.sort(key=lambda line: (-line.shortfall, -line.people, line.competency.code,
                                 line.required_level))
    covered = [line for line in lines if line.chosen is not None]
    uncovered = [line for line in lines if line.chosen is None]
    report = Report("demand", REPORTS["demand"], round_, scope_text)
    total_cost = sum((line.cost for line in covered), Decimal("0"))
    report.summary = [
        f"{sum(line.people for line in lines):,} gaps in {len(lines):,} competency and level "
        f"pairs; courses in the catalogue cover {len(covered):,} of them.",
        f"Free places on sessions in the next {months} months leave a shortfall of "
        f"{sum(line.shortfall for line in covered):,} places, costing £{total_cost:,.2f} at "
        "each shortfall's cheapest course.",
        f"{len(uncovered):,} needs have no course that reaches the level required: commission "
        "them.",
    ]
    headings = ["Competency", "Level required", "People with the gap", "Courses that develop it",
                "Places scheduled", "Places free", "Registered interest", "Shortfall",
                "Cheapest course", "Cost per place", "Cost of the shortfall"]
    rows = [
        [line.competency.label, f"{line.required_level} {LEVEL_NAMES[line.required_level]}",
         line.people, "; ".join(f"{o.title} ({o.course_code})" for o in line.courses),
         line.places_scheduled, line.places_free, line.interest, line.shortfall,
         line.chosen.title, Decimal(line.chosen.cost_per_place or 0), line.cost]
        for line in covered
    ]
    report.tables.append(Table("Gaps a course covers, largest shortfall first", headings, rows,
                               numeric=frozenset({2, 4, 5, 6, 7, 9, 10}),
                               total=["All", "", sum(line.people for line in covered), "",
                                      "", "", "", sum(line.shortfall for line in covered), "", "",
                                      total_cost]))
    chosen = {(line.competency.id, line.required_level): line.chosen.course_id for line in covered}
    people = queries.people_per_course(scope, chosen)
    per_course: dict[int, dict] = {}
    for line in covered:
        entry = per_course.setdefault(line.chosen.course_id, {
            "course": line.chosen, "competencies": [], "people": people.get(line.chosen.course_id, 0)})
        entry["competencies"].append(line.competency.code)
    course_rows = []
    for entry in sorted(per_course.values(), key=lambda e: -e["people"]):
        course = entry["course"]
        shortfall = max(entry["people"] - int(course.places_free), 0)
        cost = Decimal(course.cost_per_place or 0)
        course_rows.append([f"{course.title} ({course.course_code})", ", ".join(entry["competencies"]),
                            entry["people"], int(course.places_scheduled), int(course.places_free),
                            shortfall, cost, cost * shortfall])
    report.tables.append(Table(
        "By course: people who need each course once", ["Course", "Competencies it meets",
                                                         "People", "Places scheduled", "Places free",
                                                         "Shortfall", "Cost per place",
                                                         "Cost of the shortfall"],
        course_rows, numeric=frozenset({2, 3, 4, 5, 6, 7}),
        caption="Each gap is met by its cheapest course; a person who needs a course for several "
                "competencies counts once."))
    report.tables.append(Table(
        "Commissioning needs: no course reaches the level required",
        ["Competency", "Framework", "Level required", "People with the gap"],
        [[line.competency.label, line.competency.framework,
          f"{line.required_level} {LEVEL_NAMES[line.required_level]}", line.people]
         for line in sorted(uncovered, key=lambda line: -line.people)],
        numeric=frozenset({3})))
    report.notes.append(
        "Places free are the places not yet booked on sessions starting in the period; a course "
        "that develops several competencies counts under each of them in the first table.")
    report.export = Table(
        "Training demand", ["Covered by a course", *headings],
        [["Yes", *row] for row in rows]
        + [["No: commission", line.competency.label,
            f"{line.required_level} {LEVEL_NAMES[line.required_level]}", line.people, "", "", "",
            "", line.people, "", "", ""] for line in uncovered],
    )
    return report
