"""Children missing education register (docs/children-missing-education.md).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 19:15:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE case_kind ADD VALUE IF NOT EXISTS 'cme'")
    op.create_table('cme_records',
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('safeguarding_flag', sa.Boolean(), nullable=False),
    sa.Column('safeguarding_notes', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Enum('on_roll', 'moved_council', 'home_educated', 'section_19', 'left_england', 'other', name='cme_outcome'), nullable=True),
    sa.Column('outcome_on', sa.Date(), nullable=True),
    sa.Column('outcome_school_name', sa.String(length=200), nullable=False),
    sa.Column('outcome_council_name', sa.String(length=200), nullable=False),
    sa.Column('council_told_on', sa.Date(), nullable=True),
    sa.Column('outcome_details', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_cme_records_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cme_records')),
    sa.UniqueConstraint('case_id', name=op.f('uq_cme_records_case_id'))
    )
    op.create_table('cme_reports',
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('source', sa.Enum('school_deletion', 'school_illness', 'other', name='cme_source'), nullable=False),
    sa.Column('reported_by_id', sa.UUID(), nullable=True),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('reporting_school_id', sa.UUID(), nullable=True),
    sa.Column('school_name', sa.String(length=200), nullable=False),
    sa.Column('other_source', sa.String(length=40), nullable=False),
    sa.Column('source_details', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('parent_names', sa.Text(), nullable=False),
    sa.Column('parent_email', sa.String(length=254), nullable=False),
    sa.Column('parent_phone', sa.String(length=40), nullable=False),
    sa.Column('deletion_ground', sa.String(length=40), nullable=False),
    sa.Column('deleted_on', sa.Date(), nullable=True),
    sa.Column('days_absent', sa.Integer(), nullable=True),
    sa.Column('expected_return_on', sa.Date(), nullable=True),
    sa.Column('has_ehc_plan', sa.Boolean(), nullable=False),
    sa.Column('has_sen', sa.Boolean(), nullable=False),
    sa.Column('has_social_worker', sa.Boolean(), nullable=False),
    sa.Column('safeguarding_concern', sa.Boolean(), nullable=False),
    sa.Column('safeguarding_notes', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_cme_reports_case_id_cases')),
    sa.ForeignKeyConstraint(['reported_by_id'], ['users.id'], name=op.f('fk_cme_reports_reported_by_id_users')),
    sa.ForeignKeyConstraint(['reporting_school_id'], ['schools.id'], name=op.f('fk_cme_reports_reporting_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cme_reports'))
    )
    op.create_index(op.f('ix_cme_reports_case_id'), 'cme_reports', ['case_id'], unique=False)
    op.create_index(op.f('ix_cme_reports_reporting_school_id'), 'cme_reports', ['reporting_school_id'], unique=False)
    op.create_table('cme_reviews',
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('agencies', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('barriers', sa.Text(), nullable=False),
    sa.Column('actions', sa.Text(), nullable=False),
    sa.Column('next_review_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_cme_reviews_case_id_cases')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_cme_reviews_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cme_reviews'))
    )
    op.create_index(op.f('ix_cme_reviews_case_id'), 'cme_reviews', ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_cme_reviews_case_id'), table_name='cme_reviews')
    op.drop_table('cme_reviews')
    op.drop_index(op.f('ix_cme_reports_reporting_school_id'), table_name='cme_reports')
    op.drop_index(op.f('ix_cme_reports_case_id'), table_name='cme_reports')
    op.drop_table('cme_reports')
    op.drop_table('cme_records')
    op.execute('DROP TYPE cme_source')
    op.execute('DROP TYPE cme_outcome')
    # PostgreSQL cannot drop one value of an enum type: 'cme' stays in case_kind (unused).
