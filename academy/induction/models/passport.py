"""The passport's share links and the Open Badges issued from it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.extensions import db
from academy.people.models import User, enum_column
from academy.timekeeping import utcnow


class PassportShare(db.Model):
    """A time-limited, revocable link to one person's passport; only a hash of the token is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_viewed_at: Mapped[datetime | None]
    views: Mapped[int] = mapped_column(default=0, server_default="0")

    user: Mapped[User] = relationship()

    __table_args__ = (CheckConstraint("expires_at > created_at", name="expires_after_creation"),)

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now

    def has_expired(self, now: datetime) -> bool:
        return self.expires_at <= now


class BadgeSource(enum.StrEnum):
    INDUCTION = "induction"
    COURSE_COMPLETION = "course_completion"


class OpenBadge(db.Model):
    """An Open Badges 3.0 credential issued as a signed JWT-VC, with its place in a status list."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    source: Mapped[BadgeSource] = enum_column(BadgeSource, "badge_source")
    source_id: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    credential_id: Mapped[str] = mapped_column(String(80), unique=True)
    token: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_list: Mapped[int]
    status_index: Mapped[int]
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    revoked_reason: Mapped[str | None] = mapped_column(String(300))

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    __table_args__ = (
        UniqueConstraint("status_list", "status_index"),
        CheckConstraint("status_index >= 0", name="status_index_not_negative"),
        # One live badge for one achievement; a revoked one may be issued again.
        Index("uq_open_badge_live_source", "source", "source_id", unique=True,
              sqlite_where=db.text("revoked_at IS NULL"),
              postgresql_where=db.text("revoked_at IS NULL")),
    )
