"""Apprenticeship rules as the law has them: the historic funding rows, off-the-job hours by
period, the qualifying period, foundation apprenticeships, employer incentives and each rule's
source

Revision ID: ffe63b661a04
Revises: e41b7c0d9a35
Create Date: 2026-12-04 21:00:00

Adds the rule columns and corrects the shipped rows where they are as shipped: co-investment
was 10% and transfers impossible before April 2018; the rows for April 2018 (transfers 10%),
April 2019 (co-investment 5%, transfers 25%) and August 2022 (6 hours a week off the job) are
added where no row starts that day. Every row, shipped or recorded by a coordinator, gets the
facts that follow from its date. Apprentices whose off-the-job plan took the 187-hour floor as
a default (a standard with no published minimum) are set to "to confirm"; those who started
before August 2022 working more than 30 hours a week get 20% of all their hours (there was no
cap then). The figures are written here as they stood, so this revision does the same whatever
the application later becomes.
"""
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'ffe63b661a04'
down_revision = 'e41b7c0d9a35'
branch_labels = None
depends_on = None

AUGUST_2022 = date(2022, 8, 1)
APRIL_2024 = date(2024, 4, 1)
AUGUST_2025 = date(2025, 8, 1)
LEVY_START = date(2017, 4, 6)

YOUNG_INCENTIVE = {
    "kind": "young", "name": "Employer incentive for a young apprentice", "max_age": 18,
    "extended_max_age": 24,
    "stages": [[90, "500", "after 90 days in learning"], [365, "500", "after 365 days in learning"]],
    "source": "ESFA apprenticeship funding rules (from May 2017), employer incentive payments: "
              "£1,000 for apprentices aged 16 to 18, or 19 to 24 with an education, health and "
              "care plan or care experience, paid in two equal instalments at 90 and 365 days",
}
FOUNDATION_INCENTIVE = {
    "kind": "foundation", "name": "Foundation apprenticeship employer incentive",
    "stages": [[None, None, "first instalment, during the foundation apprenticeship"],
               [None, None, "second instalment, during the foundation apprenticeship"],
               [None, None, "final instalment, when the apprentice progresses to their next "
                            "apprenticeship"]],
    "source": "DfE apprenticeship funding rules 2025 to 2026 (August 2025) and written answer "
              "of 30 October 2025: up to £2,000 in three instalments, the first two spread "
              "across the foundation apprenticeship, the last on progression (stage amounts and "
              "days to confirm in the funding rules)",
}

# The shipped rows' sources, by their day and name as shipped.
SOURCES = {
    (date(2017, 4, 6), "Levy introduced"):
        "ESFA apprenticeship funding rules for employers, May 2017 to March 2018 (version 1, "
        "March 2017); HM Revenue and Customs, Apprenticeship Levy, 6 April 2017",
    (date(2024, 4, 1), "April 2024: young apprentices fully funded"):
        "ESFA apprenticeship funding rules 2023 to 2024, version 2 (April 2024)",
    (date(2024, 4, 22), "April 2024: transfer cap raised to 50%"):
        "DfE, apprenticeship levy transfers: allowance increased to 50% from 22 April 2024 "
        "(apprenticeship service help centre, April 2024)",
    (date(2025, 8, 1), "August 2025: shorter minimum duration, published off-the-job hours"):
        "DfE apprenticeship funding rules 2025 to 2026 (version 1, August 2025); DfE published "
        "off-the-job minimum hours by standard (August 2025)",
    (date(2026, 1, 1), "January 2026: level 7 limited to young apprentices"):
        "DfE apprenticeship funding rules 2025 to 2026, version 2 (January 2026): level 7",
    (date(2026, 8, 1), "August 2026: growth and skills levy"):
        "DfE apprenticeship funding rules 2026 to 2027: summary of changes (gov.uk, \"apply to "
        "all apprenticeships starting on or after 1 August 2026\")",
}
# The shipped rows' notes, corrected, by their day and name as shipped.
NOTES = {
    (date(2024, 4, 1), "April 2024: young apprentices fully funded"):
        "Non-levy employers of any size: government pays 100% for apprentices aged 16 to 21 (22 "
        "to 24 with an education, health and care plan or care experience).",
    (date(2025, 8, 1), "August 2025: shorter minimum duration, published off-the-job hours"):
        "Minimum duration 8 months for new starts, with no part-time extension; each standard "
        "has its own published minimum off-the-job hours (187 hours is only the absolute floor: "
        "a standard whose figure is not known is to confirm); foundation apprenticeships for "
        "ages 16 to 21 (22 to 24 with a care plan, care experience or as a prison leaver) with "
        "an employer incentive of up to £2,000.",
    (date(2026, 8, 1), "August 2026: growth and skills levy"):
        "For apprenticeships starting from 1 August 2026: levy payers who have used their funds "
        "pay 25%, non-levy employers' apprentices aged 16 to 24 fully funded, new assessment "
        "terms. No top-up on new funds; new funds expire after 12 months (whether this applies "
        "to funds that entered earlier is unclear, so each credit keeps the expiry in force when "
        "it entered).",
}
LEVY_START_NOTES = (
    "Funds enter with a 10% top-up and expire after 24 months; co-investment 10% (government "
    "90%); no transfers between employers; non-levy employers with fewer than 50 staff have "
    "16 to 18 year olds (19 to 24 with a care plan or care experience) fully funded; "
    "off-the-job training 20% of all working hours; minimum duration 12 months, longer pro rata "
    "below 30 hours a week; no payment before 42 days in learning.")
# Rows added where no row starts that day: (day, name, changes from the row before, notes, source)
ADDED = [
    (date(2018, 4, 1), "April 2018: levy transfers", {"transfer_cap_percent": Decimal(10)},
     "Levy payers may transfer up to 10% of their funds to other employers.",
     "ESFA apprenticeship funding rules 2018 to 2019 (April 2018): transfers"),
    (date(2019, 4, 1), "April 2019: co-investment 5%, transfers 25%",
     {"levy_co_investment_percent": Decimal(5), "non_levy_co_investment_percent": Decimal(5),
      "transfer_cap_percent": Decimal(25)},
     "Co-investment 5% for apprenticeships starting from 1 April 2019 (earlier starts keep 10% "
     "for their whole duration); transfers up to 25%.",
     "Budget 2018 (29 October 2018); ESFA apprenticeship funding rules from April 2019 "
     "(version 1, March 2019)"),
    (AUGUST_2022, "August 2022: 6 hours a week off the job", {},
     "Off-the-job training 6 hours a week for apprentices working 30 hours or more, pro rata "
     "(20% of contracted hours) below 30.",
     "ESFA apprenticeship funding rules 2022 to 2023 (August 2022); Off-the-job training: "
     "policy background and examples (ESFA, August 2022)"),
]

COLUMNS = ("id", "effective_from", "name", "notes", "source", "created_at", "top_up_percent",
           "expiry_months", "levy_co_investment_percent", "non_levy_co_investment_percent",
           "young_fully_funded_max_age", "young_extended_max_age", "transfer_cap_percent",
           "minimum_duration_months", "otj_basis", "otj_percent", "otj_floor_hours",
           "level7_max_age", "level7_extended_max_age", "assessment_term", "gateway_term",
           "assessment_organisation_term", "otj_weekly_hours_cap", "part_time_threshold_hours",
           "young_full_funding_max_staff", "qualifying_period_days", "foundation_max_age",
           "foundation_extended_max_age", "incentives")
TYPES = {"effective_from": sa.Date, "created_at": sa.DateTime, "incentives": sa.JSON,
         "top_up_percent": sa.Numeric(5, 2), "levy_co_investment_percent": sa.Numeric(5, 2),
         "non_levy_co_investment_percent": sa.Numeric(5, 2),
         "transfer_cap_percent": sa.Numeric(5, 2), "otj_percent": sa.Numeric(5, 2),
         "name": sa.String, "notes": sa.Text, "source": sa.Text, "otj_basis": sa.String,
         "assessment_term": sa.String, "gateway_term": sa.String,
         "assessment_organisation_term": sa.String}
funding_rule = sa.table(
    "funding_rule", *(sa.column(name, TYPES.get(name, sa.Integer)) for name in COLUMNS))
apprentice = sa.table(
    "apprentice", sa.column("id"), sa.column("standard_id"), sa.column("start_on", sa.Date),
    sa.column("planned_end_on", sa.Date), sa.column("weekly_hours", sa.Numeric(5, 2)),
    sa.column("planned_otj_hours", sa.Integer))
standard = sa.table("apprenticeship_standard", sa.column("id"),
                    sa.column("min_off_the_job_hours", sa.Integer))
WORKING_SHARE = (Decimal("52.14") - Decimal("5.6")) / Decimal("52.14")


def _facts_of_the_day(day: date) -> dict:
    return {
        "otj_weekly_hours_cap": 30 if AUGUST_2022 <= day < AUGUST_2025 else None,
        "part_time_threshold_hours": 30 if day < AUGUST_2025 else None,
        "young_full_funding_max_staff": 49 if day < APRIL_2024 else None,
        "qualifying_period_days": 42,
        "foundation_max_age": 21 if day >= AUGUST_2025 else None,
        "foundation_extended_max_age": 24 if day >= AUGUST_2025 else None,
        "incentives": [YOUNG_INCENTIVE] + ([FOUNDATION_INCENTIVE] if day >= AUGUST_2025 else []),
    }


def upgrade():
    with op.batch_alter_table('funding_rule', schema=None) as batch_op:
        batch_op.add_column(sa.Column('otj_weekly_hours_cap', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('part_time_threshold_hours', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('young_full_funding_max_staff', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('qualifying_period_days', sa.Integer(), server_default='42',
                                      nullable=False))
        batch_op.add_column(sa.Column('foundation_max_age', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('foundation_extended_max_age', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('incentives', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('source', sa.Text(), nullable=True))
    with op.batch_alter_table('apprentice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prison_leaver', sa.Boolean(), server_default='0',
                                      nullable=False))
        batch_op.alter_column('planned_otj_hours', existing_type=sa.Integer(), nullable=True)

    bind = op.get_bind()
    rows = [dict(r._mapping) for r in bind.execute(
        sa.select(*funding_rule.c).order_by(funding_rule.c.effective_from))]
    shipped_start = next((r for r in rows if (r["effective_from"], r["name"]) ==
                          (LEVY_START, "Levy introduced")), None)
    if shipped_start is not None:
        bind.execute(funding_rule.update().where(funding_rule.c.id == shipped_start["id"]).values(
            levy_co_investment_percent=Decimal(10), non_levy_co_investment_percent=Decimal(10),
            transfer_cap_percent=Decimal(0), notes=LEVY_START_NOTES))
        days = {r["effective_from"] for r in rows}
        now = datetime.now(UTC).replace(tzinfo=None)
        previous = {**shipped_start, "levy_co_investment_percent": Decimal(10),
                    "non_levy_co_investment_percent": Decimal(10),
                    "transfer_cap_percent": Decimal(0)}
        for day, name, changes, notes, source in ADDED:
            previous = {**previous, **changes}
            if day in days:
                continue
            values = {k: v for k, v in previous.items() if k not in ("id", "incentives")}
            values.update(effective_from=day, name=name, notes=notes, source=source,
                          created_at=now)
            bind.execute(funding_rule.insert().values(**values))
    for row in bind.execute(sa.select(funding_rule.c.id, funding_rule.c.effective_from,
                                      funding_rule.c.name)).all():
        values = _facts_of_the_day(row.effective_from)
        source = SOURCES.get((row.effective_from, row.name))
        if source:
            values["source"] = source
        notes = NOTES.get((row.effective_from, row.name))
        if notes:
            values["notes"] = notes
        bind.execute(funding_rule.update().where(funding_rule.c.id == row.id).values(**values))

    # Plans that took the floor as a default for a standard with no published minimum.
    unknown = sa.select(standard.c.id).where(standard.c.min_off_the_job_hours.is_(None))
    bind.execute(apprentice.update().where(
        apprentice.c.start_on >= AUGUST_2025, apprentice.c.planned_otj_hours == 187,
        apprentice.c.standard_id.in_(unknown)).values(planned_otj_hours=None))
    # Before August 2022: 20% of all working hours, with no 30-hour cap.
    for a in bind.execute(sa.select(apprentice).where(
            apprentice.c.start_on < AUGUST_2022, apprentice.c.weekly_hours > 30)).all():
        weeks = Decimal((a.planned_end_on - a.start_on).days + 1) / 7
        hours = (Decimal(a.weekly_hours) * Decimal(20) / 100 * weeks * WORKING_SHARE).quantize(
            Decimal(1), ROUND_HALF_UP)
        bind.execute(apprentice.update().where(apprentice.c.id == a.id).values(
            planned_otj_hours=int(hours)))


def downgrade():
    bind = op.get_bind()
    bind.execute(apprentice.update().where(apprentice.c.planned_otj_hours.is_(None))
                 .values(planned_otj_hours=187))
    with op.batch_alter_table('apprentice', schema=None) as batch_op:
        batch_op.alter_column('planned_otj_hours', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('prison_leaver')
    with op.batch_alter_table('funding_rule', schema=None) as batch_op:
        batch_op.drop_column('source')
        batch_op.drop_column('incentives')
        batch_op.drop_column('foundation_extended_max_age')
        batch_op.drop_column('foundation_max_age')
        batch_op.drop_column('qualifying_period_days')
        batch_op.drop_column('young_full_funding_max_staff')
        batch_op.drop_column('part_time_threshold_hours')
        batch_op.drop_column('otj_weekly_hours_cap')
