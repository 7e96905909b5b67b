"""ehc plans

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 15:44:43.085624
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan_versions',
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('changed', sa.String(length=200), nullable=False),
    sa.Column('saved_by_id', sa.UUID(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('stage', sa.Enum('working', 'draft', 'final', name='plan_stage'), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_plan_versions_case_id_cases')),
    sa.ForeignKeyConstraint(['saved_by_id'], ['users.id'], name=op.f('fk_plan_versions_saved_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_versions')),
    sa.UniqueConstraint('case_id', 'number', name='uq_plan_versions_case_number')
    )
    op.create_index(op.f('ix_plan_versions_case_id'), 'plan_versions', ['case_id'], unique=False)
    op.create_table('draft_plan_responses',
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('plan_version_id', sa.UUID(), nullable=False),
    sa.Column('responder_id', sa.UUID(), nullable=False),
    sa.Column('comments', sa.Text(), nullable=False),
    sa.Column('preferred_school_id', sa.UUID(), nullable=True),
    sa.Column('preferred_setting_other', sa.String(length=300), nullable=False),
    sa.Column('meeting_requested', sa.Boolean(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('in_time', sa.Boolean(), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_draft_plan_responses_case_id_cases')),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_versions.id'], name=op.f('fk_draft_plan_responses_plan_version_id_plan_versions')),
    sa.ForeignKeyConstraint(['preferred_school_id'], ['schools.id'], name=op.f('fk_draft_plan_responses_preferred_school_id_schools')),
    sa.ForeignKeyConstraint(['responder_id'], ['users.id'], name=op.f('fk_draft_plan_responses_responder_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_plan_responses'))
    )
    op.create_index(op.f('ix_draft_plan_responses_case_id'), 'draft_plan_responses', ['case_id'], unique=False)
    op.create_table('school_consultations',
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('school_id', sa.UUID(), nullable=False),
    sa.Column('plan_version_id', sa.UUID(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('reply_due', sa.Date(), nullable=False),
    sa.Column('consulted_by_id', sa.UUID(), nullable=False),
    sa.Column('answer', sa.Enum('can_meet', 'can_meet_with_changes', 'cannot_meet', name='consultation_answer'), nullable=True),
    sa.Column('answer_details', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.UUID(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_school_consultations_answered_by_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_school_consultations_case_id_cases')),
    sa.ForeignKeyConstraint(['consulted_by_id'], ['users.id'], name=op.f('fk_school_consultations_consulted_by_id_users')),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_versions.id'], name=op.f('fk_school_consultations_plan_version_id_plan_versions')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_school_consultations_school_id_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_consultations'))
    )
    op.create_index(op.f('ix_school_consultations_case_id'), 'school_consultations', ['case_id'], unique=False)
    op.create_index(op.f('ix_school_consultations_school_id'), 'school_consultations', ['school_id'], unique=False)
    op.create_index('ix_events_milestones', 'events', ['kind', 'case_id', 'at'], unique=False,
                    postgresql_where=sa.text("kind IN ('agree_to_assess', 'refuse_to_assess', 'issue_final_plan')"))
    for name, length in (('health_commissioner_name', 200), ('health_commissioner_email', 254)):
        # Filled with '' for the existing row, then the default is left to the application.
        op.add_column('council_contacts', sa.Column(name, sa.String(length=length), nullable=False, server_default=''))
        op.alter_column('council_contacts', name, server_default=None)


def downgrade() -> None:
    op.drop_index('ix_events_milestones', table_name='events')
    op.drop_column('council_contacts', 'health_commissioner_email')
    op.drop_column('council_contacts', 'health_commissioner_name')
    op.drop_index(op.f('ix_school_consultations_school_id'), table_name='school_consultations')
    op.drop_index(op.f('ix_school_consultations_case_id'), table_name='school_consultations')
    op.drop_table('school_consultations')
    op.drop_index(op.f('ix_draft_plan_responses_case_id'), table_name='draft_plan_responses')
    op.drop_table('draft_plan_responses')
    op.drop_index(op.f('ix_plan_versions_case_id'), table_name='plan_versions')
    op.drop_table('plan_versions')
    op.execute('DROP TYPE consultation_answer')
    op.execute('DROP TYPE plan_stage')
