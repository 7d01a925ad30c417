"""Share links to a person's passport: time-limited, revocable, kept only as a hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from academy.audit.services import record
from academy.errors import DomainError, NotAllowed
from academy.extensions import db
from academy.induction import permissions
from academy.induction.models import PassportShare
from academy.people.models import User

SHARE_DAYS = (7, 14, 30)


class ShareUnavailable(DomainError):
    """The link is unknown, expired or revoked."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_share(person: User, *, label: str, days: int, actor: User, now: datetime) -> tuple[PassportShare, str]:
    """A new link for a prospective employer; returns it with the token, which is shown once."""
    if not permissions.can_share_passport(actor, person):
        raise NotAllowed("Only you can share your passport")
    if days not in SHARE_DAYS:
        raise DomainError("Choose how long the link works", field="days")
    if not label.strip():
        raise DomainError("Enter who the link is for", field="label")
    token = secrets.token_urlsafe(32)
    share = PassportShare(
        user_id=person.id, token_hash=token_digest(token), label=label.strip(), created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(share)
    db.session.flush()
    record(actor, "passport.shared", share, subject=person, days=days)
    return share, token


def revoke_share(share: PassportShare, *, actor: User, now: datetime) -> None:
    if not permissions.can_stop_share(actor, share):
        raise NotAllowed("Only the passport's owner can stop a link")
    if share.revoked_at is None:
        share.revoked_at = now
        record(actor, "passport.share_revoked", share, subject=share.user)
        db.session.flush()


def open_share(token: str, *, now: datetime) -> PassportShare:
    """The share behind a token, counting the view. Raises ShareUnavailable otherwise."""
    share = db.session.scalar(select(PassportShare).where(PassportShare.token_hash == token_digest(token)))
    if share is None or not share.is_live(now):
        raise ShareUnavailable(
            "This passport link has expired or been stopped. Ask the person for a new link."
        )
    share.views += 1
    share.last_viewed_at = now
    record(None, "passport.viewed_by_link", share, subject=share.user)
    db.session.flush()
    return share
