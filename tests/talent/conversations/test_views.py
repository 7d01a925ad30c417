"""The pages: finding and booking a slot, preparing, the coach's record and diary, and the
person's plan."""

from datetime import datetime, time, timedelta

from icalendar import Calendar
from sqlalchemy import select

from academy.extensions import db
from academy.notifications.models import OutboxMessage
from academy.talent.conversations import queries, rules
from academy.talent.conversations.models import (
    CoachAvailability,
    CoachBlock,
    CoachSlot,
    Conversation,
    ConversationStatus,
    Mode,
)
from academy.timekeeping import utcnow
from tests.conftest import sign_in
from tests.factories import SiteFactory, UserFactory
from tests.talent.conversations.factories import (
    ConversationFactory,
    SlotFactory,
    coach,
    held_conversation,
    past_slot,
)


def text(response) -> str:
    return response.get_data(as_text=True)


def local_day(days: int):
    return rules.to_local(utcnow()).date() + timedelta(days=days)


def test_free_slots_filter_by_date_mode_site_and_coach(client, app):
    virtual_coach, site_coach = coach(given_name="Vera"), coach(given_name="Simon")
    site = SiteFactory(name="Pinderfields Hospital")
    soon = SlotFactory(coach=virtual_coach, starts_at=utcnow().replace(microsecond=0) + timedelta(days=2))
    later = SlotFactory(coach=site_coach, mode=Mode.IN_PERSON, site=site,
                        starts_at=utcnow().replace(microsecond=0) + timedelta(days=9))
    SlotFactory(coach=virtual_coach, is_booked=True)
    person = UserFactory()
    db.session.commit()
    sign_in(client, person)

    def shown(query: str) -> set[int]:
        page = text(client.get("/conversations/slots" + query))
        return {s.id for s in (soon, later) if f"/conversations/slots/{s.id}/book" in page}

    assert shown("") == {soon.id, later.id}
    assert shown("?mode=in_person") == {later.id}
    assert shown(f"?site={site.id}") == {later.id}
    assert shown(f"?coach={virtual_coach.id}") == {soon.id}
    assert shown(f"?first={soon.local_start.date() + timedelta(days=1)}") == {later.id}
    assert shown(f"?last={soon.local_start.date()}") == {soon.id}


def test_a_coach_does_not_see_their_own_slots_to_book(client, app):
    mine = SlotFactory()
    db.session.commit()
    sign_in(client, mine.coach)
    assert f"/conversations/slots/{mine.id}/book" not in text(client.get("/conversations/slots"))
    assert client.get(f"/conversations/slots/{mine.id}/book").status_code == 403


def test_booking_from_the_page_sends_the_invitation(client, app):
    slot = SlotFactory()
    person = UserFactory()
    db.session.commit()
    sign_in(client, person)
    assert "Book this conversation" in text(client.get(f"/conversations/slots/{slot.id}/book"))
    response = client.post(f"/conversations/slots/{slot.id}/book")
    conversation = db.session.scalars(select(Conversation)).one()
    assert response.location == f"/conversations/{conversation.id}"
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == person.email)).one()
    calendar = Calendar.from_ical(message.attachments[0].content)
    assert str(calendar["method"]) == "REQUEST"
    page = text(client.get(response.location))
    assert "Fill in your preparation" in page and "Change the time" in page


def test_a_slot_someone_else_booked_says_so_and_booking_it_goes_back_to_the_list(client, app):
    taken = ConversationFactory()
    person = UserFactory()
    db.session.commit()
    sign_in(client, person)
    assert "No longer free" in text(client.get(f"/conversations/slots/{taken.slot_id}/book"))
    response = client.post(f"/conversations/slots/{taken.slot_id}/book", follow_redirects=True)
    assert "someone has just booked this slot" in text(response)
    assert db.session.scalars(select(Conversation)).all() == [taken]


def test_preparation_reschedule_and_cancel_pages(client, app):
    booking = ConversationFactory()
    other = SlotFactory(coach=booking.coach)
    db.session.commit()
    sign_in(client, booking.person)
    response = client.post(f"/conversations/{booking.id}/preparation",
                           data={"where_now": "On the ward", "where_next": "", "in_the_way": ""})
    assert response.status_code == 302
    assert "On the ward" in text(client.get(f"/conversations/{booking.id}"))

    page = text(client.get(f"/conversations/{booking.id}/reschedule"))
    assert other.when in page
    assert client.post(f"/conversations/{booking.id}/reschedule", data={}).status_code == 200
    client.post(f"/conversations/{booking.id}/reschedule", data={"slot": other.id})
    assert db.session.get(Conversation, booking.id).slot_id == other.id

    assert "Choose why" in text(client.post(f"/conversations/{booking.id}/cancel", data={}))
    client.post(f"/conversations/{booking.id}/cancel", data={"reason": "cannot_make_it"})
    assert db.session.get(Conversation, booking.id).status == ConversationStatus.CANCELLED


def test_the_coach_writes_the_record_with_actions_and_the_person_confirms_them(client, app):
    trainer = coach()
    conversation = ConversationFactory(slot=past_slot(trainer), coach=trainer)
    db.session.commit()
    sign_in(client, trainer)
    form = text(client.get(f"/conversations/{conversation.id}/record"))
    assert "Action 3" in form and "Growth direction" in form
    due = local_day(20).isoformat()
    invalid = client.post(f"/conversations/{conversation.id}/record", data={
        "growth_direction": "stretch", "notes": "Talked it through",
        "actions-0-what": "Visit the ward", "actions-0-owner": "", "actions-0-due_on": due,
    })
    assert "Action 1: enter who will do it" in text(invalid)
    client.post(f"/conversations/{conversation.id}/record", data={
        "growth_direction": "stretch", "aims": ["step_sideways"], "notes": "Talked it through",
        "actions-0-what": "Visit the ward", "actions-0-owner": "Me", "actions-0-due_on": due,
        "actions-1-what": "", "actions-1-owner": "", "actions-1-due_on": "",
    })
    record = db.session.get(Conversation, conversation.id).record
    assert record.growth_direction.value == "stretch"
    assert [a.what for a in record.actions] == ["Visit the ward"]
    client.post("/logout")

    sign_in(client, conversation.person)
    page = text(client.get(f"/conversations/{conversation.id}"))
    assert "Talked it through" in page and "Confirm as my development plan" in page
    client.post(f"/conversations/{conversation.id}/comments", data={"comments": "Thank you"})
    client.post(f"/conversations/{conversation.id}/confirm")
    assert "Visit the ward" in text(client.get("/conversations/"))
    action = record.actions[0]
    client.post(f"/conversations/actions/{action.id}/done", data={"next": "/conversations/"})
    db.session.expire_all()
    assert db.session.get(type(action), action.id).completed_on == local_day(0)


def test_share_page_names_the_manager_and_sharing_works(client, app):
    manager = UserFactory(given_name="Rebecca")
    person = UserFactory(line_manager=manager)
    conversation = held_conversation(person, coach())
    db.session.commit()
    sign_in(client, person)
    client.post(f"/conversations/{conversation.id}/confirm")
    assert "Share your actions with Rebecca" in text(client.get(f"/conversations/{conversation.id}/share"))
    client.post(f"/conversations/{conversation.id}/share")
    assert db.session.get(Conversation, conversation.id).record.actions_shared_with_id == manager.id
    client.post(f"/conversations/{conversation.id}/unshare")
    assert db.session.get(Conversation, conversation.id).record.actions_shared_with_id is None


def test_the_coach_publishes_slots_availability_and_blocks_from_the_pages(client, app):
    trainer = coach()
    site = SiteFactory()
    db.session.commit()
    sign_in(client, trainer)
    day = local_day(12)
    client.post("/conversations/coach/slots/new", data={
        "on": day.isoformat(), "at": "10:00", "minutes": "60", "mode": "in_person",
        "site": str(site.id), "joining_details": "",
    })
    slot = db.session.scalars(select(CoachSlot)).one()
    assert slot.local_start == datetime.combine(day, time(10)) and slot.site_id == site.id

    client.post("/conversations/coach/availability/new", data={
        "weekday": str(local_day(20).weekday()), "starts": "13:00", "ends": "15:00",
        "slot_minutes": "60", "mode": "virtual", "site": "", "joining_details": "Teams",
        "valid_from": local_day(0).isoformat(), "valid_until": "",
    })
    assert db.session.scalars(select(CoachAvailability)).one().slot_minutes == 60

    client.post("/conversations/coach/blocks/new", data={
        "starts_on": day.isoformat(), "starts_time": "00:00",
        "ends_on": day.isoformat(), "ends_time": "23:59", "reason": "Training",
    })
    assert db.session.scalars(select(CoachBlock)).one().reason == "Training"
    assert not queries.is_bookable(slot.id, utcnow())  # hidden while the time is blocked
    diary = text(client.get("/conversations/coach"))
    assert "Training" in diary and "13:00 to 15:00" in diary


def test_the_coach_diary_lists_what_to_write_up_and_who_is_coming(client, app):
    trainer = coach()
    upcoming = ConversationFactory(coach=trainer, slot=SlotFactory(coach=trainer, is_booked=True))
    to_write = ConversationFactory(coach=trainer, slot=past_slot(trainer))
    db.session.commit()
    sign_in(client, trainer)
    page = text(client.get("/conversations/coach"))
    assert f"/conversations/{to_write.id}/record" in page
    assert upcoming.person.name in page


def test_the_free_slots_page_runs_the_same_queries_for_few_or_many_slots(client, app, count_queries):
    person = UserFactory()
    for _ in range(2):
        SlotFactory(coach=coach(), mode=Mode.IN_PERSON, site=SiteFactory())
    db.session.commit()
    sign_in(client, person)

    def queries() -> int:
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get("/conversations/slots").status_code == 200
        return counter.count

    few = queries()
    for _ in range(10):
        SlotFactory(coach=coach(), mode=Mode.IN_PERSON, site=SiteFactory())
    db.session.commit()
    assert queries() == few


def test_the_coach_diary_runs_the_same_queries_for_few_or_many_bookings(client, app, count_queries):
    trainer = coach()
    ConversationFactory(coach=trainer, slot=SlotFactory(coach=trainer, is_booked=True))
    held_conversation(UserFactory(), trainer)
    db.session.commit()
    sign_in(client, trainer)

    def queries() -> int:
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get("/conversations/coach").status_code == 200
        return counter.count

    few = queries()
    for _ in range(6):
        ConversationFactory(coach=trainer, slot=SlotFactory(coach=trainer, is_booked=True))
        held_conversation(UserFactory(), trainer)
    db.session.commit()
    assert queries() == few


def test_home_page_tells_the_person_and_the_coach_what_to_do(client, app):
    booking = ConversationFactory()
    db.session.commit()
    sign_in(client, booking.person)
    page = text(client.get("/"))
    assert "Fill in your preparation for your career conversation" in page
    client.post("/logout")
    sign_in(client, booking.coach)
    assert "Career coaching" in text(client.get("/"))


def test_the_coach_withdraws_a_slot_stops_availability_and_removes_a_block(client, app):
    trainer = coach()
    db.session.commit()
    sign_in(client, trainer)
    day = local_day(7)
    client.post("/conversations/coach/availability/new", data={
        "weekday": str(day.weekday()), "starts": "09:00", "ends": "11:00", "slot_minutes": "60",
        "mode": "virtual", "site": "", "joining_details": "", "valid_from": local_day(0).isoformat(),
        "valid_until": "",
    })
    weekly = db.session.scalars(select(CoachAvailability)).one()
    client.post("/conversations/coach/blocks/new", data={
        "starts_on": day.isoformat(), "starts_time": "00:00", "ends_on": day.isoformat(),
        "ends_time": "23:59", "reason": "Leave",
    })
    block = db.session.scalars(select(CoachBlock)).one()
    free = db.session.scalars(select(CoachSlot).where(CoachSlot.starts_at > utcnow() + timedelta(days=8))
                              .order_by(CoachSlot.starts_at)).first()
    assert "Hidden: in blocked-out time" in text(client.get("/conversations/coach/slots"))

    assert "Withdraw the slot" in text(client.get(f"/conversations/coach/slots/{free.id}/withdraw"))
    client.post(f"/conversations/coach/slots/{free.id}/withdraw")
    assert db.session.get(CoachSlot, free.id).withdrawn_at is not None

    assert "Remove the blocked-out time" in text(client.get(f"/conversations/coach/blocks/{block.id}/remove"))
    response = client.post(f"/conversations/coach/blocks/{block.id}/remove", follow_redirects=True)
    assert "2 slots in it are open for booking" in text(response)
    assert "Hidden: in blocked-out time" not in text(client.get("/conversations/coach/slots"))

    assert "Stop your" in text(client.get(f"/conversations/coach/availability/{weekly.id}/end"))
    client.post(f"/conversations/coach/availability/{weekly.id}/end")
    assert db.session.get(CoachAvailability, weekly.id).ended_at is not None
    live = db.session.scalars(select(CoachSlot).where(CoachSlot.withdrawn_at.is_(None))).all()
    assert live == []


def test_a_coach_cannot_change_another_coach_s_availability(client, app):
    mine, theirs = coach(), SlotFactory()
    db.session.commit()
    sign_in(client, mine)
    assert client.get(f"/conversations/coach/slots/{theirs.id}/withdraw").status_code == 403
    assert client.post(f"/conversations/coach/slots/{theirs.id}/withdraw").status_code == 403


def test_a_slot_years_ahead_is_refused_beside_its_date(client, app):
    trainer = coach()
    db.session.commit()
    sign_in(client, trainer)
    response = client.post("/conversations/coach/slots/new", data={
        "on": "2999-01-04", "at": "10:00", "minutes": "60", "mode": "virtual",
        "site": "", "joining_details": "",
    })
    page = text(response)
    assert response.status_code == 200
    assert "Date must be no later than" in page and "(three years from now)" in page
    assert 'id="on-error"' in page
    assert db.session.scalars(select(CoachSlot)).first() is None


def test_an_action_done_in_the_future_is_refused(client, app):
    conversation = held_conversation(UserFactory(), coach())
    db.session.commit()
    action = conversation.record.actions[0]
    sign_in(client, conversation.person)
    response = client.post(f"/conversations/actions/{action.id}/done",
                           data={"completed_on": local_day(30).isoformat()}, follow_redirects=True)
    assert "Done on must not be in the future" in text(response)
    assert db.session.get(type(action), action.id).completed_on is None


def test_marking_an_action_done_only_follows_a_next_address_on_this_site(client, app):
    conversation = held_conversation(UserFactory(), coach())
    db.session.commit()
    action = conversation.record.actions[0]
    sign_in(client, conversation.person)
    done = f"/conversations/actions/{action.id}/done"
    assert client.post(done, data={"next": "/conversations/"}).location == "/conversations/"
    for away in ("https://evil.example/", "//evil.example/", "/\\evil.example/"):
        response = client.post(done, data={"next": away})
        assert response.location == f"/conversations/{conversation.id}", away
