"""Signed-in sessions kept on the server, and outbox e-mails whose links are removed once sent

Revision ID: 03cc461ea974
Revises: ffe63b661a04
Create Date: 2026-12-05 09:00:00

Sessions signed in before this revision end: their cookies name no session kept here, so
everyone signs in once more.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '03cc461ea974'
down_revision = 'ffe63b661a04'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sign_in_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(), nullable=False),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_sign_in_session_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_session')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_sign_in_session_token_hash')),
    )
    with op.batch_alter_table('sign_in_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_session_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('has_secret_link', sa.Boolean(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('has_secret_link')
    with op.batch_alter_table('sign_in_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_session_user_id'))
    op.drop_table('sign_in_session')
