"""Sends the outbox over SMTP: each message is marked sent as soon as the server accepts it."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import select

from academy.extensions import db
from academy.notifications.email import without_links
from academy.notifications.models import OutboxMessage, OutboxStatus
from academy.timekeeping import utcnow

MAX_ATTEMPTS = 12


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str = ""
    password: str = ""
    starttls: bool = False
    timeout: float = 10.0
    sender: str = "academy@example.nhs.uk"

    @classmethod
    def from_config(cls, config) -> SmtpSettings:
        return cls(
            host=config["SMTP_HOST"],
            port=config["SMTP_PORT"],
            username=config["SMTP_USERNAME"],
            password=config["SMTP_PASSWORD"],
            starttls=config["SMTP_STARTTLS"],
            timeout=config["SMTP_TIMEOUT"],
            sender=config["MAIL_FROM"],
        )


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 1, 2, 4 ... minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = f"<outbox-{message.id}@academy.wakefield>"
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    for item in message.attachments:
        maintype, _, subtype = item.content_type.partition("/")
        params = {}
        if item.content_type.startswith("text/calendar"):
            subtype, params = "calendar", {"method": "REQUEST"}
        email.add_attachment(
            item.content, maintype=maintype, subtype=subtype.split(";")[0],
            filename=item.filename, params=params,
        )
    return email


def deliver_pending(settings: SmtpSettings, *, now: datetime | None = None, limit: int = 500) -> dict:
    """Send due messages, one row claimed and committed at a time.

    Each message is marked sent and committed as soon as the server accepts it, so a second
    delivery run never sends it again. An unreachable server leaves every due message pending
    with a later next attempt (exponential back-off); nothing is lost.
    """
    now = now or utcnow()
    sent = deferred = 0
    connection: smtplib.SMTP | None = None
    try:
        while sent + deferred < limit:
            message = db.session.scalars(
                select(OutboxMessage)
                .where(
                    OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.next_attempt_at <= now,
                )
                .order_by(OutboxMessage.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            ).first()
            if message is None:
                break
            try:
                if connection is None:
                    connection = _connect(settings)
                connection.send_message(build_email(message, settings.sender))
            except (smtplib.SMTPException, OSError) as error:
                _defer(message, now, str(error) or type(error).__name__)
                deferred += 1
                if connection is None or isinstance(error, smtplib.SMTPServerDisconnected):
                    connection = None
                    db.session.commit()
                    deferred += _defer_remaining(now, str(error))
                    break
            else:
                message.status = OutboxStatus.SENT
                message.sent_at = utcnow()
                if message.has_secret_link:
                    # The link now lives in the person's mailbox only; the copy kept here would
                    # let anyone who reads the outbox use it.
                    message.body_text = without_links(message.body_text)
                    message.body_html = without_links(message.body_html)
                message.attempts += 1
                message.last_error = None
                sent += 1
            db.session.commit()
    finally:
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                pass
    return {"sent": sent, "deferred": deferred}


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    connection = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    if settings.starttls:
        connection.starttls()
    if settings.username:
        connection.login(settings.username, settings.password)
    return connection


def _defer_remaining(now: datetime, error: str) -> int:
    """The server is unreachable: every other due message waits for the next attempt too."""
    waiting = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now
        )
    ).all()
    for message in waiting:
        _defer(message, now, error)
    db.session.commit()
    return len(waiting)


def _defer(message: OutboxMessage, now: datetime, error: str) -> None:
    message.attempts += 1
    message.last_error = error[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
    else:
        message.next_attempt_at = now + backoff(message.attempts)
