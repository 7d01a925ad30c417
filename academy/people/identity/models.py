"""An organisation's OpenID Connect identity provider, as its administrators set it up."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.extensions import db
from academy.people.models import Organisation
from academy.timekeeping import utcnow


class IdentityProvider(db.Model):
    """Where an organisation's staff sign in: its issuer and this platform's client there.

    The client secret never enters the database: only the name of the environment variable that
    holds it on the web servers.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    issuer_url: Mapped[str] = mapped_column(String(300))
    client_id: Mapped[str] = mapped_column(String(200))
    client_secret_env: Mapped[str] = mapped_column(String(100))
    email_claim: Mapped[str] = mapped_column(String(60), default="email", server_default="email")
    is_enabled: Mapped[bool] = mapped_column(default=True, server_default="1")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()

    @property
    def metadata_url(self) -> str:
        return self.issuer_url.rstrip("/") + "/.well-known/openid-configuration"

    def __str__(self) -> str:
        return f"{self.display_name} ({self.organisation.name})"
