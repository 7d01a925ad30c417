"""The hard rules of pairing: which pairs may never be proposed, and why someone was left unmatched.

Pure: plain descriptions of people in, boolean NumPy arrays and plain explanations out. Each rule
gives a rows-by-columns mask of the pairs it rules out, so the review can say which rule excluded
whom; `allowed` is the pairs no rule excludes. Capacity is not a pair rule: the solver keeps each
column within its places, and `unmatched_reasons` explains who lost out to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

RULES = (
    "same_person", "management_chain", "same_team", "other_organisation", "declared_conflict",
    "forbidden", "no_places",
)
RULE_LABELS = {
    "same_person": "the same person",
    "management_chain": "in their line-management chain",
    "same_team": "in the same team",
    "other_organisation": "in another organisation (this programme pairs within one)",
    "declared_conflict": "a declared conflict",
    "forbidden": "a pair the coordinator forbade",
    "no_places": "no places left",
}


@dataclass(frozen=True)
class Person:
    """One applicant as the rules see them."""

    user_id: int
    organisation_id: int
    team_id: int | None = None
    # Everyone above them: line managers up the chain and the managers of their team and the
    # teams it sits in.
    chain: frozenset[int] = field(default_factory=frozenset)
    conflicts: frozenset[int] = field(default_factory=frozenset)  # people they must not meet


def rule_masks(
    rows: list[Person], columns: list[Person], *, cross_organisation: bool,
    forbidden: set[tuple[int, int]] | frozenset = frozenset(), places: list[int] | None = None,
) -> dict[str, np.ndarray]:
    """For each rule, the (row, column) pairs it rules out.

    forbidden: (row, column) index pairs the coordinator forbade; places: the columns' remaining
    places, a column with none being ruled out for everyone.
    """
    m, n = len(rows), len(columns)
    row_users = np.array([p.user_id for p in rows], dtype=np.int64)
    col_users = np.array([p.user_id for p in columns], dtype=np.int64)
    row_orgs = np.array([p.organisation_id for p in rows], dtype=np.int64)
    col_orgs = np.array([p.organisation_id for p in columns], dtype=np.int64)
    row_teams = np.array([-1 if p.team_id is None else p.team_id for p in rows], dtype=np.int64)
    col_teams = np.array([-2 if p.team_id is None else p.team_id for p in columns], dtype=np.int64)

    masks = {
        "same_person": row_users[:, None] == col_users[None, :],
        "same_team": row_teams[:, None] == col_teams[None, :],
        "other_organisation": (
            np.zeros((m, n), dtype=bool) if cross_organisation
            else row_orgs[:, None] != col_orgs[None, :]
        ),
    }

    col_of_user: dict[int, list[int]] = {}
    for j, person in enumerate(columns):
        col_of_user.setdefault(person.user_id, []).append(j)
    row_of_user: dict[int, list[int]] = {}
    for i, person in enumerate(rows):
        row_of_user.setdefault(person.user_id, []).append(i)

    def either_way(attribute: str) -> np.ndarray:
        """Pairs where one names the other in the given set, in either direction."""
        mask = np.zeros((m, n), dtype=bool)
        for i, person in enumerate(rows):
            for user_id in getattr(person, attribute):
                for j in col_of_user.get(user_id, ()):
                    mask[i, j] = True
        for j, person in enumerate(columns):
            for user_id in getattr(person, attribute):
                for i in row_of_user.get(user_id, ()):
                    mask[i, j] = True
        return mask

    masks["management_chain"] = either_way("chain")
    masks["declared_conflict"] = either_way("conflicts")
    forbidden_mask = np.zeros((m, n), dtype=bool)
    for i, j in forbidden:
        forbidden_mask[i, j] = True
    masks["forbidden"] = forbidden_mask
    no_places = np.zeros((m, n), dtype=bool)
    if places is not None:
        no_places[:, np.asarray(places, dtype=np.int64) <= 0] = True
    masks["no_places"] = no_places
    return masks


def allowed(masks: dict[str, np.ndarray]) -> np.ndarray:
    """The pairs no rule rules out."""
    ruled_out = None
    for rule in RULES:
        ruled_out = masks[rule] if ruled_out is None else ruled_out | masks[rule]
    return ~ruled_out


def pair_rules(masks: dict[str, np.ndarray], i: int, j: int) -> list[str]:
    """The rules that rule out the pair (i, j), in the order of RULES."""
    return [rule for rule in RULES if masks[rule][i, j]]


@dataclass(frozen=True)
class Unmatched:
    index: int
    reason: str  # "no_allowed_partner" or "places_taken"
    detail: str


def _rule_counts(masks: dict[str, np.ndarray], i: int | None, j: int | None) -> dict[str, int]:
    counts = {}
    for rule in RULES:
        line = masks[rule][i, :] if i is not None else masks[rule][:, j]
        if line.any():
            counts[rule] = int(line.sum())
    return counts


def _describe(counts: dict[str, int], total: int, other_side: str) -> str:
    if total == 0:
        return f"There are no {other_side} in the pool."
    parts = [f"{count} {RULE_LABELS[rule]}" for rule, count in counts.items()]
    return f"All {total} {other_side} are ruled out: " + "; ".join(parts) + "."


def unmatched_reasons(
    masks: dict[str, np.ndarray], pairs: list[tuple[int, int]], capacity: list[int] | np.ndarray,
    *, row_side: str = "people on the other side", column_side: str = "people on the other side",
) -> tuple[list[Unmatched], list[Unmatched]]:
    """Why each unmatched row and each column with no partner was left out.

    A row with no allowed partner at all is explained rule by rule; a row with allowed partners
    lost out because their places all went to pairs that made the whole matching better.
    """
    ok = allowed(masks)
    m, n = ok.shape
    matched_rows = {i for i, _ in pairs}
    taken = np.zeros(n, dtype=np.int64)
    for _, j in pairs:
        taken[j] += 1
    capacity = np.asarray(capacity, dtype=np.int64)
    rows_out, columns_out = [], []
    for i in range(m):
        if i in matched_rows:
            continue
        options = np.flatnonzero(ok[i])
        if options.size == 0:
            rows_out.append(Unmatched(i, "no_allowed_partner",
                                      _describe(_rule_counts(masks, i, None), n, column_side)))
        else:
            rows_out.append(Unmatched(
                i, "places_taken",
                f"{options.size} allowed partner{'s' if options.size != 1 else ''}, but every "
                "place was taken by pairs that let more people be matched or scored higher.",
            ))
    for j in range(n):
        if taken[j] or capacity[j] <= 0:
            continue
        options = np.flatnonzero(ok[:, j])
        if options.size == 0:
            columns_out.append(Unmatched(j, "no_allowed_partner",
                                         _describe(_rule_counts(masks, None, j), m, row_side)))
        else:
            columns_out.append(Unmatched(
                j, "partners_taken",
                f"{options.size} allowed partner{'s' if options.size != 1 else ''}, all matched "
                "where they scored higher or let more people be matched.",
            ))
    return rows_out, columns_out
