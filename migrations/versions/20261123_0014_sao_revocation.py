"""School attendance orders amended (EA 1996 s.440) and revoked (s.442).

The parent's application to revoke an order (when it arrived and what the parent says about the
education arranged otherwise than at school), a refusal with its reasons, the revocation (on the
application or on the council's own initiative) and the amendment of the school named.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-23 20:10:00
"""

from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

DATES = ('sao_amended_on', 'sao_revocation_requested_on', 'sao_revocation_refused_on', 'sao_revoked_on')
TEXTS = ('sao_revocation_request', 'sao_revocation_refusal_reasons', 'sao_revocation_reasons')


def upgrade() -> None:
    # Nullable dates and constant defaults: PostgreSQL 11+ adds them without rewriting the table.
    for column in DATES:
        op.add_column('ehe_notifications', sa.Column(column, sa.Date(), nullable=True))
    for column in TEXTS:
        op.add_column('ehe_notifications', sa.Column(column, sa.Text(), nullable=False, server_default=''))
    op.add_column('ehe_notifications', sa.Column('sao_previous_school_name', sa.String(length=200), nullable=False,
                                                 server_default=''))
    op.add_column('ehe_notifications', sa.Column('sao_revoked_on_request', sa.Boolean(), nullable=False,
                                                 server_default=sa.false()))


def downgrade() -> None:
    for column in ('sao_revoked_on_request', 'sao_previous_school_name', *TEXTS, *DATES):
        op.drop_column('ehe_notifications', column)
