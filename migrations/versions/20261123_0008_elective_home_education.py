"""Elective home education: notifications and check-ins (docs/home-education.md).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 16:55:06.157808
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ehe_check_ins',
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('call', 'visit', 'report', name='ehe_check_in_kind'), nullable=False),
    sa.Column('outcome', sa.Enum('suitable', 'more_information', 'concern', name='ehe_check_in_outcome'), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('next_check_in_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_ehe_check_ins_case_id_cases')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_ehe_check_ins_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ehe_check_ins'))
    )
    op.create_index(op.f('ix_ehe_check_ins_case_id'), 'ehe_check_ins', ['case_id'], unique=False)
    op.create_table('ehe_notifications',
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('source', sa.Enum('parent', 'school_deletion', name='ehe_source'), nullable=False),
    sa.Column('notified_by_id', sa.UUID(), nullable=True),
    sa.Column('school_left_id', sa.UUID(), nullable=True),
    sa.Column('school_left_name', sa.String(length=200), nullable=False),
    sa.Column('left_school_on', sa.Date(), nullable=True),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('parent_names', sa.Text(), nullable=False),
    sa.Column('parent_email', sa.String(length=254), nullable=False),
    sa.Column('parent_phone', sa.String(length=40), nullable=False),
    sa.Column('contact_preferences', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('reasons', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('other_reason', sa.Text(), nullable=False),
    sa.Column('education_description', sa.Text(), nullable=False),
    sa.Column('has_ehc_plan', sa.Boolean(), nullable=False),
    sa.Column('has_sen', sa.Boolean(), nullable=False),
    sa.Column('safeguarding_flag', sa.Boolean(), nullable=False),
    sa.Column('safeguarding_notes', sa.Text(), nullable=False),
    sa.Column('deletion_ground', sa.String(length=200), nullable=False),
    sa.Column('deleted_on', sa.Date(), nullable=True),
    sa.Column('consent_required', sa.Boolean(), nullable=False),
    sa.Column('consent_given', sa.Boolean(), nullable=True),
    sa.Column('consent_reasons', sa.Text(), nullable=False),
    sa.Column('consent_decided_on', sa.Date(), nullable=True),
    sa.Column('s47_enquiries', sa.Boolean(), nullable=False),
    sa.Column('hours_by_parents', sa.Numeric(precision=4, scale=1), nullable=True),
    sa.Column('hours_by_others', sa.Numeric(precision=4, scale=1), nullable=True),
    sa.Column('other_providers', sa.Text(), nullable=False),
    sa.Column('s437_served_on', sa.Date(), nullable=True),
    sa.Column('s437_deadline', sa.Date(), nullable=True),
    sa.Column('sao_school_name', sa.String(length=200), nullable=False),
    sa.Column('sao_issued_on', sa.Date(), nullable=True),
    sa.Column('returned_to_school_on', sa.Date(), nullable=True),
    sa.Column('returned_school_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_ehe_notifications_case_id_cases')),
    sa.ForeignKeyConstraint(['notified_by_id'], ['users.id'], name=op.f('fk_ehe_notifications_notified_by_id_users')),
    sa.ForeignKeyConstraint(['school_left_id'], ['schools.id'], name=op.f('fk_ehe_notifications_school_left_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ehe_notifications')),
    sa.UniqueConstraint('case_id', name=op.f('uq_ehe_notifications_case_id'))
    )


def downgrade() -> None:
    op.drop_table('ehe_notifications')
    op.drop_index(op.f('ix_ehe_check_ins_case_id'), table_name='ehe_check_ins')
    op.drop_table('ehe_check_ins')
    op.execute('DROP TYPE ehe_check_in_outcome')
    op.execute('DROP TYPE ehe_check_in_kind')
    op.execute('DROP TYPE ehe_source')
