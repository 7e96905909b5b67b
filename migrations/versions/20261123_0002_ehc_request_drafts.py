"""ehc request drafts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 14:35:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('request_drafts',
    sa.Column('owner_id', sa.UUID(), nullable=False),
    sa.Column('answers', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', name='request_draft_status'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('case_id', sa.UUID(), nullable=True),
    sa.Column('joined_open_case', sa.Boolean(), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_request_drafts_case_id_cases')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_request_drafts_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_drafts'))
    )
    op.create_index(op.f('ix_request_drafts_case_id'), 'request_drafts', ['case_id'], unique=False)
    op.create_index('ix_request_drafts_owner_status', 'request_drafts', ['owner_id', 'status', 'updated_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_request_drafts_owner_status', table_name='request_drafts')
    op.drop_index(op.f('ix_request_drafts_case_id'), table_name='request_drafts')
    op.drop_table('request_drafts')
    op.execute("DROP TYPE IF EXISTS request_draft_status")
