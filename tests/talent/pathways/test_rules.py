"""Where a person stands on a pathway, and the time and cost to their target."""

from decimal import Decimal

from academy.talent.pathways.rules import Achieved, Requirement, Step, standing, target_items

COURSE_A = Requirement("course", "Course A", course_id=1, cost=Decimal("100.00"), hours=Decimal("6"))
COURSE_B = Requirement("course", "Course B", course_id=2, cost=Decimal("250.50"), hours=Decimal("12"))
APPRENTICESHIP = Requirement("standard", "Nursing associate apprenticeship", standard_id=7)
COMPETENCY = Requirement("competency", "Safeguarding at level 3", competency_code="SG", level=3)
QUALIFICATION = Requirement("qualification", "NMC registration")

STEPS = [
    Step(0, 10, "Healthcare assistant", 0, ()),
    Step(1, 11, "Senior healthcare support worker", 12, (COURSE_A, COMPETENCY)),
    Step(2, 12, "Trainee nursing associate", 6, (COURSE_A, COURSE_B)),
    Step(3, 13, "Nursing associate", 24, (APPRENTICESHIP, QUALIFICATION)),
]


def test_steps_behind_and_ahead_of_the_current_role():
    result = standing(STEPS, current_role_id=11, target_role_id=13, achieved=Achieved())
    assert [(s.is_passed, s.is_current) for s in result.steps] == [
        (True, False), (True, True), (False, False), (False, False)]
    assert [s.step.position for s in result.route] == [2, 3]


def test_time_and_cost_count_only_what_is_ahead_and_missing_once():
    result = standing(STEPS, 10, 13, Achieved(courses=frozenset({2})))
    # Steps 1..3 are ahead: 12 + 6 + 24 months; course A is needed twice but paid once; B is done.
    assert result.months_to_target == 42
    assert result.cost_to_target == Decimal("100.00")
    assert result.hours_to_target == Decimal("6")
    assert target_items(result) == [1]


def test_met_and_missing_by_kind():
    achieved = Achieved(courses=frozenset({1}), standards=frozenset({7}), competencies={"SG": 3})
    result = standing(STEPS, 10, 13, achieved)
    step1, step3 = result.steps[1], result.steps[3]
    assert set(step1.met) == {COURSE_A, COMPETENCY} and step1.missing == ()
    # A qualification is never assumed met.
    assert step3.met == (APPRENTICESHIP,) and step3.missing == (QUALIFICATION,)


def test_a_lower_competency_level_is_not_enough():
    result = standing(STEPS, 10, 11, Achieved(competencies={"SG": 2}))
    assert COMPETENCY in result.steps[1].missing


def test_someone_not_on_the_pathway_starts_from_the_beginning():
    result = standing(STEPS, current_role_id=99, target_role_id=12, achieved=Achieved())
    assert result.current_position is None
    assert [s.step.position for s in result.route] == [0, 1, 2]
    assert target_items(result) == [1, 2]


def test_no_target_means_nothing_ahead():
    result = standing(STEPS, 10, None, Achieved())
    assert result.route == () and result.months_to_target == 0 and target_items(result) == []
