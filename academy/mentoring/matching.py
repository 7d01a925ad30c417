"""The optimal matching of two sides with capacities: most pairs first, then the highest total score.

Pure: NumPy and SciPy in, a list of (row, column) pairs out. Rows are the side that takes one
partner each; columns are the side that may take several (its capacity).

How it is exact. Each column j is copied capacity[j] times, so a capacity becomes a one-to-one
assignment. Every allowed pair is worth BIG + (score - lowest score); a forbidden pair is worth
nothing, which is the same as leaving both unmatched. The assignment problem over the complete
rectangular matrix (scipy.optimize.linear_sum_assignment) then maximises
BIG * (allowed pairs) + (shifted score total). BIG is larger than any possible difference in
shifted score totals, so one more pair always beats any gain in score, and among matchings of the
same size the shift adds the same amount to each, so the score total decides. Forbidden pairs the
assignment had to use to fill its rows are dropped from the answer; they never displace an allowed
pair, because an allowed pair is always worth more than a forbidden one.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment


def _validate(score, capacity, allowed) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    score = np.asarray(score, dtype=float)
    if score.ndim != 2:
        raise ValueError("score must be a two-dimensional array")
    m, n = score.shape
    capacity = np.asarray(capacity)
    if capacity.ndim != 1 or capacity.shape[0] != n:
        raise ValueError(f"capacity must give one number for each of the {n} columns")
    if capacity.size and not np.all(np.equal(np.mod(capacity, 1), 0)):
        raise ValueError("capacities must be whole numbers")
    capacity = capacity.astype(np.int64)
    if np.any(capacity < 0):
        raise ValueError("capacities must not be negative")
    if allowed is None:
        allowed = np.ones((m, n), dtype=bool)
    else:
        allowed = np.asarray(allowed)
        if allowed.shape != (m, n):
            raise ValueError(f"allowed must have the shape of score, {(m, n)}")
        if allowed.dtype != bool:
            raise ValueError("allowed must be a boolean array")
    if np.isnan(score).any():
        raise ValueError("score contains NaN")
    if np.isinf(score[allowed]).any():
        raise ValueError("score is infinite for an allowed pair")
    return score, capacity, allowed


def solve(score, capacity, allowed=None) -> list[tuple[int, int]]:
    """The maximum-cardinality matching of greatest total score.

    score: an m-by-n array (row i, column j); capacity: the n columns' capacities;
    allowed: an optional m-by-n boolean array, False forbidding the pair.
    Returns (i, j) pairs sorted by i: each row at most once, each column at most capacity[j]
    times, allowed pairs only. Raises ValueError for NaN scores or malformed arguments.
    """
    score, capacity, allowed = _validate(score, capacity, allowed)
    m, n = score.shape
    if m == 0 or n == 0:
        return []
    usable = allowed & (capacity > 0)[None, :]
    # Rows and columns with no usable pair can never be matched: leave them out of the problem.
    rows = np.flatnonzero(usable.any(axis=1))
    cols = np.flatnonzero(usable.any(axis=0))
    if rows.size == 0:
        return []
    sub_allowed = usable[np.ix_(rows, cols)]
    sub_score = score[np.ix_(rows, cols)]
    # A column never needs more copies than the rows it could take.
    copies = np.minimum(capacity[cols], sub_allowed.sum(axis=0))
    expand = np.repeat(np.arange(cols.size), copies)

    values = sub_score[sub_allowed]
    shifted = np.where(sub_allowed, sub_score - values.min(), 0.0)
    spread = float(values.max() - values.min())
    most_pairs = min(rows.size, expand.size)
    # One more pair must outweigh the largest possible gain in shifted score from all the others.
    big = most_pairs * spread + 1.0
    worth = np.where(sub_allowed, big + shifted, 0.0)
    chosen_rows, chosen_copies = linear_sum_assignment(worth[:, expand], maximize=True)

    pairs = []
    for r, c in zip(chosen_rows, chosen_copies, strict=True):
        column = expand[c]
        if sub_allowed[r, column]:
            pairs.append((int(rows[r]), int(cols[column])))
    pairs.sort()
    return pairs


def total_score(score, pairs: list[tuple[int, int]]) -> float:
    """The sum of the scores of the given pairs."""
    score = np.asarray(score, dtype=float)
    return float(sum(score[i, j] for i, j in pairs))


def greedy(score, capacity, allowed=None) -> list[tuple[int, int]]:
    """The usual shortcut, for comparison only: take the best remaining allowed pair each time."""
    score, capacity, allowed = _validate(score, capacity, allowed)
    left = capacity.copy()
    taken_rows: set[int] = set()
    candidates = np.argwhere(allowed)
    order = np.argsort(-score[allowed], kind="stable")
    pairs = []
    for k in order:
        i, j = (int(x) for x in candidates[k])
        if i in taken_rows or left[j] <= 0:
            continue
        pairs.append((i, j))
        taken_rows.add(i)
        left[j] -= 1
    pairs.sort()
    return pairs


def solve_keeping(score, capacity, allowed=None, keep=()) -> list[tuple[int, int]]:
    """solve() with some pairs fixed in advance (locked by the coordinator).

    The kept pairs are taken as they are: their rows leave the problem and their columns lose a
    place each; the rest is matched optimally around them. Raises ValueError when the kept pairs
    repeat a row, overfill a column or use a forbidden pair.
    """
    score, capacity, allowed = _validate(score, capacity, allowed)
    m, n = score.shape
    left = capacity.copy()
    kept_rows = set()
    for i, j in keep:
        if i in kept_rows:
            raise ValueError(f"row {i} is kept in two pairs")
        if not allowed[i, j]:
            raise ValueError(f"the kept pair ({i}, {j}) is not allowed")
        left[j] -= 1
        if left[j] < 0:
            raise ValueError(f"column {j} is kept in more pairs than its capacity")
        kept_rows.add(i)
    free_rows = np.array([i for i in range(m) if i not in kept_rows], dtype=np.int64)
    rest = solve(score[free_rows], left, allowed[free_rows]) if free_rows.size else []
    pairs = [(int(i), int(j)) for i, j in keep] + [(int(free_rows[r]), j) for r, j in rest]
    pairs.sort()
    return pairs
