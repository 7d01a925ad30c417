"""iCalendar: the invitation sent with a booking, its cancellation, the "Add to calendar" download
of one booking, and each person's private feed.

Every event names the academy's mailbox as its ORGANIZER (the address the e-mails come from), and
keeps the session's revision as its SEQUENCE. E-learning has no dated sessions (its "sessions" are
windows of weeks to do it in), so it never becomes a calendar event: no invitation, download or
feed entry is made for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parseaddr

from flask import current_app
from icalendar import Calendar, Event, vCalAddress, vText

from academy.courses.models import CourseSession
from academy.notifications.email import external_url
from academy.notifications.services import Attachment

PRODUCT_ID = "-//Wakefield Health and Social Care Academy//Training calendar//EN"
UID_DOMAIN = "academy.wakefield.example"


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def _calendar(method: str | None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _address(name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def organizer() -> vCalAddress:
    """The academy's mailbox, which sends the invitations and hears any reply."""
    name, email = parseaddr(current_app.config["MAIL_FROM"])
    return _address(name, email)


def session_event(session: CourseSession, *, uid: str, now: datetime,
                  cancelled: bool = False, sequence: int = 0) -> Event:
    course = session.course
    if not course.has_dated_sessions:
        raise ValueError("E-learning has no dated sessions to put in a calendar.")
    link = external_url("courses.session", session_id=session.id)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", _utc(now))
    event.add("dtstart", _utc(session.starts_at))
    event.add("dtend", _utc(session.ends_at))
    event.add("summary", course.title)
    description = course.summary
    if session.online_url:
        description += f"\nJoin online: {session.online_url}"
    description += f"\nDetails: {link}"
    event.add("description", description)
    if session.where:
        event.add("location", session.where)
    event.add("url", link)
    event.add("organizer", organizer())
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def enrolment_uid(enrolment_id: int) -> str:
    return f"enrolment-{enrolment_id}@{UID_DOMAIN}"


def invitation(enrolment, *, now: datetime, cancelled: bool = False) -> Attachment:
    """An iCalendar REQUEST for a booked place, or a CANCEL when the place is gone.

    The sequence is the session's revision, so a calendar replaces the event when the time or
    place changes, and a cancellation outranks the last invitation sent.
    """
    method = "CANCEL" if cancelled else "REQUEST"
    calendar = _calendar(method)
    event = session_event(
        enrolment.session, uid=enrolment_uid(enrolment.id), now=now,
        cancelled=cancelled, sequence=enrolment.session.revision + (1 if cancelled else 0),
    )
    attendee = _address(enrolment.user.name, enrolment.user.email)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("DECLINED" if cancelled else "ACCEPTED")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return Attachment(
        filename="cancelled.ics" if cancelled else "invitation.ics",
        content_type=f"text/calendar; method={method}; charset=utf-8",
        content=calendar.to_ical(),
    )


def invitations(enrolment, *, now: datetime, cancelled: bool = False) -> list[Attachment]:
    """What an e-mail about the booking attaches: its invitation, or nothing for e-learning."""
    if not enrolment.session.course.has_dated_sessions:
        return []
    return [invitation(enrolment, now=now, cancelled=cancelled)]


def booking_download(enrolment, *, now: datetime) -> bytes:
    """One booking as a file to open in a calendar ("Add to calendar"): the same event, UID and
    sequence as the invitation e-mailed, so the calendar keeps one copy of it."""
    calendar = _calendar("PUBLISH")
    calendar.add_component(session_event(
        enrolment.session, uid=enrolment_uid(enrolment.id), now=now,
        sequence=enrolment.session.revision,
    ))
    return calendar.to_ical()


def feed(enrolments: Iterable, *, now: datetime, name: str) -> bytes:
    """A person's booked sessions as a subscribable calendar (no METHOD: a published feed)."""
    calendar = _calendar(None, name)
    for enrolment in enrolments:
        if not enrolment.session.course.has_dated_sessions:
            continue
        calendar.add_component(session_event(
            enrolment.session, uid=enrolment_uid(enrolment.id), now=now,
            sequence=enrolment.session.revision,
        ))
    return calendar.to_ical()
