"""iCalendar invitations for career conversations (RFC 5546 REQUEST and CANCEL).

Pure: plain values in, the .ics bytes out. The same UID is kept for the life of a booking and
the SEQUENCE rises with each change, so a calendar moves or removes the one event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, Event, vCalAddress, vText

REQUEST = "REQUEST"
CANCEL = "CANCEL"
PRODUCT = "-//Wakefield Health and Social Care Academy//Career conversations//EN"


@dataclass(frozen=True)
class Invitation:
    uid: str
    sequence: int
    starts_at: datetime  # naive UTC
    ends_at: datetime
    summary: str
    description: str
    location: str
    organiser_name: str
    organiser_email: str
    attendee_name: str
    attendee_email: str


def content_type(method: str) -> str:
    return f"text/calendar; method={method}"


def _address(name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    return address


def to_ical(invitation: Invitation, method: str, *, stamp: datetime) -> bytes:
    """The calendar file for a new or changed booking (REQUEST) or a cancelled one (CANCEL)."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"unknown iTIP method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", invitation.uid)
    event.add("sequence", invitation.sequence)
    event.add("dtstamp", stamp.replace(tzinfo=UTC))
    event.add("dtstart", invitation.starts_at.replace(tzinfo=UTC))
    event.add("dtend", invitation.ends_at.replace(tzinfo=UTC))
    event.add("summary", invitation.summary)
    event.add("description", invitation.description)
    event.add("location", invitation.location)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("organizer", _address(invitation.organiser_name, invitation.organiser_email))
    attendee = _address(invitation.attendee_name, invitation.attendee_email)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("ACCEPTED")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()
