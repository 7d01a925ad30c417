"""Apprenticeship reference data

The health and care apprenticeship standards and the dated funding rules the platform ships with
(academy/talent/apprenticeships/seed.py), loaded into a database that has none yet, so that a
production database is ready after `flask db upgrade`. Coordinators keep both up to date in the
application afterwards. Downgrading leaves the rows: apprentices may refer to them.

Revision ID: dc2dd9ffeab3
Revises: 3c424c40f578
Create Date: 2026-11-23

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from academy.talent.apprenticeships import seed
from academy.talent.apprenticeships.standards_import import parse_standards

# revision identifiers, used by Alembic.
revision = 'dc2dd9ffeab3'
down_revision = '3c424c40f578'
branch_labels = None
depends_on = None

standard = sa.table(
    "apprenticeship_standard",
    sa.column("reference", sa.String), sa.column("title", sa.String), sa.column("level", sa.Integer),
    sa.column("version", sa.String), sa.column("typical_duration_months", sa.Integer),
    sa.column("max_funding_band", sa.Numeric(12, 2)), sa.column("min_off_the_job_hours", sa.Integer),
    sa.column("status", sa.String), sa.column("funding_withdrawn_from", sa.Date),
    sa.column("source_url", sa.String), sa.column("confidence", sa.Text), sa.column("updated_at", sa.DateTime),
)
PERCENTS = ("top_up_percent", "levy_co_investment_percent", "non_levy_co_investment_percent",
            "transfer_cap_percent", "otj_percent")
INTEGERS = ("expiry_months", "young_fully_funded_max_age", "young_extended_max_age",
            "minimum_duration_months", "otj_floor_hours", "level7_max_age", "level7_extended_max_age")
TERMS = ("otj_basis", "assessment_term", "gateway_term", "assessment_organisation_term")
funding_rule = sa.table(
    "funding_rule",
    sa.column("effective_from", sa.Date), sa.column("name", sa.String), sa.column("notes", sa.Text),
    sa.column("created_at", sa.DateTime),
    *(sa.column(name, sa.Numeric(5, 2)) for name in PERCENTS),
    *(sa.column(name, sa.Integer) for name in INTEGERS),
    *(sa.column(name, sa.String) for name in TERMS),
)


def _empty(table) -> bool:
    return not op.get_bind().scalar(sa.select(sa.func.count()).select_from(table))


def upgrade():
    now = datetime.now(UTC).replace(tzinfo=None)
    if _empty(standard):
        rows, problems = parse_standards(seed.STANDARDS_CSV)
        if problems:
            raise RuntimeError(f"The shipped standards list has problems: {problems}")
        op.bulk_insert(standard, [
            {"reference": r.reference, "title": r.title, "level": r.level, "version": r.version or "1.0",
             "typical_duration_months": r.typical_duration_months, "max_funding_band": r.max_funding_band,
             "min_off_the_job_hours": r.min_off_the_job_hours, "status": r.status,
             "funding_withdrawn_from": r.funding_withdrawn_from, "source_url": r.source_url,
             "confidence": r.confidence, "updated_at": now}
            for r in rows])
    if _empty(funding_rule):
        op.bulk_insert(funding_rule, [
            {"effective_from": effective_from, "name": name, "notes": notes, "created_at": now, **values}
            for effective_from, name, values, notes in seed.FUNDING_RULES])


def downgrade():
    pass
