"""Section 19: referrals, the provider catalogue, packages and their reviews (docs/section-19.md).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 16:42:51.842393
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('s19_providers',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('provider_type', sa.String(length=100), nullable=False),
    sa.Column('delivery', sa.Enum('group', 'individual', name='s19_delivery'), nullable=False),
    sa.Column('hourly_rate', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_s19_providers')),
    sa.UniqueConstraint('name', name=op.f('uq_s19_providers_name'))
    )
    op.create_table('s19_packages',
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('provider_id', sa.UUID(), nullable=False),
    sa.Column('delivery', sa.Enum('group', 'individual', name='s19_delivery'), nullable=False),
    sa.Column('individual_reason', sa.Text(), nullable=False),
    sa.Column('hours_per_week', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('full_time', sa.Boolean(), nullable=False),
    sa.Column('reduced_reason', sa.Text(), nullable=False),
    sa.Column('hourly_rate', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('weekly_cost', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('statutory_start_on', sa.Date(), nullable=True),
    sa.Column('review_every_weeks', sa.Integer(), nullable=False),
    sa.Column('next_review_on', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_s19_packages_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_s19_packages_created_by_id_users')),
    sa.ForeignKeyConstraint(['provider_id'], ['s19_providers.id'], name=op.f('fk_s19_packages_provider_id_s19_providers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_s19_packages'))
    )
    op.create_index(op.f('ix_s19_packages_case_id'), 's19_packages', ['case_id'], unique=False)
    op.create_table('s19_referrals',
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('referrer_id', sa.UUID(), nullable=True),
    sa.Column('referrer_type', sa.String(length=20), nullable=False),
    sa.Column('referrer_job_title', sa.String(length=200), nullable=False),
    sa.Column('school_id', sa.UUID(), nullable=True),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('reason', sa.Enum('illness', 'permanent_exclusion', 'other', name='s19_reason'), nullable=False),
    sa.Column('expected_absence_days', sa.Integer(), nullable=True),
    sa.Column('exclusion_first_day', sa.Date(), nullable=True),
    sa.Column('other_reason', sa.Text(), nullable=False),
    sa.Column('days_missed', sa.Integer(), nullable=False),
    sa.Column('school_view', sa.Text(), nullable=False),
    sa.Column('parent_name', sa.String(length=200), nullable=False),
    sa.Column('parent_email', sa.String(length=254), nullable=False),
    sa.Column('parent_views', sa.Text(), nullable=False),
    sa.Column('parent_told', sa.Boolean(), nullable=False),
    sa.Column('parent_consents', sa.Boolean(), nullable=False),
    sa.Column('decision', sa.String(length=30), nullable=True),
    sa.Column('decision_reasons', sa.Text(), nullable=False),
    sa.Column('other_route', sa.String(length=200), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('reintegration_target_on', sa.Date(), nullable=True),
    sa.Column('receiving_school', sa.String(length=200), nullable=False),
    sa.Column('reintegration_notes', sa.Text(), nullable=False),
    sa.Column('close_outcome', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_s19_referrals_case_id_cases')),
    sa.ForeignKeyConstraint(['referrer_id'], ['users.id'], name=op.f('fk_s19_referrals_referrer_id_users')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_s19_referrals_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_s19_referrals')),
    sa.UniqueConstraint('case_id', name=op.f('uq_s19_referrals_case_id'))
    )
    op.create_table('s19_reviews',
    sa.Column('package_id', sa.UUID(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('outcome', sa.String(length=40), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('next_review_on', sa.Date(), nullable=True),
    sa.Column('reviewed_by_id', sa.UUID(), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['package_id'], ['s19_packages.id'], name=op.f('fk_s19_reviews_package_id_s19_packages')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_s19_reviews_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_s19_reviews'))
    )
    op.create_index(op.f('ix_s19_reviews_package_id'), 's19_reviews', ['package_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_s19_reviews_package_id'), table_name='s19_reviews')
    op.drop_table('s19_reviews')
    op.drop_table('s19_referrals')
    op.drop_index(op.f('ix_s19_packages_case_id'), table_name='s19_packages')
    op.drop_table('s19_packages')
    op.drop_table('s19_providers')
    op.execute('DROP TYPE s19_reason')
    op.execute('DROP TYPE s19_delivery')
