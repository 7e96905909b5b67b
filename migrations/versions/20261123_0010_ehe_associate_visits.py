"""EHE associate visits and the EHE budget (docs/ehe-associates.md).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 19:15:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ehe_associates',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('visit_fee', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('mileage_rate', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ehe_associates')),
    sa.UniqueConstraint('email', name=op.f('uq_ehe_associates_email'))
    )
    op.create_table('ehe_budgets',
    sa.Column('financial_year', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('set_by_id', sa.UUID(), nullable=True),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_ehe_budgets_set_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ehe_budgets')),
    sa.UniqueConstraint('financial_year', name=op.f('uq_ehe_budgets_financial_year'))
    )
    op.create_table('ehe_associate_visits',
    sa.Column('case_id', sa.UUID(), nullable=False),
    sa.Column('associate_id', sa.UUID(), nullable=False),
    sa.Column('status', sa.Enum('allocated', 'completed', 'cancelled', name='ehe_visit_status'), nullable=False),
    sa.Column('financial_year', sa.Integer(), nullable=False),
    sa.Column('allocated_on', sa.Date(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('visit_fee', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('mileage_rate', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('estimated_miles', sa.Numeric(precision=6, scale=1), nullable=False),
    sa.Column('estimated_cost', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=True),
    sa.Column('actual_miles', sa.Numeric(precision=6, scale=1), nullable=True),
    sa.Column('actual_cost', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('outcome', postgresql.ENUM('suitable', 'more_information', 'concern', name='ehe_check_in_outcome',
                                         create_type=False), nullable=True),
    sa.Column('report_notes', sa.Text(), nullable=False),
    sa.Column('check_in_id', sa.UUID(), nullable=True),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=False),
    sa.Column('allocated_by_id', sa.UUID(), nullable=True),
    sa.Column('recorded_by_id', sa.UUID(), nullable=True),
    sa.Column('cancelled_by_id', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['allocated_by_id'], ['users.id'], name=op.f('fk_ehe_associate_visits_allocated_by_id_users')),
    sa.ForeignKeyConstraint(['associate_id'], ['ehe_associates.id'], name=op.f('fk_ehe_associate_visits_associate_id_ehe_associates')),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['users.id'], name=op.f('fk_ehe_associate_visits_cancelled_by_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_ehe_associate_visits_case_id_cases')),
    sa.ForeignKeyConstraint(['check_in_id'], ['ehe_check_ins.id'], name=op.f('fk_ehe_associate_visits_check_in_id_ehe_check_ins')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_ehe_associate_visits_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ehe_associate_visits'))
    )
    op.create_index(op.f('ix_ehe_associate_visits_associate_id'), 'ehe_associate_visits', ['associate_id'], unique=False)
    op.create_index(op.f('ix_ehe_associate_visits_case_id'), 'ehe_associate_visits', ['case_id'], unique=False)
    op.create_index(op.f('ix_ehe_associate_visits_financial_year'), 'ehe_associate_visits', ['financial_year'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_ehe_associate_visits_financial_year'), table_name='ehe_associate_visits')
    op.drop_index(op.f('ix_ehe_associate_visits_case_id'), table_name='ehe_associate_visits')
    op.drop_index(op.f('ix_ehe_associate_visits_associate_id'), table_name='ehe_associate_visits')
    op.drop_table('ehe_associate_visits')
    op.drop_table('ehe_budgets')
    op.drop_table('ehe_associates')
    op.execute('DROP TYPE ehe_visit_status')
