"""Coaches' availability, booking with invitations, changes up to the cut-off, the record,
sharing with the manager, and the reminders."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from academy.audit.models import AuditEvent
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.notifications.models import Notice, OutboxMessage
from academy.people.roles import Role
from academy.talent.conversations import queries, rules
from academy.talent.conversations.models import (
    CancelReason,
    CoachSlot,
    ConversationStatus,
    GrowthDirection,
    Mode,
    OtherAim,
)
from academy.talent.conversations.services import availability, booking, records
from academy.timekeeping import utcnow
from tests.factories import OrganisationFactory, SiteFactory, UserFactory
from tests.talent.conversations.factories import (
    ConversationFactory,
    SlotFactory,
    coach,
    held_conversation,
    past_slot,
)


def mail_to(user) -> list[OutboxMessage]:
    return list(db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == user.email).order_by(OutboxMessage.id)
    ))


def calendar_of(message: OutboxMessage):
    [attachment] = message.attachments
    return attachment, Calendar.from_ical(attachment.content)


def audit_actions(obj_type: str) -> list[str]:
    return list(db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == obj_type).order_by(AuditEvent.id)
    ))


def local_day(days: int) -> date:
    return rules.to_local(utcnow()).date() + timedelta(days=days)


# Slots, availability and blocked-out time ---------------------------------------------------

def test_publish_slot_stores_utc_and_refuses_clashes_and_the_past(app):
    trainer = coach()
    site = SiteFactory()
    day = local_day(10)
    slot = availability.publish_slot(trainer, on=day, at=time(10), minutes=60, mode=Mode.IN_PERSON,
                                 site=site, joining_details=None, actor=trainer)
    assert slot.local_start == datetime.combine(day, time(10))
    assert slot.starts_at == rules.to_utc(datetime.combine(day, time(10)))
    with pytest.raises(DomainError, match="already have a slot"):
        availability.publish_slot(trainer, on=day, at=time(10, 30), minutes=30, mode=Mode.VIRTUAL,
                              site=None, joining_details=None, actor=trainer)
    with pytest.raises(DomainError, match="future"):
        availability.publish_slot(trainer, on=local_day(-1), at=time(10), minutes=60,
                              mode=Mode.VIRTUAL, site=None, joining_details=None, actor=trainer)
    with pytest.raises(DomainError, match="site"):
        availability.publish_slot(trainer, on=day, at=time(14), minutes=60, mode=Mode.IN_PERSON,
                              site=None, joining_details=None, actor=trainer)


def test_only_the_coach_publishes_their_own_slots(app):
    trainer, other = coach(), coach()
    with pytest.raises(NotAllowed):
        availability.publish_slot(trainer, on=local_day(5), at=time(9), minutes=60, mode=Mode.VIRTUAL,
                              site=None, joining_details=None, actor=other)
    staff = UserFactory()
    with pytest.raises(NotAllowed):
        availability.publish_slot(staff, on=local_day(5), at=time(9), minutes=60, mode=Mode.VIRTUAL,
                              site=None, joining_details=None, actor=staff)


def test_weekly_availability_publishes_slots_ahead_and_the_daily_job_adds_no_duplicates(app):
    trainer = coach()
    now = utcnow()
    first = local_day(0)
    pattern, published = availability.add_availability(
        trainer, weekday=first.weekday(), starts=time(9), ends=time(12), slot_minutes=60,
        mode=Mode.VIRTUAL, site=None, joining_details="Teams", valid_from=first,
        valid_until=None, actor=trainer, now=now,
    )
    slots = db.session.scalars(select(CoachSlot).where(CoachSlot.availability_id == pattern.id)).all()
    assert published == len(slots) >= 21  # three a week for eight weeks (today's may have passed)
    assert all(s.local_start.weekday() == first.weekday() for s in slots)
    assert all(s.starts_at > now for s in slots)
    assert max(s.local_start.date() for s in slots) <= rules.to_local(now + rules.HORIZON).date()
    assert availability.extend_availability(now) == 0
    # A week later the horizon has moved on by one week: three more slots.
    assert availability.extend_availability(now + timedelta(days=7)) == 3


def test_blocked_time_hides_free_slots_and_availability_skips_it_until_removed(app):
    trainer = coach()
    person = UserFactory()
    now = utcnow()
    day = local_day(14)
    free = availability.publish_slot(trainer, on=day, at=time(10), minutes=60, mode=Mode.VIRTUAL,
                                     site=None, joining_details=None, actor=trainer, now=now)
    block, hidden = availability.block_time(
        trainer, starts=datetime.combine(day, time(0)), ends=datetime.combine(day, time(23, 59)),
        reason="Annual leave", actor=trainer, now=now,
    )
    assert hidden == 1

    def bookable_that_day() -> list[CoachSlot]:
        return [s for s in db.session.scalars(queries.free_slots(person, now))
                if s.local_start.date() == day]

    assert bookable_that_day() == []
    with pytest.raises(booking.SlotTaken):
        booking.book(free, person=person, actor=person, now=now)
    _, published = availability.add_availability(
        trainer, weekday=day.weekday(), starts=time(9), ends=time(12), slot_minutes=60,
        mode=Mode.VIRTUAL, site=None, joining_details=None, valid_from=local_day(0),
        valid_until=None, actor=trainer, now=now,
    )
    assert published > 0 and bookable_that_day() == []
    # Removing the block opens the hidden slot and lets the weekly availability fill the day,
    # around the one-off slot at 10:00.
    assert availability.remove_block(block, actor=trainer, now=now) == 3
    assert sorted(s.local_start.hour for s in bookable_that_day()) == [9, 10, 11]


def test_a_withdrawn_weekly_slot_is_not_published_again(app):
    trainer = coach()
    now = utcnow()
    weekly, _ = availability.add_availability(
        trainer, weekday=local_day(3).weekday(), starts=time(9), ends=time(10), slot_minutes=60,
        mode=Mode.VIRTUAL, site=None, joining_details=None, valid_from=local_day(0),
        valid_until=None, actor=trainer, now=now,
    )
    first = db.session.scalars(select(CoachSlot).where(CoachSlot.availability_id == weekly.id)
                               .order_by(CoachSlot.starts_at)).first()
    availability.withdraw_slot(first, actor=trainer, now=now)
    assert availability.extend_availability(now + timedelta(hours=1)) == 0
    assert db.session.get(CoachSlot, first.id).withdrawn_at is not None


def test_a_block_over_a_booked_conversation_is_refused(app):
    booked = ConversationFactory()
    start = booked.slot.local_start
    with pytest.raises(DomainError, match="1 booked conversation"):
        availability.block_time(booked.coach, starts=start - timedelta(hours=1),
                            ends=start + timedelta(hours=2), reason=None, actor=booked.coach)


def test_ending_availability_withdraws_its_free_slots_but_keeps_bookings(app):
    trainer = coach()
    person = UserFactory()
    pattern, published = availability.add_availability(
        trainer, weekday=local_day(3).weekday(), starts=time(9), ends=time(11), slot_minutes=60,
        mode=Mode.VIRTUAL, site=None, joining_details=None, valid_from=local_day(0),
        valid_until=None, actor=trainer,
    )
    first = db.session.scalars(select(CoachSlot).where(CoachSlot.availability_id == pattern.id)
                               .order_by(CoachSlot.starts_at)).first()
    booking.book(first, person=person, actor=person)
    assert availability.end_availability(pattern, actor=trainer) == published - 1
    assert db.session.get(CoachSlot, first.id).withdrawn_at is None


def test_a_booked_slot_cannot_be_withdrawn(app):
    booked = ConversationFactory()
    with pytest.raises(DomainError, match="booked"):
        availability.withdraw_slot(booked.slot, actor=booked.coach)


# Booking ------------------------------------------------------------------------------------

def test_booking_e_mails_an_invitation_and_tells_the_coach(app):
    slot = SlotFactory()
    person = UserFactory()
    conversation = booking.book(slot, person=person, actor=person)
    assert db.session.get(CoachSlot, slot.id).is_booked
    assert conversation.status == ConversationStatus.BOOKED

    [message] = mail_to(person)
    assert message.subject == "Your career conversation is booked"
    assert f"/conversations/{conversation.id}/preparation" in message.body_text
    attachment, calendar = calendar_of(message)
    assert attachment.content_type == "text/calendar; method=REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstart") == slot.starts_at.replace(tzinfo=UTC)
    assert str(event["organizer"]) == f"mailto:{slot.coach.email}"
    assert str(event["attendee"]) == f"mailto:{person.email}"

    [to_coach] = mail_to(slot.coach)
    assert person.name in to_coach.body_text
    assert db.session.scalar(select(func.count()).select_from(Notice)
                             .where(Notice.user_id == slot.coach.id)) == 1
    assert audit_actions("Conversation") == ["conversation.booked"]


def test_a_slot_already_booked_is_refused(app):
    slot = SlotFactory()
    first, second = UserFactory(), UserFactory()
    booking.book(slot, person=first, actor=first)
    with pytest.raises(booking.SlotTaken):
        booking.book(slot, person=second, actor=second)


def test_nobody_books_for_someone_else_or_with_themselves(app):
    slot = SlotFactory()
    person, other = UserFactory(), UserFactory()
    with pytest.raises(NotAllowed):
        booking.book(slot, person=person, actor=other)
    with pytest.raises(NotAllowed):
        booking.book(slot, person=slot.coach, actor=slot.coach)


def test_a_coach_for_one_organisation_is_open_to_its_staff_only(app):
    trust, council = OrganisationFactory(), OrganisationFactory()
    local_coach = UserFactory(employer=trust, roles=[(Role.COACH, trust)])
    slot = SlotFactory(coach=local_coach)
    outsider = UserFactory(employer=council)
    with pytest.raises(NotAllowed):
        booking.book(slot, person=outsider, actor=outsider)
    insider = UserFactory(employer=trust)
    assert booking.book(slot, person=insider, actor=insider).slot_id == slot.id


def test_one_person_holds_at_most_two_upcoming_bookings(app):
    person = UserFactory()
    for _ in range(rules.MAX_UPCOMING_BOOKINGS):
        booking.book(SlotFactory(), person=person, actor=person)
    with pytest.raises(DomainError, match="already have 2"):
        booking.book(SlotFactory(), person=person, actor=person)


def test_rescheduling_moves_the_event_with_the_same_uid_and_a_higher_sequence(app):
    now = utcnow().replace(microsecond=0)
    conversation = ConversationFactory(slot=SlotFactory(is_booked=True, starts_at=now + timedelta(days=4)))
    old_slot = conversation.slot
    new_slot = SlotFactory(coach=conversation.coach, starts_at=now + timedelta(days=6))
    booking.reschedule(conversation, new_slot, actor=conversation.person)
    assert conversation.slot_id == new_slot.id and conversation.sequence == 1
    assert not db.session.get(CoachSlot, old_slot.id).is_booked
    assert db.session.get(CoachSlot, new_slot.id).is_booked
    [message] = mail_to(conversation.person)
    _, calendar = calendar_of(message)
    event = calendar.walk("VEVENT")[0]
    assert str(event["uid"]) == f"career-conversation-{conversation.id}@wakefield-academy"
    assert event.decoded("sequence") == 1
    assert event.decoded("dtstart") == new_slot.starts_at.replace(tzinfo=UTC)
    assert mail_to(conversation.coach)[0].subject == "A career conversation has moved"


def test_changes_are_refused_after_the_cut_off_and_to_another_coach(app):
    soon = ConversationFactory(slot=SlotFactory(is_booked=True, starts_at=utcnow() + timedelta(hours=20)))
    later = SlotFactory(coach=soon.coach)
    with pytest.raises(NotAllowed, match="24 hours"):
        booking.reschedule(soon, later, actor=soon.person)
    with pytest.raises(NotAllowed):
        booking.cancel(soon, reason=CancelReason.CANNOT_MAKE_IT, actor=soon.person)
    # The coach can still cancel, and the person is told.
    booking.cancel(soon, reason=CancelReason.CANNOT_MAKE_IT, actor=soon.coach)
    assert soon.status == ConversationStatus.CANCELLED

    upcoming = ConversationFactory()
    with pytest.raises(DomainError, match="same coach"):
        booking.reschedule(upcoming, SlotFactory(), actor=upcoming.person)


def test_cancelling_frees_the_slot_and_sends_a_calendar_cancellation(app):
    conversation = ConversationFactory()
    slot = conversation.slot
    booking.cancel(conversation, reason=CancelReason.NO_LONGER_NEEDED, actor=conversation.person)
    assert not db.session.get(CoachSlot, slot.id).is_booked
    [message] = mail_to(conversation.person)
    attachment, calendar = calendar_of(message)
    assert attachment.content_type == "text/calendar; method=CANCEL"
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CANCELLED"
    assert "no longer needed" in mail_to(conversation.coach)[0].body_text
    # The slot can be booked again.
    other = UserFactory()
    assert booking.book(slot, person=other, actor=other).slot_id == slot.id


# Before and after the meeting -----------------------------------------------------------------

def test_the_person_prepares_and_the_coach_is_told_once(app):
    conversation = ConversationFactory()
    person = conversation.person
    records.save_preparation(conversation, where_now="HCA on a ward", where_next="Nursing",
                              in_the_way="Time", actor=person)
    records.save_preparation(conversation, where_now="HCA on a ward", where_next="Nursing associate",
                              in_the_way="Time", actor=person)
    assert conversation.preparation.where_next == "Nursing associate"
    notices = db.session.scalars(select(Notice.text).where(Notice.user_id == conversation.coach.id)).all()
    assert len(notices) == 1
    with pytest.raises(NotAllowed):
        records.save_preparation(conversation, where_now="x", where_next=None, in_the_way=None,
                                  actor=conversation.coach)
    with pytest.raises(DomainError, match="at least one"):
        records.save_preparation(conversation, where_now=" ", where_next="", in_the_way=None,
                                  actor=person)


def test_the_record_is_written_by_the_coach_after_the_meeting_and_never_e_mailed(app):
    trainer = coach()
    upcoming = ConversationFactory(coach=trainer, slot=SlotFactory(coach=trainer, is_booked=True))
    with pytest.raises(NotAllowed):
        records.write_record(upcoming, growth_direction=None, aims=[], notes="x", actions=[],
                              actor=trainer)
    held = ConversationFactory(slot=past_slot(trainer), coach=trainer)
    with pytest.raises(NotAllowed):
        records.write_record(held, growth_direction=None, aims=[], notes="x", actions=[],
                              actor=held.person)
    record = records.write_record(
        held, growth_direction=GrowthDirection.BREADTH,
        aims=[OtherAim.FLEXIBLE_WORKING], notes="Private: thinking of leaving the trust.",
        actions=[records.ActionInput("Visit the community team", "Me", local_day(14)),
                 records.ActionInput("", "", None)],
        actor=trainer,
    )
    assert held.status == ConversationStatus.HELD
    assert [a.what for a in record.actions] == ["Visit the community team"]
    assert [a.aim for a in record.aims] == [OtherAim.FLEXIBLE_WORKING]
    [message] = mail_to(held.person)
    assert "Private" not in message.body_text and "leaving" not in message.body_text


def test_actions_need_who_and_when_and_stay_as_agreed_once_confirmed(app):
    conversation = held_conversation(UserFactory(), coach())
    with pytest.raises(DomainError, match="who"):
        records.write_record(conversation, growth_direction=None, aims=[], notes="n",
                              actions=[records.ActionInput("Do it", "", local_day(5))],
                              actor=conversation.coach)
    with pytest.raises(DomainError, match="date it is due"):
        records.write_record(conversation, growth_direction=None, aims=[], notes="n",
                              actions=[records.ActionInput("Do it", "Me", None)],
                              actor=conversation.coach)
    records.confirm_actions(conversation, actor=conversation.person)
    with pytest.raises(DomainError, match="confirmed"):
        records.write_record(conversation, growth_direction=None, aims=[], notes="n",
                              actions=[records.ActionInput("Other", "Me", local_day(5))],
                              actor=conversation.coach)
    # The notes may still be changed; the actions stay.
    records.write_record(conversation, growth_direction=None, aims=[], notes="Changed",
                          actions=None, actor=conversation.coach)
    assert conversation.record.notes == "Changed" and len(conversation.record.actions) == 1


def test_sharing_needs_confirmed_actions_and_a_line_manager_and_never_sends_the_notes(app):
    manager = UserFactory()
    person = UserFactory(line_manager=manager)
    conversation = held_conversation(person, coach(), notes="Confidential: caring for a parent.")
    with pytest.raises(DomainError, match="Confirm"):
        records.share_actions(conversation, actor=person)
    records.confirm_actions(conversation, actor=person)
    with pytest.raises(NotAllowed):
        records.share_actions(conversation, actor=manager)
    assert records.share_actions(conversation, actor=person) == manager
    assert conversation.record.actions_shared_with_id == manager.id
    [message] = mail_to(manager)
    assert "Confidential" not in message.body_text and "parent" not in message.body_text
    records.stop_sharing(conversation, actor=person)
    assert conversation.record.actions_shared_with_id is None

    alone = held_conversation(UserFactory(), coach())
    records.confirm_actions(alone, actor=alone.person)
    with pytest.raises(DomainError, match="no line manager"):
        records.share_actions(alone, actor=alone.person)


def test_the_person_or_coach_marks_an_action_done(app):
    conversation = held_conversation(UserFactory(), coach())
    action = conversation.record.actions[0]
    with pytest.raises(NotAllowed):
        records.complete_action(action, on=local_day(0), actor=UserFactory())
    records.complete_action(action, on=local_day(0), actor=conversation.person)
    assert action.completed_on == local_day(0)
    with pytest.raises(DomainError, match="already"):
        records.complete_action(action, on=local_day(0), actor=conversation.coach)


def test_a_coach_books_a_follow_up_in_their_own_slot(app):
    trainer = coach()
    held = held_conversation(UserFactory(), trainer)
    follow_up = booking.book(SlotFactory(coach=trainer), person=held.person, actor=trainer,
                              follow_up_of=held)
    assert follow_up.follow_up_of_id == held.id and follow_up.person_id == held.person_id
    assert mail_to(held.person)[-1].attachments[0].content_type == "text/calendar; method=REQUEST"
    with pytest.raises(NotAllowed):
        booking.book(SlotFactory(), person=held.person, actor=trainer, follow_up_of=held)
    with pytest.raises(NotAllowed):
        booking.book(SlotFactory(coach=trainer), person=held.person, actor=trainer)


# Reminders ------------------------------------------------------------------------------------

def test_each_action_due_gets_one_reminder(app):
    conversation = held_conversation(UserFactory(), coach(), actions=[
        ("Soon", "Me", 3), ("Overdue", "Me", -2), ("Later", "Me", 30),
    ])
    now = utcnow()
    assert records.send_action_reminders(now) == 2
    assert records.send_action_reminders(now + timedelta(days=1)) == 0
    subjects = sorted(m.subject for m in mail_to(conversation.person))
    assert subjects == ["A development action is due", "A development action is overdue"]
    # Three weeks on, the later one comes due.
    assert records.send_action_reminders(now + timedelta(days=24)) == 1


def test_a_booked_conversation_gets_one_reminder_the_day_before(app):
    soon = ConversationFactory(slot=SlotFactory(is_booked=True, starts_at=utcnow() + timedelta(hours=20)))
    ConversationFactory(slot=SlotFactory(is_booked=True, starts_at=utcnow() + timedelta(days=5)))
    now = utcnow()
    assert booking.send_conversation_reminders(now) == 1
    assert booking.send_conversation_reminders(now) == 0
    assert "preparation" in mail_to(soon.person)[0].body_text


def test_the_booking_e_mail_reads_as_a_letter_with_links_on_the_academy(app):
    slot = SlotFactory()
    person = UserFactory(given_name="Aisha")
    conversation = booking.book(slot, person=person, actor=person)
    [message] = mail_to(person)
    deadline = rules.to_local(rules.change_deadline(slot.starts_at))
    assert message.body_text.startswith(
        "Dear Aisha,\n\n"
        f"Your career conversation with {slot.coach.name} is booked for {slot.when} (UK time).\n"
        "Where: Video call"
    )
    assert ("Only you and your coach can read it:\n"
            f"http://academy.test/conversations/{conversation.id}/preparation\n\n"
            f"You can change or cancel the booking until {deadline:%H:%M} on "
            f"{deadline:%A} {deadline.day} {deadline:%B}.\n"
            "The calendar invitation is attached.") in message.body_text
    assert f'<a href="http://academy.test/conversations/{conversation.id}/preparation">' in message.body_html
    notice = db.session.scalars(select(Notice).where(Notice.user_id == person.id)).one()
    assert notice.link == f"http://academy.test/conversations/{conversation.id}"
    event = calendar_of(message)[1].walk("VEVENT")[0]
    assert f"http://academy.test/conversations/{conversation.id}" in str(event["description"])


def test_a_reminder_written_by_the_job_links_to_the_preparation_only_when_it_is_missing(app):
    unprepared = ConversationFactory(slot=SlotFactory(is_booked=True,
                                                      starts_at=utcnow() + timedelta(hours=20)))
    booking.send_conversation_reminders(utcnow())
    [message] = mail_to(unprepared.person)
    assert message.subject == "Reminder: your career conversation"
    assert message.body_text.startswith(
        f"Dear {unprepared.person.given_name},\n\nA reminder of your career conversation with "
        f"{unprepared.coach.name}: {unprepared.slot.when} (UK time).\nWhere: Video call"
    )
    assert ("\n\nThere is still time to fill in your preparation: "
            f"http://academy.test/conversations/{unprepared.id}/preparation") in message.body_text


def test_an_action_reminder_names_the_action_and_links_to_the_conversation(app):
    conversation = held_conversation(UserFactory(), coach(), actions=[("Shadow a shift", "Me", 3)])
    records.send_action_reminders(utcnow())
    [message] = mail_to(conversation.person)
    assert "\n\n  Shadow a shift (Me)\n\n" in message.body_text
    assert ("Mark it done, or book a follow-up conversation: "
            f"http://academy.test/conversations/{conversation.id}") in message.body_text
