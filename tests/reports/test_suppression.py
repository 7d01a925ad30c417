"""Small-number suppression: small counts hidden, and nothing hidden can be worked out.

An independent attacker (integer programming with SciPy) takes everything a table publishes and
finds the smallest and largest value each hidden count could have: they must differ.
"""

import random

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from academy.reports.suppression import share, suppress


def published_entries(result, table):
    """(position, value or None) for every published entry, positions in the extended grid."""
    h, w = len(table), len(table[0])
    entries = {(r, c): result.cells[r][c] for r in range(h) for c in range(w)}
    if result.row_totals is not None:
        entries |= {(r, w): result.row_totals[r] for r in range(h)}
    if result.column_totals is not None:
        entries |= {(h, c): result.column_totals[c] for c in range(w)}
    if result.total is not None:
        entries[h, w] = result.total
    return entries


def attacker_ranges(result, table, threshold):
    """The range each hidden entry could take, given everything published and the labels."""
    h, w = len(table), len(table[0])
    keys = [(r, c) for r in range(h + 1) for c in range(w + 1)]
    index = {k: i for i, k in enumerate(keys)}
    entries = published_entries(result, table)
    # A finite ceiling far above any real count keeps every problem bounded.
    ceiling = 10 * sum(map(sum, table)) + 1000
    low, high = np.zeros(len(keys)), np.full(len(keys), float(ceiling))
    for key, shown in entries.items():
        if not shown.hidden:
            low[index[key]] = high[index[key]] = shown.value
        elif shown.text.startswith("<"):
            low[index[key]], high[index[key]] = 1, threshold
        elif key[0] == h or key[1] == w:
            low[index[key]] = 1  # a hidden total: not zero, since zero is never hidden
        else:
            low[index[key]] = threshold + 1  # a cell hidden to protect another is not small
    rows = []
    for r in range(h + 1):  # every row, and the totals row, adds up to its last entry
        row = np.zeros(len(keys))
        for c in range(w):
            row[index[r, c]] = 1
        row[index[r, w]] = -1
        rows.append(row)
    for c in range(w + 1):
        row = np.zeros(len(keys))
        for r in range(h):
            row[index[r, c]] = 1
        row[index[h, c]] = -1
        rows.append(row)
    constraint = LinearConstraint(np.array(rows), 0, 0)
    ranges = {}
    for key, shown in entries.items():
        if not shown.hidden:
            continue
        objective = np.zeros(len(keys))
        objective[index[key]] = 1
        found = []
        for sign in (1, -1):
            solution = milp(sign * objective, constraints=constraint,
                            integrality=np.ones(len(keys)), bounds=Bounds(low, high))
            assert solution.status == 0, solution.message
            found.append(sign * solution.fun)
        ranges[key] = tuple(found)
    return ranges


def assert_protected(table, threshold, **published):
    result = suppress(table, threshold, **published)
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            shown = result.cells[r][c]
            if 1 <= value <= threshold:
                assert shown.hidden and shown.text == f"<{threshold + 1}"
            elif value == 0:
                assert shown.value == 0 and shown.text == "0"
            elif not shown.hidden:
                assert shown.value == value
    for key, (lowest, highest) in attacker_ranges(result, table, threshold).items():
        assert lowest != highest, f"hidden entry {key} can be worked out as {lowest}"
    return result


def test_nothing_small_nothing_hidden():
    result = assert_protected([[10, 20], [30, 40]], 4)
    assert result.hidden_count == 0
    assert [s.value for s in result.row_totals] == [30, 70]
    assert [s.value for s in result.column_totals] == [40, 60]
    assert result.total.value == 100


def test_zero_is_shown_as_zero():
    result = assert_protected([[0, 12], [7, 0]], 4)
    assert result.cells[0][0].text == "0" and result.hidden_count == 0


def test_a_lone_small_count_takes_a_neighbour_with_it():
    # 3 alone in its row and column would be total minus the rest: two more counts are hidden.
    result = assert_protected([[3, 10, 12], [20, 30, 40], [25, 35, 45]], 4)
    assert result.cells[0][0].text == "<5"
    assert sum(c.hidden for c in result.cells[0]) >= 2
    assert sum(result.cells[r][0].hidden for r in range(3)) >= 2
    assert result.hidden_count >= 4  # a rectangle at least


def test_a_small_count_next_to_zeros_hides_the_total():
    # The only other entries of the row are zeros, shown as zeros: the row total must go.
    result = assert_protected([[2, 0], [9, 11]], 4)
    assert result.cells[0][1].text == "0"
    assert result.row_totals[0].hidden


def test_two_small_counts_that_could_only_be_ones_are_protected():
    # Row total 2 with two hidden counts: both must be 1, so more must be hidden.
    assert_protected([[1, 1, 9], [8, 6, 7]], 4)


def test_a_report_without_row_totals():
    # Apprentices beside the workforce: the columns add up, the rows do not.
    table = [[2, 140], [14, 60], [0, 9], [3, 25]]
    result = assert_protected(table, 4, row_totals=False)
    assert result.row_totals is None
    assert result.column_totals[1].value == 234 or result.column_totals[1].hidden


def test_share_hides_percentages_of_hidden_counts():
    result = suppress([[2, 140], [14, 60]], 4, row_totals=False)
    assert share(result.cells[0][0], result.column_totals[0]) == ""
    assert share(result.cells[1][1], result.column_totals[1]) == f"{100 * 60 / 200:.0f}%"


@pytest.mark.parametrize("seed", range(60))
def test_random_tables_leave_no_hidden_count_workable(seed):
    rng = random.Random(seed)
    height, width = rng.randint(2, 5), rng.randint(2, 4)
    table = [[rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 40]) for _ in range(width)]
             for _ in range(height)]
    threshold = rng.choice([2, 4, 7])
    published = rng.choice([{}, {"row_totals": False}, {"column_totals": False}])
    assert_protected(table, threshold, **published)


def test_bad_tables_are_refused():
    with pytest.raises(ValueError):
        suppress([[1, 2], [3]], 4)
    with pytest.raises(ValueError):
        suppress([[1, -2]], 4)
    with pytest.raises(ValueError):
        suppress([[1.5]], 4)
