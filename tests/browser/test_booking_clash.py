"""A member of staff opens a session at the same time as one they are booked on: the session page
and the confirmation page both warn, name the other session with a link and say what to do; they
confirm knowingly, and download the booking for their calendar."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import Page, expect
from sqlalchemy import select

from academy.courses.models import Course, CourseSession, DeliveryMode, Enrolment, EnrolmentStatus
from academy.extensions import db
from academy.people.models import User
from academy.timekeeping import utcnow
from tests.browser.journeys import sign_in
from tests.courses.factories import CourseFactory, SessionFactory


def a_session_at_the_time_of_a_booking(live_server, email: str) -> tuple[int, str, int]:
    """(new session id, title of the course booked, id of the session booked) for a new session
    starting an hour into the person's next booked session."""
    with live_server.app.app_context():
        booked = db.session.scalar(
            select(CourseSession).join(Enrolment, Enrolment.session_id == CourseSession.id)
            .join(User, User.id == Enrolment.user_id).join(Course, Course.id == CourseSession.course_id)
            .where(User.email == email, Enrolment.status == EnrolmentStatus.BOOKED,
                   CourseSession.starts_at > utcnow() + timedelta(days=2),
                   Course.delivery_mode != DeliveryMode.ELEARNING,
                   CourseSession.cancelled_at.is_(None))
            .order_by(CourseSession.starts_at).limit(1))
        starts = booked.starts_at + timedelta(hours=1)
        course = CourseFactory(title="Conflict resolution in care settings")
        session = SessionFactory(course=course, starts_at=starts, ends_at=starts + timedelta(hours=2),
                                 booking_closes_at=starts - timedelta(days=1), capacity=12)
        db.session.commit()
        ids = session.id, booked.course.title, booked.id
        db.session.remove()
    return ids


def test_a_clashing_booking_is_warned_before_confirm(page: Page, axe, live_server):
    session_id, other_title, other_id = a_session_at_the_time_of_a_booking(
        live_server, "staff@demo.academy")
    sign_in(page, axe, "staff@demo.academy")

    page.goto(f"/sessions/{session_id}")
    axe(page)
    warning = page.locator(".nhsuk-warning-callout")
    expect(warning).to_contain_text("At the same time as")
    expect(warning).to_contain_text(f"You are booked on {other_title}")
    expect(warning).to_contain_text("cancel the other first")
    expect(warning.get_by_role("link", name="choose another date")).to_be_visible()
    expect(warning.get_by_role("link", name=other_title)).to_have_attribute(
        "href", f"/sessions/{other_id}")

    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a place")
    axe(page)
    warning = page.locator(".nhsuk-warning-callout")
    expect(warning).to_contain_text(f"You are booked on {other_title}")
    expect(warning).to_contain_text("You can still confirm and keep both")

    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("status")).to_contain_text("You are booked")
    expect(page.get_by_role("status")).to_contain_text("It is at the same time as")
    axe(page)
    booked = page.get_by_role("table", name="Sessions you are booked on")
    expect(booked).to_contain_text("Conflict resolution in care settings")

    # Its own "Add to calendar" file, from My learning.
    with page.expect_download() as download:
        booked.get_by_role("link", name="Add to calendar for Conflict resolution in care settings").click()
    event, = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Conflict resolution in care settings"
    assert str(event["organizer"]).startswith("mailto:")
