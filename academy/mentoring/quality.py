"""How good a matching is: the figures shown on every run, blocking pairs and runner-up alternatives.

Pure: NumPy arrays and index pairs in, plain numbers and lists out.
"""

from __future__ import annotations

import numpy as np

from academy.mentoring.matching import solve, solve_keeping


def _current(score: np.ndarray, capacity, pairs) -> tuple[np.ndarray, np.ndarray]:
    """Each row's matched score (-inf if unmatched) and each column's weakest kept score
    (-inf while it still has a free place)."""
    m, n = score.shape
    row_value = np.full(m, -np.inf)
    by_column: dict[int, list[float]] = {}
    for i, j in pairs:
        row_value[i] = score[i, j]
        by_column.setdefault(j, []).append(score[i, j])
    column_value = np.full(n, -np.inf)
    for j in range(n):
        taken = by_column.get(j, [])
        if len(taken) >= capacity[j] and taken:
            column_value[j] = min(taken)
        elif capacity[j] <= 0:
            column_value[j] = np.inf  # no places: nobody can join
    return row_value, column_value


def blocking_pairs(score, allowed, capacity, pairs) -> list[tuple[int, int]]:
    """Allowed pairs not matched together who would both rather be together.

    Compatibility is mutual, so a row prefers the pair when it scores more than the row's own
    match (or the row is unmatched), and a column when it has a free place or the pair scores more
    than its weakest partner.
    """
    score = np.asarray(score, dtype=float)
    allowed = np.asarray(allowed, dtype=bool)
    capacity = np.asarray(capacity, dtype=np.int64)
    if score.size == 0:
        return []
    row_value, column_value = _current(score, capacity, pairs)
    better = allowed & (score > row_value[:, None]) & (score > column_value[None, :])
    for i, j in pairs:
        better[i, j] = False
    return [(int(i), int(j)) for i, j in np.argwhere(better)]


def alternatives_for_row(score, allowed, pairs, i: int, limit: int = 3) -> list[tuple[int, float]]:
    """The best allowed columns for row i other than its match: the runners-up."""
    score = np.asarray(score, dtype=float)
    current = {j for r, j in pairs if r == i}
    options = [j for j in np.flatnonzero(np.asarray(allowed)[i]) if j not in current]
    options.sort(key=lambda j: (-score[i, j], j))
    return [(int(j), float(score[i, j])) for j in options[:limit]]


def alternatives_for_column(score, allowed, pairs, j: int, limit: int = 3) -> list[tuple[int, float]]:
    """The best allowed rows for column j that are not its partners."""
    score = np.asarray(score, dtype=float)
    current = {i for i, c in pairs if c == j}
    options = [i for i in np.flatnonzero(np.asarray(allowed)[:, j]) if i not in current]
    options.sort(key=lambda i: (-score[i, j], i))
    return [(int(i), float(score[i, j])) for i in options[:limit]]


def figures(
    base, allowed, capacity, pairs, *, row_groups: list[frozenset[str]] | None = None,
    group_names: list[str] | None = None,
) -> dict:
    """The quality figures of one matching, on compatibility without any priority bonus.

    base: rows-by-columns compatibility; row_groups: each row's consented priority groups.
    """
    base = np.asarray(base, dtype=float)
    allowed = np.asarray(allowed, dtype=bool)
    capacity = np.asarray(capacity, dtype=np.int64)
    m, n = base.shape
    places = int(capacity.sum())
    scores = [float(base[i, j]) for i, j in pairs]
    most_possible = len(solve(np.zeros((m, n)), capacity, allowed)) if m and n else 0
    matched_rows = {i for i, _ in pairs}
    matched_columns = {j for _, j in pairs}
    result = {
        "rows": m,
        "columns": n,
        "places": places,
        "pairs": len(pairs),
        "most_possible": most_possible,
        "upper_bound": min(m, places),
        "total_score": round(sum(scores), 2),
        "lowest_score": round(min(scores), 2) if scores else None,
        "mean_score": round(sum(scores) / len(scores), 2) if scores else None,
        "blocking_pairs": len(blocking_pairs(base, allowed, capacity, pairs)),
        "rows_matched": len(matched_rows),
        "columns_matched": len(matched_columns),
        "groups": [],
    }
    if row_groups is not None:
        for name in group_names or sorted({g for groups in row_groups for g in groups}):
            members = [i for i, groups in enumerate(row_groups) if name in groups]
            result["groups"].append({
                "name": name,
                "applicants": len(members),
                "matched": sum(1 for i in members if i in matched_rows),
            })
    return result


def priority_cost(base, bonus, allowed, capacity, keep, priority_rows) -> dict:
    """What the priority bonus buys and what it costs in compatibility.

    Solves with and without the bonus (both keeping the locked pairs) and compares the priority
    rows matched and the total compatibility.
    """
    base = np.asarray(base, dtype=float)
    bonus = np.asarray(bonus, dtype=float)
    without = solve_keeping(base, capacity, allowed, keep)
    with_bonus = solve_keeping(base + bonus[:, None], capacity, allowed, keep)
    priority = set(priority_rows)
    total_without = sum(float(base[i, j]) for i, j in without)
    total_with = sum(float(base[i, j]) for i, j in with_bonus)
    return {
        "priority_matched_with": sum(1 for i, _ in with_bonus if i in priority),
        "priority_matched_without": sum(1 for i, _ in without if i in priority),
        "priority_applicants": len(priority),
        "total_with": round(total_with, 2),
        "total_without": round(total_without, 2),
        "cost": round(total_without - total_with, 2),
        "pairs_changed": len(set(with_bonus) ^ set(without)) // 2,
    }
