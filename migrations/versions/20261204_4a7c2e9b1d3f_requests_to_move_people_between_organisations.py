"""Requests to move a person to another organisation, for its administrators to accept

Revision ID: 4a7c2e9b1d3f
Revises: 4e8a1c2b9d07
Create Date: 2026-12-04 04:41:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4a7c2e9b1d3f'
down_revision = '4e8a1c2b9d07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('transfer_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('from_organisation_id', sa.Integer(), nullable=False),
    sa.Column('to_organisation_id', sa.Integer(), nullable=False),
    sa.Column('job_role_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=120), nullable=True),
    sa.Column('status', sa.Enum('pending', 'accepted', 'declined', name='transfer_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_note', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_transfer_request_decided_by_id_user')),
    sa.ForeignKeyConstraint(['from_organisation_id'], ['organisation.id'], name=op.f('fk_transfer_request_from_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['job_role_id'], ['job_role.id'], name=op.f('fk_transfer_request_job_role_id_job_role')),
    sa.ForeignKeyConstraint(['person_id'], ['user.id'], name=op.f('fk_transfer_request_person_id_user')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_transfer_request_requested_by_id_user')),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_transfer_request_team_id_team')),
    sa.ForeignKeyConstraint(['to_organisation_id'], ['organisation.id'], name=op.f('fk_transfer_request_to_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_request'))
    )
    with op.batch_alter_table('transfer_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transfer_request_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfer_request_to_organisation_id'), ['to_organisation_id'], unique=False)
        batch_op.create_index('uq_transfer_request_pending', ['person_id'], unique=True, sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))


def downgrade():
    with op.batch_alter_table('transfer_request', schema=None) as batch_op:
        batch_op.drop_index('uq_transfer_request_pending', sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
        batch_op.drop_index(batch_op.f('ix_transfer_request_to_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_transfer_request_person_id'))

    op.drop_table('transfer_request')
