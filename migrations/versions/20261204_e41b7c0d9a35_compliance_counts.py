"""Compliance counts kept beside the holdings (per team, per organisation, per person, their
day), and people listed by name off an index

Revision ID: e41b7c0d9a35
Revises: 6661ac25a83d
Create Date: 2026-12-04 20:00:00

The tables start empty: the first compliance page read (or `flask academy holdings rebuild`, or
the nightly courses.recount_compliance job) counts everything from the holdings.
"""
from datetime import date

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e41b7c0d9a35'
down_revision = '6661ac25a83d'
branch_labels = None
depends_on = None


def _group_keys(table):
    return [
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f(f'fk_{table}_organisation_id_organisation'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f(f'fk_{table}_team_id_team'),
                                ondelete='CASCADE'),
    ]


def upgrade():
    op.create_table(
        'compliance_count',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('subject_id', sa.Integer(), nullable=False),
        sa.Column('required', sa.Integer(), nullable=False),
        sa.Column('compliant', sa.Integer(), nullable=False),
        sa.Column('due', sa.Integer(), nullable=False),
        sa.Column('expired', sa.Integer(), nullable=False),
        *_group_keys('compliance_count'),
        sa.ForeignKeyConstraint(['subject_id'], ['subject.id'],
                                name=op.f('fk_compliance_count_subject_id_subject'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_count')),
    )
    with op.batch_alter_table('compliance_count', schema=None) as batch_op:
        batch_op.create_index('ix_compliance_count_group',
                              ['organisation_id', 'team_id', 'subject_id'])
        batch_op.create_index(batch_op.f('ix_compliance_count_team_id'), ['team_id'])
        batch_op.create_index(batch_op.f('ix_compliance_count_subject_id'), ['subject_id'])

    op.create_table(
        'organisation_compliance_count',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('subject_id', sa.Integer(), nullable=False),
        sa.Column('required', sa.Integer(), nullable=False),
        sa.Column('compliant', sa.Integer(), nullable=False),
        sa.Column('due', sa.Integer(), nullable=False),
        sa.Column('expired', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_organisation_compliance_count_organisation_id_organisation'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['subject_id'], ['subject.id'],
                                name=op.f('fk_organisation_compliance_count_subject_id_subject'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_compliance_count')),
    )
    with op.batch_alter_table('organisation_compliance_count', schema=None) as batch_op:
        batch_op.create_index('ix_organisation_compliance_count_group',
                              ['organisation_id', 'subject_id'])
        batch_op.create_index(batch_op.f('ix_organisation_compliance_count_subject_id'),
                              ['subject_id'])

    op.create_table(
        'person_standing',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('required', sa.Integer(), nullable=False),
        sa.Column('compliant', sa.Integer(), nullable=False),
        sa.Column('due', sa.Integer(), nullable=False),
        sa.Column('expired', sa.Integer(), nullable=False),
        sa.Column('never_done', sa.Integer(), nullable=False),
        sa.Column('overdue', sa.Integer(), nullable=False),
        *_group_keys('person_standing'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_person_standing_user_id_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_person_standing')),
    )
    with op.batch_alter_table('person_standing', schema=None) as batch_op:
        batch_op.create_index('ix_person_standing_group', ['organisation_id', 'team_id'])
        batch_op.create_index('ix_person_standing_overdue', ['organisation_id', 'overdue'])
        batch_op.create_index(batch_op.f('ix_person_standing_team_id'), ['team_id'])

    op.create_table(
        'compliance_counted_day',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('counted_on', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_counted_day')),
    )
    # Counted for a day long gone: the first reader (or the nightly job) counts everything, and
    # the row exists from the start for writers to take their turn on.
    day = sa.table('compliance_counted_day', sa.column('id', sa.Integer),
                   sa.column('counted_on', sa.Date))
    op.bulk_insert(day, [{'id': 1, 'counted_on': date(2000, 1, 1)}])
    op.create_index('ix_user_name', 'user', ['family_name', 'given_name', 'id'])


def downgrade():
    op.drop_index('ix_user_name', table_name='user')
    op.drop_table('compliance_counted_day')
    op.drop_table('person_standing')
    op.drop_table('organisation_compliance_count')
    op.drop_table('compliance_count')
