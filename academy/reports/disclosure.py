"""The one disclosure control for aggregates about people: every equality count, share and ratio
a page, chart or download shows is published through here.

The method (the Office for National Statistics' and NHS Digital's practice for small numbers,
made to hold across the several tables one reader can get):

1. Threshold: a count from 1 to the threshold is hidden (printed "<5" for a threshold of 4);
   zero is shown as zero.
2. Population rule: a filtered population, or what is left of its parent population without it,
   of fewer than the minimum people is refused with a message, never tabulated.
3. Linked suppression: a report's table for one population is published together with the
   tables of every filter a reader can choose over the same people (the parent and each of its
   parts, for every way of dividing it). The whole family is suppressed at once as one system of
   sums, so a count hidden in one table cannot be recovered by subtracting another (the
   partnership minus each organisation, all staff groups minus the others). Secondary
   suppression hides further counts until linear programming over everything the family
   publishes leaves every hidden count more than one possible value.
4. No share or ratio is shown where either of its counts is hidden.

Pure: plain counts in, printable figures out (academy.reports.suppression is the engine).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from academy.errors import DomainError
from academy.reports import suppression
from academy.reports.suppression import Shown, SuppressedTable

__all__ = ["Shown", "SuppressedTable", "PopulationTooSmall", "Family", "check_population",
           "publish_table", "publish_family", "share", "ratio", "figure", "Figure",
           "DEFAULT_MINIMUM_POPULATION"]

# The smallest population a filter may tabulate; also the smallest remainder of its parent.
DEFAULT_MINIMUM_POPULATION = 10
PARENT = ""


class PopulationTooSmall(DomainError):
    """A filter would tabulate (or leave out) too few people to publish anything about them."""


def check_population(size: int, parent_size: int, minimum: int) -> None:
    """Refuse a population of fewer than `minimum` people, or one that leaves fewer than that
    of its parent. Raises PopulationTooSmall."""
    if 0 < size < minimum:
        raise PopulationTooSmall(
            f"This choice covers fewer than {minimum} people, so its equality figures are not "
            "shown. Choose a wider group.")
    rest = parent_size - size
    if 0 < rest < minimum:
        raise PopulationTooSmall(
            f"This choice leaves out fewer than {minimum} people, whose figures could be worked "
            "out by comparing it with the whole, so it is not shown. Choose the whole group or a "
            "smaller part of it.")


def publish_table(table: Sequence[Sequence[int]], threshold: int, *, row_totals: bool = True,
                  column_totals: bool = True) -> SuppressedTable:
    """One table on its own: for counts that no other table a reader can get overlaps."""
    return suppression.suppress(table, threshold, row_totals=row_totals,
                                column_totals=column_totals)


@dataclass(frozen=True)
class Family:
    """A parent table and, for each way of dividing its people (a dimension), one table per part.
    Parts of one dimension do not overlap; whoever is in no part forms an unpublished remainder.
    A part in `refused` (failed the population rule) publishes nothing."""

    parent: SuppressedTable
    parts: dict[str, dict[Hashable, SuppressedTable | None]]


def publish_family(parent: Sequence[Sequence[int]],
                   dimensions: Mapping[str, Mapping[Hashable, Sequence[Sequence[int]]]],
                   threshold: int, *, row_totals: bool = True, column_totals: bool = True,
                   refused: frozenset[tuple[str, Hashable]] = frozenset()) -> Family:
    """Suppress a parent table and every part table together, so no hidden count of any of them
    can be worked out from all of them. Raises ValueError when a dimension's parts hold more
    than the parent, or a table is ragged or has a negative count."""
    parent_rows = _rows(parent)
    height, width = len(parent_rows), (len(parent_rows[0]) if parent_rows else 0)
    flags = {"row_totals": row_totals, "column_totals": column_totals}
    values, published, totals, equations = {}, set(), set(), []

    def add(prefix, rows, publish):
        values.update(suppression.table_entries(rows, prefix))
        totals.update(suppression.total_keys(height, width, prefix))
        # Every table's sums hold whether or not it publishes its totals.
        equations.extend(suppression.table_equations(height, width, prefix))
        if publish:
            published.update(suppression.published_keys(height, width, prefix, **flags))

    parent_key = (PARENT, 0)
    add(parent_key, parent_rows, True)
    order: dict[str, list[Hashable]] = {}
    for dimension, parts in dimensions.items():
        order[dimension] = list(parts)
        part_keys = []
        remainder = [list(row) for row in parent_rows]
        for index, (part, table) in enumerate(parts.items(), start=1):
            rows = _rows(table)
            if len(rows) != height or any(len(r) != width for r in rows):
                raise ValueError("every part must have the parent's shape")
            add((dimension, index), rows, (dimension, part) not in refused)
            part_keys.append((dimension, index))
            for r in range(height):
                for c in range(width):
                    remainder[r][c] -= rows[r][c]
        if any(v < 0 for row in remainder for v in row):
            raise ValueError(f"the parts of {dimension!r} hold more than the whole")
        # Whoever is in no part: unknown to a reader, unless there is no one (then every entry
        # is a known zero, as when every member of staff has an organisation).
        add((dimension, 0), remainder, not any(v for row in remainder for v in row))
        part_keys.append((dimension, 0))
        for r in range(height + 1):
            for c in range(width + 1):
                equations.append([(*k, r, c) for k in part_keys] + [(*parent_key, r, c)])
    system = suppression._System(values, published, totals, equations, threshold)
    system.protect()
    result = Family(suppression.table_result(system, height, width, parent_key, **flags), {})
    for dimension, parts in order.items():
        result.parts[dimension] = {
            part: (None if (dimension, part) in refused else suppression.table_result(
                system, height, width, (dimension, index), **flags))
            for index, part in enumerate(parts, start=1)
        }
    return result


def _rows(table: Sequence[Sequence[int]]) -> list[list[int]]:
    rows = [list(r) for r in table]
    width = len(rows[0]) if rows else 0
    if any(len(r) != width for r in rows):
        raise ValueError("every row must have the same number of columns")
    for row in rows:
        for value in row:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"counts must be non-negative whole numbers, not {value!r}")
    return rows


def share(part: Shown, whole: Shown | None) -> str:
    """A percentage of two shown counts; empty when either is hidden."""
    return suppression.share(part, whole)


def ratio(numerator: Decimal | None) -> str:
    """A ratio to two places, or empty when it could not be worked out from shown counts."""
    if numerator is None:
        return ""
    return str(numerator.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Figure:
    """A count with its denominator, as printed: hidden counts print as "<5" or "*"."""

    count: str
    of: str
    percent: str
    of_hidden: bool = False
    count_hidden: bool = False


def figure(part: int, whole: int, threshold: int) -> Figure:
    """part of whole, both hidden as needed: the part when it, or the rest, is small; the whole
    (and so the part) when the whole is small."""
    table = publish_table([[part, whole - part]], threshold, row_totals=True, column_totals=False)
    cell, total = table.cells[0][0], table.row_totals[0]
    return Figure(cell.text, total.text, share(cell, total), total.hidden, cell.hidden)
