"""EHE letters, the parent's information duty and joined notifications.

The s.437(1) notice and school attendance order letters (how each was served, the s.438 notice
of intention with its school, alternatives and the parent's 15 days) and the requests for the
children-not-in-school register information (new EA 1996 s.436D).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 19:15:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ehe_information_requests',
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('requested_by_id', sa.UUID(), nullable=True),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('answered_by_id', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_ehe_information_requests_case_id_cases')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'],
                            name=op.f('fk_ehe_information_requests_requested_by_id_users')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'],
                            name=op.f('fk_ehe_information_requests_answered_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ehe_information_requests'))
    )
    op.create_index(op.f('ix_ehe_information_requests_case_id'), 'ehe_information_requests', ['case_id'],
                    unique=False)
    op.add_column('ehe_notifications', sa.Column('s437_sent_by_system', sa.Boolean(), nullable=False,
                                                 server_default=sa.false()))
    op.add_column('ehe_notifications', sa.Column('sao_intention_served_on', sa.Date(), nullable=True))
    op.add_column('ehe_notifications', sa.Column('sao_intention_choose_by', sa.Date(), nullable=True))
    op.add_column('ehe_notifications', sa.Column('sao_intention_school_id', sa.UUID(), nullable=True))
    op.add_column('ehe_notifications', sa.Column('sao_intention_school_name', sa.String(length=200), nullable=False,
                                                 server_default=''))
    op.add_column('ehe_notifications', sa.Column('sao_intention_alternatives',
                                                 postgresql.JSONB(astext_type=sa.Text()), nullable=False,
                                                 server_default='[]'))
    op.add_column('ehe_notifications', sa.Column('sao_school_id', sa.UUID(), nullable=True))
    op.add_column('ehe_notifications', sa.Column('sao_sent_by_system', sa.Boolean(), nullable=False,
                                                 server_default=sa.false()))
    op.create_foreign_key(op.f('fk_ehe_notifications_sao_intention_school_id_schools'), 'ehe_notifications',
                          'schools', ['sao_intention_school_id'], ['id'])
    op.create_foreign_key(op.f('fk_ehe_notifications_sao_school_id_schools'), 'ehe_notifications', 'schools',
                          ['sao_school_id'], ['id'])


def downgrade() -> None:
    op.drop_constraint(op.f('fk_ehe_notifications_sao_school_id_schools'), 'ehe_notifications', type_='foreignkey')
    op.drop_constraint(op.f('fk_ehe_notifications_sao_intention_school_id_schools'), 'ehe_notifications',
                       type_='foreignkey')
    for column in ('sao_sent_by_system', 'sao_school_id', 'sao_intention_alternatives', 'sao_intention_school_name',
                   'sao_intention_school_id', 'sao_intention_choose_by', 'sao_intention_served_on',
                   's437_sent_by_system'):
        op.drop_column('ehe_notifications', column)
    op.drop_index(op.f('ix_ehe_information_requests_case_id'), table_name='ehe_information_requests')
    op.drop_table('ehe_information_requests')
