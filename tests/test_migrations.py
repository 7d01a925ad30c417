"""The migrations build exactly the schema the models describe, and take it down again.

Each database here is new and empty: a SQLite file, and on PostgreSQL (when the suite runs
there) a throwaway database created and dropped by the test.
"""

from __future__ import annotations

import logging
import secrets
import warnings
from contextlib import contextmanager

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, delete, inspect, make_url, select, text, update
from sqlalchemy.exc import DatabaseError, SAWarning

from academy import create_app
from academy.audit.models import AuditEvent
from academy.audit.services import record
from academy.extensions import db
from academy.talent.apprenticeships import seed
from academy.talent.apprenticeships.models import ApprenticeshipStandard, FundingRule
from academy.talent.apprenticeships.reference import seed_reference_data
from academy.talent.apprenticeships.standards_import import parse_standards
from tests.conftest import DATABASE_URL, make_config

ON_POSTGRES = DATABASE_URL.startswith("postgresql")
DIALECTS = ["sqlite", "postgresql"] if ON_POSTGRES else ["sqlite"]
# SQLite cannot reflect an index on an expression, so it cannot be compared there.
EXPRESSION_INDEXES = {"uq_role_assignment_scope"}


@contextmanager
def preserved_logging():
    """migrations/env.py configures logging from alembic.ini; give the suite its own back."""
    names = [None, "alembic", "sqlalchemy", "flask_migrate"]
    saved = {}
    for name in names:
        logger = logging.getLogger(name)
        saved[name] = (logger.level, list(logger.handlers), logger.propagate, logger.disabled)
    try:
        yield
    finally:
        for name, (level, handlers, propagate, disabled) in saved.items():
            logger = logging.getLogger(name)
            logger.setLevel(level)
            logger.handlers[:] = handlers
            logger.propagate = propagate
            logger.disabled = disabled


@contextmanager
def empty_database(dialect: str, tmp_path):
    """The URL of a new, empty database, removed afterwards."""
    if dialect == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    base = make_url(DATABASE_URL)
    name = f"{base.database}_migrations_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")  # CREATE DATABASE refuses transactions
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(params=DIALECTS)
def empty_app(request, tmp_path):
    """An app on an empty database of each dialect the suite runs on; nothing created yet."""
    with empty_database(request.param, tmp_path) as url, preserved_logging():
        app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=url,
                                     SQLALCHEMY_ENGINE_OPTIONS={}))
        with app.app_context():
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()


def schema_differences() -> list:
    """What autogenerate would write into a new revision: nothing when models and migrations agree."""
    with warnings.catch_warnings():
        if db.engine.dialect.name == "sqlite":
            # SQLite cannot reflect expression-based indexes (uq_role_assignment_scope is on
            # coalesce(organisation_id, 0)): SQLAlchemy skips them when reflecting and alembic
            # skips comparing them, each with a warning. The index is compared on PostgreSQL,
            # and test_upgrade_downgrade_upgrade checks directly that SQLite has it.
            warnings.filterwarnings(
                "ignore", "Skipped unsupported reflection of expression-based index",
                category=SAWarning,
            )
            warnings.filterwarnings(
                "ignore", "autogenerate skipping metadata-specified expression-based index",
                category=UserWarning,
            )
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, db.metadata)


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def script_heads(app) -> list[str]:
    config = app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_heads()


def current_heads() -> tuple[str, ...]:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_heads()


def test_upgrade_downgrade_upgrade(empty_app):
    heads = script_heads(empty_app)
    assert len(heads) == 1, f"the migrations have several heads, merge them: {heads}"

    flask_migrate.upgrade()
    assert current_heads() == tuple(heads)
    assert schema_differences() == []
    assert table_names() == set(db.metadata.tables)
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            indexes = dict(connection.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )).all())
        for name in EXPRESSION_INDEXES:
            assert "coalesce" in indexes[name].lower()

    flask_migrate.downgrade(revision="base")
    assert current_heads() == ()
    assert table_names() == set()
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            leftovers = connection.execute(text(
                "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                "AND tbl_name != 'alembic_version'"
            )).all()
        else:
            leftovers = connection.execute(text(
                "SELECT 'function', proname FROM pg_proc JOIN pg_namespace n ON n.oid = pronamespace "
                "WHERE nspname = 'public' "
                "UNION ALL SELECT 'sequence', sequencename FROM pg_sequences "
                "WHERE schemaname = 'public'"
            )).all()
    assert leftovers == []

    flask_migrate.upgrade()
    assert current_heads() == tuple(heads)
    assert schema_differences() == []


def test_the_audit_log_is_append_only_in_a_migrated_database(empty_app):
    flask_migrate.upgrade()
    event = record(None, "report.exported", object_type="Report", object_id=7, rows=12)
    db.session.commit()
    event_id = event.id

    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(update(AuditEvent).values(action="report.viewed"))
    db.session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(delete(AuditEvent).where(AuditEvent.id == event_id))
    db.session.rollback()

    assert db.session.execute(select(AuditEvent.action, AuditEvent.detail)).all() == [
        ("report.exported", {"rows": 12})
    ]
    # Appending still works.
    record(None, "report.exported", object_type="Report", object_id=8)
    db.session.commit()
    assert len(db.session.scalars(select(AuditEvent)).all()) == 2


def test_the_audit_log_is_append_only_when_built_from_the_models(app):
    """The test databases are built with create_all: the same guards are attached there."""
    record(None, "person.created", object_type="User", object_id=1)
    db.session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(update(AuditEvent).values(object_id="2"))
    db.session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(delete(AuditEvent))
    db.session.rollback()
    assert db.session.scalar(select(AuditEvent.object_id)) == "1"


def reference_rows() -> dict[str, list[tuple]]:
    standards = db.session.execute(
        select(ApprenticeshipStandard.reference, ApprenticeshipStandard.title, ApprenticeshipStandard.level,
               ApprenticeshipStandard.version, ApprenticeshipStandard.typical_duration_months,
               ApprenticeshipStandard.max_funding_band, ApprenticeshipStandard.min_off_the_job_hours,
               ApprenticeshipStandard.status, ApprenticeshipStandard.funding_withdrawn_from,
               ApprenticeshipStandard.confidence)
        .order_by(ApprenticeshipStandard.reference)).all()
    skip = {"id", "created_at", "created_by_id"}
    columns = [c for c in FundingRule.__table__.columns if c.name not in skip]
    rules = db.session.execute(select(*columns).order_by(FundingRule.effective_from)).all()
    return {"standards": [tuple(r) for r in standards], "funding_rules": [tuple(r) for r in rules]}


def test_a_migrated_database_starts_with_the_apprenticeship_reference_data(empty_app):
    flask_migrate.upgrade()
    migrated = reference_rows()
    assert len(migrated["standards"]) == len(parse_standards(seed.STANDARDS_CSV)[0]) > 0
    assert len(migrated["funding_rules"]) == len(seed.FUNDING_RULES)
    assert seed_reference_data() == {"standards": 0, "funding_rules": 0}  # nothing left to load

    # The same rows as the application's own loader puts into an empty table.
    db.session.execute(delete(ApprenticeshipStandard))
    db.session.execute(delete(FundingRule))
    assert seed_reference_data() == {"standards": len(migrated["standards"]),
                                     "funding_rules": len(migrated["funding_rules"])}
    assert reference_rows() == migrated
