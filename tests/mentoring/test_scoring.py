"""Scores: each factor does what it says, and the reasons shown add up to the score."""

from __future__ import annotations

import numpy as np
import pytest

from academy.mentoring.scoring import (
    FACTORS,
    Profile,
    Weights,
    reasons,
    reasons_total,
    score_table,
)

LEEDS = (53.8008, -1.5491)
WAKEFIELD = (53.6833, -1.4977)


def profile(goals=(), text="", slots=(0,), mode="either", where=None, band=None, priority=False):
    mask = 0
    for bit in slots:
        mask |= 1 << bit
    lat, lon = where if where else (None, None)
    return Profile(frozenset(goals), text, mask, mode, lat, lon, band, priority)


def only(factor: str, **settings) -> Weights:
    """Weights that count one factor for 100 points."""
    values = {f: 0 for f in FACTORS}
    values[factor] = 100
    return Weights(**values, **settings)


def test_shared_goals_score_by_overlap():
    rows = [profile(goals={1, 2})]
    columns = [profile(goals={1, 2}), profile(goals={2, 3}), profile(goals={4})]
    table = score_table(rows, columns, only("goals"))
    assert table.total[0].tolist() == pytest.approx([100.0, 33.33, 0.0])


def test_free_text_similarity_uses_tf_idf():
    rows = [profile(text="community mental health services and dementia care")]
    columns = [profile(text="dementia care in community mental health"),
               profile(text="finance governance board reporting"),
               profile(text="")]
    table = score_table(rows, columns, only("interests"))
    close, far, empty = table.total[0]
    assert close > 50 and far == 0 and empty == 0
    words = reasons(table, only("interests"), rows, columns, 0, 0)[1].detail
    assert "dementia" in words and "community" in words


def test_text_of_nothing_but_stop_words_scores_nothing_rather_than_failing():
    table = score_table([profile(text="the and of")], [profile(text="a the")], only("interests"))
    assert table.total.tolist() == [[0.0]]


def test_availability_counts_slots_both_are_free():
    rows = [profile(slots=(0, 1))]
    columns = [profile(slots=(0, 1, 2, 3)), profile(slots=(1, 5)), profile(slots=(7,))]
    assert score_table(rows, columns, only("availability")).total[0].tolist() == [100.0, 50.0, 0.0]


def test_meeting_modes_clash_only_in_person_against_virtual():
    rows = [profile(mode="in_person")]
    columns = [profile(mode="in_person"), profile(mode="virtual"), profile(mode="either")]
    assert score_table(rows, columns, only("mode")).total[0].tolist() == [100.0, 0.0, 100.0]


def test_distance_counts_for_in_person_meetings_only():
    weights = only("distance", max_distance_km=25)
    rows = [profile(mode="in_person", where=WAKEFIELD), profile(mode="virtual", where=WAKEFIELD)]
    columns = [profile(mode="either", where=WAKEFIELD), profile(mode="either", where=LEEDS),
               profile(mode="in_person", where=None)]
    table = score_table(rows, columns, weights)
    same, leeds, unknown = table.total[0]
    assert same == 100.0
    assert 40 < leeds < 60  # about 13.6 km of 25
    assert unknown == 50.0  # half points when a site's location is not known
    # The virtual applicant will not meet in person: distance does not count, except against
    # someone who insists on meeting in person (a clash).
    assert table.total[1].tolist() == [100.0, 100.0, 0.0]
    assert table.distance_km[0, 1] == pytest.approx(13.6, abs=0.5)


def test_band_gap_reaches_full_points_at_the_gap_asked_for():
    weights = only("band_gap", band_gap_wanted=3)
    rows = [profile(band="3")]
    columns = [profile(band="6"), profile(band="8a"), profile(band="4"), profile(band="2"),
               profile(band=None)]
    assert score_table(rows, columns, weights).total[0].tolist() == pytest.approx(
        [100.0, 100.0, 33.33, 0.0, 50.0])


def test_priority_bonus_is_added_to_every_pair_of_a_priority_applicant():
    weights = Weights(priority_bonus=7)
    rows = [profile(goals={1}), profile(goals={1}, priority=True)]
    columns = [profile(goals={1}), profile(goals={2})]
    table = score_table(rows, columns, weights)
    assert (table.total[1] - table.total[0]).tolist() == [7.0, 7.0]
    assert np.array_equal(table.base[0], table.base[1])
    assert reasons(table, weights, rows, columns, 1, 0)[-1].factor == "priority"


def random_profile(rng):
    words = ["community", "leadership", "dementia", "finance", "coaching", "recruitment",
             "youth", "music", "digital", "carers", "faith", "sport"]
    return profile(
        goals=set(rng.choice(8, size=rng.integers(0, 4), replace=False).tolist()),
        text=" ".join(rng.choice(words, size=rng.integers(0, 6)).tolist()),
        slots=rng.choice(15, size=rng.integers(0, 5), replace=False).tolist(),
        mode=["in_person", "virtual", "either"][rng.integers(3)],
        where=None if rng.random() < 0.2 else (53.6 + rng.random() / 5, -1.6 + rng.random() / 5),
        band=None if rng.random() < 0.2 else ["2", "3", "5", "7", "8a", "9"][rng.integers(6)],
        priority=bool(rng.random() < 0.4),
    )


@pytest.mark.parametrize("seed", range(5))
def test_reasons_add_up_to_the_score_for_every_pair(seed):
    rng = np.random.default_rng(seed)
    weights = Weights(goals=27, interests=13, availability=19, mode=7, distance=11, band_gap=23,
                      band_gap_wanted=2, max_distance_km=10, priority_bonus=4.5)
    rows = [random_profile(rng) for _ in range(12)]
    columns = [random_profile(rng) for _ in range(7)]
    table = score_table(rows, columns, weights)
    for i in range(len(rows)):
        for j in range(len(columns)):
            items = reasons(table, weights, rows, columns, i, j, {g: f"goal {g}" for g in range(8)})
            assert reasons_total(items) == table.total[i, j]
            assert [r.factor for r in items][:6] == list(FACTORS)
            for item in items:
                assert 0 <= item.points <= item.most
                assert round(item.points, 2) == item.points  # hundredths, as shown


def test_empty_sides_give_empty_tables():
    table = score_table([], [profile()], Weights())
    assert table.total.shape == (0, 1)
    table = score_table([profile()], [], Weights())
    assert table.total.shape == (1, 0)
