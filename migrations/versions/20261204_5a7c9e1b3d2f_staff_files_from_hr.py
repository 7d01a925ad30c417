"""Staff files from HR: saved headings, job title mappings and import runs

Revision ID: 5a7c9e1b3d2f
Revises: 4f1d2c8e9a7b
Create Date: 2026-12-04 04:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a7c9e1b3d2f'
down_revision = '4f1d2c8e9a7b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'staff_file_heading',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('heading', sa.String(length=120), nullable=False),
        sa.Column('column', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_staff_file_heading_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_file_heading')),
        sa.UniqueConstraint('organisation_id', 'heading',
                            name=op.f('uq_staff_file_heading_organisation_id_heading')),
    )
    with op.batch_alter_table('staff_file_heading', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_file_heading_organisation_id'),
                              ['organisation_id'], unique=False)

    op.create_table(
        'job_title_mapping',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('job_role_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['job_role_id'], ['job_role.id'],
                                name=op.f('fk_job_title_mapping_job_role_id_job_role')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_job_title_mapping_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job_title_mapping')),
        sa.UniqueConstraint('organisation_id', 'title',
                            name=op.f('uq_job_title_mapping_organisation_id_title')),
    )
    with op.batch_alter_table('job_title_mapping', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_title_mapping_job_role_id'), ['job_role_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_job_title_mapping_organisation_id'),
                              ['organisation_id'], unique=False)

    op.create_table(
        'staff_import',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('is_full', sa.Boolean(), server_default='1', nullable=False),
        sa.Column('source', sa.String(length=20), server_default='upload', nullable=False),
        sa.Column('status', sa.Enum('previewed', 'applied', 'rejected', name='staff_import_status',
                                    native_enum=False, create_constraint=True, length=40),
                  nullable=False),
        sa.Column('summary', sa.JSON(), nullable=True),
        sa.Column('problems', sa.JSON(), nullable=True),
        sa.Column('new_job_titles', sa.JSON(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('applied_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_staff_import_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'],
                                name=op.f('fk_staff_import_uploaded_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_import')),
    )
    with op.batch_alter_table('staff_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_import_organisation_id'), ['organisation_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_staff_import_uploaded_by_id'), ['uploaded_by_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('staff_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_import_uploaded_by_id'))
        batch_op.drop_index(batch_op.f('ix_staff_import_organisation_id'))
    op.drop_table('staff_import')
    with op.batch_alter_table('job_title_mapping', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_title_mapping_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_job_title_mapping_job_role_id'))
    op.drop_table('job_title_mapping')
    with op.batch_alter_table('staff_file_heading', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_file_heading_organisation_id'))
    op.drop_table('staff_file_heading')
