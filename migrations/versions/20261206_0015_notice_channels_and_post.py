"""Notices reach every family: family contacts, delivery channels, and the print queue.

- `family_contacts`: the people the council writes to about a child, with or without an account
  (name, email, postal address, "prefers letters by post"), filled with the parent each school
  request already sent named;
- `print_batches`: letters printed together, with the day they are dated and posted;
- `notices`: the channel (email or post), the postal address, the contact it was addressed
  from, the print batch, the posting date and the day of the decision (`decided_on`, filled
  from `issued_on` for the letters already sent).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 03:40:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'family_contacts',
        sa.Column('id', sa.UUID(), nullable=False),
        sa.Column('child_id', sa.UUID(), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('address_line_1', sa.String(length=200), nullable=False),
        sa.Column('address_line_2', sa.String(length=200), nullable=False),
        sa.Column('town', sa.String(length=100), nullable=False),
        sa.Column('postcode', sa.String(length=10), nullable=False),
        sa.Column('prefers_post', sa.Boolean(), nullable=False),
        sa.Column('source', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['child_id'], ['children.id']),
        sa.ForeignKeyConstraint(['user_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_family_contacts_child_id'), 'family_contacts', ['child_id'], unique=False)
    # The parent a school named on a request already sent becomes a contact of the child, so the
    # letters of cases opened before this change reach them too (by email: no address was asked).
    op.execute("""
        INSERT INTO family_contacts (id, child_id, user_id, name, email, address_line_1, address_line_2, town,
                                     postcode, prefers_post, source, created_at, updated_at)
        SELECT DISTINCT ON (c.child_id, lower(d.answers->'you'->'fields'->>'parent_email'))
               gen_random_uuid(), c.child_id, NULL,
               left(coalesce(nullif(d.answers->'you'->'fields'->>'parent_name', ''), 'Parent or carer'), 200),
               left(d.answers->'you'->'fields'->>'parent_email', 254), '', '', '', '', false, 'school_request',
               coalesce(d.submitted_at, now()), now()
        FROM request_drafts d
        JOIN users u ON u.id = d.owner_id
        JOIN cases c ON c.id = d.case_id
        WHERE d.status = 'submitted' AND u.role = 'school_staff'
          AND coalesce(d.answers->'you'->'fields'->>'parent_email', '') <> ''
        ORDER BY c.child_id, lower(d.answers->'you'->'fields'->>'parent_email'), d.submitted_at
    """)
    op.create_table(
        'print_batches',
        sa.Column('id', sa.UUID(), nullable=False),
        sa.Column('letter_date', sa.Date(), nullable=False),
        sa.Column('created_by_id', sa.UUID(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('posted_on', sa.Date(), nullable=True),
        sa.Column('posted_by_id', sa.UUID(), nullable=True),
        sa.Column('posted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['posted_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    channel = postgresql.ENUM('email', 'post', name='notice_channel')
    channel.create(op.get_bind())
    op.add_column('notices', sa.Column('channel', postgresql.ENUM('email', 'post', name='notice_channel',
                                                                   create_type=False),
                                       nullable=False, server_default='email'))
    op.add_column('notices', sa.Column('recipient_address', sa.Text(), nullable=False, server_default=''))
    op.add_column('notices', sa.Column('family_contact_id', sa.UUID(), nullable=True))
    op.add_column('notices', sa.Column('print_batch_id', sa.UUID(), nullable=True))
    op.add_column('notices', sa.Column('posted_on', sa.Date(), nullable=True))
    op.add_column('notices', sa.Column('decided_on', sa.Date(), nullable=True))
    op.execute("UPDATE notices SET decided_on = issued_on")
    op.alter_column('notices', 'decided_on', nullable=False)
    op.create_foreign_key('notices_family_contact_id_fkey', 'notices', 'family_contacts',
                          ['family_contact_id'], ['id'])
    op.create_foreign_key('notices_print_batch_id_fkey', 'notices', 'print_batches', ['print_batch_id'], ['id'])
    op.create_index(op.f('ix_notices_print_batch_id'), 'notices', ['print_batch_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_notices_print_batch_id'), table_name='notices')
    op.drop_constraint('notices_print_batch_id_fkey', 'notices', type_='foreignkey')
    op.drop_constraint('notices_family_contact_id_fkey', 'notices', type_='foreignkey')
    for column in ('decided_on', 'posted_on', 'print_batch_id', 'family_contact_id', 'recipient_address',
                   'channel'):
        op.drop_column('notices', column)
    postgresql.ENUM(name='notice_channel').drop(op.get_bind())
    op.drop_table('print_batches')
    op.drop_index(op.f('ix_family_contacts_child_id'), table_name='family_contacts')
    op.drop_table('family_contacts')
