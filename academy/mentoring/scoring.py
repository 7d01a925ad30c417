"""Compatibility scores of every possible pair, each broken into reasons that add up to it.

Pure: plain profiles and weights in, NumPy arrays and reasons out. A score is the sum of six
factors, each worth up to its weight in points, plus the priority bonus where the programme gives
one. Each factor's points are rounded to hundredths before they are added, so the reasons shown for
a pair add up exactly to the score the solver used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from academy.mentoring.vocabulary import (  # noqa: F401 (scoring's own vocabulary, read from here too)
    BANDS,
    EITHER,
    FACTOR_LABELS,
    FACTORS,
    IN_PERSON,
    MODES,
    SLOTS,
    VIRTUAL,
    band_rank,
    slot_label,
    slots_of,
)

EARTH_RADIUS_KM = 6371.0
UNKNOWN = 0.5  # the share of a factor's points given when what it needs is not known


@dataclass(frozen=True)
class Profile:
    """What one applicant brings to the scores."""

    goals: frozenset[int]
    text: str
    availability: int  # bit k set: free in SLOTS[k]
    mode: str
    latitude: float | None = None
    longitude: float | None = None
    band: str | None = None
    priority: bool = False  # rows only: in a priority group, declared with consent


@dataclass(frozen=True)
class Weights:
    """The programme's weights (points for a perfect factor) and its settings."""

    goals: float = 30
    interests: float = 20
    availability: float = 20
    mode: float = 10
    distance: float = 10
    band_gap: float = 10
    band_gap_wanted: int = 3
    max_distance_km: float = 25
    priority_bonus: float = 0

    @property
    def maximum(self) -> float:
        return sum(getattr(self, factor) for factor in FACTORS)


@dataclass(frozen=True)
class Reason:
    factor: str
    label: str
    points: float
    most: float
    detail: str


@dataclass
class ScoreTable:
    """Each factor's points for every pair (rows by columns), and what explains them."""

    points: dict[str, np.ndarray]
    bonus: np.ndarray  # the priority bonus of each row
    shares: dict[str, np.ndarray]  # each factor from 0 to 1, before weighting
    distance_km: np.ndarray
    vectors_rows: object
    vectors_columns: object
    terms: np.ndarray

    @property
    def base(self) -> np.ndarray:
        """Compatibility without the priority bonus."""
        total = np.zeros(self.points["goals"].shape)
        for factor in FACTORS:
            total = total + self.points[factor]
        return total

    @property
    def total(self) -> np.ndarray:
        return self.base + self.bonus[:, None]


def _goal_matrix(profiles: list[Profile], goal_index: dict[int, int]) -> np.ndarray:
    matrix = np.zeros((len(profiles), len(goal_index)))
    for row, profile in enumerate(profiles):
        for goal in profile.goals:
            matrix[row, goal_index[goal]] = 1.0
    return matrix


def _slot_matrix(profiles: list[Profile]) -> np.ndarray:
    masks = np.array([p.availability for p in profiles], dtype=np.int64)
    return ((masks[:, None] >> np.arange(len(SLOTS))[None, :]) & 1).astype(float)


def _share(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    out = np.zeros_like(numerator, dtype=float)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def goal_shares(rows: list[Profile], columns: list[Profile]) -> np.ndarray:
    """Shared goals over all the goals either named (Jaccard)."""
    goals = sorted({g for p in rows + columns for g in p.goals})
    index = {g: k for k, g in enumerate(goals)}
    a, b = _goal_matrix(rows, index), _goal_matrix(columns, index)
    both = a @ b.T
    either = a.sum(axis=1)[:, None] + b.sum(axis=1)[None, :] - both
    return _share(both, either)


def text_vectors(rows: list[Profile], columns: list[Profile]):
    """TF-IDF vectors of the free text, fitted on both sides together."""
    texts = [p.text or "" for p in rows + columns]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, strip_accents="unicode")
    try:
        matrix = vectorizer.fit_transform(texts)
        terms = vectorizer.get_feature_names_out()
    except ValueError:  # nothing but stop words or empty text: no similarity to measure
        matrix = csr_matrix((len(texts), 0))
        terms = np.array([], dtype=object)
    return matrix[: len(rows)], matrix[len(rows):], terms


def availability_shares(rows: list[Profile], columns: list[Profile]) -> np.ndarray:
    """Slots both are free, over the slots of whoever offered fewer."""
    a, b = _slot_matrix(rows), _slot_matrix(columns)
    both = a @ b.T
    fewer = np.minimum(a.sum(axis=1)[:, None], b.sum(axis=1)[None, :])
    return _share(both, fewer)


def _modes(profiles: list[Profile]) -> np.ndarray:
    return np.array([MODES.index(p.mode) for p in profiles], dtype=np.int64)


# Can the two meet as they want? In person with virtual only is the one clash.
MODE_SHARE = np.array([
    # in person, virtual, either
    [1.0, 0.0, 1.0],
    [0.0, 1.0, 1.0],
    [1.0, 1.0, 1.0],
])


def mode_shares(rows: list[Profile], columns: list[Profile]) -> np.ndarray:
    return MODE_SHARE[_modes(rows)[:, None], _modes(columns)[None, :]]


def distances_km(rows: list[Profile], columns: list[Profile]) -> np.ndarray:
    """Great-circle distance between the two sites; NaN where either is unknown."""

    def coords(profiles):
        lat = np.array([np.nan if p.latitude is None else p.latitude for p in profiles], dtype=float)
        lon = np.array([np.nan if p.longitude is None else p.longitude for p in profiles], dtype=float)
        return np.radians(lat), np.radians(lon)

    lat1, lon1 = coords(rows)
    lat2, lon2 = coords(columns)
    dlat = lat2[None, :] - lat1[:, None]
    dlon = lon2[None, :] - lon1[:, None]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat1)[:, None] * np.cos(lat2)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def distance_shares(rows, columns, distance_km: np.ndarray, max_km: float) -> np.ndarray:
    """Distance counts only when one of them wants to meet in person.

    Full points when they will meet virtually; none when the modes clash; half when a site's
    location is unknown; otherwise falling from full at the same site to none at max_km.
    """
    a, b = _modes(rows)[:, None], _modes(columns)[None, :]
    in_person = (a == 0) | (b == 0)
    clash = MODE_SHARE[a, b] == 0
    near = np.clip(1 - distance_km / max(max_km, 1e-9), 0, 1)
    near = np.where(np.isnan(distance_km), UNKNOWN, near)
    return np.where(clash, 0.0, np.where(in_person, near, 1.0))


def band_gaps(rows: list[Profile], columns: list[Profile]) -> np.ndarray:
    """Column's band rank minus row's; NaN where either is unknown."""

    def ranks(profiles):
        return np.array(
            [np.nan if band_rank(p.band) is None else band_rank(p.band) for p in profiles], dtype=float
        )

    return ranks(columns)[None, :] - ranks(rows)[:, None]


def band_gap_shares(gaps: np.ndarray, wanted: int) -> np.ndarray:
    """Full points at the gap the programme asks for or more, less for a smaller gap."""
    if wanted <= 0:
        share = np.where(gaps >= 0, 1.0, 0.0)
    else:
        share = np.clip(gaps / wanted, 0, 1)
    return np.where(np.isnan(gaps), UNKNOWN, share)


def score_table(rows: list[Profile], columns: list[Profile], weights: Weights) -> ScoreTable:
    """The points of each factor for every (row, column) pair."""
    m, n = len(rows), len(columns)
    vectors_rows, vectors_columns, terms = text_vectors(rows, columns)
    if m and n and vectors_rows.shape[1]:
        similarity = np.asarray((vectors_rows @ vectors_columns.T).todense(), dtype=float)
    else:
        similarity = np.zeros((m, n))
    distance_km = distances_km(rows, columns) if m and n else np.zeros((m, n))
    shares = {
        "goals": goal_shares(rows, columns) if m and n else np.zeros((m, n)),
        "interests": np.clip(similarity, 0, 1),
        "availability": availability_shares(rows, columns) if m and n else np.zeros((m, n)),
        "mode": mode_shares(rows, columns) if m and n else np.zeros((m, n)),
        "distance": distance_shares(rows, columns, distance_km, weights.max_distance_km)
        if m and n else np.zeros((m, n)),
        "band_gap": band_gap_shares(band_gaps(rows, columns), weights.band_gap_wanted)
        if m and n else np.zeros((m, n)),
    }
    points = {f: np.round(shares[f] * float(getattr(weights, f)), 2) for f in FACTORS}
    bonus = np.array(
        [round(float(weights.priority_bonus), 2) if p.priority else 0.0 for p in rows], dtype=float
    )
    return ScoreTable(points, bonus, shares, distance_km, vectors_rows, vectors_columns, terms)


def _shared_terms(table: ScoreTable, i: int, j: int, limit: int = 4) -> list[str]:
    if not table.terms.size:
        return []
    row = table.vectors_rows[i].multiply(table.vectors_columns[j]).tocoo()
    ranked = sorted(zip(row.data, row.col, strict=True), reverse=True)[:limit]
    return [str(table.terms[k]) for _, k in ranked]


MODE_WORDS = {IN_PERSON: "in person", VIRTUAL: "virtually", EITHER: "either way"}


def reasons(
    table: ScoreTable, weights: Weights, rows: list[Profile], columns: list[Profile],
    i: int, j: int, goal_names: dict[int, str] | None = None,
) -> list[Reason]:
    """Why the pair (i, j) scores what it does: one reason a factor, adding up to the score."""
    goal_names = goal_names or {}
    a, b = rows[i], columns[j]
    out = []

    shared = sorted(goal_names.get(g, str(g)) for g in a.goals & b.goals)
    detail = (f"{len(shared)} goal{'s' if len(shared) != 1 else ''} in common: " + ", ".join(shared)
              if shared else "No goals in common")
    out.append(("goals", detail))

    words = _shared_terms(table, i, j)
    similarity = table.shares["interests"][i, j]
    detail = (f"Similar interests and hopes ({similarity:.0%}): " + ", ".join(words)
              if words else "Little in common in what they wrote")
    out.append(("interests", detail))

    common = slots_of(a.availability & b.availability)
    if common:
        named = ", ".join(slot_label(k) for k in common[:3]) + (" and more" if len(common) > 3 else "")
        detail = f"Both free {len(common)} time{'s' if len(common) != 1 else ''} a week: {named}"
    else:
        detail = "No time in the week when both are free"
    out.append(("availability", detail))

    if MODE_SHARE[MODES.index(a.mode), MODES.index(b.mode)]:
        detail = f"One would meet {MODE_WORDS[a.mode]}, the other {MODE_WORDS[b.mode]}: they can agree"
        if a.mode == b.mode:
            detail = f"Both would meet {MODE_WORDS[a.mode]}"
    else:
        detail = "One wants to meet in person, the other only virtually"
    out.append(("mode", detail))

    km = table.distance_km[i, j]
    if table.shares["mode"][i, j] == 0:
        detail = "No points: they cannot agree how to meet"
    elif IN_PERSON not in (a.mode, b.mode):
        detail = "They can meet virtually, so distance does not count"
    elif math.isnan(km):
        detail = "A site's location is not known: half points"
    else:
        detail = f"Sites {km:.1f} km apart (no points from {weights.max_distance_km:g} km)"
    out.append(("distance", detail))

    rank_a, rank_b = band_rank(a.band), band_rank(b.band)
    if rank_a is None or rank_b is None:
        detail = "A band is not known: half points"
    else:
        gap = rank_b - rank_a
        detail = (f"Band {b.band} and band {a.band}: {gap} step{'s' if abs(gap) != 1 else ''} apart "
                  f"(the programme asks for {weights.band_gap_wanted})")
    out.append(("band_gap", detail))

    result = [
        Reason(factor, FACTOR_LABELS[factor], float(table.points[factor][i, j]),
               float(getattr(weights, factor)), detail)
        for factor, detail in out
    ]
    if table.bonus[i]:
        result.append(Reason("priority", FACTOR_LABELS["priority"], float(table.bonus[i]),
                             float(table.bonus[i]), "In a priority group the programme supports"))
    return result


def reasons_total(items: list[Reason]) -> float:
    """The score the reasons add up to, in the order the table adds them."""
    total = 0.0
    for reason in items:
        total = total + reason.points
    return total
