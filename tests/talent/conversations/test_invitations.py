"""The calendar files: a REQUEST that calendars accept, and a CANCEL for the same event."""

from datetime import UTC, datetime

from icalendar import Calendar

from academy.talent.conversations import invitations

INVITATION = invitations.Invitation(
    uid="career-conversation-7@wakefield-academy", sequence=2,
    starts_at=datetime(2026, 7, 1, 9), ends_at=datetime(2026, 7, 1, 10),
    summary="Career conversation with Priya Patel", description="Your career conversation.",
    location="Video call", organiser_name="Priya Patel", organiser_email="coach@example.nhs.uk",
    attendee_name="Aisha Hussain", attendee_email="staff@example.nhs.uk",
)


def test_request_parses_with_the_event_in_utc():
    calendar = Calendar.from_ical(invitations.to_ical(INVITATION, invitations.REQUEST,
                                                      stamp=datetime(2026, 6, 1)))
    assert str(calendar["method"]) == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(2026, 7, 1, 9, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 7, 1, 10, tzinfo=UTC)
    assert str(event["uid"]) == INVITATION.uid
    assert event.decoded("sequence") == 2
    assert str(event["organizer"]) == "mailto:coach@example.nhs.uk"
    assert str(event["attendee"]) == "mailto:staff@example.nhs.uk"
    assert str(event["status"]) == "CONFIRMED"


def test_cancel_names_the_same_event():
    calendar = Calendar.from_ical(invitations.to_ical(INVITATION, invitations.CANCEL,
                                                      stamp=datetime(2026, 6, 1)))
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["uid"]) == INVITATION.uid
    assert str(event["status"]) == "CANCELLED"


def test_content_type_carries_the_method():
    assert invitations.content_type(invitations.REQUEST) == "text/calendar; method=REQUEST"
