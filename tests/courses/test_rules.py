"""The pure rules: places and the waiting list, renewal dates, compliance across boundaries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from academy.courses import rules
from academy.courses.rules import Compliance, Places, Quota

TODAY = date(2026, 6, 15)


# --- Places -------------------------------------------------------------------------------------

def test_a_free_place_books_and_a_full_session_waits():
    assert rules.has_place(Places(capacity=2, taken=1), organisation_id=1)
    assert not rules.has_place(Places(capacity=2, taken=2), organisation_id=1)


def test_unnamed_reservations_are_held_from_everyone():
    places = Places(capacity=5, taken=2, unnamed_reserved=3)
    assert places.free_for(1) == 0


def test_quota_holds_places_for_its_partner_until_the_release_date():
    quota = Quota(organisation_id=7, places=2, released_on=TODAY + timedelta(days=1))
    places = Places(capacity=3, taken=1, taken_by_organisation={9: 1}, quotas=(quota,), today=TODAY)
    assert places.free_for(9) == 0   # two held for partner 7
    assert places.free_for(7) == 2
    released = Places(capacity=3, taken=1, taken_by_organisation={9: 1}, quotas=(quota,),
                      today=TODAY + timedelta(days=1))
    assert released.free_for(9) == 2


def test_partner_bookings_use_up_their_own_quota_first():
    quota = Quota(organisation_id=7, places=2, released_on=TODAY + timedelta(days=10))
    places = Places(capacity=4, taken=2, taken_by_organisation={7: 2}, quotas=(quota,), today=TODAY)
    assert places.held() == 0
    assert places.free_for(9) == 2


def test_promotion_goes_to_the_first_in_line():
    places = Places(capacity=3, taken=1)
    waiting = [("a", 1), ("b", 2), ("c", 3)]
    assert rules.promotions(places, waiting) == ["a", "b"]


def test_a_held_place_skips_people_it_is_not_held_for():
    quota = Quota(organisation_id=7, places=1, released_on=TODAY + timedelta(days=5))
    places = Places(capacity=2, taken=1, taken_by_organisation={9: 1}, quotas=(quota,), today=TODAY)
    assert rules.promotions(places, [("outsider", 9), ("partner", 7), ("late", 7)]) == ["partner"]


def test_promotion_never_overfills():
    places = Places(capacity=5, taken=5)
    assert rules.promotions(places, [(n, 1) for n in range(10)]) == []


def test_booking_window():
    start = datetime(2026, 7, 1, 9)
    closes = datetime(2026, 6, 30, 9)
    kwargs = {"starts_at": start, "closes_at": closes, "cancelled": False, "retired": False}
    assert rules.booking_refusal(datetime(2026, 6, 29), **kwargs) is None
    assert "closed" in rules.booking_refusal(datetime(2026, 6, 30, 9), **kwargs)
    assert "started" in rules.booking_refusal(start, **kwargs)
    assert "cancelled" in rules.booking_refusal(datetime(2026, 6, 1), **{**kwargs, "cancelled": True})


# --- Renewal and compliance ---------------------------------------------------------------------

def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert rules.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert rules.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert rules.add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert rules.expiry_for(date(2023, 6, 15), 36) == date(2026, 6, 15)
    assert rules.expiry_for(date(2023, 6, 15), None) is None


def status_on(expiry, today=TODAY):
    return rules.compliance(expiry, today).status


def test_never_done_without_a_record():
    assert status_on(None) == Compliance.NEVER_DONE


def test_compliant_beyond_sixty_days_due_within_expired_on_the_day():
    assert status_on(TODAY + timedelta(days=61)) == Compliance.COMPLIANT
    assert status_on(TODAY + timedelta(days=60)) == Compliance.DUE
    assert status_on(TODAY + timedelta(days=1)) == Compliance.DUE
    assert status_on(TODAY) == Compliance.EXPIRED
    assert status_on(TODAY - timedelta(days=400)) == Compliance.EXPIRED


def test_compliant_until_a_date():
    state = rules.compliance(date(2027, 1, 1), TODAY)
    assert state.valid_until == date(2027, 1, 1) and state.days_left == 200


def test_a_completion_that_never_expires_stays_compliant():
    assert rules.current_expiry([(date(2010, 1, 1), None)]) == rules.NEVER
    assert status_on(rules.NEVER) == Compliance.COMPLIANT


def test_renewed_early_counts_from_the_new_completion():
    # Completed in 2023 (expires 2026-07-01, so due); renewed early on 2026-05-20 for 3 years.
    old = (date(2023, 7, 1), rules.expiry_for(date(2023, 7, 1), 36))
    assert status_on(rules.current_expiry([old])) == Compliance.DUE
    renewed = (date(2026, 5, 20), rules.expiry_for(date(2026, 5, 20), 36))
    expiry = rules.current_expiry([renewed, old])
    assert expiry == date(2029, 5, 20)
    assert status_on(expiry) == Compliance.COMPLIANT


def test_renewal_after_expiry_restores_compliance_and_an_old_record_does_not_undo_it():
    lapsed = (date(2022, 1, 10), rules.expiry_for(date(2022, 1, 10), 24))
    assert status_on(rules.current_expiry([lapsed])) == Compliance.EXPIRED
    renewed = (date(2026, 6, 1), rules.expiry_for(date(2026, 6, 1), 24))
    assert status_on(rules.current_expiry([lapsed, renewed])) == Compliance.COMPLIANT


def test_boundaries_move_with_the_day():
    expiry = date(2026, 8, 14)  # 60 days after TODAY
    assert status_on(expiry, TODAY - timedelta(days=1)) == Compliance.COMPLIANT
    assert status_on(expiry, TODAY) == Compliance.DUE
    assert status_on(expiry, expiry - timedelta(days=1)) == Compliance.DUE
    assert status_on(expiry, expiry) == Compliance.EXPIRED


def test_reminders_at_sixty_thirty_and_zero_days_most_urgent_first():
    expiry = TODAY + timedelta(days=90)
    assert rules.reminder_due(expiry, TODAY) is None
    assert rules.reminder_due(expiry, expiry - timedelta(days=60)) == 60
    assert rules.reminder_due(expiry, expiry - timedelta(days=31)) == 60
    assert rules.reminder_due(expiry, expiry - timedelta(days=30)) == 30
    assert rules.reminder_due(expiry, expiry - timedelta(days=20)) == 30
    assert rules.reminder_due(expiry, expiry) == 0
    assert rules.reminder_due(expiry, expiry + timedelta(days=3)) == 0
    assert rules.reminder_due(expiry, expiry + timedelta(days=30)) is None


def test_percent():
    assert rules.percent(1, 3) == 33.3
    assert rules.percent(0, 0) is None


# --- Clashes ------------------------------------------------------------------------------------

NINE = datetime(2026, 6, 15, 9, 0)


def slot(key, start_hour: float, hours: float, *, dated: bool = True) -> rules.Slot:
    starts = NINE + timedelta(hours=start_hour - 9)
    return rules.Slot(key, starts, starts + timedelta(hours=hours), dated=dated)


def test_sessions_clash_when_their_times_intersect():
    morning = slot("morning", 9, 3)
    assert rules.overlaps(morning, slot("late morning", 11, 2))
    assert rules.overlaps(morning, slot("inside", 10, 0.5))
    assert rules.overlaps(morning, slot("around", 8, 6))
    assert rules.overlaps(slot("late morning", 11, 2), morning)


def test_back_to_back_sessions_do_not_clash():
    morning = slot("morning", 9, 3)
    assert not rules.overlaps(morning, slot("afternoon", 12, 2))
    assert not rules.overlaps(slot("afternoon", 12, 2), morning)
    assert not rules.overlaps(morning, slot("next day", 9 + 24, 3))


def test_e_learning_takes_no_time_so_never_clashes():
    weeks = slot("e-learning", 9, 24 * 27, dated=False)
    morning = slot("morning", 10, 3)
    assert not rules.overlaps(weeks, morning)
    assert not rules.overlaps(morning, weeks)
    assert rules.clashes(morning, [weeks]) == []
    assert rules.clashes(weeks, [morning]) == []


def test_clashes_lists_the_others_earliest_first_and_never_the_session_itself():
    session = slot(1, 9, 8)
    others = [slot(3, 15, 2), slot(1, 9, 8), slot(2, 8, 2), slot(4, 17, 1)]
    assert rules.clashes(session, others) == [2, 3]


def test_promotion_passes_over_the_blocked_and_they_keep_their_place():
    places = Places(capacity=3, taken=1)
    line = [("ana", 1), ("ben", 1), ("cal", 1)]
    assert rules.promotions(places, line) == ["ana", "ben"]
    assert rules.promotions(places, line, blocked={"ana"}) == ["ben", "cal"]
    assert rules.promotions(places, line, blocked={"ana", "ben", "cal"}) == []
