"""The shape of every LNA report: tables and charts, one shape for the page, the CSV and XLSX
downloads and the PDF pack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup

from academy.lna import queries
from academy.lna.models import AssessmentRound
from academy.reports import charts


def pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def mean(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


# How many columns of figures a page holds at 9 pt, portrait and landscape.
PDF_PORTRAIT_COLUMNS = 7
PDF_MAX_COLUMNS = 12


@dataclass
class Table:
    """A table of a report: `numeric` columns are right-aligned, `money` columns hold pounds
    (Decimal) and are shown with the `money` filter; every other figure as `text` prints it."""

    title: str
    headings: list[str]
    rows: list[list]
    numeric: frozenset[int] = frozenset()
    total: list | None = None
    caption: str | None = None
    money: frozenset[int] = frozenset()
    # A chart's figures as a table: folded away under the chart on the page and, too wide for
    # a page, left out of the PDF; the downloads have them.
    chart_figures: bool = False

    @property
    def in_pdf(self) -> bool:
        return not self.chart_figures

    def pdf_parts(self, max_columns: int = PDF_MAX_COLUMNS) -> list[Table]:
        """The table as printed: when it has more figures than a landscape page holds at 9 pt,
        several tables of at most max_columns columns, each repeating the first (the row's name)."""
        if len(self.headings) <= max_columns:
            return [self]
        step = max_columns - 1
        parts = []
        for start in range(1, len(self.headings), step):
            columns = [0, *range(start, min(start + step, len(self.headings)))]
            parts.append(Table(
                f"{self.title} ({len(parts) + 1})", [self.headings[i] for i in columns],
                [[row[i] for i in columns] for row in self.rows],
                numeric=frozenset(n for n, i in enumerate(columns) if i in self.numeric),
                total=[self.total[i] for i in columns] if self.total else None,
                caption=self.caption, money=frozenset(n for n, i in enumerate(columns) if i in self.money)))
        return parts

    @property
    def pdf_wide(self) -> bool:
        """Printed on a landscape page: more columns than a portrait page holds at 9 pt."""
        return len(self.headings) > PDF_PORTRAIT_COLUMNS

    @staticmethod
    def text(value) -> str:
        """A figure as printed: whole numbers with thousands separated, yes or no, blank for none."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, int):
            return f"{value:,}"
        if isinstance(value, float):
            return f"{value:,.2f}"
        return str(value)


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

    @property
    def pdf_tables(self) -> list[Table]:
        return [part for t in self.tables if t.in_pdf for part in t.pdf_parts()]

    @property
    def pdf_wide(self) -> bool:
        """Printed on landscape pages: one of its printed tables is too wide for portrait."""
        return any(t.pdf_wide for t in self.pdf_tables)

    def export_table(self) -> Table:
        return self.exporter() if self.exporter is not None else self.export


def ordered_competencies(ids) -> list[queries.CompetencyLabel]:
    labels = queries.competency_labels(ids)
    return sorted(labels.values(), key=lambda c: (c.framework, c.code))
