"""Queuing e-mail in the outbox and in-app notices; nothing is sent from a request."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update

from academy.extensions import db
from academy.notifications.models import Notice, OutboxAttachment, OutboxMessage
from academy.timekeeping import utcnow


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes


def queue_email(
    to_address: str, subject: str, body: str, attachments: Iterable[Attachment] = (),
    *, html: str | None = None, has_secret_link: bool = False,
) -> OutboxMessage:
    """Write an e-mail to the outbox; the delivery job sends it after the transaction commits.

    Messages are written from templates by academy.notifications.email, which gives the HTML
    part; the plain text is always there."""
    message = OutboxMessage(to_address=to_address, subject=subject, body_text=body,
                            body_html=html, has_secret_link=has_secret_link)
    for item in attachments:
        message.attachments.append(
            OutboxAttachment(
                filename=item.filename, content_type=item.content_type, content=item.content
            )
        )
    db.session.add(message)
    return message


def notify(
    user,
    text: str,
    *,
    link: str | None = None,
    subject: str | None = None,
    body: str | None = None,
    html: str | None = None,
    attachments: Iterable[Attachment] = (),
) -> Notice:
    """Tell a person: an in-app notice, and an e-mail when a subject is given."""
    notice = Notice(user_id=user.id, text=text, link=link)
    db.session.add(notice)
    if subject:
        queue_email(user.email, subject, body or text, attachments, html=html)
    return notice


def unread_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Notice).where(
            Notice.user_id == user_id, Notice.read_at.is_(None)
        )
    )


def mark_all_read(user_id: int) -> None:
    db.session.execute(
        update(Notice)
        .where(Notice.user_id == user_id, Notice.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.flush()
