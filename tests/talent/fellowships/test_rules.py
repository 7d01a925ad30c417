"""The pure rules of fellowships: dates, and outcomes read from job history."""

from datetime import date

from academy.talent.fellowships import rules
from academy.talent.fellowships.rules import Spell


def test_months_after_keeps_the_day_or_the_month_s_last():
    assert rules.months_after(date(2025, 3, 15), 6) == date(2025, 9, 15)
    assert rules.months_after(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert rules.months_after(date(2025, 3, 15), -6) == date(2024, 9, 15)


def test_a_placement_lasts_twelve_months():
    assert rules.placement_ends(date(2024, 3, 1)) == date(2025, 2, 28)


def test_cohort_dates_must_be_in_order():
    assert rules.check_cohort_dates(date(2024, 9, 1), date(2025, 3, 1), date(2026, 2, 28)) is None
    assert rules.check_cohort_dates(date(2024, 9, 1), date(2024, 8, 1), date(2026, 2, 28))
    assert rules.check_cohort_dates(date(2024, 9, 1), date(2025, 3, 1), date(2025, 3, 1))


def test_placement_months_are_the_months_it_touches():
    months = rules.placement_months(date(2025, 3, 15), date(2025, 6, 2))
    assert months == [date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)]


HCA = Spell(job_role_id=1, organisation_id=10, band="3", started_on=date(2020, 1, 1),
            ended_on=date(2025, 4, 30))


def spell(role, org, band, start, end=None, reason=None):
    return Spell(role, org, band, start, end, reason)


def test_the_spell_held_on_a_day():
    later = spell(2, 10, "4", date(2025, 5, 1))
    assert rules.spell_on([HCA, later], date(2024, 6, 1)) == HCA
    assert rules.spell_on([HCA, later], date(2025, 6, 1)) == later
    assert rules.spell_on([HCA], date(2025, 6, 1)) is None


def test_outcomes_from_job_history():
    same = spell(1, 10, "3", date(2020, 1, 1))
    assert rules.derive_outcome(same, same) == rules.SAME_ROLE
    assert rules.derive_outcome(HCA, spell(2, 10, "4", date(2025, 5, 1))) == rules.PROMOTED
    assert rules.derive_outcome(HCA, spell(3, 11, "3", date(2025, 5, 1))) == rules.MOVED_ROLE
    assert rules.derive_outcome(HCA, spell(1, 11, "3", date(2025, 5, 1))) == rules.MOVED_ROLE
    assert rules.derive_outcome(HCA, None) == rules.LEFT


def test_without_bands_a_recorded_promotion_counts():
    carer = spell(5, 20, None, date(2020, 1, 1))
    assert rules.derive_outcome(carer, spell(6, 20, None, date(2025, 5, 1), reason="Promoted")) == rules.PROMOTED
    assert rules.derive_outcome(carer, spell(6, 20, None, date(2025, 5, 1), reason="Moved team")) == rules.MOVED_ROLE


def test_8a_is_above_7():
    assert rules.band_rank("8a") > rules.band_rank("7") > rules.band_rank("6")
