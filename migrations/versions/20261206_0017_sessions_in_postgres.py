"""Server-side web sessions in PostgreSQL, so signed-in work carries on while Redis is down.

One row per browser session: the SHA-256 of the cookie's random id, the session's data, the
user it belongs to (deleted with the user), and when it was created, last seen and must end.
Redis keeps only the job queues (docs/decisions/0007-sessions-in-postgresql.md).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 03:40:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'web_sessions',
        sa.Column('id_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=True),
        sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_web_sessions_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_web_sessions')),
    )
    op.create_index(op.f('ix_web_sessions_user_id'), 'web_sessions', ['user_id'])
    op.create_index(op.f('ix_web_sessions_last_seen_at'), 'web_sessions', ['last_seen_at'])
    op.create_index(op.f('ix_web_sessions_expires_at'), 'web_sessions', ['expires_at'])


def downgrade() -> None:
    op.drop_table('web_sessions')
