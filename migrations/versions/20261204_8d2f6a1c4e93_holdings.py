"""Holdings: what each person holds, and which subject levels include which

Revision ID: 8d2f6a1c4e93
Revises: 5a7c9e1b3d2f
Create Date: 2026-12-04 18:30:00

After upgrading, `flask academy holdings rebuild` fills the table from the training records and
induction sign-offs already held (the nightly check does it too).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d2f6a1c4e93'
down_revision = '5a7c9e1b3d2f'
branch_labels = None
depends_on = None

CSTF = 'Core Skills Training Framework'
# (subject, higher level, the level it includes), as the framework's levels build on each other.
LEVELS = [
    ('Infection Prevention and Control', 'Level 2', 'Level 1'),
    ('Moving and Handling', 'Level 2', 'Level 1'),
    ('Preventing Radicalisation', 'Prevent Awareness (Level 3)', 'Basic Prevent Awareness (Levels 1-2)'),
    ('Resuscitation', 'Level 2 (Adult / Paediatric / Newborn Basic Life Support)', 'Level 1'),
    ('Resuscitation', 'Level 3 (Immediate Life Support)',
     'Level 2 (Adult / Paediatric / Newborn Basic Life Support)'),
    ('Safeguarding Adults', 'Level 2', 'Level 1'),
    ('Safeguarding Adults', 'Level 3', 'Level 2'),
    ('Safeguarding Children', 'Level 2', 'Level 1'),
    ('Safeguarding Children', 'Level 3', 'Level 2'),
]


def upgrade():
    with op.batch_alter_table('subject', schema=None) as batch_op:
        batch_op.add_column(sa.Column('includes_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_subject_includes_id_subject'), 'subject',
                                    ['includes_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(batch_op.f('ck_subject_not_including_itself'),
                                         'includes_id IS NULL OR includes_id <> id')
    subject = sa.table('subject', sa.column('id', sa.Integer), sa.column('framework', sa.String),
                       sa.column('name', sa.String), sa.column('level', sa.String),
                       sa.column('includes_id', sa.Integer))
    connection = op.get_bind()
    for name, higher, lower in LEVELS:
        lower_id = connection.execute(sa.select(subject.c.id).where(
            subject.c.framework == CSTF, subject.c.name == name, subject.c.level == lower)).scalar()
        if lower_id is not None:
            connection.execute(subject.update().where(
                subject.c.framework == CSTF, subject.c.name == name, subject.c.level == higher
            ).values(includes_id=lower_id))

    op.create_table(
        'holding',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('subject_id', sa.Integer(), nullable=False),
        sa.Column('held_subject_id', sa.Integer(), nullable=False),
        sa.Column('source', sa.Enum('course', 'elearning', 'import', 'induction', 'recognition',
                                    name='holding_source', native_enum=False, create_constraint=True,
                                    length=40), nullable=False),
        sa.Column('achieved_on', sa.Date(), nullable=False),
        sa.Column('expires_on', sa.Date(), nullable=True),
        sa.Column('training_record_id', sa.Integer(), nullable=True),
        sa.Column('induction_item_id', sa.Integer(), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_holding_user_id_user'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['subject_id'], ['subject.id'],
                                name=op.f('fk_holding_subject_id_subject'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['held_subject_id'], ['subject.id'],
                                name=op.f('fk_holding_held_subject_id_subject'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['training_record_id'], ['training_record.id'],
                                name=op.f('fk_holding_training_record_id_training_record'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['induction_item_id'], ['induction_item.id'],
                                name=op.f('fk_holding_induction_item_id_induction_item'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_holding_organisation_id_organisation'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_holding')),
        sa.UniqueConstraint('user_id', 'subject_id', name=op.f('uq_holding_user_id_subject_id')),
    )
    with op.batch_alter_table('holding', schema=None) as batch_op:
        batch_op.create_index('ix_holding_subject_expires', ['subject_id', 'expires_on'])
        batch_op.create_index(batch_op.f('ix_holding_held_subject_id'), ['held_subject_id'])
        batch_op.create_index(batch_op.f('ix_holding_training_record_id'), ['training_record_id'])
        batch_op.create_index(batch_op.f('ix_holding_induction_item_id'), ['induction_item_id'])
        batch_op.create_index(batch_op.f('ix_holding_organisation_id'), ['organisation_id'])


def downgrade():
    op.drop_table('holding')
    with op.batch_alter_table('subject', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_subject_not_including_itself'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_subject_includes_id_subject'), type_='foreignkey')
        batch_op.drop_column('includes_id')
