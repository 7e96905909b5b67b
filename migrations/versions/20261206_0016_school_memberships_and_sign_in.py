"""School staff memberships approved by the council or a school lead; used security codes (placeholder).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 03:40:00
"""

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
