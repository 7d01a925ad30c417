"""What the benchmark scripts share: an app on a throwaway database, and an empty schema there."""

from __future__ import annotations

import secrets

from sqlalchemy import text

from academy import create_app
from academy.extensions import db


def make_app(url: str, **config):
    return create_app({
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        # Whatever ACADEMY_ENV says, a throwaway secret is safe for a benchmark.
        "SECRET_KEY": secrets.token_urlsafe(48),
        "WTF_CSRF_ENABLED": False,
        **config,
    })


def empty_schema() -> None:
    """Drop everything and build the schema from the models (PostgreSQL: the public schema)."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    db.create_all()
