"""Identity providers: an organisation's OpenID Connect sign-in

Revision ID: 4f1d2c8e9a7b
Revises: 4a7c2e9b1d3f
Create Date: 2026-12-04 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4f1d2c8e9a7b'
down_revision = '4a7c2e9b1d3f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'identity_provider',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('display_name', sa.String(length=120), nullable=False),
        sa.Column('issuer_url', sa.String(length=300), nullable=False),
        sa.Column('client_id', sa.String(length=200), nullable=False),
        sa.Column('client_secret_env', sa.String(length=100), nullable=False),
        sa.Column('email_claim', sa.String(length=60), server_default='email', nullable=False),
        sa.Column('is_enabled', sa.Boolean(), server_default='1', nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_identity_provider_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_provider')),
        sa.UniqueConstraint('organisation_id', name=op.f('uq_identity_provider_organisation_id')),
    )


def downgrade():
    op.drop_table('identity_provider')
