"""The disclosure control: the population rule, and a family of tables over the same people
suppressed together so that subtracting one from another recovers nothing hidden."""

import random
from decimal import Decimal

import pytest

from academy.reports.disclosure import (
    PopulationTooSmall,
    check_population,
    figure,
    publish_family,
    ratio,
    share,
)
from tests.reports.attacker import Published, pinned

THRESHOLD = 4


def family_numbers(result, parts, height, width):
    """Every number the family publishes, as sums of people-level cells (part, row, column)."""
    numbers = []

    def add(table, members):
        for r in range(height):
            for c in range(width):
                numbers.append(Published(frozenset((m, r, c) for m in members),
                                         table.cells[r][c].text))
            numbers.append(Published(frozenset((m, r, c) for m in members for c in range(width)),
                                     table.row_totals[r].text, True))
        for c in range(width):
            numbers.append(Published(frozenset((m, r, c) for m in members for r in range(height)),
                                     table.column_totals[c].text, True))
        numbers.append(Published(frozenset((m, r, c) for m in members for r in range(height)
                                           for c in range(width)), result.parent.total.text, True)
                       if table is result.parent else
                       Published(frozenset((m, r, c) for m in members for r in range(height)
                                           for c in range(width)), table.total.text, True))
    add(result.parent, list(parts))
    for part in parts:
        add(result.parts["organisation"][part], [part])
    return numbers


def test_the_partnership_minus_each_organisation_gives_nothing_away():
    # Organisation B has one Buddhist manager. Alone, B's table hides it; beside the partnership
    # table (6 Buddhists) and A's (5), per-table suppression would let 6 - 5 = 1 be read off.
    a = [[5, 20], [30, 40], [12, 15]]
    b = [[1, 25], [9, 30], [8, 11]]
    whole = [[x + y for x, y in zip(r, s, strict=True)] for r, s in zip(a, b, strict=True)]
    result = publish_family(whole, {"organisation": {"A": a, "B": b}}, THRESHOLD)
    assert result.parts["organisation"]["B"].cells[0][0].text == "<5"
    assert result.parent.cells[0][0].hidden or result.parts["organisation"]["A"].cells[0][0].hidden
    assert pinned(family_numbers(result, ["A", "B"], 3, 2), THRESHOLD) == []


@pytest.mark.parametrize("seed", range(4))
def test_no_hidden_count_of_a_random_family_is_pinned(seed):
    rng = random.Random(seed)
    parts = {f"org{i}": [[rng.choice([0, 1, 2, 3, 6, 9, 15, 30]) for _ in range(2)]
                         for _ in range(5)] for i in range(4)}
    whole = [[sum(parts[p][r][c] for p in parts) for c in range(2)] for r in range(5)]
    result = publish_family(whole, {"organisation": parts}, THRESHOLD)
    hidden_small = [(p, r, c) for p in parts for r in range(5) for c in range(2)
                    if 1 <= parts[p][r][c] <= THRESHOLD]
    for p, r, c in hidden_small:
        assert result.parts["organisation"][p].cells[r][c].text == "<5"
    assert pinned(family_numbers(result, list(parts), 5, 2), THRESHOLD) == []


def test_parts_holding_more_than_the_whole_are_refused():
    with pytest.raises(ValueError):
        publish_family([[1]], {"organisation": {"A": [[2]]}}, THRESHOLD)


def test_a_refused_part_publishes_nothing():
    result = publish_family([[10, 10]], {"organisation": {"A": [[5, 5]], "B": [[5, 5]]}},
                            THRESHOLD, refused=frozenset({("organisation", "B")}))
    assert result.parts["organisation"]["B"] is None


def test_the_population_rule_refuses_small_filters_and_small_remainders():
    check_population(10, 20, 10)
    check_population(20, 20, 10)  # the whole population: nothing left out
    with pytest.raises(PopulationTooSmall, match="fewer than 10 people"):
        check_population(9, 100, 10)
    with pytest.raises(PopulationTooSmall, match="leaves out fewer than 10"):
        check_population(95, 100, 10)


def test_no_share_or_ratio_of_a_hidden_count():
    shown = figure(3, 40, THRESHOLD)
    assert (shown.count, shown.of, shown.percent) == ("<5", "40", "")
    assert figure(10, 40, THRESHOLD).percent == "25%"
    assert ratio(None) == ""
    assert ratio(Decimal("1.235")) == "1.24"
    cell = publish_family([[10, 30]], {}, THRESHOLD).parent.cells[0][0]
    assert cell.value == 10 and share(cell, None) == ""
