"""Competencies asked once: the same competency in two frameworks, and ratings that share an answer

Revision ID: 6661ac25a83d
Revises: 8d2f6a1c4e93
Create Date: 2026-12-04 18:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6661ac25a83d'
down_revision = '8d2f6a1c4e93'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lna_competency_mapping',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('competency_id', sa.Integer(), nullable=False),
        sa.Column('same_as_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('competency_id < same_as_id',
                           name=op.f('ck_lna_competency_mapping_pair_kept_once')),
        sa.ForeignKeyConstraint(['competency_id'], ['lna_competency.id'],
                                name=op.f('fk_lna_competency_mapping_competency_id_lna_competency')),
        sa.ForeignKeyConstraint(['same_as_id'], ['lna_competency.id'],
                                name=op.f('fk_lna_competency_mapping_same_as_id_lna_competency')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'],
                                name=op.f('fk_lna_competency_mapping_created_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lna_competency_mapping')),
        sa.UniqueConstraint('competency_id', 'same_as_id',
                            name=op.f('uq_lna_competency_mapping_competency_id_same_as_id')),
    )
    with op.batch_alter_table('lna_competency_mapping', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lna_competency_mapping_competency_id'),
                              ['competency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lna_competency_mapping_same_as_id'),
                              ['same_as_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lna_competency_mapping_created_by_id'),
                              ['created_by_id'], unique=False)

    # Ratings saved before this change answer for themselves: the new column stays empty.
    with op.batch_alter_table('lna_rating', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_with_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_lna_rating_answered_with_id_lna_rating'),
                                    'lna_rating', ['answered_with_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_lna_rating_answered_with_id'), ['answered_with_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('lna_rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lna_rating_answered_with_id'))
        batch_op.drop_constraint(batch_op.f('fk_lna_rating_answered_with_id_lna_rating'),
                                 type_='foreignkey')
        batch_op.drop_column('answered_with_id')

    with op.batch_alter_table('lna_competency_mapping', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lna_competency_mapping_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_lna_competency_mapping_same_as_id'))
        batch_op.drop_index(batch_op.f('ix_lna_competency_mapping_competency_id'))
    op.drop_table('lna_competency_mapping')
