"""Organisation codes, password sign-in per organisation, closed accounts and session versions

Revision ID: c3d5e7f9a1b2
Revises: b7e1a4c9d2f0
Create Date: 2026-12-04 04:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d5e7f9a1b2'
down_revision = 'b7e1a4c9d2f0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('password_sign_in', sa.Boolean(), server_default='1', nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_organisation_code'), ['code'])
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')
        batch_op.drop_column('closed_at')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_organisation_code'), type_='unique')
        batch_op.drop_column('password_sign_in')
        batch_op.drop_column('code')
