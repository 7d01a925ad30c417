"""The pure rules: due dates, what comes next, sign-off checks and recognition between partners."""

from datetime import date

import pytest

from academy.errors import DomainError
from academy.induction import rules

DAY = date(2026, 3, 2)


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert rules.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert rules.add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert rules.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_next_steps_put_returned_first_then_overdue_then_programme_order():
    steps = [
        rules.Step(1, 1, "achieved", date(2026, 2, 1)),
        rules.Step(2, 2, "to_do", date(2026, 4, 1)),
        rules.Step(3, 3, "submitted", date(2026, 2, 1)),
        rules.Step(4, 4, "to_do", date(2026, 2, 20)),  # overdue
        rules.Step(5, 5, "returned", date(2026, 5, 1)),
    ]
    assert [s.item_id for s in rules.next_steps(steps, DAY)] == [5, 4, 2]
    assert rules.next_steps([s for s in steps if s.status in ("achieved", "submitted")], DAY) == []


def review(**overrides):
    values = dict(signing_off=True, needs_knowledge=False, needs_observation=True, is_attendance=False,
                  knowledge_shown=None, observed_on=DAY, comments="Seen", has_evidence=False,
                  started_on=date(2026, 2, 1), today=DAY)
    values.update(overrides)
    return rules.check_review(**values)


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"comments": "  "}, "comments", "Enter your comments"),
    ({"signing_off": False, "comments": ""}, "comments", "Enter feedback saying what is missing"),
    ({"observed_on": None}, "observed_on", "Enter the date it was observed"),
    ({"observed_on": date(2026, 3, 3)}, "observed_on", "must be today or in the past"),
    ({"observed_on": date(2026, 1, 31)}, "observed_on", "on or after the induction started"),
    ({"needs_knowledge": True, "knowledge_shown": None}, "knowledge_shown", "how the knowledge was shown"),
    ({"needs_knowledge": True, "knowledge_shown": "written"}, "knowledge_shown", "no written evidence"),
    ({"needs_observation": False}, "comments", "no evidence to sign off"),
    ({"needs_observation": False, "is_attendance": True, "observed_on": None}, "observed_on",
     "date it was attended"),
])
def test_incomplete_decisions_are_refused_naming_the_field(overrides, field, message):
    with pytest.raises(DomainError) as refused:
        review(**overrides)
    assert refused.value.field == field
    assert message in refused.value.message


def test_complete_decisions_pass():
    review()
    review(needs_knowledge=True, knowledge_shown="spoken")
    review(needs_knowledge=True, knowledge_shown="written", has_evidence=True)
    review(signing_off=False, observed_on=None, comments="Add an example")


def achievement(key="care-certificate:3", **overrides):
    values = dict(subject_key=key, kind="care_certificate", achieved_on=date(2025, 6, 1),
                  expires_on=None, organisation_id=10, organisation_is_nhs=False,
                  organisation_type="care_provider", assessed_by_organisation_id=10,
                  assessed_by_is_nhs=False, item_id=99)
    values.update(overrides)
    return rules.Achievement(**values)


def rule(**overrides):
    values = dict(id=1, kind="care_certificate", subject_key=None, accepts="any_partner")
    values.update(overrides)
    return rules.Rule(**values)


def test_with_no_rule_nothing_is_recognised():
    assert rules.recognise("care_certificate", "care-certificate:3", [achievement()], [], DAY) is None


def test_a_rule_for_one_subject_beats_the_rule_for_its_kind():
    general = rule(id=1)
    nhs_only = rule(id=2, subject_key="care-certificate:12", accepts="nhs_partner")
    rules_ = [general, nhs_only]
    assert rules.recognise("care_certificate", "care-certificate:3", [achievement()], rules_, DAY)[1] is general
    care_home_bls = achievement("care-certificate:12")
    assert rules.recognise("care_certificate", "care-certificate:12", [care_home_bls], rules_, DAY) is None
    nhs_bls = achievement("care-certificate:12", assessed_by_is_nhs=True)
    assert rules.recognise("care_certificate", "care-certificate:12", [nhs_bls], rules_, DAY)[1] is nhs_only


def test_nhs_partner_means_the_assessors_employer_where_there_was_one():
    at_care_home_by_nhs_assessor = achievement(assessed_by_is_nhs=True)
    at_trust_by_nobody = achievement(organisation_is_nhs=True, assessed_by_is_nhs=None,
                                     assessed_by_organisation_id=None)
    nhs = [rule(accepts="nhs_partner")]
    assert rules.recognise("care_certificate", "care-certificate:3", [at_care_home_by_nhs_assessor], nhs, DAY)
    assert rules.recognise("care_certificate", "care-certificate:3", [at_trust_by_nobody], nhs, DAY)
    assert rules.recognise("care_certificate", "care-certificate:3", [achievement()], nhs, DAY) is None


def test_core_skills_only_while_in_date_when_the_rule_says_so():
    key = "core-skill:fire-safety:level-1"
    lapsed = achievement(key, kind="core_skill", expires_on=date(2026, 3, 1))
    current = achievement(key, kind="core_skill", expires_on=date(2026, 3, 3))
    in_date = [rule(kind="core_skill", in_date_only=True)]
    any_date = [rule(kind="core_skill", in_date_only=False)]
    assert rules.recognise("core_skill", key, [lapsed], in_date, DAY) is None
    assert rules.recognise("core_skill", key, [current], in_date, DAY)[0] == current
    assert rules.recognise("core_skill", key, [lapsed], any_date, DAY)[0] == lapsed


def test_named_partner_type_age_and_nothing():
    older = achievement(achieved_on=date(2022, 1, 1), item_id=1)
    newer = achievement(achieved_on=date(2025, 6, 1), item_id=2)
    assert rules.recognise("care_certificate", "care-certificate:3", [older, newer], [rule()], DAY)[0] == newer
    assert rules.recognise("care_certificate", "care-certificate:3", [older],
                           [rule(max_age_days=365)], DAY) is None
    assert rules.recognise("care_certificate", "care-certificate:3", [newer],
                           [rule(accepts="named_partner", source_organisation_id=10)], DAY)
    assert rules.recognise("care_certificate", "care-certificate:3", [newer],
                           [rule(accepts="named_partner", source_organisation_id=11)], DAY) is None
    assert rules.recognise("care_certificate", "care-certificate:3", [newer],
                           [rule(accepts="organisation_type", source_type="care_provider")], DAY)
    assert rules.recognise("care_certificate", "care-certificate:3", [newer],
                           [rule(accepts="organisation_type", source_type="nhs_trust")], DAY) is None
    assert rules.recognise("care_certificate", "care-certificate:3", [newer],
                           [rule(accepts="nothing")], DAY) is None
    # Something achieved after the new start date cannot be brought to it.
    assert rules.recognise("care_certificate", "care-certificate:3", [newer], [rule()], date(2025, 5, 1)) is None
