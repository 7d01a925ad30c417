"""solve() is exact: the most pairs, then the highest total, checked against independent optima."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from academy.mentoring.matching import greedy, solve, solve_keeping, total_score


def reference(score, capacity, allowed):
    """The optimum by integer programming: first the largest size, then the best total at that size."""
    score = np.asarray(score, dtype=float)
    m, n = score.shape
    cells = [(i, j) for i in range(m) for j in range(n) if allowed[i, j] and capacity[j] > 0]
    if not cells:
        return 0, 0.0
    rows = np.zeros((m, len(cells)))
    cols = np.zeros((n, len(cells)))
    for k, (i, j) in enumerate(cells):
        rows[i, k] = 1
        cols[j, k] = 1
    limits = [LinearConstraint(rows, 0, 1), LinearConstraint(cols, 0, np.asarray(capacity, float))]
    ones = np.ones(len(cells))
    integral = np.ones(len(cells))
    size = milp(-ones, constraints=limits, integrality=integral, bounds=Bounds(0, 1))
    assert size.success
    best = round(-size.fun)
    values = np.array([score[i, j] for i, j in cells])
    weight = milp(
        -values, constraints=[*limits, LinearConstraint(ones, best, best)],
        integrality=integral, bounds=Bounds(0, 1),
    )
    assert weight.success
    return best, -weight.fun


def brute_force(score, capacity, allowed):
    """Every assignment of rows to a column or to nobody, on tiny instances."""
    m, n = score.shape
    best = (0, 0.0)
    for choice in itertools.product(range(-1, n), repeat=m):
        used = np.zeros(n, dtype=int)
        ok = True
        for i, j in enumerate(choice):
            if j < 0:
                continue
            if not allowed[i, j]:
                ok = False
                break
            used[j] += 1
        if not ok or np.any(used > capacity):
            continue
        size = sum(1 for j in choice if j >= 0)
        value = sum(score[i, j] for i, j in enumerate(choice) if j >= 0)
        if (size, value) > (best[0], best[1] + 1e-9):
            best = (size, value)
    return best


def check_valid(pairs, capacity, allowed):
    rows = [i for i, _ in pairs]
    assert len(rows) == len(set(rows)), "a row is matched twice"
    for j, count in Counter(j for _, j in pairs).items():
        assert count <= capacity[j], "a column is over capacity"
    for i, j in pairs:
        assert allowed[i, j], "a forbidden pair was returned"


def random_instance(rng, m, n, *, density, low=-5.0, high=10.0, integer=False, max_capacity=3):
    score = rng.uniform(low, high, size=(m, n))
    if integer:
        score = np.round(score)
    capacity = rng.integers(0, max_capacity + 1, size=n)
    allowed = rng.random((m, n)) < density
    return score, capacity, allowed


@pytest.mark.parametrize("seed", range(60))
def test_matches_the_integer_programming_optimum(seed):
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(1, 14)), int(rng.integers(1, 9))
    score, capacity, allowed = random_instance(
        rng, m, n, density=[0.15, 0.4, 0.8, 1.0][seed % 4], integer=seed % 3 == 0,
        max_capacity=[1, 2, 4][seed % 3],
    )
    pairs = solve(score, capacity, allowed)
    check_valid(pairs, capacity, allowed)
    size, value = reference(score, capacity, allowed)
    assert len(pairs) == size
    assert total_score(score, pairs) == pytest.approx(value, abs=1e-6)


@pytest.mark.parametrize("seed", range(40))
def test_matches_brute_force_on_tiny_instances(seed):
    rng = np.random.default_rng(1000 + seed)
    m, n = int(rng.integers(1, 6)), int(rng.integers(1, 4))
    score, capacity, allowed = random_instance(rng, m, n, density=0.6, max_capacity=2)
    pairs = solve(score, capacity, allowed)
    check_valid(pairs, capacity, allowed)
    size, value = brute_force(score, capacity, allowed)
    assert len(pairs) == size
    assert total_score(score, pairs) == pytest.approx(value, abs=1e-9)


def test_cardinality_beats_score():
    # Row 0 and row 1 both want column 0 (one place); only row 1 can also go to column 1.
    score = np.array([[100.0, 0.0], [99.0, 1.0]])
    allowed = np.array([[True, False], [True, True]])
    assert solve(score, [1, 1], allowed) == [(0, 0), (1, 1)]


def test_a_zero_or_negative_score_still_counts_toward_the_number_of_pairs():
    score = np.array([[0.0, -3.0], [-7.0, -1.0]])
    pairs = solve(score, [1, 1])
    assert len(pairs) == 2 and total_score(score, pairs) == -1.0


def test_forbidden_pairs_are_never_returned_and_do_not_reduce_the_size():
    score = np.array([[50.0, 1.0, 1.0], [50.0, 50.0, 1.0], [50.0, 50.0, 50.0]])
    allowed = np.array([[False, True, False], [True, False, False], [False, False, True]])
    assert solve(score, [1, 1, 1], allowed) == [(0, 1), (1, 0), (2, 2)]


def test_capacity_is_respected_and_used():
    score = np.array([[5.0], [4.0], [3.0], [2.0]])
    assert solve(score, [2]) == [(0, 0), (1, 0)]
    assert solve(score, [10]) == [(0, 0), (1, 0), (2, 0), (3, 0)]


@pytest.mark.parametrize("m, n", [(0, 0), (0, 3), (3, 0)])
def test_empty_problems_have_no_pairs(m, n):
    assert solve(np.zeros((m, n)), np.ones(n, dtype=int)) == []


def test_zero_capacities_and_everything_forbidden_give_no_pairs():
    score = np.ones((3, 2))
    assert solve(score, [0, 0]) == []
    assert solve(score, [1, 1], np.zeros((3, 2), dtype=bool)) == []


def test_more_columns_than_rows_and_more_rows_than_columns():
    rng = np.random.default_rng(5)
    wide = rng.random((3, 8))
    tall = rng.random((8, 3))
    for score in (wide, tall):
        capacity = np.ones(score.shape[1], dtype=int)
        allowed = np.ones(score.shape, dtype=bool)
        size, value = reference(score, capacity, allowed)
        pairs = solve(score, capacity)
        assert len(pairs) == size and total_score(score, pairs) == pytest.approx(value)


def test_nan_is_refused():
    score = np.array([[1.0, np.nan]])
    with pytest.raises(ValueError, match="NaN"):
        solve(score, [1, 1])


@pytest.mark.parametrize("capacity, allowed", [
    ([1], None), ([1, -1], None), ([1.5, 1], None), ([1, 1], np.ones((1, 2))),
    ([1, 1], np.ones((2, 2), dtype=bool)),
])
def test_malformed_arguments_are_refused(capacity, allowed):
    with pytest.raises(ValueError):
        solve(np.ones((1, 2)), capacity, allowed)


def test_greedy_can_be_worse_and_solve_is_not():
    # Greedy takes the 10 first and strands row 1; the optimum matches both.
    score = np.array([[10.0, 9.0], [8.0, 0.0]])
    allowed = np.array([[True, True], [True, False]])
    assert greedy(score, [1, 1], allowed) == [(0, 0)]
    assert solve(score, [1, 1], allowed) == [(0, 1), (1, 0)]


@pytest.mark.parametrize("seed", range(20))
def test_kept_pairs_stay_and_the_rest_is_optimal(seed):
    rng = np.random.default_rng(2000 + seed)
    score, capacity, allowed = random_instance(rng, 9, 5, density=0.6, max_capacity=3)
    capacity = np.maximum(capacity, 1)
    first = solve(score, capacity, allowed)
    keep = first[: len(first) // 2]
    pairs = solve_keeping(score, capacity, allowed, keep)
    check_valid(pairs, capacity, allowed)
    assert set(keep) <= set(pairs)
    # The rest is the optimum of the problem left once the kept pairs are taken out.
    left = capacity.copy()
    for _, j in keep:
        left[j] -= 1
    rest_rows = [i for i in range(9) if i not in {i for i, _ in keep}]
    size, value = reference(score[rest_rows], left, allowed[rest_rows])
    rest = [p for p in pairs if p not in keep]
    assert len(rest) == size
    assert total_score(score, rest) == pytest.approx(value, abs=1e-6)


def test_keeping_a_forbidden_or_overfull_pair_is_refused():
    score = np.ones((2, 1))
    with pytest.raises(ValueError):
        solve_keeping(score, [1], np.array([[False], [True]]), [(0, 0)])
    with pytest.raises(ValueError):
        solve_keeping(score, [1], None, [(0, 0), (1, 0)])


def test_a_large_instance_is_optimal_against_the_linear_programme():
    rng = np.random.default_rng(42)
    score, capacity, allowed = random_instance(rng, 60, 25, density=0.3, max_capacity=4)
    size, value = reference(score, capacity, allowed)
    pairs = solve(score, capacity, allowed)
    assert len(pairs) == size and total_score(score, pairs) == pytest.approx(value, abs=1e-6)
