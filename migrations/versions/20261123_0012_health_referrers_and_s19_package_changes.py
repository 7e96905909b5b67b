"""Health professional accounts and Section 19 package changes.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 19:15:00
"""

from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A value added to an existing enum cannot be used in the same transaction before it commits.
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE role ADD VALUE IF NOT EXISTS 'health_professional'")
    for table, name, length in (('users', 'organisation', 200), ('users', 'job_title', 200),
                                ('s19_referrals', 'referrer_organisation', 200)):
        op.add_column(table, sa.Column(name, sa.String(length=length), nullable=False, server_default=''))
        op.alter_column(table, name, server_default=None)
    op.add_column('s19_packages', sa.Column('replaces_id', sa.UUID(), nullable=True))
    op.add_column('s19_packages', sa.Column('change_reason', sa.Text(), nullable=False, server_default=''))
    op.add_column('s19_packages', sa.Column('ends_on', sa.Date(), nullable=True))
    op.add_column('s19_packages', sa.Column('end_reason', sa.Text(), nullable=False, server_default=''))
    for name in ('change_reason', 'end_reason'):
        op.alter_column('s19_packages', name, server_default=None)
    op.create_foreign_key(op.f('fk_s19_packages_replaces_id_s19_packages'), 's19_packages', 's19_packages',
                          ['replaces_id'], ['id'])


def downgrade() -> None:
    op.drop_constraint(op.f('fk_s19_packages_replaces_id_s19_packages'), 's19_packages', type_='foreignkey')
    for name in ('end_reason', 'ends_on', 'change_reason', 'replaces_id'):
        op.drop_column('s19_packages', name)
    op.drop_column('s19_referrals', 'referrer_organisation')
    op.drop_column('users', 'job_title')
    op.drop_column('users', 'organisation')
    # PostgreSQL cannot drop a value from an enum type, and rebuilding the type would fail on any
    # health professional's account: the unused value 'health_professional' stays in the type.
