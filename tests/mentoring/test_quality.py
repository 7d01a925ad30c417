"""Quality figures: blocking pairs, match rates, runners-up and what a priority bonus costs."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from academy.mentoring import quality
from academy.mentoring.matching import solve


def brute_blocking(score, allowed, capacity, pairs):
    matched = dict(pairs)
    found = []
    for i, j in itertools.product(range(score.shape[0]), range(score.shape[1])):
        if not allowed[i, j] or (i, j) in pairs:
            continue
        row_wants = i not in matched or score[i, j] > score[i, matched[i]]
        partners = [r for r, c in pairs if c == j]
        column_wants = len(partners) < capacity[j] or any(score[i, j] > score[r, j] for r in partners)
        if row_wants and column_wants:
            found.append((i, j))
    return found


@pytest.mark.parametrize("seed", range(25))
def test_blocking_pairs_match_a_direct_count(seed):
    rng = np.random.default_rng(seed)
    score = rng.integers(0, 10, size=(7, 4)).astype(float)
    allowed = rng.random((7, 4)) < 0.7
    capacity = rng.integers(1, 3, size=4)
    pairs = solve(score, capacity, allowed)
    assert quality.blocking_pairs(score, allowed, capacity, pairs) == brute_blocking(
        score, allowed, capacity, pairs)


def test_the_optimum_can_have_a_blocking_pair_and_it_is_counted():
    # Row 0 and column 0 love each other (10); the optimum gives both away to match everyone.
    score = np.array([[10.0, 9.0], [9.0, 0.0]])
    allowed = np.array([[True, True], [True, False]])
    pairs = solve(score, [1, 1], allowed)
    assert pairs == [(0, 1), (1, 0)]
    assert quality.blocking_pairs(score, allowed, [1, 1], pairs) == [(0, 0)]


def test_figures_report_pairs_against_the_most_possible_and_rates_by_group():
    score = np.array([[5.0, 1.0], [4.0, 2.0], [3.0, 3.0]])
    allowed = np.array([[True, False], [True, False], [True, True]])
    pairs = [(0, 0), (2, 1)]
    figures = quality.figures(score, allowed, [1, 1], pairs,
                              row_groups=[frozenset({"A"}), frozenset({"A", "B"}), frozenset()],
                              group_names=["A", "B"])
    assert figures["pairs"] == 2 and figures["most_possible"] == 2 and figures["upper_bound"] == 2
    assert figures["total_score"] == 8.0 and figures["lowest_score"] == 3.0
    assert figures["rows_matched"] == 2 and figures["columns_matched"] == 2
    assert figures["groups"] == [{"name": "A", "applicants": 2, "matched": 1},
                                 {"name": "B", "applicants": 1, "matched": 0}]


def test_runners_up_are_the_best_other_allowed_partners():
    score = np.array([[5.0, 9.0, 7.0, 1.0]])
    allowed = np.array([[True, True, True, False]])
    assert quality.alternatives_for_row(score, allowed, [(0, 1)], 0, limit=2) == [(2, 7.0), (0, 5.0)]
    column = np.array([[1.0], [8.0], [6.0]])
    assert quality.alternatives_for_column(column, np.ones((3, 1), bool), [(1, 0)], 0) == [
        (2, 6.0), (0, 1.0)]


def test_priority_cost_compares_with_and_without_the_bonus():
    # One place; the priority row scores a little less, so the bonus changes who gets it.
    base = np.array([[10.0], [9.0]])
    bonus = np.array([0.0, 2.0])
    cost = quality.priority_cost(base, bonus, np.ones((2, 1), bool), [1], [], [1])
    assert cost["priority_matched_without"] == 0 and cost["priority_matched_with"] == 1
    assert cost["cost"] == 1.0 and cost["total_without"] == 10.0 and cost["total_with"] == 9.0
