"""Small-number suppression for tables of counts, so no person can be picked out of a report.

Primary suppression hides every count from 1 to the threshold (zero is shown as zero). Secondary
suppression then hides more counts until no hidden count can be worked out from what is shown:
neither exactly from the row and column totals (linear algebra over the published sums), nor by
narrowing its range to one value (a hidden small count is known to lie between 1 and the
threshold, a cell hidden to protect it to be above it), checked in the end by linear programming
over everything shown. Pure: plain lists in, plain values out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass(frozen=True)
class Shown:
    """One published count: its value, or None when hidden, and the text to print."""

    value: int | None
    text: str

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class SuppressedTable:
    cells: list[list[Shown]]
    row_totals: list[Shown] | None      # None when the table publishes no row totals
    column_totals: list[Shown] | None
    total: Shown | None
    threshold: int

    @property
    def hidden_count(self) -> int:
        entries = [c for row in self.cells for c in row]
        entries += (self.row_totals or []) + (self.column_totals or [])
        entries += [self.total] if self.total else []
        return sum(1 for e in entries if e.hidden)


def share(part: Shown, whole: Shown | None) -> str:
    """A percentage of two shown counts; empty when either is hidden (no share of a hidden count)."""
    if whole is None or part.hidden or whole.hidden or not whole.value:
        return ""
    return f"{100 * part.value / whole.value:.0f}%"


def suppress(table: Sequence[Sequence[int]], threshold: int, *, row_totals: bool = True,
             column_totals: bool = True) -> SuppressedTable:
    """Hide small counts in a table of non-negative whole counts, and whatever would reveal them.

    row_totals and column_totals say which totals the report publishes (a totals column that
    adds up unlike things, say apprentices and the whole workforce, is not published). Hidden
    cells from 1 to the threshold print as "<threshold+1"; cells hidden to protect them, and
    hidden totals, print as "*".
    Raises ValueError on a ragged table, a negative count or a negative threshold.
    """
    if threshold < 0:
        raise ValueError("the threshold must not be negative")
    rows = [list(r) for r in table]
    width = len(rows[0]) if rows else 0
    if any(len(r) != width for r in rows):
        raise ValueError("every row must have the same number of columns")
    for row in rows:
        for value in row:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"counts must be non-negative whole numbers, not {value!r}")
    grid = _Grid(rows, threshold, row_totals, column_totals)
    grid.protect()
    return grid.result()


class _System:
    """Published entries linked by sums: each equation lists entries whose members add up to
    its last one. Entries not published are unknowns a reader could fill with anything; totals
    are the entries that are sums of others. Tables of one population, of its parts and of their
    margins are all such systems, so one engine protects a single table and a family of them."""

    # Past this many entries the next count to hide is chosen by size alone: weighing every
    # candidate by what hiding it would leave workable costs a linear-algebra pass each.
    WEIGHED_UP_TO = 200

    def __init__(self, values, published, totals, equations, threshold):
        self.values: dict = dict(values)
        self.published: set = set(published)
        self.totals: set = set(totals)
        self.equations: list[list] = [list(e) for e in equations]
        self.threshold = threshold
        self.hidden: dict = {
            key: PRIMARY for key in self.published if 1 <= self.values[key] <= threshold
        }

    def is_total(self, key) -> bool:
        return key in self.totals

    # What a reader knows about an unknown entry: a range. A hidden small cell prints "<5": 1 to
    # the threshold. Any other hidden cell prints "*" and is above the threshold (only larger
    # cells are hidden to protect others). A hidden total prints "*" and is at least 1 (zero is
    # never hidden). What the table does not publish could be anything.
    def bounds(self, key) -> tuple[int, float]:
        if key not in self.published:
            return 0, float("inf")
        if self.is_total(key):
            return 1, float("inf")
        if self.hidden.get(key) == PRIMARY:
            return 1, self.threshold
        return self.threshold + 1, float("inf")

    def unknown(self, key) -> bool:
        return key in self.hidden or key not in self.published

    def protect(self) -> None:
        """Hide one more count at a time until nothing hidden can be worked out.

        Each step hides a positive shown count from a sum that gives a hidden one away, choosing
        the one that leaves the fewest hidden counts workable (so a lone small count takes a
        rectangle of neighbours with it rather than a whole row), then a cell before a total,
        then the smallest.
        """
        while True:
            exposed = self.exposures() or self.audit()
            if not exposed:
                return
            if len(self.values) > self.WEIGHED_UP_TO:
                # A family of tables: protect every exposed count in this step, each with the
                # smallest shown cell beside it (a total only when no cell is left).
                picks = {min(c, key=lambda k: (self.is_total(k), self.values[k], k))
                         for c in map(self.candidates, exposed) if c}
                if not picks:
                    return
                for key in picks:
                    self.hidden[key] = SECONDARY
                continue
            candidates = next((c for c in map(self.candidates, exposed) if c), None)
            if not candidates:
                return  # everything beside it is hidden or zero: nothing more to hide
            best = min(candidates, key=lambda k: (
                len(self.exposures_if_hidden(k)), self.is_total(k), self.values[k], k))
            self.hidden[best] = SECONDARY

    def exposures(self) -> list[tuple[int, int]]:
        """The hidden entries that can be worked out from what is shown."""
        unknowns = sorted({k for eq in self.equations for k in eq if self.unknown(k)} | set(self.hidden))
        found = self.pinned_by_range(unknowns) | self.determined(unknowns)
        return [key for key in sorted(self.hidden) if key in found]

    def exposures_if_hidden(self, key) -> list[tuple[int, int]]:
        self.hidden[key] = SECONDARY
        try:
            return self.exposures()
        finally:
            del self.hidden[key]

    def candidates(self, key) -> set[tuple[int, int]]:
        """Positive shown counts in the sums the entry takes part in."""
        return {
            k for equation in self.equations if key in equation
            for k in equation if not self.unknown(k) and self.values[k] > 0
        }

    def pinned_by_range(self, unknowns) -> set[tuple[int, int]]:
        """Narrow each unknown's range through the sums until nothing changes; an entry whose
        range comes down to one value is given away (unless its label alone said so: with a
        threshold of 1, "<2" means 1 by the report's own rule)."""
        low = {k: self.bounds(k)[0] for k in unknowns}
        high = {k: self.bounds(k)[1] for k in unknowns}
        for _ in range(4 * len(self.equations) + 4):
            changed = False
            for equation in self.equations:
                # The members add up to the last entry: sum(sign * x) == 0.
                terms = [(k, -1 if k == equation[-1] else 1) for k in equation]
                known = sum(sign * self.values[k] for k, sign in terms if not self.unknown(k))
                free = [(k, sign) for k, sign in terms if self.unknown(k)]
                if not free:
                    continue
                for k, sign in free:
                    others = [(o, t) for o, t in free if o != k]
                    others_low = sum(low[o] if t > 0 else -high[o] for o, t in others)
                    others_high = sum(high[o] if t > 0 else -low[o] for o, t in others)
                    # sign * x_k = -known - others
                    lo_val, hi_val = -known - others_high, -known - others_low
                    if sign < 0:
                        lo_val, hi_val = -hi_val, -lo_val
                    if lo_val > low[k]:
                        low[k], changed = lo_val, True
                    if hi_val < high[k]:
                        high[k], changed = hi_val, True
            if not changed:
                break
        return {
            k for k in self.hidden
            if low[k] == high[k] and self.bounds(k)[0] != self.bounds(k)[1]
        }

    def audit(self) -> list[tuple[int, int]]:
        """The last word: the smallest and largest value each hidden entry could take, by linear
        programming over everything shown. The sums' matrix is totally unimodular and the bounds
        whole numbers, so these are the whole-number extremes a reader could reach."""
        # NumPy and SciPy load with the first table that needs them, not with the app.
        import numpy as np
        from scipy.optimize import linprog

        unknowns = sorted({k for eq in self.equations for k in eq if self.unknown(k)} | set(self.hidden))
        index = {k: i for i, k in enumerate(unknowns)}
        rows, targets = [], []
        for equation in self.equations:
            row = np.zeros(len(unknowns))
            known = 0
            for k in equation:
                sign = -1 if k == equation[-1] else 1
                if k in index:
                    row[index[k]] += sign
                else:
                    known += sign * self.values[k]
            if row.any():
                rows.append(row)
                targets.append(-known)
        if not rows:
            return []
        bounds = [(low, None if high == float("inf") else high)
                  for low, high in map(self.bounds, unknowns)]
        exposed = []
        for key in sorted(self.hidden):
            if self.bounds(key)[0] == self.bounds(key)[1]:
                continue
            extremes = []
            for sign in (1, -1):
                objective = np.zeros(len(unknowns))
                objective[index[key]] = sign
                solution = linprog(objective, A_eq=np.array(rows), b_eq=np.array(targets),
                                   bounds=bounds, method="highs")
                extremes.append(sign * solution.fun if solution.status == 0 else None)
            if None not in extremes and extremes[1] - extremes[0] < 0.5:
                exposed.append(key)
        return exposed

    def determined(self, unknowns) -> set[tuple[int, int]]:
        """The unknowns the published sums fix exactly: those every solution of the homogeneous
        system leaves at zero. The sums of a table and its margins form a totally unimodular
        matrix, so floating point finds its null space without doubt."""
        import numpy as np

        if not unknowns:
            return set()
        index = {k: i for i, k in enumerate(unknowns)}
        rows = []
        for equation in self.equations:
            row = np.zeros(len(unknowns))
            for k in equation:
                if k in index:
                    row[index[k]] += -1 if k == equation[-1] else 1
            if row.any():
                rows.append(row)
        if not rows:
            return set()
        matrix = np.array(rows)
        _, singular, vt = np.linalg.svd(matrix)
        rank = int((singular > 1e-9).sum())
        null_space = vt[rank:]
        if not len(null_space):
            return set(unknowns)
        free = np.abs(null_space).max(axis=0) > 1e-9
        return {k for k, i in index.items() if not free[i]}

    def shown(self, key) -> Shown:
        kind = self.hidden.get(key)
        if kind == PRIMARY and not self.is_total(key):
            return Shown(None, f"<{self.threshold + 1}")
        if kind is not None:
            return Shown(None, "*")
        value = self.values[key]
        return Shown(value, f"{value:,}")


def table_entries(rows, prefix=()):
    """The entries of a table extended with its totals, keyed prefix + (r, c): (r, width) is row
    r's total, (height, c) column c's, (height, width) the grand total."""
    height, width = len(rows), (len(rows[0]) if rows else 0)
    values = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            values[(*prefix, r, c)] = value
        values[(*prefix, r, width)] = sum(row)
    for c in range(width):
        values[(*prefix, height, c)] = sum(rows[r][c] for r in range(height))
    values[(*prefix, height, width)] = sum(sum(row) for row in rows)
    return values


def table_equations(height, width, prefix=(), *, row_totals=True, column_totals=True):
    key = lambda r, c: (*prefix, r, c)  # noqa: E731
    equations = []
    if row_totals:
        equations += [[key(r, c) for c in range(width + 1)] for r in range(height)]
        equations.append([key(r, width) for r in range(height)] + [key(height, width)])
    if column_totals:
        equations += [[key(r, c) for r in range(height + 1)] for c in range(width)]
        equations.append([key(height, c) for c in range(width)] + [key(height, width)])
    return equations


def published_keys(height, width, prefix=(), *, row_totals=True, column_totals=True):
    key = lambda r, c: (*prefix, r, c)  # noqa: E731
    published = {key(r, c) for r in range(height) for c in range(width)}
    if row_totals:
        published |= {key(r, width) for r in range(height)}
    if column_totals:
        published |= {key(height, c) for c in range(width)}
    if row_totals or column_totals:
        published.add(key(height, width))
    return published


def total_keys(height, width, prefix=()):
    return ({(*prefix, r, width) for r in range(height + 1)}
            | {(*prefix, height, c) for c in range(width + 1)})


def table_result(system: _System, height, width, prefix=(), *, row_totals=True,
                 column_totals=True) -> SuppressedTable:
    key = lambda r, c: (*prefix, r, c)  # noqa: E731
    cells = [[system.shown(key(r, c)) for c in range(width)] for r in range(height)]
    rows = [system.shown(key(r, width)) for r in range(height)] if row_totals else None
    columns = [system.shown(key(height, c)) for c in range(width)] if column_totals else None
    total = system.shown(key(height, width)) if (row_totals or column_totals) else None
    return SuppressedTable(cells, rows, columns, total, system.threshold)


class _Grid(_System):
    """One table extended with its totals; each published sum is one equation."""

    def __init__(self, rows, threshold, row_totals, column_totals):
        self.height, self.width = len(rows), (len(rows[0]) if rows else 0)
        self.has_row_totals, self.has_column_totals = row_totals, column_totals
        h, w = self.height, self.width
        super().__init__(
            table_entries(rows),
            published_keys(h, w, row_totals=row_totals, column_totals=column_totals),
            total_keys(h, w),
            table_equations(h, w, row_totals=row_totals, column_totals=column_totals),
            threshold)

    def result(self) -> SuppressedTable:
        return table_result(self, self.height, self.width, row_totals=self.has_row_totals,
                            column_totals=self.has_column_totals)
