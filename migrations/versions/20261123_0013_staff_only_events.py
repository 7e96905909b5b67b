"""Staff-only chronology events: kept off every portal view and export (safeguarding concerns).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23 19:50:00
"""

from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A constant default: PostgreSQL 11+ adds it without rewriting the (millions of) rows, and the
    # append-only trigger on events is not fired.
    op.add_column('events', sa.Column('staff_only', sa.Boolean(), server_default=sa.text('false'), nullable=False))


def downgrade() -> None:
    op.drop_column('events', 'staff_only')
