"""A member of staff books a career conversation and gets the calendar invitation, prepares; the
coach writes the record after the meeting; the person confirms the actions and shares them with
her manager, who sees the actions and never the notes."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

from icalendar import Calendar
from playwright.sync_api import Page, expect
from sqlalchemy import select

from academy.extensions import db
from academy.notifications.models import OutboxMessage
from academy.talent.conversations.models import Conversation
from academy.timekeeping import utcnow
from tests.browser.journeys import sign_in, sign_out

NOTES = "Aisha wants to start the nursing associate apprenticeship next September."
STAFF, COACH, MANAGER = "staff@demo.academy", "coach@demo.academy", "manager@demo.academy"


def the_invitation(live_server) -> tuple[OutboxMessage, Calendar, str]:
    with live_server.app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == STAFF,
                                        OutboxMessage.subject == "Your career conversation is booked")
            .order_by(OutboxMessage.id.desc())
        ).first()
        [attachment] = message.attachments
        content_type, content = attachment.content_type, attachment.content
        db.session.remove()
    return message, Calendar.from_ical(content), content_type


def time_passes(live_server, conversation_id: int) -> None:
    """The meeting takes place: move its slot into the past so the coach can write it up."""
    with live_server.app.app_context():
        slot = db.session.get(Conversation, conversation_id).slot
        start = utcnow().replace(second=0, microsecond=0) - timedelta(hours=2, minutes=7)
        slot.starts_at, slot.ends_at = start, start + timedelta(hours=1)
        db.session.commit()
        db.session.remove()


def test_book_prepare_record_confirm_and_share_with_the_manager(page: Page, axe, live_server):
    sign_in(page, axe, STAFF)
    page.get_by_role("link", name="Book a career conversation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a career conversation")
    axe(page)
    page.get_by_label("Coach").select_option(label="Priya Patel")
    page.get_by_label("How").select_option(label="Video call")
    page.get_by_role("button", name="Show times").click()
    axe(page)
    page.get_by_role("link", name=re.compile(r"^Book .* with Priya Patel$")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book this conversation")
    axe(page)
    page.get_by_role("button", name="Book this conversation").click()
    expect(page.get_by_role("status")).to_contain_text("We have e-mailed you a calendar invitation")
    axe(page)
    conversation_id = int(re.search(r"/conversations/(\d+)$", page.url).group(1))

    # The invitation is in the outbox, as a calendar request for the booked time.
    message, calendar, content_type = the_invitation(live_server)
    assert content_type == "text/calendar; method=REQUEST"
    assert str(calendar["method"]) == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["organizer"]) == f"mailto:{COACH}"
    assert str(event["attendee"]) == f"mailto:{STAFF}"
    with live_server.app.app_context():
        slot = db.session.get(Conversation, conversation_id).slot
        assert event.decoded("dtstart") == slot.starts_at.replace(tzinfo=UTC)
        db.session.remove()
    assert f"/conversations/{conversation_id}/preparation" in message.body_text

    page.get_by_role("link", name="Fill in your preparation").click()
    axe(page)
    page.get_by_label("Where are you now?").fill("Healthcare assistant on a surgical ward for three years.")
    page.get_by_label("Where do you want to go?").fill("I would like to become a nursing associate.")
    page.get_by_label("What gets in the way?").fill("Fitting study around my children.")
    page.get_by_role("button", name="Save my preparation").click()
    expect(page.get_by_role("status")).to_contain_text("Only you and your coach can read it")
    expect(page.get_by_text("Fitting study around my children.")).to_be_visible()
    axe(page)
    sign_out(page, axe)

    time_passes(live_server, conversation_id)

    sign_in(page, axe, COACH)
    page.get_by_role("link", name=re.compile(r"to write up$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your coaching")
    axe(page)
    page.locator(f"a[href='/conversations/{conversation_id}/record']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record of the conversation with Aisha Hussain")
    axe(page)
    page.get_by_text("Aisha's preparation").click()
    expect(page.get_by_text("I would like to become a nursing associate.")).to_be_visible()
    page.get_by_label("Stretch: a role of greater complexity or leadership").check()
    page.get_by_label("Return to practice").check()
    page.get_by_label("Notes").fill(NOTES)
    first = page.get_by_role("group", name="Action 1")
    first.get_by_label("What").fill("Apply for the trainee nursing associate apprenticeship")
    first.get_by_label("Who").fill("Aisha")
    first.get_by_label("By when").fill((utcnow() + timedelta(days=60)).date().isoformat())
    second = page.get_by_role("group", name="Action 2")
    second.get_by_label("What").fill("Agree study time on the rota")
    second.get_by_label("Who").fill("Aisha and Rebecca")
    second.get_by_label("By when").fill((utcnow() + timedelta(days=30)).date().isoformat())
    page.get_by_role("button", name="Save the record").click()
    expect(page.get_by_role("status")).to_contain_text("The record is saved")
    axe(page)
    sign_out(page, axe)

    sign_in(page, axe, STAFF)
    page.goto(f"/conversations/{conversation_id}")
    expect(page.get_by_text(NOTES)).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Confirm as my development plan").click()
    expect(page.get_by_role("status")).to_contain_text("confirmed as your development plan")
    axe(page)
    page.get_by_role("link", name="Share these actions with your line manager").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share your actions with Rebecca Hall?")
    axe(page)
    page.get_by_role("button", name="Share with Rebecca Hall").click()
    expect(page.get_by_role("status")).to_contain_text("Your notes stay private")
    axe(page)
    sign_out(page, axe)

    sign_in(page, axe, MANAGER)
    page.get_by_role("link", name=re.compile(r"^Development actions your team shared with you")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Development actions shared with you")
    expect(page.get_by_text("Apply for the trainee nursing associate apprenticeship")).to_be_visible()
    expect(page.get_by_text("Agree study time on the rota")).to_be_visible()
    assert NOTES not in page.content()
    axe(page)
    response = page.goto(f"/conversations/{conversation_id}")
    assert response.status == 403
    assert NOTES not in page.content()
    axe(page)


def test_coach_sets_availability_and_blocks_time_and_the_lead_reads_counts(page: Page, axe, live_server):
    sign_in(page, axe, COACH)
    page.goto("/conversations/coach")
    axe(page)
    page.get_by_role("link", name="Set weekly availability").click()
    axe(page)
    page.get_by_label("Day of the week").select_option(label="Friday")
    page.get_by_label("From", exact=True).fill("09:00")
    page.get_by_label("Until", exact=True).fill("11:00")
    page.get_by_label("Length of each conversation").select_option(label="60 minutes")
    page.get_by_label("Video call", exact=True).check()
    page.get_by_role("button", name="Set availability").click()
    expect(page.get_by_role("status")).to_contain_text("Your weekly availability is set")
    expect(page.get_by_text("Fridays, 09:00 to 11:00")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Block out time").click()
    axe(page)
    day = (utcnow() + timedelta(days=40)).date().isoformat()
    page.get_by_label("From date").fill(day)
    page.get_by_label("From time").fill("00:00")
    page.get_by_label("Until date").fill(day)
    page.get_by_label("Until time").fill("23:59")
    page.get_by_label("Reason (only you see it)").fill("Study day")
    page.get_by_role("button", name="Block out time").click()
    expect(page.get_by_role("status")).to_contain_text("The time is blocked out")
    expect(page.get_by_text("Study day")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=re.compile(r"free slots?$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your slots")
    axe(page)
    sign_out(page, axe)

    sign_in(page, axe, "partnershiplead@demo.academy")
    page.get_by_role("link", name=re.compile(r"^Career conversations held and actions completed")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Career conversations: report")
    expect(page.get_by_role("table", name=re.compile(r"by organisation and growth direction"))).to_be_visible()
    assert NOTES not in page.content()
    axe(page)
