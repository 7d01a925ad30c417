"""Pure rules of competencies asked once: which competencies are the same, taken together.

A mapping says two competencies of different frameworks are the same thing; mappings chain
(a Care Certificate standard, the core skill it maps to, and that skill in a third framework),
so a group is every competency reached through them. A group holds at most one competency of
each framework, otherwise two different questions of one framework would share an answer.
"""

from __future__ import annotations

from collections.abc import Iterable


def ordered_pair(one: int, other: int) -> tuple[int, int]:
    """The pair as it is kept: the lower id first, so that it reads the same both ways."""
    return (one, other) if one < other else (other, one)


def groups(pairs: Iterable[tuple[int, int]]) -> list[set[int]]:
    """The groups of competencies the pairs join (only groups of two or more)."""
    parent: dict[int, int] = {}

    def root(item: int) -> int:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for one, other in pairs:
        parent[root(one)] = root(other)
    found: dict[int, set[int]] = {}
    for item in parent:
        found.setdefault(root(item), set()).add(item)
    return [group for group in found.values() if len(group) > 1]


def group_of(competency_id: int, pairs: Iterable[tuple[int, int]]) -> set[int]:
    """The competency and every competency it is the same as, through any chain of pairs."""
    for group in groups(pairs):
        if competency_id in group:
            return group
    return {competency_id}


def shared_framework(one: set[int], other: set[int], framework_of: dict[int, int]) -> int | None:
    """A framework both groups have a competency in (joining them would ask two of its
    competencies as one), or None."""
    common = {framework_of[c] for c in one} & {framework_of[c] for c in other}
    return min(common) if common else None
