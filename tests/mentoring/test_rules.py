"""The hard rules, as pure masks and as the management chains read from people's records."""

from __future__ import annotations

import numpy as np

from academy.mentoring import queries, rules
from academy.mentoring.rules import Person
from tests.factories import TeamFactory, UserFactory


def person(user_id, organisation=1, team=None, chain=(), conflicts=()):
    return Person(user_id, organisation, team, frozenset(chain), frozenset(conflicts))


def masks_for(rows, columns, **kw):
    kw.setdefault("cross_organisation", True)
    return rules.rule_masks(rows, columns, **kw)


def test_never_a_line_manager_or_anyone_in_the_chain_in_either_direction():
    rows = [person(1, chain={10, 20}), person(2)]
    columns = [person(10), person(20), person(30, chain={2})]
    masks = masks_for(rows, columns)
    assert masks["management_chain"].tolist() == [[True, True, False], [False, False, True]]
    assert rules.allowed(masks).tolist() == [[False, False, True], [True, True, False]]


def test_never_within_the_same_team():
    masks = masks_for([person(1, team=5), person(2, team=None)],
                      [person(10, team=5), person(11, team=6), person(12, team=None)])
    assert masks["same_team"].tolist() == [[True, False, False], [False, False, False]]


def test_cross_organisation_only_when_the_programme_says_so():
    rows, columns = [person(1, organisation=1)], [person(10, organisation=1), person(11, organisation=2)]
    assert rules.allowed(masks_for(rows, columns, cross_organisation=True)).tolist() == [[True, True]]
    assert rules.allowed(masks_for(rows, columns, cross_organisation=False)).tolist() == [[True, False]]


def test_declared_conflicts_count_whoever_declared_them():
    rows = [person(1, conflicts={10}), person(2)]
    columns = [person(10), person(11, conflicts={2})]
    assert masks_for(rows, columns)["declared_conflict"].tolist() == [[True, False], [False, True]]


def test_forbidden_pairs_and_columns_without_places():
    masks = masks_for([person(1), person(2)], [person(10), person(11)], forbidden={(0, 1)},
                      places=[1, 0])
    assert rules.allowed(masks).tolist() == [[True, False], [True, False]]
    assert rules.pair_rules(masks, 0, 1) == ["forbidden", "no_places"]


def test_a_person_on_both_sides_is_never_paired_with_themselves():
    assert rules.allowed(masks_for([person(1)], [person(1)])).tolist() == [[False]]


def test_unmatched_reasons_tell_no_allowed_partner_from_places_taken():
    rows = [person(1, organisation=1), person(2, organisation=2), person(3, organisation=2)]
    columns = [person(10, organisation=2)]
    masks = masks_for(rows, columns, cross_organisation=False)
    unmatched_rows, unmatched_columns = rules.unmatched_reasons(
        masks, [(1, 0)], [1], column_side="senior leaders")
    by_index = {u.index: u for u in unmatched_rows}
    assert by_index[0].reason == "no_allowed_partner"
    assert "All 1 senior leaders are ruled out: 1 in another organisation" in by_index[0].detail
    assert by_index[2].reason == "places_taken"
    assert unmatched_columns == []


def test_a_column_left_without_partners_is_explained():
    masks = masks_for([person(1, chain={10})], [person(10), person(11)])
    _, columns = rules.unmatched_reasons(masks, [(0, 1)], [1, 1])
    assert [(u.index, u.reason) for u in columns] == [(0, "no_allowed_partner")]
    assert "line-management chain" in columns[0].detail


def test_management_chain_reads_line_managers_and_team_managers_up_the_tree(app):
    director = UserFactory()
    head = UserFactory(line_manager=director)
    team_lead = UserFactory()
    division = TeamFactory(manager_id=director.id)
    ward = TeamFactory(organisation=division.organisation, parent=division, manager_id=team_lead.id)
    nurse = UserFactory(line_manager=head, team=ward, employer=division.organisation)
    outsider = UserFactory()
    chains = queries.management_chains([nurse.id, outsider.id, head.id])
    assert chains[nurse.id] == {head.id, director.id, team_lead.id}
    assert chains[head.id] == {director.id}
    assert chains[outsider.id] == frozenset()


def test_management_chain_survives_a_loop_in_the_records(app):
    a = UserFactory()
    b = UserFactory(line_manager=a)
    a.line_manager = b
    chains = queries.management_chains([a.id])
    assert chains[a.id] == {b.id}


def test_masks_are_boolean_arrays_of_the_right_shape():
    masks = masks_for([person(1)] * 3, [person(9)] * 2)
    for mask in masks.values():
        assert mask.shape == (3, 2) and mask.dtype == np.bool_
