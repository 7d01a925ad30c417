"""The gap rules: required minus current, never below zero, the validated rating wins, weights."""

import pytest

from academy.lna import gaps
from academy.lna.gaps import Change, Priority, RatingInput


@pytest.mark.parametrize(
    ("required", "self_level", "manager_level", "expected"),
    [
        (3, 1, None, 2),      # self rating alone
        (3, 3, None, 0),      # met exactly
        (2, 4, None, 0),      # above the requirement: never a negative gap
        (3, 4, 1, 2),         # the manager's lower rating wins
        (3, 0, 3, 0),         # the manager's higher rating wins too
        (4, 0, None, 4),      # the largest gap
        (1, None, 0, 1),      # a manager's rating counts even without a self rating
    ],
)
def test_gap_is_required_minus_current_never_below_zero(required, self_level, manager_level, expected):
    assert gaps.gap(required, self_level, manager_level) == expected


def test_no_gap_until_someone_rates():
    assert gaps.gap(3, None, None) is None
    assert gaps.weighted_gap(None, True, Priority.HIGH) is None
    assert gaps.assess(RatingInput(1, 3, True, None)) is None


@pytest.mark.parametrize("bad", [-1, 5, 2.5, True, "3"])
def test_levels_off_the_scale_are_refused(bad):
    with pytest.raises(ValueError):
        gaps.gap(3, bad)
    with pytest.raises(ValueError):
        gaps.gap(bad, 1)


def test_weights_are_the_named_constants():
    assert gaps.ESSENTIAL_WEIGHT == 2 and gaps.DESIRABLE_WEIGHT == 1
    assert gaps.PRIORITY_WEIGHTS == {Priority.HIGH: 3, Priority.MEDIUM: 2, Priority.LOW: 1}
    assert gaps.DEFAULT_PRIORITY == Priority.MEDIUM
    # gap x requirement weight x priority weight
    assert gaps.weighted_gap(2, True, Priority.HIGH) == 2 * 2 * 3
    assert gaps.weighted_gap(2, False, Priority.LOW) == 2 * 1 * 1
    assert gaps.weighted_gap(2, True, None) == 2 * 2 * 2  # no priority given: medium
    assert gaps.weighted_gap(2, True, "low") == 4
    assert gaps.weighted_gap(0, True, Priority.HIGH) == 0
    assert gaps.MAX_WEIGHTED_GAP == 24 == gaps.weighted_gap(4, True, Priority.HIGH)


def test_essential_outweighs_desirable_and_priority_orders_within():
    essential_low = gaps.weighted_gap(1, True, Priority.LOW)
    desirable_low = gaps.weighted_gap(1, False, Priority.LOW)
    essential_high = gaps.weighted_gap(1, True, Priority.HIGH)
    assert essential_high > essential_low > desirable_low


def test_person_gaps_lists_real_gaps_largest_weighted_first():
    ratings = [
        RatingInput(1, required_level=3, is_essential=False, self_level=0),                  # 3*1*2=6
        RatingInput(2, required_level=2, is_essential=True, self_level=1, priority="high"),  # 1*2*3=6
        RatingInput(3, required_level=4, is_essential=True, self_level=1, manager_level=0),  # 4*2*2=16
        RatingInput(4, required_level=2, is_essential=True, self_level=3),                   # no gap
        RatingInput(5, required_level=2, is_essential=True, self_level=None),                # unrated
    ]
    found = gaps.person_gaps(ratings)
    assert [g.competency_id for g in found] == [3, 1, 2]
    assert found[0].gap == 4 and found[0].current_level == 0 and found[0].validated
    # Equal weighted gaps: the larger raw gap first.
    assert found[1].gap == 3 and found[2].gap == 1


def test_a_course_must_reach_the_required_level():
    assert gaps.course_meets(3, 3) and gaps.course_meets(4, 2)
    assert not gaps.course_meets(2, 3)


@pytest.mark.parametrize(
    ("before", "after", "after_with_gap", "expected"),
    [
        (1.2, 0.0, 0, Change.CLOSED),
        (1.2, 0.6, 10, Change.NARROWED),
        (0.5, 1.1, 20, Change.WIDENED),
        (0.5, 0.55, 12, Change.UNCHANGED),
        (None, 0.4, 3, Change.NEW),
        (0.4, None, None, Change.DROPPED),
        (0.0, 0.0, 0, Change.UNCHANGED),
    ],
)
def test_comparing_rounds(before, after, after_with_gap, expected):
    assert gaps.compare(before, after, after_with_gap) == expected


def test_scale_has_five_named_levels_with_descriptors():
    assert [name for _, name, _ in gaps.LEVELS] == [
        "None", "Awareness", "Working knowledge", "Proficient", "Expert"]
    assert all(text for _, _, text in gaps.LEVELS)
    assert gaps.level_name(2) == "2 Working knowledge"
    assert gaps.level_name(None) == "Not rated"
