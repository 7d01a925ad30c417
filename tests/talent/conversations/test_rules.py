"""The pure rules of booking: UK time, weekly availability, clashes and the cut-off."""

from datetime import date, datetime, time, timedelta

from academy.talent.conversations import rules


def test_uk_time_is_stored_as_utc_in_summer_and_winter():
    assert rules.to_utc(datetime(2026, 7, 1, 10, 0)) == datetime(2026, 7, 1, 9, 0)  # BST
    assert rules.to_utc(datetime(2026, 1, 15, 10, 0)) == datetime(2026, 1, 15, 10, 0)  # GMT
    assert rules.to_local(datetime(2026, 7, 1, 9, 0)) == datetime(2026, 7, 1, 10, 0)


def test_describe_reads_like_a_sentence():
    assert rules.describe(datetime(2026, 3, 3, 10), datetime(2026, 3, 3, 11)) == \
        "Tuesday 3 March 2026, 10:00 to 11:00"


def test_weekly_pattern_cuts_its_time_into_slots_on_its_day():
    pattern = rules.Pattern(weekday=1, starts=time(9, 30), ends=time(12, 0), slot_minutes=60,
                            valid_from=date(2026, 3, 1))
    found = rules.occurrences(pattern, date(2026, 3, 1), date(2026, 3, 14))
    # Tuesdays 3 and 10 March; 9:30 and 10:30 fit, 11:30 would end after 12:00.
    assert found == [
        (datetime(2026, 3, 3, 9, 30), datetime(2026, 3, 3, 10, 30)),
        (datetime(2026, 3, 3, 10, 30), datetime(2026, 3, 3, 11, 30)),
        (datetime(2026, 3, 10, 9, 30), datetime(2026, 3, 10, 10, 30)),
        (datetime(2026, 3, 10, 10, 30), datetime(2026, 3, 10, 11, 30)),
    ]


def test_weekly_pattern_keeps_to_its_dates():
    pattern = rules.Pattern(weekday=0, starts=time(9), ends=time(10), slot_minutes=60,
                            valid_from=date(2026, 3, 9), valid_until=date(2026, 3, 16))
    days = [start.date() for start, _ in rules.occurrences(pattern, date(2026, 3, 1), date(2026, 4, 30))]
    assert days == [date(2026, 3, 9), date(2026, 3, 16)]


def test_impossible_patterns_are_explained():
    base = dict(weekday=0, valid_from=date(2026, 3, 9))
    assert rules.check_pattern(rules.Pattern(starts=time(12), ends=time(9), slot_minutes=60, **base))
    assert rules.check_pattern(rules.Pattern(starts=time(9), ends=time(9, 30), slot_minutes=60, **base))
    assert rules.check_pattern(rules.Pattern(starts=time(9), ends=time(12), slot_minutes=50, **base))
    assert rules.check_pattern(rules.Pattern(starts=time(9), ends=time(12), slot_minutes=60, **base)) is None


def test_free_of_drops_candidates_that_touch_taken_time_but_not_those_that_only_meet_it():
    nine, ten, eleven, noon = (datetime(2026, 3, 3, h) for h in (9, 10, 11, 12))
    candidates = [(nine, ten), (ten, eleven), (eleven, noon)]
    taken = [(datetime(2026, 3, 3, 10, 30), eleven)]
    assert rules.free_of(candidates, taken) == [(nine, ten), (eleven, noon)]


def test_a_person_may_change_a_booking_until_24_hours_before():
    starts = datetime(2026, 3, 3, 10)
    assert rules.person_may_change(starts, starts - timedelta(hours=24))
    assert not rules.person_may_change(starts, starts - timedelta(hours=23, minutes=59))
