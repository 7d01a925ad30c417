"""Erasure requests and their decisions, and the leavers the retention schedule has anonymised

Revision ID: 22c3d772e840
Revises: 03cc461ea974
Create Date: 2026-12-06 02:08:36.788281

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '22c3d772e840'
down_revision = '03cc461ea974'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('anonymisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('anonymised_at', sa.DateTime(), nullable=False),
    sa.Column('rule', sa.String(length=60), nullable=False),
    sa.Column('changed', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_anonymisation_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_anonymisation')),
    sa.UniqueConstraint('user_id', name=op.f('uq_anonymisation_user_id'))
    )
    op.create_table('erasure_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'granted', 'refused', name='erasure_status', native_enum=False, create_constraint=True, length=40), server_default='pending', nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('erased', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_erasure_request_decided_by_id_user')),
    sa.ForeignKeyConstraint(['person_id'], ['user.id'], name=op.f('fk_erasure_request_person_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erasure_request'))
    )
    with op.batch_alter_table('erasure_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_erasure_request_decided_by_id'), ['decided_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_erasure_request_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_erasure_request_status', ['status', 'requested_at'], unique=False)



def downgrade():
    with op.batch_alter_table('erasure_request', schema=None) as batch_op:
        batch_op.drop_index('ix_erasure_request_status')
        batch_op.drop_index(batch_op.f('ix_erasure_request_person_id'))
        batch_op.drop_index(batch_op.f('ix_erasure_request_decided_by_id'))

    op.drop_table('erasure_request')
    op.drop_table('anonymisation')
