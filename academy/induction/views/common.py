"""What the induction's pages share: the row a select field chose, and the Open Badges issuer's
key and public addresses."""

from __future__ import annotations

from flask import current_app

from academy.extensions import db
from academy.induction import openbadges


def badge_addresses() -> openbadges.Addresses:
    """The public addresses outside verifiers follow, under the platform's base URL."""
    return openbadges.Addresses(current_app.config["ACADEMY_BASE_URL"])


def issuer_key() -> bytes:
    """The issuer's private key, as the settings give it (made on first use otherwise)."""
    return openbadges.private_key_pem(current_app.config)


def chosen(model, ident):
    """The row a select field chose, or None when it was left blank."""
    return db.session.get(model, ident) if ident is not None else None
