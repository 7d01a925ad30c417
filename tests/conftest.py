"""Fixtures: an app per test with a fresh database (SQLite in memory, or PostgreSQL in CI)."""

from __future__ import annotations

import functools
import os
from contextlib import contextmanager

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)
from sqlalchemy import event, text
from sqlalchemy.pool import StaticPool

from academy import create_app
from academy.extensions import db
from tests import factories

DATABASE_URL = os.environ.get("ACADEMY_TEST_DATABASE_URL", "sqlite://")
ON_SQLITE_MEMORY = DATABASE_URL == "sqlite://"


GENEROUS_LIMITS = [
    "RATELIMIT_PUBLIC", "RATELIMIT_SIGN_IN_ADDRESS", "RATELIMIT_SIGN_IN_ACCOUNT",
    "RATELIMIT_RESET_ADDRESS", "RATELIMIT_RESET_ACCOUNT", "RATELIMIT_VERIFY_ADDRESS",
]


@functools.cache
def issuer_key_pem() -> str:
    """An Open Badges issuer key (Ed25519, PEM), as production is given one."""
    key = Ed25519PrivateKey.generate()
    return key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()


def make_config(tmp_path, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": DATABASE_URL,
        "WTF_CSRF_ENABLED": False,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "MODEL_FOLDER": str(tmp_path / "models"),
        "BADGE_ISSUER_KEY_FILE": str(tmp_path / "openbadges-issuer-key.pem"),
        "ACADEMY_BASE_URL": "http://academy.test",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": 9,  # nothing listens there unless a test starts a server
        "SMTP_TIMEOUT": 2.0,
        "SMTP_STARTTLS": False,
        # Limits no ordinary test reaches; tests/test_limits.py runs with the real ones.
        **{name: "100000 per minute" for name in GENEROUS_LIMITS},
    }
    if ON_SQLITE_MEMORY:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "poolclass": StaticPool, "connect_args": {"check_same_thread": False},
        }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def server_database(tmp_path_factory):
    """On a server database, build the schema once for the session; each test empties it after.

    The migrations are proved separately (tests/test_migrations.py upgrades an empty database to
    head and compares the result with the models).
    """
    if ON_SQLITE_MEMORY:
        yield None
        return
    app = create_app(make_config(tmp_path_factory.mktemp("schema")))
    with app.app_context():
        reset_database()
        db.create_all()
        db.engine.dispose()
    yield DATABASE_URL


def reset_database() -> None:
    """Drop everything in the test database (PostgreSQL: the public schema)."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            db.metadata.drop_all(connection)


def empty_tables() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@contextmanager
def app_context(tmp_path, **overrides):
    app = create_app(make_config(tmp_path, **overrides))
    with app.app_context():
        if ON_SQLITE_MEMORY:
            db.create_all()
        try:
            yield app
        finally:
            db.session.remove()
            if not ON_SQLITE_MEMORY:
                empty_tables()
            db.engine.dispose()


@pytest.fixture
def app(server_database, tmp_path):
    with app_context(tmp_path) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    return db.session


def sign_in(client, user, password: str = factories.PASSWORD):
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def login(client):
    def do(user, password: str = factories.PASSWORD):
        return sign_in(client, user, password)
    return do


class QueryCounter:
    """Counts the SQL statements run while it is active."""

    def __init__(self, engine):
        self.engine = engine
        self.count = 0

    def _count(self, *args, **kwargs):
        self.count += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)


@pytest.fixture
def count_queries(app):
    def make() -> QueryCounter:
        return QueryCounter(db.engine)
    return make
