"""The outbox over a real SMTP server: nothing lost while it is down, nothing sent twice."""

from __future__ import annotations

import email
import email.policy
import socket
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar, Event
from sqlalchemy import select

from academy.extensions import db
from academy.jobs import JobRun
from academy.notifications import delivery
from academy.notifications.delivery import MAX_ATTEMPTS, SmtpSettings, backoff, deliver_pending
from academy.notifications.models import Notice, OutboxMessage, OutboxStatus
from academy.notifications.services import (
    Attachment,
    mark_all_read,
    notify,
    queue_email,
    unread_count,
)
from academy.timekeeping import utcnow
from tests.factories import UserFactory

CALENDAR_TYPE = "text/calendar; method=REQUEST"


class RecordingHandler:
    """Keeps every message the server accepts; refuses recipients listed in `refuse`."""

    def __init__(self, refuse: set[str] = frozenset()):
        self.messages: list[tuple[str, list[str], email.message.EmailMessage]] = []
        self.refuse = set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(app):
    """The app's SMTP settings point at a free loopback port; start() opens a server there."""
    port = free_port()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TIMEOUT=5.0)
    controllers: list[Controller] = []

    class Server:
        settings = SmtpSettings.from_config(app.config)

        @staticmethod
        def start(handler: RecordingHandler | None = None) -> RecordingHandler:
            handler = handler or RecordingHandler()
            controller = Controller(handler, hostname="127.0.0.1", port=port)
            controller.start()
            controllers.append(controller)
            return handler

    yield Server
    for controller in controllers:
        controller.stop()


def invitation() -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Wakefield Health and Social Care Academy//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", "session-42@academy.wakefield")
    event.add("summary", "Moving and handling")
    event.add("dtstart", datetime(2026, 12, 3, 9, 30))
    event.add("dtend", datetime(2026, 12, 3, 12, 30))
    event.add("dtstamp", datetime(2026, 11, 23, 8, 0))
    calendar.add_component(event)
    return calendar.to_ical()


def queue_three(app) -> list[int]:
    """A plain e-mail, a notice with an e-mail, and a booking with a calendar invitation."""
    learner = UserFactory(email="learner@example.nhs.uk", given_name="Aisha")
    queue_email("manager@example.nhs.uk", "Your team's training this month", "Three sessions.")
    notify(learner, "Your place is confirmed", link="/courses/1",
           subject="Place confirmed: Fire safety", body="See you on Thursday.")
    notify(learner, "You are booked on Moving and handling", subject="Booked: Moving and handling",
           body="Your place is booked; the invitation is attached.",
           attachments=[Attachment("moving-and-handling.ics", CALENDAR_TYPE, invitation())])
    db.session.commit()
    return list(db.session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)))


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_an_outage_delays_mail_then_each_message_is_delivered_exactly_once(app, smtp):
    ids = queue_three(app)
    assert len(ids) == 3
    now = utcnow() + timedelta(seconds=1)

    # (a) Nothing listens: every message stays pending, tried once, due again later.
    assert deliver_pending(smtp.settings, now=now) == {"sent": 0, "deferred": 3}
    for message in outbox():
        assert message.status == OutboxStatus.PENDING
        assert message.attempts == 1
        assert message.next_attempt_at == now + backoff(1) > now
        assert message.last_error
        assert message.sent_at is None

    # (b) The server is back, but the messages are not due yet: nothing is sent.
    handler = smtp.start()
    assert deliver_pending(smtp.settings, now=now) == {"sent": 0, "deferred": 0}
    assert handler.messages == []

    # Once due, each message arrives exactly once.
    later = now + backoff(1) + timedelta(seconds=1)
    assert deliver_pending(smtp.settings, now=later) == {"sent": 3, "deferred": 0}
    assert len(handler.messages) == 3
    received = {message["Subject"]: (sender, recipients, message)
                for sender, recipients, message in handler.messages}
    assert set(received) == {
        "Your team's training this month", "Place confirmed: Fire safety",
        "Booked: Moving and handling",
    }
    assert received["Your team's training this month"][1] == ["manager@example.nhs.uk"]
    assert received["Place confirmed: Fire safety"][1] == ["learner@example.nhs.uk"]
    sender, _, plain = received["Place confirmed: Fire safety"]
    assert sender == "academy@example.nhs.uk"
    assert plain.get_content().strip() == "See you on Thursday."
    assert list(plain.iter_attachments()) == []
    assert {m["Message-ID"] for _, _, m in handler.messages} == {
        f"<outbox-{i}@academy.wakefield>" for i in ids
    }

    _, recipients, booked = received["Booked: Moving and handling"]
    assert recipients == ["learner@example.nhs.uk"]
    assert booked.get_body(("plain",)).get_content().startswith("Your place is booked")
    [part] = list(booked.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "moving-and-handling.ics"
    event = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]
    assert str(event["summary"]) == "Moving and handling"
    assert event.decoded("dtstart") == datetime(2026, 12, 3, 9, 30)

    for message in outbox():
        assert message.status == OutboxStatus.SENT
        assert message.attempts == 2
        assert message.sent_at is not None
        assert message.last_error is None

    # (c) Running delivery again sends nothing more, however much later.
    assert deliver_pending(smtp.settings, now=later + timedelta(days=1)) == {"sent": 0, "deferred": 0}
    assert len(handler.messages) == 3


def test_a_refused_recipient_waits_while_the_others_are_sent(app, smtp):
    queue_email("first@example.nhs.uk", "First", "One")
    queue_email("gone@example.nhs.uk", "Second", "Two")
    queue_email("third@example.nhs.uk", "Third", "Three")
    db.session.commit()
    handler = smtp.start(RecordingHandler(refuse={"gone@example.nhs.uk"}))
    now = utcnow() + timedelta(seconds=1)

    assert deliver_pending(smtp.settings, now=now) == {"sent": 2, "deferred": 1}
    assert sorted(m["Subject"] for _, _, m in handler.messages) == ["First", "Third"]
    first, second, third = outbox()
    assert (first.status, third.status) == (OutboxStatus.SENT, OutboxStatus.SENT)
    assert second.status == OutboxStatus.PENDING
    assert second.attempts == 1 and "No such mailbox" in second.last_error
    assert second.next_attempt_at == now + backoff(1)


def test_backoff_doubles_and_is_capped_at_six_hours():
    assert [backoff(n) for n in range(1, 6)] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert backoff(9) == timedelta(minutes=256)
    assert backoff(10) == backoff(11) == backoff(40) == timedelta(hours=6)


def test_a_message_is_marked_failed_after_the_last_attempt(app, smtp):
    queue_email("someone@example.nhs.uk", "Reminder", "Your course starts tomorrow.")
    db.session.commit()
    now = utcnow() + timedelta(seconds=1)
    waits = []
    for attempt in range(1, MAX_ATTEMPTS):
        assert deliver_pending(smtp.settings, now=now) == {"sent": 0, "deferred": 1}
        [message] = outbox()
        assert message.status == OutboxStatus.PENDING and message.attempts == attempt
        waits.append(message.next_attempt_at - now)
        # Just before it is due nothing is tried.
        assert deliver_pending(smtp.settings, now=message.next_attempt_at - timedelta(seconds=1)) \
            == {"sent": 0, "deferred": 0}
        now = message.next_attempt_at
    assert waits == [backoff(n) for n in range(1, MAX_ATTEMPTS)]
    assert waits[1] == 2 * waits[0] and max(waits) == timedelta(hours=6)

    assert deliver_pending(smtp.settings, now=now) == {"sent": 0, "deferred": 1}
    [message] = outbox()
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == MAX_ATTEMPTS
    assert message.sent_at is None
    # A failed message is not tried again, even when the server is back.
    handler = smtp.start()
    assert deliver_pending(smtp.settings, now=now + timedelta(days=2)) == {"sent": 0, "deferred": 0}
    assert handler.messages == []


def test_the_built_email_carries_the_calendar_method(app):
    message = queue_email("a@example.nhs.uk", "Invitation", "Attached.",
                          [Attachment("invite.ics", CALENDAR_TYPE, invitation())])
    db.session.flush()
    built = delivery.build_email(message, "Academy <academy@example.nhs.uk>")
    [part] = list(built.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert b"BEGIN:VCALENDAR" in part.get_payload(decode=True)


def test_the_delivery_job_runs_from_the_command_line(app, smtp):
    queue_three(app)
    handler = smtp.start()
    runner = app.test_cli_runner()

    result = runner.invoke(args=["academy", "run-job", "deliver_outbox"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "deliver_outbox: done"
    assert len(handler.messages) == 3
    assert {m.status for m in outbox()} == {OutboxStatus.SENT}

    # Delivery has no period: it may run every minute, and a second run sends nothing again.
    result = runner.invoke(args=["academy", "run-job", "deliver_outbox"])
    assert result.exit_code == 0, result.output
    assert len(handler.messages) == 3
    assert db.session.scalars(select(JobRun)).all() == []


def test_an_unknown_job_is_refused_by_the_command_line(app):
    result = app.test_cli_runner().invoke(args=["academy", "run-job", "no_such_job"])
    assert result.exit_code != 0
    assert "deliver_outbox" in result.output


def test_notices_count_as_unread_until_marked_read(app):
    reader, other = UserFactory(), UserFactory()
    notify(reader, "Your place is confirmed", link="/courses/1")
    notify(reader, "Your certificate is ready")
    notify(other, "Someone else's notice")
    db.session.commit()
    assert unread_count(reader.id) == 2
    # A notice without a subject sends no e-mail.
    assert db.session.scalars(select(OutboxMessage)).all() == []

    mark_all_read(reader.id)
    db.session.commit()
    assert unread_count(reader.id) == 0
    assert unread_count(other.id) == 1
    assert all(n.read_at is not None for n in
               db.session.scalars(select(Notice).where(Notice.user_id == reader.id)))

    notify(reader, "A new notice")
    db.session.commit()
    assert unread_count(reader.id) == 1


def test_notices_page_shows_the_count_and_marks_all_read(app, client, login):
    reader = UserFactory()
    notify(reader, "Your place is confirmed", link="/courses/1")
    notify(reader, "Your certificate is ready")
    db.session.commit()
    login(reader)

    page = client.get("/notices/").get_data(as_text=True)
    assert "Notices (2 unread)" in page
    assert "Your place is confirmed" in page and "Your certificate is ready" in page

    response = client.post("/notices/read")
    assert response.status_code == 302
    assert unread_count(reader.id) == 0
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "All notices are marked as read." in page
    assert "unread)" not in page


def test_settings_come_from_the_app_config(app):
    app.config.update(SMTP_HOST="mail.example.nhs.uk", SMTP_PORT=2525, SMTP_USERNAME="academy",
                      SMTP_PASSWORD="secret", SMTP_STARTTLS=True, SMTP_TIMEOUT=3.0,
                      MAIL_FROM="Academy <academy@example.nhs.uk>")
    assert SmtpSettings.from_config(app.config) == SmtpSettings(
        "mail.example.nhs.uk", 2525, "academy", "secret", True, 3.0,
        "Academy <academy@example.nhs.uk>",
    )
