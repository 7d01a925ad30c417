"""A curious reader with a linear-programming solver: given every number published about the
same people, the smallest and largest value each hidden number could take."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog


@dataclass(frozen=True)
class Published:
    """One published number: the people-level cells it adds up, and what was printed."""

    cells: frozenset
    text: str
    is_total: bool = False


def value_of(text: str) -> int | None:
    text = text.replace(",", "").strip()
    return int(text) if text.isdigit() else None


def pinned(published: list[Published], threshold: int) -> list[tuple[Published, float, float]]:
    """The hidden numbers whose smallest and largest possible values agree (each given with
    them). Fine cells are non-negative; a shown number is exact; "<5" is 1 to the threshold; any
    other hidden cell is above the threshold, a hidden total at least 1."""
    variables = sorted({c for p in published for c in p.cells}, key=repr)
    index = {v: i for i, v in enumerate(variables)}
    equalities, targets, upper_rows, upper = [], [], [], []
    hidden = []
    for item in published:
        row = np.zeros(len(variables))
        for cell in item.cells:
            row[index[cell]] = 1
        value = value_of(item.text)
        if value is not None:
            equalities.append(row)
            targets.append(value)
            continue
        hidden.append((item, row))
        if item.text.startswith("<"):
            low, high = 1, threshold
        else:
            low, high = (1 if item.is_total else threshold + 1), None
        upper_rows.append(-row)
        upper.append(-low)
        if high is not None:
            upper_rows.append(row)
            upper.append(high)
    found = []
    seen = set()
    for item, row in hidden:
        if item.cells in seen:
            continue
        seen.add(item.cells)
        extremes = []
        for sign in (1, -1):
            result = linprog(sign * row,
                             A_eq=np.array(equalities) if equalities else None,
                             b_eq=np.array(targets) if targets else None,
                             A_ub=np.array(upper_rows) if upper_rows else None,
                             b_ub=np.array(upper) if upper else None,
                             bounds=[(0, None)] * len(variables), method="highs")
            extremes.append(sign * result.fun if result.status == 0 else None)
        if None not in extremes and extremes[1] - extremes[0] < 0.5:
            found.append((item, extremes[0], extremes[1]))
    return found
